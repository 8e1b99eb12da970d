"""A member's own data: the export holds all of it and nobody else's, and deleting an account
leaves no name or address behind, on the front end and in the admin alike."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from leerkring import conversations, joining, privacy
from leerkring.choices import MembershipRole, MembershipStatus
from leerkring.models import (
    Follow,
    Invitation,
    LessonNomination,
    LessonPage,
    Membership,
    NotificationSettings,
    Profile,
    Reaction,
    ThreadVisit,
    Tip,
)

from .factories import (
    InitiativeReportFactory,
    LearningCirclePageFactory,
    MembershipFactory,
    UserFactory,
)

User = get_user_model()

PASSWORD = "secret-password"  # UserFactory's
EXPORT_URL = "/accounts/profiel/gegevens/"
DELETE_URL = "/accounts/profiel/verwijderen/"
PROFILE_URL = "/accounts/profiel/"
SITE_HISTORY_URL = "/admin/reports/site-history/"


def english(client):
    """Our own texts are asserted in their English source, which later gets translated."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def signed_in(user):
    client = english(Client())
    client.force_login(user)
    return client


def in_english_admin(user):
    """Wagtail's admin speaks the user's own language, not the browser's."""
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="en")
    return signed_in(user)


def url(circle, route=None, *args):
    return circle.url + (circle.reverse_subpage(route, args=args) if route else "")


def comment_table_rows():
    """Every column of every row of django-comments' table, as one text per row."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM django_comments")
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


def database_mentions(text):
    """Tables in which ``text`` appears in any text column of any row."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # The names come from the database itself, not from input.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                if any(isinstance(value, str) and text in value for value in row):
                    found.append(table)
                    break
    return found


@pytest.fixture
def talk(circles):
    """Replies in the open and the closed circle, the member's and the facilitator's."""
    users = circles.users
    made = {}
    for kind, circle in (("open", circles.open_circle), ("closed", circles.closed_circle)):
        thread = conversations.start_thread(
            circle, users["facilitator"], title=f"Warmtenet {kind}", body="Wie weet raad?"
        )
        theirs = conversations.post_reply(thread, users["facilitator"], f"BEGELEIDER-{kind}")
        mine = conversations.post_reply(thread, users["member"], f"LID-{kind}", parent=theirs)
        made[kind] = (circle, thread, theirs, mine)
    # django-comments keeps a website and an IP address with a reply when it has them.
    XtdComment.objects.filter(user=users["member"]).update(
        user_url="https://lid.example.org/", ip_address="192.0.2.7"
    )
    return made


@pytest.fixture
def member(circles):
    return circles.users["member"]


# --- The registry: every model with personal data is exported or excluded with a reason ---


def test_the_detector_sees_the_fields_that_name_a_person():
    """So that the walk below cannot pass by seeing nothing."""
    assert "user_email" in privacy.personal_fields(XtdComment)
    assert "ip_address" in privacy.personal_fields(XtdComment)
    assert "email" in privacy.personal_fields(Invitation)
    assert "user" in privacy.personal_fields(Membership)
    assert "owner" in privacy.personal_fields(LessonPage)
    assert "owner" not in privacy.personal_fields(LessonPage, own_only=True)


def test_every_model_holding_personal_data_is_exported_or_excluded_with_a_reason():
    unanswered = [
        f"{model._meta.label} ({', '.join(privacy.personal_fields(model))})"
        for model in apps.get_models()
        if privacy.personal_fields(model) and privacy.covering(model) is None
    ]
    assert unanswered == [], (
        "These models name a person but are neither in an exporter of leerkring.privacy nor "
        "in its NOT_EXPORTED with a reason: " + "; ".join(unanswered)
    )


def test_the_registry_names_only_installed_models_and_each_once():
    exported = [label for section in privacy.EXPORTERS.values() for label in section.models]
    assert len(exported) == len(set(exported))
    assert not set(exported) & set(privacy.NOT_EXPORTED)
    for label in [*exported, *privacy.NOT_EXPORTED]:
        apps.get_model(label)  # raises LookupError for a stale entry
    for label, reason in privacy.NOT_EXPORTED.items():
        assert len(reason) > 20, f"{label} needs a reason"


# --- The export ----------------------------------------------------------------------------


def download(client):
    response = client.post(EXPORT_URL)
    assert response.status_code == 200, response.content[:500]
    return response, json.loads(response.content)


