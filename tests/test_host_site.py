"""What the apps do to a host site that already exists: they leave its own records alone."""

import importlib

import pytest
from django.apps import apps
from django.contrib.sites.models import Site

name_the_site = importlib.import_module("leerkring.migrations.0004_site_name").name_the_site

pytestmark = pytest.mark.django_db


def test_migration_keeps_a_host_sites_own_site_record(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://leerkring.example"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="www.gemeente.example", name="Gemeente")

    name_the_site(apps, None)

    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("www.gemeente.example", "Gemeente")


def test_migration_names_django_s_placeholder_site(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://leerkring.example"
    settings.WAGTAIL_SITE_NAME = "Leerkring Gelderland"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")

    name_the_site(apps, None)

    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("leerkring.example", "Leerkring Gelderland")


# --- manage.py check tells a host what to add ---------------------------------------------


def _ids(problems):
    return {problem.id for problem in problems}


def test_this_site_passes_every_check():
    from leerkring.checks import check_settings, check_urls

    assert check_settings() == []
    assert check_urls() == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"COMMENTS_APP": "django_comments"}, "leerkring.E001"),
        ({"SITE_ID": None}, "leerkring.E002"),
        (
            {"MIDDLEWARE": ["django.contrib.sessions.middleware.SessionMiddleware"]},
            "leerkring.E003",
        ),
        (
            {"AUTHENTICATION_BACKENDS": ["django.contrib.auth.backends.ModelBackend"]},
            "leerkring.E004",
        ),
        ({"LOGIN_REDIRECT_URL": "/accounts/profile/"}, "leerkring.W001"),
        ({"TIME_ZONE": "UTC"}, "leerkring.W002"),
    ],
)
def test_a_missing_setting_is_named_with_what_to_add(settings, change, expected):
    from leerkring.checks import check_settings

    for name, value in change.items():
        setattr(settings, name, value)

    problems = [p for p in check_settings() if p.id == expected]

    assert len(problems) == 1
    assert problems[0].hint  # says what to add


def test_sqlite_without_immediate_transactions_is_warned_about(settings):
    from django.db import connections

    from leerkring.checks import _check_sqlite

    database = connections.databases["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        pytest.skip("about SQLite")
    options = database.setdefault("OPTIONS", {})
    saved = options.pop("transaction_mode", None)
    try:
        assert _ids(_check_sqlite()) == {"leerkring.W003"}
    finally:
        options["transaction_mode"] = saved or "IMMEDIATE"
    assert _check_sqlite() == []


@pytest.mark.parametrize(
    ("urlconf", "expected"),
    [
        ("tests.host_urls_catch_all_first", "leerkring.E006"),
        ("tests.host_urls_without_leerkring", "leerkring.E005"),
    ],
)
def test_urls_after_the_catch_all_or_missing_are_an_error(settings, urlconf, expected):
    from leerkring.checks import check_urls

    settings.ROOT_URLCONF = urlconf

    assert _ids(check_urls()) == {expected}
