"""Settings shared by every environment; the environment fills in what differs."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    "cop_site",
    "leerkring",
    "practices",
    "leerkring.search",
    # This site's own search app, as every `wagtail start` site has one: it lives beside
    # Leerkring's search without a clash of labels, templates or URL names.
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail_modeladmin",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "leerkring.accounts",  # before allauth: its account pages in Leerkring's style
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    # Replies are django-comments-xtd comments; xtd must come before django_comments.
    "django_comments_xtd",
    "django_comments",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "leerkring.middleware.SecurityHeaders",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "leerkring.middleware.OneLoginDoor",
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

ROOT_URLCONF = "cop_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cop_site.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "cop_site.wsgi.application"

# PostgreSQL when DATABASE_URL is set, an SQLite file next to manage.py otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks; taking the write lock when a transaction begins serialises
    # the count-then-insert that keeps a circle within its member cap.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = [("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "cop_site" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content-Security-Policy (django-csp, through leerkring.middleware.SecurityHeaders): the
# site's pages load scripts, styles, images and fonts from this site only and run no inline
# script; the Wagtail admin also gets inline scripts and styles, which it needs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],  # Wagtail's preview shows pages in a frame of the admin
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
# A stale form shows what was typed and keeps it for the form, instead of Django's bare 403.
CSRF_FAILURE_VIEW = "leerkring.views.errors.csrf_failure"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "leerkring",
        # Rendered replies are kept here; Django's default of 300 entries would push out
        # the rest (Wagtail's site root paths among them) on the first long thread.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Background work (leerkring.tasks): run at once in the request here, for the demo and the
# tests; production puts it in a database queue for `manage.py leerkring_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Email: every message, ours and allauth's and Wagtail's, is stored in the outbox and
# delivered by a task (leerkring.outbox), so that no request waits for or fails with the mail
# server; failed deliveries are tried again and end, after LEERKRING_EMAIL_MAX_ATTEMPTS, in
# the admin's list of undelivered email. The delivery itself: SMTP when EMAIL_HOST is set,
# the console otherwise.
EMAIL_BACKEND = "leerkring.outbox.QueuedEmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    LEERKRING_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
else:
    LEERKRING_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Without a timeout a mail server that accepts the connection and then says nothing holds
# the delivery (and, with the immediate task backend, the request) for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Leerkring <noreply@leerkring.example>")

WAGTAIL_SITE_NAME = "Leerkring"
WAGTAIL_I18N_ENABLED = False
# The one public address every absolute link is made from: feeds, calendars, the sitemap,
# emails (ours, allauth's, Wagtail's workflow ones). `manage.py sync_public_url` points the
# site records at it; `check --deploy` warns when they disagree or it is this machine.
PUBLIC_URL = os.environ.get("PUBLIC_URL") or os.environ.get(
    "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000"
)
WAGTAILADMIN_BASE_URL = PUBLIC_URL.rstrip("/")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no member's email hash goes to a third party

# Search: Wagtail's database backend unless an Elasticsearch (or OpenSearch) URL is given.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    from leerkring.search.elasticsearch import index_settings

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": os.environ.get(
                "ELASTICSEARCH_BACKEND", "wagtail.search.backends.elasticsearch8"
            ),
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": os.environ.get("ELASTICSEARCH_INDEX", "leerkring"),
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": index_settings(),
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            "SEARCH_CONFIG": "dutch",
        }
    }

# Replies in threads. None of django-comments-xtd's own URLs are mounted: every endpoint that
# touches a reply is ours and checks circle membership first (see leerkring.views.threads).
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2  # levels 0, 1 and 2: a reply, a reply to it, and one more
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "who_can_post": "users",
        "allow_flagging": False,
        "allow_feedback": False,
        "show_feedback": False,
    }
}

# Accounts: django-allauth, with a confirmed email address before the first login.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
# Every login goes through allauth, the admin's too (leerkring.middleware.OneLoginDoor).
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False  # allauth's reset confirms the address first
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Failed logins lock out one address for an account, not the account for everyone.
ACCOUNT_ADAPTER = "leerkring.accounts_adapter.AccountAdapter"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Leerkring] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PUBLIC_URL.startswith("https:") else "http"
FORMS_URLFIELD_ASSUME_HTTPS = True
