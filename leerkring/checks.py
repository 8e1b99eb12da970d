"""What a host site must configure for Leerkring, told by ``manage.py check``.

Errors for what breaks, warnings for what degrades; each message says what to add. The
README's "Use in your own Wagtail site" section lists the same settings.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connections
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from .layout import CONTENT_BLOCK, HEAD_BLOCK, HOST_BASE_TEMPLATE, host_base_blocks

ALLAUTH_MIDDLEWARE = "allauth.account.middleware.AccountMiddleware"
ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
LOGIN_DOOR_MIDDLEWARE = "leerkring.middleware.OneLoginDoor"
DJANGO_DEFAULT_LOGIN_REDIRECT = "/accounts/profile/"
DJANGO_DEFAULT_FROM_EMAIL = "webmaster@localhost"
GRAVATAR = "//www.gravatar.com/avatar"  # Wagtail's default for the admin's avatars


@register(Tags.compatibility)
def check_settings(app_configs=None, **kwargs):
    problems = []
    # The one place besides conversations that names the library: it checks the setting.
    if getattr(settings, "COMMENTS_APP", None) != "django_comments_xtd":
        problems.append(
            Error(
                "Replies need django-comments-xtd as the comments app.",
                hint='Add COMMENTS_APP = "django_comments_xtd" to your settings.',
                id="leerkring.E001",
            )
        )
    if getattr(settings, "SITE_ID", None) is None:
        problems.append(
            Error(
                "SITE_ID is not set; the comments apps need django.contrib.sites.",
                hint="Add SITE_ID = 1 to your settings.",
                id="leerkring.E002",
            )
        )
    if ALLAUTH_MIDDLEWARE not in settings.MIDDLEWARE:
        problems.append(
            Error(
                "django-allauth's middleware is missing: logging in on the site fails.",
                hint=f'Add "{ALLAUTH_MIDDLEWARE}" to MIDDLEWARE.',
                id="leerkring.E003",
            )
        )
    if ALLAUTH_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        problems.append(
            Error(
                "django-allauth's authentication backend is missing: people cannot log in "
                "with their email address, and invitations need confirmed addresses.",
                hint=f'Add "{ALLAUTH_BACKEND}" to AUTHENTICATION_BACKENDS.',
                id="leerkring.E004",
            )
        )
    if LOGIN_DOOR_MIDDLEWARE not in settings.MIDDLEWARE:
        problems.append(
            Warning(
                "The Wagtail admin's own login page checks passwords without allauth's limit "
                "on failed attempts and without a confirmed email address.",
                hint=f'Add "{LOGIN_DOOR_MIDDLEWARE}" to MIDDLEWARE and set '
                "WAGTAILADMIN_LOGIN_URL = LOGIN_URL.",
                id="leerkring.W006",
            )
        )
    if settings.LOGIN_REDIRECT_URL == DJANGO_DEFAULT_LOGIN_REDIRECT:
        problems.append(
            Warning(
                "After logging in, people are sent to /accounts/profile/, which does not exist.",
                hint='Set LOGIN_REDIRECT_URL = "/" (or another page of your site).',
                id="leerkring.W001",
            )
        )
    if settings.TIME_ZONE in ("UTC", "Etc/UTC", None) or not settings.USE_TZ:
        problems.append(
            Warning(
                "Meeting times are entered and exported in TIME_ZONE; with UTC a meeting at "
                "19:30 shows an hour or two off in Dutch calendars.",
                hint='Set TIME_ZONE = "Europe/Amsterdam" and USE_TZ = True.',
                id="leerkring.W002",
            )
        )
    if settings.DEFAULT_FROM_EMAIL == DJANGO_DEFAULT_FROM_EMAIL:
        problems.append(
            Warning(
                "Invitations, decisions and digests would be sent from webmaster@localhost, "
                "which mail servers reject or file as spam.",
                hint='Set DEFAULT_FROM_EMAIL = "Leerkring <noreply@your-domain.nl>".',
                id="leerkring.W005",
            )
        )
    if getattr(settings, "WAGTAIL_GRAVATAR_PROVIDER_URL", GRAVATAR) is not None:
        problems.append(
            Warning(
                "The Wagtail admin shows each account's picture from Gravatar: every "
                "coordinator's browser sends a hash of people's email addresses to a third "
                "party. Leerkring's own pages show initials instead.",
                hint="Add WAGTAIL_GRAVATAR_PROVIDER_URL = None to your settings.",
                id="leerkring.W010",
            )
        )
    problems.extend(_check_sqlite())
    return problems


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """With ``check --deploy``: rate limits need a cache that every worker shares."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not backend.endswith(("LocMemCache", "DummyCache")):
        return []
    return [
        Warning(
            "The default cache lives in each worker process, so the limits on logins, "
            "replies and invitations count per process: four workers allow four times "
            "as many attempts.",
            hint="Use a shared cache: django.core.cache.backends.db.DatabaseCache (run "
            "createcachetable) or django.core.cache.backends.redis.RedisCache.",
            id="leerkring.W007",
        )
    ]


