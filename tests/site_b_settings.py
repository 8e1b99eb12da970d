"""Settings of site B, the second Leerkring of the two-site federation tests
(tests/two_sites.py): the test settings, with its own address, database and state.

The harness passes B's address and directory in the environment, and its database as
``DATABASE_URL`` (read by the base settings). B's server and B's shell are two processes:
what they keep besides the database (the cache, mail) lives in files, so both see it.
"""

import os
from pathlib import Path

from cop_site.settings.test import *  # noqa: F403

SITE_B_DIR = Path(os.environ["LEERKRING_SITE_B_DIR"])

DEBUG = False
WAGTAILADMIN_BASE_URL = os.environ["LEERKRING_SITE_B_URL"].rstrip("/")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Site A is a live server on 127.0.0.1, which the address rules refuse by default.
LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.0/8"]
# Rate limits, replay marks and Wagtail's site root paths sit in the cache: one for both
# of B's processes, so what the shell changes the server sees at once.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(SITE_B_DIR / "cache"),
    }
}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
LEERKRING_EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
EMAIL_FILE_PATH = str(SITE_B_DIR / "mail")
MEDIA_ROOT = SITE_B_DIR / "media"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
