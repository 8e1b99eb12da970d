"""The signature of a request to an inbox, whichever of the two schemes it uses.

``Signature-Input`` present means RFC 9421 (``rfc9421``, through ``http-message-signatures``);
otherwise draft-cavage (``cavage``, our framing over ``cryptography``), which every Mastodon
sends. ``parse`` reads the key id without checking anything, so that a blocked server's
key is never fetched; ``check`` does the rest against the signer's public key.

For cavage the policy is ours: ``(request-target)``, ``host``, ``date`` and ``digest`` must
be signed, the Date must lie within the window and the Digest must be the body's. For RFC
9421 the library checks the same with ``created`` and ``Content-Digest``. Either way the
host and address are the public ones (``leerkring.public``), never the Host header as it
arrived, so a signature made for another server's inbox does not hold here.
"""

from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.utils import timezone

from ..conf import leerkring_settings
from ..public import absolute_url, base_url
from . import cavage, rfc9421
from .cavage import SignatureError

__all__ = ["SignatureError", "check", "parse"]

REQUIRED_HEADERS = cavage.POST_HEADERS


def parse(request):
    """The request's signature (a ``cavage.Signature`` or ``rfc9421.Signature``)."""
    if "Signature-Input" in request.headers:
        return rfc9421.parse(request.headers)
    value = request.headers.get("Signature") or request.headers.get("Authorization") or ""
    return cavage.parse(value)


def _check_date(value):
    try:
        sent = parsedate_to_datetime(value or "")
    except (TypeError, ValueError, IndexError):
        sent = None
    if sent is None or sent.tzinfo is None:
        raise SignatureError("the Date header cannot be read")
    now = timezone.now()
    too_old = now - timedelta(seconds=leerkring_settings.FEDERATION_SIGNATURE_MAX_AGE_SECONDS)
    too_new = now + timedelta(seconds=leerkring_settings.FEDERATION_SIGNATURE_MAX_FUTURE_SECONDS)
    if not too_old <= sent <= too_new:
        raise SignatureError("the Date is outside the accepted window")


def check_framing(request, signature, body):
    """What can be refused before the key is looked up: for cavage, the signed headers,
    the Date and the Digest. (RFC 9421's are checked with the signature, by the library.)"""
    if not isinstance(signature, cavage.Signature):
        return
    missing = [name for name in REQUIRED_HEADERS if name not in signature.headers]
    if missing:
        raise SignatureError(f"the signature must cover {', '.join(missing)}")
    _check_date(request.headers.get("Date"))
    if not cavage.digest_matches(request.headers.get("Digest"), body):
        raise SignatureError("the Digest is not the body's")


def check(request, signature, body, public_key_pem):
    """Raise ``SignatureError`` unless the signature holds for this key."""
    if isinstance(signature, rfc9421.Signature):
        rfc9421.verify(
            signature,
            public_key_pem,
            method=request.method,
            url=absolute_url(request.get_full_path()),
            headers=dict(request.headers.items()),
            body=body,
            max_age=leerkring_settings.FEDERATION_SIGNATURE_MAX_AGE_SECONDS,
            max_future=leerkring_settings.FEDERATION_SIGNATURE_MAX_FUTURE_SECONDS,
        )
        return
    headers = {name.lower(): value for name, value in request.headers.items()}
    headers["host"] = urlsplit(base_url()).netloc.lower()
    cavage.verify(
        signature,
        public_key_pem,
        method=request.method,
        path=request.get_full_path(),
        headers=headers,
    )
