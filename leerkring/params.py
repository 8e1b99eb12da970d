"""Reading numbers and words from query strings and forms that anyone can type into.

A URL parameter reaches a view as it was typed: "²" passes ``str.isdigit`` but not
``int``; an id of thirty digits passes ``int`` but not SQLite; a NUL character passes
Python but not PostgreSQL. These helpers turn what cannot be meant into None or "", so a
view answers as it does for a missing value instead of with a 500.
"""

from django.urls import register_converter

# The largest id both databases store (a signed 64-bit integer); ids are far below it.
LARGEST_ID = 2**63 - 1


def positive_int(value, maximum=LARGEST_ID):
    """The number written in ASCII digits, if it lies in 1..maximum; otherwise None."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        return None
    if len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if 1 <= number <= maximum else None


def plain_text(value, max_length):
    """The text without NUL characters (PostgreSQL refuses them), cut to max_length."""
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "")[:max_length]


class IdConverter:
    """A path converter for record ids: digits that fit the database, or no match (404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


# Routes of the apps name it <lk_id:...>; registered where it is defined, so that importing
# this module is all a URL module needs.
register_converter(IdConverter, "lk_id")