def test_export_is_a_dated_json_attachment_with_every_section(member):
    response, data = download(signed_in(member))
    assert response["Content-Type"].startswith("application/json")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="leerkring-gegevens-{today}.json"'
    )
    assert set(privacy.EXPORTERS) <= set(data)
    assert data["format"] == privacy.EXPORT_FORMAT
    assert data["account"]["username"] == "member"
    assert data["account"]["email_addresses"] == [
        {"email": "member@example.org", "verified": True, "primary": True}
    ]


def test_export_holds_the_members_records(circles, talk, member, network):
    users = circles.users
    open_circle, open_thread, theirs, mine = talk["open"]
    Profile.objects.create(user=member, bio="Ik werk aan het warmtenet.")
    Membership.objects.filter(user=member, circle=circles.closed_circle).update(
        motivation="Ik wil leren van anderen."
    )
    conversations.toggle_reaction(theirs, member, "nuttig")
    conversations.flag_reply(theirs, member, "Klopt dit wel?")
    Follow.objects.create(user=member, circle=open_circle, muted=True)
    NotificationSettings.objects.create(user=member, digest="weekly")
    ThreadVisit.objects.create(thread=open_thread, user=member)
    Tip.objects.create(circle=open_circle, title="Begin klein", author=member)
    joining.invite(circles.elsewhere_circle, "member@example.org", users["other_facilitator"])
    InitiativeReportFactory(name="Zon op Zeist", reporter_email="MEMBER@example.org")
    InitiativeReportFactory(name="Iemand anders", reporter_email="ander@example.org")
    # An address added to the account but never confirmed opens nobody's records.
    EmailAddress.objects.create(user=member, email="ander@example.org", verified=False)

    _response, data = download(signed_in(member))

    replies = {reply["text"]: reply for reply in data["replies"]}
    assert set(replies) == {"LID-open", "LID-closed"}
    assert replies["LID-open"]["conversation"] == "Warmtenet open"
    assert replies["LID-open"]["address"].endswith(f"#reactie-{mine.pk}")
    assert replies["LID-open"]["ip_address_stored"] == "192.0.2.7"
    assert replies["LID-open"]["hidden_by_a_facilitator"] is False
    assert data["profile"]["bio"] == "Ik werk aan het warmtenet."
    by_circle = {m["circle"]: m for m in data["memberships"]}
    assert by_circle["Vertrouwelijke kring"]["motivation"] == "Ik wil leren van anderen."
    assert by_circle["Samenspel"]["role"] == MembershipRole.MEMBER
    assert data["reactions"] == [
        {
            "kind": "nuttig",
            "given": data["reactions"][0]["given"],
            "reply": theirs.pk,
            "conversation": "Warmtenet open",
            "circle": "Samenspel",
        }
    ]
    assert data["flags"][0]["reason"] == "Klopt dit wel?"
    assert data["follows"][0]["muted"] is True
    assert data["notification_settings"]["digest"] == "weekly"
    assert data["conversations_read"][0]["conversation"] == "Warmtenet open"
    assert data["tips"][0]["title"] == "Begin klein"
    assert [i["circle"] for i in data["invitations"]["received"]] == ["Elders"]
    assert [r["initiative"] for r in data["initiative_reports"]["sent"]] == ["Zon op Zeist"]


def test_export_never_holds_another_members_words(circles, talk, member):
    """Not even of a closed circle the member reacted in, flagged in, and then left."""
    _circle, _thread, theirs, _mine = talk["closed"]
    conversations.toggle_reaction(theirs, member, "duim")
    conversations.flag_reply(theirs, member, "Graag even kijken")
    joining.leave(Membership.objects.get(user=member, circle=circles.closed_circle))

    response, _data = download(signed_in(member))

    text = response.content.decode()
    assert "LID-closed" in text
    assert "BEGELEIDER-closed" not in text
    assert "BEGELEIDER-open" not in text
    assert "facilitator@example.org" not in text


def test_removal_reason_about_the_member_is_in_their_export(circles, member):
    membership = Membership.objects.get(user=member, circle=circles.open_circle)
    joining.remove(membership, circles.users["facilitator"], "Kwam nooit opdagen.")
    _response, data = download(signed_in(member))
    removed = [m for m in data["memberships"] if m["status"] == MembershipStatus.REMOVED]
    assert removed[0]["reason_given"] == "Kwam nooit opdagen."


