"""HTTP signatures as draft-cavage-http-signatures-12 has them, and Mastodon uses them.

Only the framing is ours: parsing the ``Signature`` header, building the signing string,
the ``Digest`` header. Every cryptographic operation is one call into ``cryptography``
(RSA PKCS#1 v1.5 with SHA-256), so nothing of the crypto is written here. No library on
PyPI does this without a framework or an abandoned crypto stack around it
(docs/architecture.md, "Federation"); and the checks that matter (which headers must be
signed, the date, the digest) would be ours with any of them.

``rsa-sha256`` and ``hs2019`` are taken, both with an RSA key; a missing ``algorithm``
means the key decides, and ours are RSA. Any other algorithm is refused.
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.request import parse_http_list, parse_keqv_list

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils import timezone

ALGORITHMS = ("rsa-sha256", "hs2019")
# What Mastodon signs on a POST; a GET (a key fetch) signs the first three.
POST_HEADERS = ("(request-target)", "host", "date", "digest")
GET_HEADERS = ("(request-target)", "host", "date")
MAX_HEADER_LENGTH = 4096
MAX_SIGNED_HEADERS = 20


class SignatureError(Exception):
    """The signature cannot be taken; the message says why, for the log and the answer."""


@dataclass(frozen=True)
class Signature:
    key_id: str
    algorithm: str
    headers: tuple
    signature: bytes
    created: str = ""
    expires: str = ""


def parse(value):
    """The ``Signature`` header (or ``Authorization: Signature …``) as a ``Signature``."""
    if not value or len(value) > MAX_HEADER_LENGTH:
        raise SignatureError("no signature header, or one too long")
    if value[:10].lower() == "signature ":
        value = value[10:]
    try:
        params = parse_keqv_list([part.strip() for part in parse_http_list(value)])
    except ValueError:
        raise SignatureError("the signature header cannot be read") from None
    params = {name.strip().lower(): item for name, item in params.items()}
    key_id, encoded = params.get("keyid", ""), params.get("signature", "")
    if not key_id or not encoded:
        raise SignatureError("the signature has no keyId or no signature")
    algorithm = params.get("algorithm", "hs2019").lower()
    if algorithm not in ALGORITHMS:
        raise SignatureError(f"unsupported algorithm {algorithm[:40]}")
    # The draft's default is "(created)"; Mastodon's older default "date" is never enough
    # for us anyway, since the signed headers are checked afterwards.
    headers = tuple(params.get("headers", "(created)").lower().split())
    if not headers or len(headers) > MAX_SIGNED_HEADERS:
        raise SignatureError("the signature names no headers, or too many")
    try:
        signature = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("the signature is not base64") from None
    return Signature(
        key_id=key_id,
        algorithm=algorithm,
        headers=headers,
        signature=signature,
        created=params.get("created", ""),
        expires=params.get("expires", ""),
    )


def signing_string(names, *, method, path, headers, created="", expires=""):
    """The lines the signature covers, in the order of ``names``.

    ``headers`` maps lower-case header names to their values; ``path`` is the path with
    its query, as sent. A header named but absent is an error, not an empty line.
    """
    lines = []
    for name in names:
        if name == "(request-target)":
            value = f"{method.lower()} {path}"
        elif name in ("(created)", "(expires)"):
            value = created if name == "(created)" else expires
            if not value.isdigit():
                raise SignatureError(f"{name} is signed but not given")
        else:
            value = headers.get(name)
            if value is None:
                raise SignatureError(f"the signed header {name[:40]} is missing")
            value = value.strip()
        lines.append(f"{name}: {value}")
    return "\n".join(lines).encode("utf-8")


def digest(body):
    """The ``Digest`` header for a body (RFC 3230): ``SHA-256=<base64>``."""
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def digest_matches(header, body):
    """Whether a ``Digest`` header holds this body's SHA-256 among its values."""
    wanted = digest(body)[len("SHA-256=") :]
    for part in (header or "").split(","):
        name, _eq, value = part.strip().partition("=")
        if name.strip().lower() == "sha-256" and value.strip() == wanted:
            return True
    return False


def load_public_key(pem):
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError):
        raise SignatureError("the actor's public key cannot be read") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("the actor's key is not an RSA key")
    return key


def verify(signature, public_key_pem, *, method, path, headers):
    """Raise ``SignatureError`` unless ``signature`` is right for this request and key."""
    data = signing_string(
        signature.headers,
        method=method,
        path=path,
        headers=headers,
        created=signature.created,
        expires=signature.expires,
    )
    key = load_public_key(public_key_pem)
    try:
        key.verify(signature.signature, data, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise SignatureError("the signature does not match") from None


def sign(private_key_pem, key_id, *, method, path, host, body=None, date=None):
    """The headers to send with a request, signed as Mastodon signs its own: ``Host``,
    ``Date``, for a body ``Digest``, and ``Signature``."""
    key = serialization.load_pem_private_key(private_key_pem.encode("ascii"), password=None)
    headers = {"host": host, "date": format_datetime(date or timezone.now(), usegmt=True)}
    names = GET_HEADERS
    if body is not None:
        headers["digest"] = digest(body)
        names = POST_HEADERS
    data = signing_string(names, method=method, path=path, headers=headers)
    value = base64.b64encode(key.sign(data, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")
    signed = {name.title(): item for name, item in headers.items()}
    signed["Signature"] = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",signature="{value}"'
    )
    return signed
