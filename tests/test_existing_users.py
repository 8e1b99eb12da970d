"""Accounts that existed before allauth: `verify_existing_emails` lets them log in.

A site that installs Leerkring has editors made in the Wagtail admin, with a User.email
but no allauth EmailAddress. With mandatory verification allauth sends them to confirm an
address they never gave; the command confirms it for them, carefully.
"""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone, translation

from .factories import UserFactory

User = get_user_model()

PASSWORD = "secret-password"
LOGIN_URL = "/accounts/login/"
SIGNUP_URL = "/accounts/signup/"
PROFILE_URL = "/accounts/profiel/"
VERIFICATION_SENT_URL = "/accounts/confirm-email/"


def existing_user(username, email=None, *, joined=None, **extra):
    """An account as a site has it before allauth: made directly, no EmailAddress."""
    email = f"{username}@gemeente.example" if email is None else email
    user = User.objects.create_user(username, email, PASSWORD, **extra)
    if joined:
        User.objects.filter(pk=user.pk).update(date_joined=joined)
        user.refresh_from_db()
    return user


def verify(*args):
    """Run the command; its output is asserted in the English source, which gets translated."""
    out = StringIO()
    with translation.override("en"):
        call_command("verify_existing_emails", *args, stdout=out)
    return out.getvalue()


def login(login_name, password=PASSWORD):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    return client, client.post(LOGIN_URL, {"login": login_name, "password": password})


def is_logged_in(client):
    return client.get(PROFILE_URL).status_code == 200


def addresses():
    return sorted(
        EmailAddress.objects.values_list("user__username", "email", "verified", "primary")
    )


def a_year_ago():
    return timezone.now() - timedelta(days=365)


# --- The problem and the fix -------------------------------------------------------------


def test_existing_user_is_sent_to_confirm_before_and_logs_in_after(network, mailoutbox):
    anne = existing_user("anne", "Anne.de.Vries@gemeente.example", is_staff=True)

    client, response = login("anne")

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert not is_logged_in(client)
    # allauth records the address as unconfirmed there and mails a link nobody asked for.
    assert len(mailoutbox) == 1
    assert list(EmailAddress.objects.filter(user=anne).values_list("verified", "primary")) == [
        (False, False)
    ]

    output = verify()

    # Named as the admin knows it; stored lowercased, as allauth looks it up.
    assert "anne: marked Anne.de.Vries@gemeente.example as confirmed." in output
    # The record allauth made is confirmed, not joined by a second one.
    assert addresses() == [("anne", "anne.de.vries@gemeente.example", True, True)]
    for login_name in ("anne", "Anne.de.Vries@gemeente.example", "anne.de.vries@gemeente.example"):
        client, response = login(login_name)
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert client.session["_auth_user_id"] == str(anne.pk)
        assert is_logged_in(client)
    assert len(mailoutbox) == 1


def test_existing_user_who_never_logged_in_gets_a_confirmed_primary_address(network):
    existing_user("bram", "Bram@Gemeente.example")

    output = verify()

    assert "bram: added Bram@gemeente.example as a confirmed address." in output
    assert addresses() == [("bram", "bram@gemeente.example", True, True)]
    client, response = login("Bram@Gemeente.example")
    assert response["Location"] == "/"
    assert is_logged_in(client)


def test_a_mixed_case_record_is_stored_as_allauth_looks_it_up(network):
    # allauth itself stores addresses lowercased; a record made by an older script may not be.
    dirk = existing_user("dirk", "Dirk.Jansen@gemeente.example")
    EmailAddress.objects.create(user=dirk, email="Dirk.Jansen@gemeente.example")

    verify()

    assert addresses() == [("dirk", "dirk.jansen@gemeente.example", True, True)]
    client, response = login("dirk.jansen@gemeente.example")
    assert response["Location"] == "/"
    assert is_logged_in(client)


def test_an_existing_primary_address_stays_primary(db):
    # Someone changed User.email in the admin after confirming another address.
    carla = existing_user("carla", "carla.nieuw@gemeente.example")
    EmailAddress.objects.create(
        user=carla, email="carla.oud@gemeente.example", verified=True, primary=True
    )

    verify()

    assert addresses() == [
        ("carla", "carla.nieuw@gemeente.example", True, False),
        ("carla", "carla.oud@gemeente.example", True, True),
    ]


# --- Summary, dry run, running twice ----------------------------------------------------


def test_summary_counts_every_outcome(db):
    existing_user("anne")
    existing_user("bram")
    UserFactory(username="confirmed")
    existing_user("geenmail", email="")
    existing_user("weg", is_active=False)

    output = verify()

    assert output.strip().splitlines()[-1] == (
        "Verified: 2, already confirmed: 1, without email address: 1, invalid address: 0, "
        "address shared with another account: 0, inactive: 1."
    )


def test_dry_run_says_what_would_change_and_changes_nothing(network, mailoutbox):
    existing_user("anne")
    existing_user("bram")
    login("bram")  # leaves allauth's unconfirmed record
    before = addresses()

    output = verify("--dry-run")

    assert "anne: would add anne@gemeente.example as a confirmed address." in output
    assert "bram: would mark bram@gemeente.example as confirmed." in output
    assert "Dry run, nothing changed. Would verify: 2," in output
    assert addresses() == before
    _client, response = login("anne")
    assert response["Location"] == VERIFICATION_SENT_URL