def test_facilitators_and_coordinators_get_their_own_part(circles, talk):
    users = circles.users
    _circle, _thread, _theirs, mine = talk["open"]
    conversations.hide_reply(mine, users["facilitator"], "Te persoonlijk")
    lesson = LessonPage(title="Begin bij de buurt", summary="Kort.")
    circles.open_circle.add_child(instance=lesson)
    LessonNomination.objects.create(
        lesson=lesson, network=circles.region, nominated_by=users["facilitator"]
    )

    _response, data = download(signed_in(users["facilitator"]))
    assert data["moderation"]["replies_hidden"][0]["reason"] == "Te persoonlijk"
    assert data["lesson_nominations"][0]["lesson"] == "Begin bij de buurt"
    assert {r["text"] for r in data["replies"]} == {"BEGELEIDER-open", "BEGELEIDER-closed"}
    assert "LID-open" not in json.dumps(data)

    _response, data = download(signed_in(users["coordinator"]))
    assert data["coordination"][0]["network"] == "Regio Gelderland"


def test_export_asks_for_a_post_and_a_login(network, member):
    anonymous = Client()
    for method in (anonymous.get, anonymous.post):
        response = method(EXPORT_URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert signed_in(member).get(EXPORT_URL).status_code == 405
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(member)
    assert forged.post(EXPORT_URL).status_code == 403


def test_profile_offers_the_download_and_the_deletion(member):
    content = signed_in(member).get(PROFILE_URL).content.decode()
    assert f'action="{EXPORT_URL}"' in content
    assert "Download my data" in content
    assert f'href="{DELETE_URL}"' in content


# --- Deleting one's own account --------------------------------------------------------------


def delete(client, password=PASSWORD, replies="keep"):
    return client.post(DELETE_URL, {"password": password, "replies": replies})


def test_anonymous_is_sent_to_log_in(network):
    for method in (Client().get, Client().post):
        response = method(DELETE_URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_confirmation_page_asks_for_the_password_and_the_replies(member):
    response = signed_in(member).get(DELETE_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in content
    assert 'value="keep"' in content and 'value="delete"' in content


def test_wrong_password_keeps_the_account(circles, talk, member):
    client = signed_in(member)
    response = delete(client, password="not-it")
    assert response.status_code == 400
    assert "This is not your password." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()
    assert client.get(PROFILE_URL).status_code == 200


def test_guessing_the_password_is_stopped(circles, member):
    client = signed_in(member)
    for _attempt in range(5):
        assert delete(client, password="not-it").status_code == 400
    refused = delete(client)
    assert refused.status_code == 429
    assert "wrong password too often" in refused.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_keeping_the_replies_leaves_their_text_and_no_name_or_address(circles, talk, member):
    circle, thread, theirs, mine = talk["open"]
    conversations.toggle_reaction(theirs, member, "duim")
    Follow.objects.create(user=member, thread=thread)
    NotificationSettings.objects.create(user=member)
    ThreadVisit.objects.create(thread=thread, user=member)
    joining.invite(
        circles.elsewhere_circle, "member@example.org", circles.users["other_facilitator"]
    )
    name = member.get_full_name()
    client = signed_in(member)

    response = delete(client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=member.pk).exists()
    home = client.get("/")
    assert "Your account has been deleted." in home.content.decode()
    assert client.get(PROFILE_URL).status_code == 302  # logged out
    kept = XtdComment.objects.get(pk=mine.pk)
    assert kept.comment == "LID-open"
    assert kept.user_id is None
    assert (kept.user_name, kept.user_email, kept.user_url, kept.ip_address) == ("", "", "", None)
    rows = comment_table_rows()
    assert any("LID-open" in row for row in rows)
    for trace in ("member@example.org", "lid.example.org", "192.0.2.7"):
        assert not any(trace in row for row in rows), trace
    assert database_mentions("member@example.org") == []
    assert database_mentions(name) == []
    for model in (Reaction, Follow, NotificationSettings, ThreadVisit, Membership, Profile):
        assert not model.objects.filter(user_id=member.pk).exists()
    assert not Invitation.objects.filter(email="member@example.org").exists()


def test_the_links_in_their_emails_stop_working(circles, member):
    from leerkring.calendar import make_feed_token
    from leerkring.notifications.unsubscribe import STOP_INSTANT, unsubscribe_token

    circle = circles.closed_circle
    feed = url(circle, "calendar_feed", make_feed_token(circle, member))
    unsubscribe = reverse("leerkring:unsubscribe", args=[unsubscribe_token(member, STOP_INSTANT)])
    assert Client().get(feed).status_code == 200
    delete(signed_in(member))
    assert Client().get(feed).status_code == 404
    assert Client().post(unsubscribe).status_code == 404


def test_a_former_members_reply_shows_as_such(circles, talk, member):
    circle, thread, _theirs, mine = talk["open"]
    name = member.get_full_name()
    delete(signed_in(member))
    page = english(Client()).get(url(circle, "thread", thread.pk)).content.decode()
    assert "LID-open" in page
    assert "a former member" in page
    assert name not in page


def test_deleting_the_replies_removes_their_text(circles, talk, member):
    circle, thread, theirs, mine = talk["open"]
    # A reply of the member that someone answered keeps its place, empty, for the answer.
    answered = conversations.post_reply(thread, member, "LID-beantwoord")
    answer = conversations.post_reply(
        thread, circles.users["facilitator"], "Dank!", parent=answered
    )

    response = delete(signed_in(member), replies="delete")

    assert response.status_code == 302
    assert not XtdComment.objects.filter(pk=mine.pk).exists()
    rows = comment_table_rows()
    for text in ("LID-open", "LID-closed", "LID-beantwoord", "member@example.org"):
        assert not any(text in row for row in rows), text
    shell = XtdComment.objects.get(pk=answered.pk)
    assert (shell.comment, shell.is_removed, shell.user_id) == ("", True, None)
    assert XtdComment.objects.get(pk=answer.pk).comment == "Dank!"
    assert XtdComment.objects.get(pk=theirs.pk).comment == "BEGELEIDER-open"
    page = english(Client()).get(url(circle, "thread", thread.pk)).content.decode()
    assert "Dank!" in page and "This reply has been deleted." in page


def test_a_replayed_deletion_is_harmless(circles, talk, member):
    client = signed_in(member)
    cookie = client.cookies["sessionid"].value
    assert delete(client).status_code == 302
    replay = english(Client())
    replay.cookies["sessionid"] = cookie
    response = delete(replay)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    with pytest.raises(privacy.AccountGone):
        privacy.erase_account(member, keep_replies=True)


def test_last_facilitator_is_refused_with_the_circles_named(circles, talk):
    facilitator = circles.users["facilitator"]
    client = signed_in(facilitator)

    page = client.get(DELETE_URL)
    content = page.content.decode()
    assert "Samenspel" in content and "Vertrouwelijke kring" in content
    assert url(circles.open_circle, "members") in content
    assert 'type="password"' not in content

    response = delete(client)
    assert response.status_code == 409
    assert User.objects.filter(pk=facilitator.pk).exists()
    assert "Samenspel" in response.content.decode()


def test_after_naming_a_successor_the_facilitator_may_go(circles, talk):
    facilitator = circles.users["facilitator"]
    for circle in (circles.open_circle, circles.closed_circle):
        joining.make_facilitator(
            Membership.objects.get(user=circles.users["member"], circle=circle)
        )
    assert delete(signed_in(facilitator)).status_code == 302
    assert not User.objects.filter(pk=facilitator.pk).exists()


def test_facilitator_alone_in_a_circle_may_go(circles):
    loner = UserFactory(username="kluizenaar")
    empty = LearningCirclePageFactory(parent=circles.region, title="Leeg", slug="leeg")
    MembershipFactory(circle=empty, user=loner, role=MembershipRole.FACILITATOR)
    assert delete(signed_in(loner)).status_code == 302


def test_coordinators_see_the_erasure_without_who_it_was(circles, talk, member):
    delete(signed_in(member))

    entries = PageLogEntry.objects.filter(action=privacy.ACCOUNT_DELETED)
    assert {entry.page_id for entry in entries} == {
        circles.open_circle.pk,
        circles.closed_circle.pk,
    }
    assert database_mentions("member@example.org") == []
    for entry in [*entries, *ModelLogEntry.objects.filter(action=privacy.ACCOUNT_DELETED)]:
        assert "member" not in json.dumps(entry.data) + entry.label
    history = in_english_admin(circles.users["coordinator"]).get(SITE_HISTORY_URL)
    content = history.content.decode()
    assert history.status_code == 200
    assert "Account deleted (member of 2 circles)." in content
    assert "2 replies kept under" in content
    assert "member@example.org" not in content
    elsewhere = in_english_admin(circles.users["other_coordinator"]).get(SITE_HISTORY_URL)
    assert "Account deleted" not in elsewhere.content.decode()


# --- Deleting a user in the admin -------------------------------------------------------------


@pytest.fixture
def superuser(network):
    return UserFactory(username="beheerder", is_superuser=True, is_staff=True)


def test_admin_deletion_scrubs_the_replies(circles, talk, member, superuser):
    admin = in_english_admin(superuser)
    response = admin.post(reverse("wagtailusers_users:delete", args=[member.pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert XtdComment.objects.filter(comment="LID-open", user=None).exists()
    rows = comment_table_rows()
    for trace in ("member@example.org", "192.0.2.7", "lid.example.org"):
        assert not any(trace in row for row in rows), trace
    # Wagtail's own record of the deletion named the account; now it says who it was not.
    labels = ModelLogEntry.objects.filter(object_id=str(member.pk)).values_list("label", flat=True)
    assert labels and "member" not in " ".join(labels)
    assert PageLogEntry.objects.filter(
        action=privacy.ACCOUNT_DELETED, user_id=superuser.pk, page=circles.open_circle
    ).exists()


def test_admin_deletion_of_the_last_facilitator_is_refused(circles, talk, superuser):
    facilitator = circles.users["facilitator"]
    admin = in_english_admin(superuser)
    response = admin.post(reverse("wagtailusers_users:delete", args=[facilitator.pk]), follow=True)
    assert User.objects.filter(pk=facilitator.pk).exists()
    assert "is the last facilitator of Samenspel" in response.content.decode()


def test_admin_bulk_deletion_of_the_last_facilitator_is_refused(circles, talk, superuser):
    facilitator, member = circles.users["facilitator"], circles.users["member"]
    admin = in_english_admin(superuser)
    address = reverse("wagtail_bulk_action", args=("auth", "user", "delete"))
    response = admin.post(f"{address}?id={facilitator.pk}&id={member.pk}", follow=True)
    assert User.objects.filter(pk__in=[facilitator.pk, member.pk]).count() == 2
    assert "is the last facilitator of" in response.content.decode()


def test_every_deletion_path_scrubs_the_replies(circles, talk, member):
    """The shell, a data migration, Django's admin: all come down to deleting the row."""
    User.objects.filter(pk=member.pk).delete()
    rows = comment_table_rows()
    assert any("LID-open" in row for row in rows)
    assert not any("member@example.org" in row or "192.0.2.7" in row for row in rows)


def test_a_circle_left_without_facilitator_by_another_path_says_so(circles, talk):
    circles.users["facilitator"].delete()
    entry = PageLogEntry.objects.get(action=privacy.ACCOUNT_DELETED, page=circles.open_circle)
    assert entry.data["no_facilitator_left"] is True
    assert "The circle has no facilitator now." in entry.message


# --- Replies of nobody in particular are safe to show ---------------------------------------


def test_hidden_reply_of_a_deleted_member_stays_hidden_from_visitors(circles, talk, member):
    circle, thread, _theirs, mine = talk["open"]
    conversations.hide_reply(mine, circles.users["facilitator"], "Te persoonlijk")
    delete(signed_in(member))
    page = english(Client()).get(url(circle, "thread", thread.pk)).content.decode()
    assert "LID-open" not in page
    assert "This reply has been hidden by a facilitator." in page


def test_nobody_edits_or_deletes_a_former_members_reply(circles, talk, member):
    circle, thread, _theirs, mine = talk["open"]
    delete(signed_in(member))
    other = UserFactory(username="nieuw")
    MembershipFactory(circle=circle, user=other)
    client = signed_in(other)
    page = client.get(url(circle, "thread", thread.pk))
    assert page.status_code == 200
    assert f"{mine.pk}/bewerken/" not in page.content.decode()
    assert f"{mine.pk}/verwijderen/" not in page.content.decode()
    for action in ("bewerken", "verwijderen"):
        response = client.post(url(circle, "reply_action", thread.pk, mine.pk, action))
        assert response.status_code == 403
    assert XtdComment.objects.get(pk=mine.pk).comment == "LID-open"


def test_digest_names_a_former_member(circles, talk, member, mailoutbox):
    from leerkring.notifications.digests import send_digests
    from leerkring.notifications.following import follow_thread

    facilitator = circles.users["facilitator"]
    thread = talk["open"][1]
    follow_thread(facilitator, thread)
    NotificationSettings.objects.create(
        user=facilitator,
        digest="daily",
        instant_email=False,
        last_digest_sent_at=timezone.now() - timedelta(days=2),
    )
    delete(signed_in(member))

    send_digests(("daily",))

    (message,) = [m for m in mailoutbox if m.to == [facilitator.email]]
    assert "oud-lid: LID-open" in message.body
