"""The RSA key pair a network signs its activities with, made by ``cryptography``.

2048 bits, as Mastodon's own; about a tenth of a second to make, so a key is made only
when an actor is first served, never when a network page is.
"""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_SIZE = 2048


def generate():
    """``(private_pem, public_pem)``: PKCS#8 without encryption, and SubjectPublicKeyInfo."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
    return private_pem, public_pem
