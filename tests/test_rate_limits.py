"""Rate limits that mean what they say: a stranger cannot lock someone out, one office
behind a proxy is not everyone, invitations are limited, and production shares the counts
between workers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from leerkring.models import Invitation

from .factories import UserFactory

PASSWORD = "secret-password"  # UserFactory's
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def log_in(client, username, password, address):
    client.post("/accounts/login/", {"login": username, "password": password}, REMOTE_ADDR=address)
    return "_auth_user_id" in client.session


def test_a_stranger_guessing_a_password_does_not_lock_the_owner_out():
    owner = UserFactory(username="coordinator")
    stranger = Client()
    for attempt in range(8):
        log_in(stranger, owner.username, f"geraden-{attempt}", "203.0.113.7")

    assert not log_in(stranger, owner.username, PASSWORD, "203.0.113.7")  # the guesser waits
    assert log_in(Client(), owner.username, PASSWORD, "198.51.100.20")  # the owner does not


def test_guessing_from_many_addresses_is_stopped_per_account(settings):
    settings.LEERKRING_LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR = 6
    owner = UserFactory(username="coordinator")
    for attempt in range(6):
        log_in(Client(), owner.username, f"geraden-{attempt}", f"203.0.113.{attempt + 1}")

    assert not log_in(Client(), owner.username, PASSWORD, "198.51.100.20")


@pytest.mark.parametrize(
    ("trusted_proxies", "shared"),
    [(1, False), (0, True)],  # without a trusted proxy the header is ignored: anyone can forge it
)
def test_behind_a_trusted_proxy_each_visitor_has_their_own_report_limit(
    client, settings, organisation_index, trusted_proxies, shared
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = trusted_proxies
    settings.PRACTICES_INITIATIVE_REPORTS_PER_HOUR = 2
    url = f"{organisation_index.url}melden/"
    data = {
        "kind": "buurtvereniging",
        "municipality": "Zeist",
        "neighbourhood": "Austerlitz",
        "description": "Wij organiseren warmtescans en een klankbordgroep in het dorp.",
        "reporter_name": "Iris Jansen",
        "reporter_email": "iris@example.org",
    }

    def report(name, visitor):
        return client.post(
            url,
            {**data, "name": name},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=visitor,
        ).status_code

    office = [report(f"Buurtinitiatief {n}", "192.0.2.10") for n in range(3)]
    neighbour = report("Energie Zeist-West", "192.0.2.99")

    assert office[-1] == 429
    assert (neighbour == 429) is shared


def test_invitations_are_limited_per_facilitator(client, circles, settings):
    settings.LEERKRING_INVITATIONS_PER_HOUR = 3
    circles.login(client, "facilitator")
    url = circles.open_circle.url + "uitnodigen/"

    statuses = [
        client.post(url, {"email": f"buur{n}@example.org", "message": ""}).status_code
        for n in range(4)
    ]

    assert statuses[:3] == [303, 303, 303]
    assert statuses[3] == 429
    assert not Invitation.objects.filter(email="buur3@example.org").exists()


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("", "django.core.cache.backends.db.DatabaseCache"),
        ("redis://cache.internal:6379/0", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_production_shares_the_rate_limit_counts_between_workers(cache_url, backend):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cop_site.settings.production as s; print(s.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={
            **environment,
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "leerkring.example.nl",
            "CACHE_URL": cache_url,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == backend, result.stderr