def test_second_run_changes_nothing_and_says_so(db):
    existing_user("anne")
    existing_user("bram", "BRAM@gemeente.example")
    first = verify()
    assert "Verified: 2," in first
    assert "Nothing to change" not in first
    after_first = addresses()

    second = verify()

    assert addresses() == after_first
    assert "Verified: 0, already confirmed: 2," in second
    assert "Nothing to change: no account needed its address confirmed." in second
    assert "anne:" not in second and "bram:" not in second
    # Asked for detail, it names who was already fine.
    assert "anne: anne@gemeente.example is already confirmed." in verify("-v", "2")


# --- Who is left alone -------------------------------------------------------------------


def test_joined_before_leaves_a_recent_unconfirmed_signup_alone(network, mailoutbox):
    existing_user("editor", joined=a_year_ago())
    signup = Client().post(
        SIGNUP_URL,
        {
            "email": "nieuw@example.org",
            "username": "nieuw",
            "password1": "Warmtenet-Benedenbuurt-2030",
            "password2": "Warmtenet-Benedenbuurt-2030",
        },
    )
    assert signup["Location"] == VERIFICATION_SENT_URL
    today = timezone.localdate().isoformat()

    output = verify("--joined-before", today)

    assert "editor: added editor@gemeente.example as a confirmed address." in output
    assert "nieuw" not in output
    assert EmailAddress.objects.get(user__username="editor").verified
    assert not EmailAddress.objects.get(user__username="nieuw").verified
    # Named, the signup is reported rather than silently passed over.
    named = verify("--joined-before", today, "--user", "nieuw")
    assert f"nieuw: skipped, joined on {today}, not before {today}." in named
    assert not EmailAddress.objects.get(user__username="nieuw").verified


def test_joined_before_is_midnight_in_the_site_time_zone(db):
    midnight = timezone.make_aware(datetime(2025, 3, 1))
    existing_user("late", joined=midnight - timedelta(seconds=1))
    existing_user("early", joined=midnight)

    verify("--joined-before", "2025-03-01")

    assert list(EmailAddress.objects.values_list("user__username", flat=True)) == ["late"]


def test_an_address_another_account_has_is_skipped_and_reported(db):
    # Two admin-made accounts sharing an address (Django allows it), differing in case.
    existing_user("team1", "Team@gemeente.example")
    existing_user("team2", "TEAM@gemeente.example")
    # And one whose address a confirmed member already has.
    UserFactory(username="lid", email="lid@gemeente.example")
    existing_user("oudlid", "LID@gemeente.example")

    output = verify()

    assert "team1: skipped, Team@gemeente.example is also the address of team2;" in output
    assert "team2: skipped, TEAM@gemeente.example is also the address of team1;" in output
    assert "oudlid: skipped, LID@gemeente.example is also the address of lid;" in output
    assert "address shared with another account: 3," in output
    assert addresses() == [("lid", "lid@gemeente.example", True, True)]


def test_an_address_an_unconfirmed_signup_claims_is_skipped(db):
    signup = existing_user("aanmelder", "gedeeld@gemeente.example")
    EmailAddress.objects.create(user=signup, email="gedeeld@gemeente.example", primary=True)
    existing_user("redacteur", "Gedeeld@gemeente.example")

    output = verify("--user", "redacteur")

    assert "redacteur: skipped, Gedeeld@gemeente.example is also the address of aanmelder;" in (
        output
    )
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_users_without_or_with_a_broken_address_are_reported(db):
    existing_user("geenmail", email="")
    existing_user("kapot", email="n.v.t.")

    output = verify()

    assert (
        "geenmail: skipped, no email address; give the account one in the Wagtail admin "
        "(Settings → Users) and run this command again." in output
    )
    assert "kapot: skipped, “n.v.t.” is not a valid email address;" in output
    assert not EmailAddress.objects.exists()


def test_inactive_users_are_skipped_and_named_when_asked_about(db):
    existing_user("weg", is_active=False)

    output = verify()

    assert "weg" not in output
    assert "inactive: 1." in output
    assert "weg: skipped, the account is inactive." in verify("--user", "weg")
    assert not EmailAddress.objects.exists()


def test_user_option_limits_the_run_to_named_accounts(db):
    existing_user("anne")
    existing_user("bram")
    existing_user("carla")

    output = verify("--user", "anne", "--user", "carla")

    assert "Verified: 2," in output
    assert sorted(EmailAddress.objects.values_list("user__username", flat=True)) == [
        "anne",
        "carla",
    ]


# --- Mistakes in the command line --------------------------------------------------------


@pytest.mark.parametrize("value", ["01-03-2025", "2025-13-01", "20250301", "gisteren"])
def test_a_bad_date_is_refused_clearly(db, value):
    existing_user("anne")

    with pytest.raises(CommandError) as error:
        verify("--joined-before", value)

    assert str(error.value) == (
        f"--joined-before needs a date as YYYY-MM-DD, e.g. 2025-03-01; got “{value}”."
    )
    assert not EmailAddress.objects.exists()


def test_an_unknown_username_stops_before_anything_changes(db):
    existing_user("anne")

    with pytest.raises(CommandError) as error:
        verify("--user", "anne", "--user", "bob", "--user", "anon")

    assert str(error.value) == "No accounts have the usernames anon, bob; nothing was changed."
    assert not EmailAddress.objects.exists()
