"""Accounts: sign-up with a confirmed address, login, logout, password reset, own profile.

Sign-up, login and the rest are django-allauth's; these tests check what a visitor sees
of them on our site (our templates, Dutch emails) and the profile page we add.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from leerkring.models import Profile

from .factories import OrganisationFactory, UserFactory

User = get_user_model()

PASSWORD = "secret-password"  # UserFactory's
NEW_PASSWORD = "Warmtenet-Benedenbuurt-2030"
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

PROFILE_URL = "/accounts/profiel/"
LOGIN_URL = "/accounts/login/"
SIGNUP_URL = "/accounts/signup/"
LOGOUT_URL = "/accounts/logout/"
RESET_URL = "/accounts/password/reset/"


def english(client):
    """Our own texts are asserted in their English source, which later gets translated."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def dutch_client(**kwargs):
    return Client(HTTP_ACCEPT_LANGUAGE="nl", **kwargs)


def is_logged_in(client):
    """What a visitor notices: the profile page opens instead of sending them to log in."""
    return client.get(PROFILE_URL).status_code == 200


def link_in(mail):
    """The one link to this site in an email, as a path."""
    links = re.findall(r"https?://testserver(/\S+)", mail.body)
    assert len(links) == 1, mail.body
    return links[0]


def signup(client, **overrides):
    data = {
        "email": "anouk@example.org",
        "username": "anouk",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return client.post(SIGNUP_URL, data)


def login(client, login_name, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": login_name, "password": password}, **extra)


def html(response):
    return response.content.decode()


def field_is_marked_invalid(content, field_id):
    """The input carries aria-invalid and points at its error message, which exists."""
    tag = re.search(rf"<(?:input|select|textarea)[^>]*\bid=\"{field_id}\"[^>]*>", content)
    assert tag, f"no field {field_id}"
    assert 'aria-invalid="true"' in tag.group(0), tag.group(0)
    described_by = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    assert described_by and f"{field_id}_error" in described_by.group(1).split(), tag.group(0)
    assert f'id="{field_id}_error"' in content
    return True


# --- Sign-up and confirming the address -------------------------------------------------


def test_signup_sends_dutch_confirmation_and_login_waits_for_it(network, mailoutbox):
    browser = dutch_client()

    response = signup(browser)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(username="anouk").exists()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["anouk@example.org"]
    assert mail.subject == "[Leerkring] Bevestig je e-mailadres"
    assert "Hallo van Leerkring!" in mail.body
    assert "Om te bevestigen dat dit correct is" in mail.body
    assert "Hello" not in mail.body and "To confirm" not in mail.body
    assert link_in(mail).startswith("/accounts/confirm-email/")

    # Neither this browser nor another one gets in before the address is confirmed.
    assert not is_logged_in(browser)
    elsewhere = dutch_client()
    response = login(elsewhere, "anouk", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not is_logged_in(elsewhere)


def test_following_the_confirmation_link_allows_login(network, mailoutbox):
    signup(dutch_client())
    link = link_in(mailoutbox[0])

    # Opened later, on another device.
    phone = dutch_client()
    page = phone.get(link)
    assert page.status_code == 200
    assert f'action="{link}"' in html(page)
    confirmed = phone.post(link)
    assert confirmed.status_code == 302

    response = login(phone, "anouk", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert is_logged_in(phone)


def test_a_wrong_confirmation_link_says_so(network, client):
    response = english(client).get("/accounts/confirm-email/not-a-real-key/")

    assert response.status_code == 200
    assert "This confirmation link has expired or is not valid" in html(response)


# --- Logging in and out ------------------------------------------------------------------


@pytest.mark.parametrize("login_name", ["marit", "marit@example.org", "MARIT@example.org"])
def test_login_by_username_or_email(network, client, login_name):
    UserFactory(username="marit")

    response = login(client, login_name)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert is_logged_in(client)


def test_login_returns_to_the_page_the_visitor_came_from(network, client):
    UserFactory(username="marit")

    response = client.post(
        f"{LOGIN_URL}?next={PROFILE_URL}", {"login": "marit", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL


def test_wrong_password_shows_an_error_and_keeps_the_name(network, client):
    UserFactory(username="marit")

    response = login(english(client), "marit", "not-the-password")

    assert response.status_code == 200
    assert 'value="marit"' in html(response)
    assert "not correct" in html(response)
    assert not is_logged_in(client)


def test_logout_by_post(network, client):
    client.force_login(UserFactory())

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert not is_logged_in(client)


def test_logout_by_get_only_asks_to_confirm(network, client):
    client.force_login(UserFactory())

    response = english(client).get(LOGOUT_URL)

    assert response.status_code == 200
    assert f'<form method="post" action="{LOGOUT_URL}">' in html(response)
    assert is_logged_in(client)


def test_header_offers_login_and_signup_to_visitors(network, client):
    content = html(english(client).get("/"))

    assert f'href="{LOGIN_URL}?next=/"' in content
    assert ">Log in</a>" in content
    assert f'href="{SIGNUP_URL}"' in content
    assert "Create an account" in content
    assert "My profile" not in content


def test_header_offers_profile_and_logout_to_members(network, client):
    client.force_login(UserFactory())

    content = html(english(client).get("/"))

    assert f'href="{PROFILE_URL}"' in content
    assert f'<form action="{LOGOUT_URL}" method="post">' in content
    assert ">Log out</button>" in content
    assert f'href="{SIGNUP_URL}"' not in content


# --- Password reset -----------------------------------------------------------------------


def test_password_reset_link_lets_you_choose_a_new_password(network, mailoutbox):
    UserFactory(username="joost")
    browser = dutch_client()

    response = browser.post(RESET_URL, {"email": "joost@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["joost@example.org"]
    assert mail.subject == "[Leerkring] Nieuw wachtwoord"
    assert "Je ontvangt deze mail omdat er een verzoek is ingelegd" in mail.body
    assert "joost" in mail.body  # "Deze link hoort bij je account met gebruikersnaam joost."
    link = link_in(mail)

    # allauth moves the key out of the address before showing the form.
    form_page = browser.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'name="password1"' in html(form_page)
    set_url = form_page.redirect_chain[-1][0]
    done = browser.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/key/done/"

    assert login(dutch_client(), "joost", NEW_PASSWORD)["Location"] == "/"
    assert login(dutch_client(), "joost", PASSWORD).status_code == 200
    # The link works once.
    again = english(dutch_client()).get(link, follow=True)
    assert "This link does not work" in html(again)
    assert 'name="password1"' not in html(again)


def test_password_reset_does_not_tell_whether_an_address_has_an_account(network, mailoutbox):
    response = dutch_client().post(RESET_URL, {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    # The owner of the address learns that there is no account; nobody else does.
    assert [mail.to for mail in mailoutbox] == [["nobody@example.org"]]
    assert "/accounts/password/reset/key/" not in mailoutbox[0].body


def test_password_change_page(network, client):
    client.force_login(UserFactory(username="joost"))

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert login(Client(), "joost", NEW_PASSWORD)["Location"] == "/"


def test_adding_an_email_address_sends_a_dutch_confirmation(network, mailoutbox):
    browser = dutch_client()
    browser.force_login(UserFactory(username="joost"))

    response = browser.post(
        "/accounts/email/", {"email": "joost@gemeente.example", "action_add": ""}
    )

    assert response.status_code == 302
    assert mailoutbox[-1].to == ["joost@gemeente.example"]
    assert mailoutbox[-1].subject == "[Leerkring] Bevestig je e-mailadres"
    page = html(browser.get("/accounts/email/"))
    assert "joost@gemeente.example" in page
    assert "joost@example.org" in page


# --- Every account page is one of ours ------------------------------------------------------

ANONYMOUS_PAGES = [
    LOGIN_URL,
    SIGNUP_URL,
    RESET_URL,
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
]
VISIBLE_FIELD_ID = re.compile(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*id="([^"]+)"')
MEMBER_PAGES = [PROFILE_URL, "/accounts/email/", "/accounts/password/change/", LOGOUT_URL]


@pytest.mark.parametrize(
    "url,member", [(url, False) for url in ANONYMOUS_PAGES] + [(url, True) for url in MEMBER_PAGES]
)
def test_account_pages_use_the_site_layout(network, client, url, member):
    if member:
        client.force_login(UserFactory())

    response = client.get(url)

    assert response.status_code == 200
    content = html(response)
    assert 'class="skip-link" href="#main"' in content
    assert '<main id="main"' in content
    assert content.count("<h1") == 1
    assert "{% element" not in content and "allauth" not in content.lower()
    # Every visible input has a label.
    for field_id in VISIBLE_FIELD_ID.findall(content):
        assert f'for="{field_id}"' in content, field_id


# --- The profile page ---------------------------------------------------------------------


@pytest.fixture
def member(db):
    return UserFactory(username="sanne", first_name="Sanne", last_name="de Vries")


@pytest.fixture
def member_client(network, client, member):
    client.force_login(member)
    return english(client)


def test_anonymous_visitor_is_sent_to_login(network, client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"


def test_member_edits_name_organisation_and_bio(member_client, member):
    cooperative = OrganisationFactory(name="Energiecoöperatie Wageningen")

    page = member_client.get(PROFILE_URL)
    assert 'value="Sanne"' in html(page)
    assert "Energiecoöperatie Wageningen" in html(page)
    assert not Profile.objects.filter(user=member).exists()

    response = member_client.post(
        PROFILE_URL,
        {
            "first_name": "Sanne",
            "last_name": "Jansen",
            "organisation": cooperative.pk,
            "bio": "Ik werk aan de wijkaanpak in de Benedenbuurt.\nVraag me over warmtenetten.",
        },
        follow=True,
    )

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    content = html(response)
    assert "Your profile has been saved." in content
    assert 'value="Jansen"' in content
    assert f'<option value="{cooperative.pk}" selected>' in content
    assert "Vraag me over warmtenetten." in content
    member.refresh_from_db()
    assert member.get_full_name() == "Sanne Jansen"
    assert member.leerkring_profile.organisation == cooperative
    assert member.leerkring_profile.bio.endswith("Vraag me over warmtenetten.")


def test_member_can_clear_the_organisation(member_client, member):
    Profile.objects.create(user=member, organisation=OrganisationFactory(), bio="Hallo")

    member_client.post(PROFILE_URL, {"first_name": "Sanne", "organisation": "", "bio": "Hallo"})

    member.refresh_from_db()
    assert member.leerkring_profile.organisation is None


def test_only_public_organisations_are_offered(member_client):
    OrganisationFactory(name="Wijkraad Zichtbaar")
    OrganisationFactory(name="Gemeld Initiatief", is_public=False)

    content = html(member_client.get(PROFILE_URL))

    assert "Wijkraad Zichtbaar" in content
    assert "Gemeld Initiatief" not in content


def test_replayed_profile_post_changes_nothing_more(member_client, member):
    data = {"first_name": "Sanne", "last_name": "Jansen", "organisation": "", "bio": "Hoi"}

    first = member_client.post(PROFILE_URL, data)
    second = member_client.post(PROFILE_URL, data)

    assert first.status_code == second.status_code == 302
    assert Profile.objects.filter(user=member).count() == 1
    member.refresh_from_db()
    assert (member.last_name, member.leerkring_profile.bio) == ("Jansen", "Hoi")


def test_profile_post_without_csrf_token_is_refused(network, member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)

    response = browser.post(PROFILE_URL, {"first_name": "Gekaapt", "bio": "Gekaapt"})

    assert response.status_code == 403
    member.refresh_from_db()
    assert member.first_name == "Sanne"
    assert not Profile.objects.filter(user=member).exists()


# --- Hostile input ---------------------------------------------------------------------------


def test_empty_profile_post_saves_an_empty_profile(member_client, member):
    response = member_client.post(PROFILE_URL, {})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == ""
    assert member.leerkring_profile.bio == ""


def test_overlong_bio_is_refused_without_losing_what_was_typed(member_client, member):
    bio = "Warmte uit de rivier. " * 5000  # about 100 kB

    response = member_client.post(
        PROFILE_URL, {"first_name": "Sanne", "last_name": "Bakker", "bio": bio}
    )

    assert response.status_code == 400
    content = html(response)
    assert field_is_marked_invalid(content, "id_bio")
    assert "at most 600 characters" in content
    assert bio.strip() in content
    assert 'value="Bakker"' in content
    member.refresh_from_db()
    assert member.last_name == "de Vries"
    assert not Profile.objects.filter(user=member).exists()


def test_script_in_every_profile_field_is_shown_as_text(member_client, member):
    response = member_client.post(
        PROFILE_URL,
        {"first_name": SCRIPT, "last_name": SCRIPT, "bio": SCRIPT},
        follow=True,
    )

    content = html(response)
    assert SCRIPT not in content
    assert content.count(ESCAPED_SCRIPT) == 3
    member.refresh_from_db()
    assert member.first_name == SCRIPT  # stored as typed, escaped when shown


def test_unicode_and_emoji_names_are_kept(member_client, member):
    member_client.post(
        PROFILE_URL,
        {"first_name": "Zoë 🌱", "last_name": "Nguyễn-Çelik", "bio": "Wij 💚 de wijk"},
    )

    member.refresh_from_db()
    assert member.get_full_name() == "Zoë 🌱 Nguyễn-Çelik"
    content = html(member_client.get(PROFILE_URL))
    assert 'value="Zoë 🌱"' in content
    assert "Wij 💚 de wijk" in content


def test_null_character_in_a_name_is_a_form_error(member_client):
    response = member_client.post(PROFILE_URL, {"first_name": "San\x00ne"})

    assert response.status_code == 400
    assert field_is_marked_invalid(html(response), "id_first_name")


@pytest.mark.parametrize(
    "organisation", ["hidden", "999999", "abc", "-1", "1 OR 1=1", "9" * 40, "1.5", SCRIPT]
)
def test_unknown_or_hidden_organisation_is_a_form_error(member_client, member, organisation):
    if organisation == "hidden":
        organisation = OrganisationFactory(is_public=False).pk

    response = member_client.post(
        PROFILE_URL, {"first_name": "Sanne", "organisation": organisation, "bio": "Hoi"}
    )

    assert response.status_code == 400
    content = html(response)
    assert field_is_marked_invalid(content, "id_organisation")
    assert "Select a valid choice" in content
    assert SCRIPT not in content
    assert not Profile.objects.filter(user=member).exists()


def test_other_methods_are_refused(member_client):
    assert member_client.put(PROFILE_URL).status_code == 405
    assert member_client.delete(PROFILE_URL).status_code == 405


def test_empty_signup_shows_errors_on_each_field(network, client, mailoutbox):
    response = signup(client, email="", username="", password1="", password2="")

    assert response.status_code == 200
    content = html(response)
    for field_id in ("id_email", "id_username", "id_password1"):
        assert field_is_marked_invalid(content, field_id)
    assert not User.objects.exists()
    assert mailoutbox == []


def test_script_in_signup_fields_is_shown_as_text(network, client, mailoutbox):
    response = signup(client, email=f"{SCRIPT}@example.org", username=SCRIPT)

    assert response.status_code == 200
    content = html(response)
    assert SCRIPT not in content
    assert ESCAPED_SCRIPT in content
    assert field_is_marked_invalid(content, "id_email")
    assert field_is_marked_invalid(content, "id_username")
    assert not User.objects.exists()
    assert mailoutbox == []


def test_huge_signup_input_is_a_form_error(network, client, mailoutbox):
    huge = "a" * 100_000

    response = signup(client, email=f"{huge}@example.org", username=huge)

    assert response.status_code == 200
    assert field_is_marked_invalid(html(response), "id_username")
    assert not User.objects.exists()


def test_unicode_username_can_sign_up(network, client, mailoutbox):
    response = signup(client, username="zoë.nguyễn", email="zoe@example.org")

    assert response.status_code == 302
    assert User.objects.filter(username="zoë.nguyễn").exists()


def test_emoji_username_is_a_form_error(network, client):
    response = signup(client, username="zon🌞")

    assert response.status_code == 200
    assert field_is_marked_invalid(html(response), "id_username")


def test_mismatched_passwords_keep_the_rest(network, client):
    response = signup(client, password2="something-else-entirely")

    assert response.status_code == 200
    content = html(response)
    assert field_is_marked_invalid(content, "id_password2")
    assert 'value="anouk@example.org"' in content
    assert 'value="anouk"' in content


def test_replayed_signup_creates_one_account(network, client, mailoutbox):
    first = signup(client)
    second = signup(Client())

    assert first.status_code == 302
    assert second.status_code == 200
    assert field_is_marked_invalid(html(second), "id_username")
    assert User.objects.filter(username="anouk").count() == 1


def test_script_as_login_name_is_shown_as_text(network, client):
    response = login(client, SCRIPT, "whatever")

    assert response.status_code == 200
    assert SCRIPT not in html(response)
    assert ESCAPED_SCRIPT in html(response)