@register(Tags.sites, deploy=True)
def check_public_url(app_configs=None, databases=None, **kwargs):
    """With ``check --deploy``: the one public address is real and the site records agree
    with it, or feeds, calendars and emails link to the wrong place."""
    from .public import problems

    return [
        Warning(
            f"Links in feeds, calendars and emails would be wrong: {problem}.",
            hint="Set WAGTAILADMIN_BASE_URL (PUBLIC_URL in this project's environment) to "
            "the address people use, e.g. https://leerkring.example.nl, and run "
            "`manage.py sync_public_url`.",
            id="leerkring.W008",
        )
        for problem in problems()
    ]


@register(Tags.compatibility, deploy=True)
def check_background_mail(app_configs=None, **kwargs):
    """With ``check --deploy``: queued mail needs a queue that a worker runs, or every
    request that sends an email waits for the mail server after all."""
    if settings.EMAIL_BACKEND != "leerkring.outbox.QueuedEmailBackend":
        return []
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "")
    if not backend.endswith(("ImmediateBackend", "DummyBackend")):
        return []
    return [
        Warning(
            "Email is queued in the outbox, but the task backend runs its delivery inside "
            "the request (or never): a slow mail server slows every reply.",
            hint='Set TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}} '
            "and run `manage.py leerkring_worker` beside the web server.",
            id="leerkring.W009",
        )
    ]


def _check_sqlite():
    database = connections.databases.get("default", {})
    if not database.get("ENGINE", "").endswith("sqlite3"):
        return []
    if database.get("OPTIONS", {}).get("transaction_mode") == "IMMEDIATE":
        return []
    return [
        Warning(
            "On SQLite, people accepting the last places of a circle at once get "
            "'database is locked' errors.",
            hint='Add "OPTIONS": {"transaction_mode": "IMMEDIATE"} to the SQLite database '
            "(or use PostgreSQL).",
            id="leerkring.W003",
        )
    ]


@register(Tags.urls)
def check_urls(app_configs=None, **kwargs):
    """Leerkring's URLs must be mounted, and before Wagtail's catch-all."""
    try:
        profile = reverse("leerkring:profile")
    except NoReverseMatch:
        return [
            Error(
                "Leerkring's URLs are not mounted.",
                hint='Add path("", include("leerkring.urls")) to your urlpatterns, before '
                'path("", include(wagtail_urls)).',
                id="leerkring.E005",
            )
        ]
    try:
        match = resolve(profile)
    except Resolver404:
        match = None
    if match is None or match.namespace != "leerkring":
        return [
            Error(
                "Leerkring's URLs come after Wagtail's catch-all, which answers them first.",
                hint='Put path("", include("leerkring.urls")) before '
                'path("", include(wagtail_urls)) in your urlpatterns.',
                id="leerkring.E006",
            )
        ]
    if reverse("leerkring:webfinger") != WEBFINGER_PATH:
        return [
            Warning(
                f"Leerkring's URLs are not mounted at the root, so WebFinger is not at "
                f"{WEBFINGER_PATH}: other servers cannot find the networks by name.",
                hint='Mount them as path("", include("leerkring.urls")).',
                id="leerkring.W011",
            )
        ]
    return []


WEBFINGER_PATH = "/.well-known/webfinger"  # RFC 7033: at the root of the host, nowhere else


@register(Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    """The blocks of the host's base.html that Leerkring's pages fill (see leerkring.layout)."""
    blocks = host_base_blocks()
    if blocks is None:
        return [
            Error(
                f"Leerkring's pages extend {HOST_BASE_TEMPLATE}, which cannot be loaded.",
                hint=f"Give your site a {HOST_BASE_TEMPLATE} template (a `wagtail start` "
                "site has one).",
                id="leerkring.E007",
            )
        ]
    problems = []
    if CONTENT_BLOCK not in blocks:
        problems.append(
            Error(
                f"Your {HOST_BASE_TEMPLATE} has no {{% block {CONTENT_BLOCK} %}}: Leerkring's "
                "pages would be empty.",
                hint=f"Add {{% block {CONTENT_BLOCK} %}}{{% endblock %}} inside <body>.",
                id="leerkring.E008",
            )
        )
    if HEAD_BLOCK not in blocks:
        problems.append(
            Warning(
                f"Your {HOST_BASE_TEMPLATE} has no {{% block {HEAD_BLOCK} %}} in its head: feed "
                "autodiscovery and the robots meta tag are left out (the stylesheets then load "
                "inside the content).",
                hint=f"Add {{% block {HEAD_BLOCK} %}}{{% endblock %}} inside <head>.",
                id="leerkring.W004",
            )
        )
    return problems
