"""HTTP Message Signatures (RFC 9421), verified by ``http-message-signatures``, as Mastodon
4.5 profiles them for an inbox: one signature, ``created`` given, ``@method``,
``@target-uri`` and ``Content-Digest`` covered, ``rsa-v1_5-sha256`` only.

The library does the signature base, the crypto (through ``cryptography``), the age
checks and the Content-Digest against the body. Only reading the key id before that is
ours: a blocked server's key must not be fetched at all.
"""

from dataclasses import dataclass
from datetime import timedelta

import http_sf
from http_message_signatures import (
    HTTPMessageSignaturesException,
    HTTPMessageVerifier,
    InvalidSignature,
    MappingKeyResolver,
    algorithms,
)

from .cavage import SignatureError, load_public_key

REQUIRED_COMPONENTS = ("@method", "@target-uri", "content-digest")
MAX_HEADER_LENGTH = 4096


@dataclass(frozen=True)
class Signature:
    key_id: str
    signature: bytes


@dataclass
class _Message:
    """What the library reads of a request: its method, absolute URL and header lines."""

    method: str
    url: str
    headers: dict


def _dictionary(value, name):
    if not value or len(value) > MAX_HEADER_LENGTH:
        raise SignatureError(f"no {name} header, or one too long")
    try:
        return http_sf.parse(value.encode("latin-1"), tltype="dictionary")
    except (ValueError, UnicodeError, http_sf.StructuredFieldError):
        raise SignatureError(f"the {name} header cannot be read") from None


def parse(headers):
    """The one signature of a request (``Signature-Input`` and ``Signature``)."""
    inputs = _dictionary(headers.get("Signature-Input", ""), "Signature-Input")
    signatures = _dictionary(headers.get("Signature", ""), "Signature")
    if len(inputs) != 1 or inputs.keys() != signatures.keys():
        raise SignatureError("exactly one signature is taken")
    (label,) = inputs
    _components, params = inputs[label]
    value, _params = signatures[label]
    key_id = params.get("keyid")
    if not isinstance(key_id, str) or not key_id or not isinstance(value, bytes):
        raise SignatureError("the signature has no keyid or no signature")
    return Signature(key_id=key_id, signature=value)


def verify(signature, public_key_pem, *, method, url, headers, body, max_age, max_future):
    """Raise ``SignatureError`` unless the request's signature holds for this key."""
    key = load_public_key(public_key_pem)
    verifier = HTTPMessageVerifier(
        signature_algorithm=algorithms.RSA_V1_5_SHA256,
        key_resolver=MappingKeyResolver(public_keys={signature.key_id: key}, private_keys={}),
    )
    # The library allows the same skew either way; an old signature is max_age's concern.
    verifier.max_clock_skew = timedelta(seconds=max_future)
    try:
        verifier.verify(
            _Message(method=method.upper(), url=url, headers=headers),
            max_age=timedelta(seconds=max_age),
            require_components=REQUIRED_COMPONENTS,
            body=body,
        )
    except (InvalidSignature, HTTPMessageSignaturesException) as error:
        raise SignatureError(str(error)[:200] or "the signature does not hold") from None
