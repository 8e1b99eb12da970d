"""The test suite: fast hashing, emails kept in memory, no manifest for static files."""

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# For the tests that put the outbox in front (tests/test_outbox.py): delivered into memory.
LEERKRING_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
