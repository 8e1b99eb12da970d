"""Production: everything from the environment; refuses to start on the development key."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "Set SECRET_KEY in the environment to a random value of at least 32 characters."
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in the environment (comma separated).")

# WhiteNoise serves the hashed static files straight after the security middleware.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview view allows its own frame


# HTTPS only. Behind a proxy that ends TLS, SECURE_PROXY_SSL_HEADER above tells Django the
# request was secure. HSTS tells browsers to use HTTPS for a year; set SECURE_HSTS_SECONDS=0
# while trying HTTPS out, and SECURE_HSTS_INCLUDE_SUBDOMAINS=false when other sites of the
# domain cannot do HTTPS yet.
def _on(name, default="true"):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


SECURE_SSL_REDIRECT = _on("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _on("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _on("SECURE_HSTS_PRELOAD")
