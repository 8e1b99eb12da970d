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

# Uploaded images and documents: files under MEDIA_ROOT, which several web machines must
# then share (one network disk); or S3-compatible object storage (pip install
# "leerkring[s3]") when MEDIA_S3_BUCKET is set. django-storages reads the credentials from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment itself.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    _media_options = {
        "bucket_name": MEDIA_S3_BUCKET,
        "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MEDIA_S3_REGION") or None,
        "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
        "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
        # Members' uploads are not for the world to list; links are signed unless a
        # public domain in front of the bucket serves them.
        "default_acl": None,
        "querystring_auth": not os.environ.get("MEDIA_S3_CUSTOM_DOMAIN"),
        "file_overwrite": False,
    }
    _media = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _media_options}
else:
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the site add themselves to X-Forwarded-For; rate limits then
# count the client's own address. 0 (direct connections) ignores the header, which anyone
# could forge.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# One cache for every worker process, so that rate limits (logins, replies, invitations,
# reports) count across all of them: Redis when CACHE_URL says so, else a table in the
# database (create it once with `manage.py createcachetable`).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "leerkring_cache",
            # Rendered replies live here too: room for a large site's worth of them.
            "OPTIONS": {"MAX_ENTRIES": 500_000, "CULL_FREQUENCY": 10},
        }
    }
# Mail, digests and harvesting wait in the database for `manage.py leerkring_worker`, so that
# no request waits for an SMTP server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview view allows its own frame
CSRF_TRUSTED_ORIGINS = [WAGTAILADMIN_BASE_URL]  # noqa: F405


# HTTPS only, as the public address says (PUBLIC_URL). Behind a proxy that ends TLS,
# SECURE_PROXY_SSL_HEADER above tells Django the request was secure. HSTS tells browsers to
# use HTTPS for a year; set SECURE_HSTS_SECONDS=0 while trying HTTPS out, and
# SECURE_HSTS_INCLUDE_SUBDOMAINS=false when other sites of the domain cannot do HTTPS yet.
# A plain-http address (`make serve` on this machine) turns the HTTPS rules off, and
# `check --deploy` then says so.
def _on(name, default="true"):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


_HTTPS = WAGTAILADMIN_BASE_URL.startswith("https://")  # noqa: F405
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _on("SECURE_SSL_REDIRECT", "true" if _HTTPS else "false")
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if _HTTPS else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _on("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _on("SECURE_HSTS_PRELOAD")

# Uploaded files served by Django itself: only for one machine without a web server in
# front (`make serve`); otherwise the web server or the object store serves /media/.
LEERKRING_SERVE_MEDIA = _on("SERVE_MEDIA", "false")
