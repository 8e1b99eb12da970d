"""One login door: the admins' own login forms lead to allauth's, which alone checks passwords.

Before, /admin/login/ answered 50 wrong passwords in a row and then let the right one in,
also while allauth had locked the account, and let in accounts whose email address was
never confirmed (docs/architecture.md, "Access").
"""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from .factories import UserFactory

PASSWORD = "secret-password"  # UserFactory's
ADMIN_DOORS = ["/admin/login/", "/django-admin/login/"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="redacteur", is_staff=True, is_superuser=True)


def admin_opens_for(client):
    response = client.get("/admin/")
    return response.status_code == 200


@pytest.mark.parametrize("door", ADMIN_DOORS)
def test_the_admins_login_pages_lead_to_allauths(client, door):
    response = client.get(door + "?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "/admin/pages/" in response["Location"]


@pytest.mark.parametrize("door", ADMIN_DOORS)
def test_a_right_password_posted_to_an_admin_door_logs_nobody_in(client, staff, door):
    response = client.post(door, {"username": staff.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not admin_opens_for(client)


def test_a_foreign_next_address_is_not_followed(client):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert "evil.example" not in response["Location"]


def test_the_admin_sends_visitors_to_allauths_login(client):
    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/pages/")


def test_staff_log_in_at_allauth_and_land_in_the_admin(client, staff):
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": staff.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert admin_opens_for(client)


def test_an_unconfirmed_address_keeps_the_admin_closed(client):
    unconfirmed = UserFactory(
        username="nieuweling", is_staff=True, is_superuser=True, verified_email=False
    )
    EmailAddress.objects.create(
        user=unconfirmed, email=unconfirmed.email, verified=False, primary=True
    )

    client.post("/accounts/login/?next=/admin/", {"login": "nieuweling", "password": PASSWORD})

    assert not admin_opens_for(client)


def test_guessing_the_password_is_stopped_and_the_right_one_then_waits(staff):
    guesser = Client()
    for attempt in range(10):
        guesser.post("/accounts/login/", {"login": staff.username, "password": f"fout-{attempt}"})

    response = guesser.post("/accounts/login/", {"login": staff.username, "password": PASSWORD})

    assert response.status_code in (200, 429)
    assert not admin_opens_for(guesser)
