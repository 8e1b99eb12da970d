"""What the apps do to a host site that already exists: they leave its own records alone."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.sites.models import Site

STATIC = Path(importlib.import_module("leerkring").__file__).parent / "static"
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
        ({"DEFAULT_FROM_EMAIL": "webmaster@localhost"}, "leerkring.W005"),
        (
            {"MIDDLEWARE": ["allauth.account.middleware.AccountMiddleware"]},
            "leerkring.W006",
        ),
        ({"WAGTAIL_GRAVATAR_PROVIDER_URL": "//www.gravatar.com/avatar"}, "leerkring.W010"),
    ],
)
def test_a_missing_setting_is_named_with_what_to_add(settings, change, expected):
    from leerkring.checks import check_settings

    for name, value in change.items():
        setattr(settings, name, value)

    problems = [p for p in check_settings() if p.id == expected]

    assert len(problems) == 1
    assert problems[0].hint  # says what to add


def test_a_cache_of_each_worker_is_warned_about_when_deploying(settings):
    from leerkring.checks import check_shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [problem.id for problem in check_shared_cache()] == ["leerkring.W007"]

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}}
    assert check_shared_cache() == []


def test_queued_mail_without_a_worker_queue_is_warned_about(settings):
    from leerkring.checks import check_background_mail

    settings.EMAIL_BACKEND = "leerkring.outbox.QueuedEmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert [problem.id for problem in check_background_mail()] == ["leerkring.W009"]

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert check_background_mail() == []


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


# --- Pages fit a host's own base.html (docs/architecture.md, "Host sites") -------------------

HOST_TEMPLATES = Path(__file__).parent / "host_templates"


def _use_host_base(settings, name):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [HOST_TEMPLATES / name]}]


def _head_and_body(response):
    head, _, body = response.content.decode().partition("</head>")
    return head, body


def test_in_a_wagtail_start_base_nothing_of_a_page_is_lost(settings, client, django_user_model):
    _use_host_base(settings, "wagtail_start")
    member = django_user_model.objects.create_user("anne", "anne@example.org", "x")
    client.force_login(member)

    # A wagtail start base shows no messages: the confirmation still reaches the person.
    response = client.post("/accounts/profiel/", {"bio": "Ik werk aan het warmtenet."}, follow=True)

    head, body = _head_and_body(response)
    assert "Gemeente Voorbeeld" in body  # the host's own page around ours
    assert "leerkring/css/leerkring.css" in head
    assert "leerkring/css/leerkring.css" not in body
    assert '<div class="lk">' in body
    assert "Your profile has been saved." in body or "Je profiel is opgeslagen." in body


def test_feed_links_and_noindex_reach_a_wagtail_start_head(settings, client, circles):
    _use_host_base(settings, "wagtail_start")

    network_head, _ = _head_and_body(client.get(circles.network.url))
    members = client.get(circles.open_circle.url + "leden/")

    assert 'type="application/atom+xml"' in network_head
    assert 'name="robots" content="noindex"' in _head_and_body(members)[0]
    assert members["X-Robots-Tag"] == "noindex"


def test_breadcrumbs_and_messages_are_shown_once_in_this_sites_own_base(client, circles):
    page = client.get(circles.open_circle.url).content.decode()

    assert page.count('class="breadcrumbs"') == 1
    assert page.count("leerkring/css/leerkring.css") == 1


def test_a_base_without_a_head_block_still_gets_the_stylesheets_and_a_warning(
    settings, client, circles
):
    from leerkring.checks import check_base_template

    _use_host_base(settings, "bare")

    head, body = _head_and_body(client.get(circles.open_circle.url))

    assert "leerkring/css/leerkring.css" not in head
    assert "leerkring/css/leerkring.css" in body  # stylesheet links may stand in the body
    assert _ids(check_base_template()) == {"leerkring.W004"}
    members = client.get(circles.open_circle.url + "leden/")
    assert members["X-Robots-Tag"] == "noindex"  # the meta tag had no place to go


def test_a_base_without_a_content_block_is_an_error(settings):
    from leerkring.checks import check_base_template

    _use_host_base(settings, "empty")

    problems = check_base_template()

    assert _ids(problems) == {"leerkring.E008", "leerkring.W004"}
    assert all(problem.hint for problem in problems)


def test_this_sites_base_has_every_block():
    from leerkring.checks import check_base_template

    assert check_base_template() == []


def _selectors(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for prelude in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        for selector in prelude.split(","):
            yield selector.strip()


def test_the_component_stylesheet_styles_only_the_apps_own_markup():
    css = (STATIC / "leerkring" / "css" / "leerkring.css").read_text(encoding="utf-8")

    unscoped = [s for s in _selectors(css) if not s.startswith((":where(.lk)", ".lk-", "@media"))]

    assert unscoped == []


def test_the_tokens_stylesheet_only_defines_custom_properties():
    css = (STATIC / "leerkring" / "css" / "tokens.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)

    assert list(_selectors(css)) == [":root"]
    declarations = re.search(r"\{(.*)\}", css, flags=re.S).group(1).split(";")
    assert all(d.strip().startswith("--lk-") for d in declarations if d.strip())


# --- A wagtail start site's own search app lives beside ours --------------------------------


def test_the_sites_own_search_address_leads_to_leerkrings_search(client):
    response = client.get("/search/", {"query": "warmtepomp"})

    assert response.status_code == 302
    assert response["Location"] == "/zoeken/?q=warmtepomp"


def test_both_search_apps_are_installed_under_their_own_labels():
    assert apps.get_app_config("search").name == "search"
    assert apps.get_app_config("leerkring_search").name == "leerkring.search"


def test_the_admin_s_gravatar_pictures_are_warned_about_when_not_switched_off(settings):
    from leerkring.checks import check_settings

    del settings.WAGTAIL_GRAVATAR_PROVIDER_URL  # Wagtail's default: gravatar.com
    assert "leerkring.W010" in _ids(check_settings())
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    assert "leerkring.W010" not in _ids(check_settings())
