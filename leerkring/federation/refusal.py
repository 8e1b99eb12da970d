"""The answer an inbox gives when it does not take an activity."""

from dataclasses import dataclass


@dataclass
class Refusal(Exception):
    status: int
    message: str
    retry_after: int = 0
