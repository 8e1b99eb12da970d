"""Help while writing (issue 18): the preview, the line "replying to", the edit window, the
confirmations, the rate limit said once, the names to mention, and the slugs of pages.

The .po files get this work's words only at the merge, so texts are compared with what the
same gettext call gives in the site's language, or asserted in English under
``translation.override("en")``, or by structure (links, classes, status codes).
"""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from leerkring import conversations
from leerkring.models import ReplyMeta, Thread
from leerkring.notifications.following import mentioned_users
from leerkring.views.threads import edit_time_notice

from .factories import MembershipFactory, UserFactory

PREVIEW_TEXT = re.compile(
    r'<div class="lk-preview__text reply__text">(.*?)</div>\s*</section>', re.DOTALL
)


def url(circle, route=None, *args):
    return circle.url + (circle.reverse_subpage(route, args=args) if route else "")


def in_dutch(text):
    with translation.override("nl"):
        return gettext(text)


def preview_of(response):
    found = PREVIEW_TEXT.search(response.content.decode())
    return found.group(1) if found else None


@pytest.fixture
def talk(circles):
    circle = circles.open_circle
    thread = conversations.start_thread(
        circle, circles.users["member"], title="Warmtenet", body="Wie heeft ervaring?"
    )
    first = conversations.post_reply(
        thread,
        circles.users["facilitator"],
        "Wij deden een **proef** in Tilburg.",
        rate_exempt=True,
    )
    return circle, thread, first


# --- The preview ---------------------------------------------------------------------------


def test_preview_saves_nothing_and_shows_the_html_the_posted_reply_gets(client, circles, talk):
    circle, thread, _first = talk
    circles.login(client, "member")
    text = "**Vet** en *schuin*, met [een link](https://example.org/a?b=1&c=2)\n\n- een\n- twee"
    before = conversations.replies_of(thread).count()

    preview = client.post(url(circle, "thread", thread.pk), {"text": text, "preview": "1"})

    assert preview.status_code == 200
    assert conversations.replies_of(thread).count() == before
    shown = preview_of(preview)
    assert "<strong>Vet</strong>" in shown and "<li>twee</li>" in shown
    page = preview.content.decode()
    assert "**Vet** en *schuin*" in page  # the text is still in the form to post
    assert 'name="preview"' in page

    posted = client.post(url(circle, "thread", thread.pk), {"text": text})
    assert posted.status_code == 303
    reply = conversations.replies_of(thread).order_by("-pk").first()
    assert ReplyMeta.objects.get(reply=reply).html == shown


def test_preview_of_a_new_conversation_and_of_an_edit_saves_nothing(client, circles, talk):
    circle, thread, _first = talk
    circles.login(client, "member")
    threads = Thread.objects.count()

    new = client.post(
        url(circle, "thread_create"),
        {"title": "Nieuw", "body": "Een *eerste* bericht", "preview": "1"},
    )

    assert new.status_code == 200
    assert "<em>eerste</em>" in preview_of(new)
    assert Thread.objects.count() == threads

    mine = conversations.post_reply(thread, circles.users["member"], "Eerst zo.")
    edit_url = url(circle, "reply_action", thread.pk, mine.pk, "bewerken")
    edit = client.post(edit_url, {"text": "Toch **anders**", "preview": "1"})

    assert edit.status_code == 200
    assert "<strong>anders</strong>" in preview_of(edit)
    mine.refresh_from_db()
    assert mine.comment == "Eerst zo."


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script> en <img src=x onerror=alert(2)>",
        "[klik](javascript:alert(1)) en <a href='javascript:alert(3)'>hier</a>",
        "[" * 5_000 + "ü" * 3_000,
    ],
)
def test_hostile_preview_is_shown_as_text(client, circles, talk, text):
    circle, thread, _first = talk
    circles.login(client, "member")

    response = client.post(url(circle, "thread", thread.pk), {"text": text, "preview": "1"})

    assert response.status_code == 200
    shown = preview_of(response)
    assert "<script" not in shown and "<img" not in shown
    assert not re.search(r"<a [^>]*href=[\"']?\s*javascript", shown, re.IGNORECASE)
    assert conversations.replies_of(thread).count() == 1


def test_a_text_over_the_limit_is_refused_with_the_usual_message_and_no_preview(
    client, circles, talk
):
    circle, thread, _first = talk
    circles.login(client, "member")

    response = client.post(url(circle, "thread", thread.pk), {"text": "x" * 10_001, "preview": "1"})

    assert response.status_code == 400
    assert preview_of(response) is None
    assert 'aria-invalid="true"' in response.content.decode()
    assert conversations.replies_of(thread).count() == 1


def test_only_writers_preview(client, circles, talk):
    circle, thread, _first = talk
    circles.login(client, "outsider")
    response = client.post(url(circle, "thread", thread.pk), {"text": "hoi", "preview": "1"})
    assert response.status_code == 403


# --- Replying to a reply, cancelling -------------------------------------------------------


def test_the_form_says_whom_you_answer_and_cancels_to_that_reply(client, circles, talk):
    circle, thread, first = talk
    circles.login(client, "member")

    page = client.get(url(circle, "thread", thread.pk) + f"?antwoord={first.pk}").content.decode()

    answering = page[page.index('class="lk-answering"') :]
    reply_url = circle.reply_path(thread.pk, first.pk)
    facilitator = circles.users["facilitator"]
    name = facilitator.get_full_name() or facilitator.username
    assert f'<a href="{reply_url}">{escape(name)}</a>' in answering
    assert "Wij deden een proef in Tilburg." in answering  # a few words, as plain text
    form = page[page.index('<section aria-labelledby="reply-form-heading"') :]
    assert f'<a href="{reply_url}">{in_dutch("Cancel")}</a>' in form
    assert f'name="parent" value="{first.pk}"' in form


def test_no_answer_line_for_a_reply_elsewhere_or_a_top_level_reply(client, circles, talk):
    circle, thread, first = talk
    other = conversations.start_thread(circle, circles.users["member"], title="Ander", body="x")
    circles.login(client, "member")

    top = client.get(url(circle, "thread", thread.pk)).content.decode()
    elsewhere = client.get(url(circle, "thread", other.pk) + f"?antwoord={first.pk}")

    assert 'class="lk-answering"' not in top
    assert 'class="lk-answering"' not in elsewhere.content.decode()


def test_a_hidden_reply_is_answered_without_quoting_it(client, circles, talk):
    circle, thread, first = talk
    conversations.hide_reply(first, circles.users["facilitator"], "Te persoonlijk")
    circles.login(client, "member")

    page = client.get(url(circle, "thread", thread.pk) + f"?antwoord={first.pk}").content.decode()

    assert 'class="lk-answering"' in page
    assert "<blockquote>Wij deden" not in page


# --- The edit window -----------------------------------------------------------------------


def _posted_ago(reply, minutes, seconds=0):
    moment = timezone.now() - timedelta(minutes=minutes, seconds=seconds)
    conversations.reply_model().objects.filter(pk=reply.pk).update(submit_date=moment)
    reply.submit_date = moment


@override_settings(LEERKRING_REPLY_EDIT_MINUTES=30)
def test_edit_window_minutes_in_words(circles, talk):
    _circle, thread, _first = talk
    mine = conversations.post_reply(thread, circles.users["member"], "Net geplaatst.")
    with translation.override("en"):
        _posted_ago(mine, 6)
        assert edit_time_notice(mine) == "You can edit it for 24 more minutes."
        _posted_ago(mine, 28, 50)
        assert edit_time_notice(mine) == "You can edit it for 1 more minute."
        _posted_ago(mine, 29, 30)
        assert edit_time_notice(mine) == "You can edit it for less than a minute more."
        _posted_ago(mine, 0, 1)
        assert edit_time_notice(mine) == "You can edit it for 30 more minutes."


@override_settings(LEERKRING_REPLY_EDIT_MINUTES=30)
def test_the_edit_window_shows_at_the_reply_and_on_the_edit_page(client, circles, talk):
    circle, thread, first = talk
    mine = conversations.post_reply(thread, circles.users["member"], "Net geplaatst.")
    _posted_ago(mine, 6)
    circles.login(client, "member")
    with translation.override("nl"):
        expected = edit_time_notice(mine)

    page = client.get(url(circle, "thread", thread.pk)).content.decode()
    edit = client.get(url(circle, "reply_action", thread.pk, mine.pk, "bewerken"))

    assert page.count(expected) == 1  # at my own reply, not at the facilitator's
    assert expected in edit.content.decode()
    assert f'href="{circle.reply_path(thread.pk, mine.pk)}"' in edit.content.decode()


# --- Confirmations and the rate limit ------------------------------------------------------


def test_posting_confirms_once(client, circles, talk):
    circle, thread, _first = talk
    circles.login(client, "member")

    replied = client.post(url(circle, "thread", thread.pk), {"text": "Dank!"}, follow=True)
    started = client.post(
        url(circle, "thread_create"), {"title": "Nieuw gesprek", "body": "Wie?"}, follow=True
    )

    assert replied.content.decode().count(in_dutch("Your reply has been posted.")) == 1
    assert started.content.decode().count(in_dutch("Your conversation has started.")) == 1


@override_settings(LEERKRING_REPLIES_PER_MINUTE=1)
def test_the_rate_limit_is_said_once(client, circles, talk):
    circle, thread, _first = talk
    circles.login(client, "member")
    client.post(url(circle, "thread", thread.pk), {"text": "een"})

    response = client.post(url(circle, "thread", thread.pk), {"text": "twee"})

    assert response.status_code == 429
    page = response.content.decode()
    with translation.override("nl"):
        limited = gettext(
            "You are posting quickly. Wait a minute and send your reply again; it is kept below."
        )
        check_fields = gettext(
            "Not everything is filled in correctly. Check the fields marked below; what you "
            "typed is still there."
        )
    assert page.count(limited) == 1
    assert check_fields not in page
    assert page.count('role="alert"') == 1
    assert "twee</textarea>" in page


# --- Names to mention ----------------------------------------------------------------------

OPEN = {
    "anonymous": 403,
    "outsider": 403,
    "requester": 403,
    "member": 200,
    "facilitator": 200,
    "other_facilitator": 403,
    "coordinator": 200,
    "other_coordinator": 403,
}
CLOSED = {**{role: 404 for role, status in OPEN.items() if status != 200}}
CLOSED.update({role: 200 for role, status in OPEN.items() if status == 200})


@pytest.mark.parametrize("kind", ["open", "closed"])
def test_member_names_per_role(client, circles, kind):
    circle = circles.open_circle if kind == "open" else circles.closed_circle
    seen = {}
    for role in circles.ROLES:
        client.logout()
        circles.login(client, role)
        seen[role] = client.get(url(circle, "member_names"), {"q": ""}).status_code
    assert seen == (OPEN if kind == "open" else CLOSED)


def names(client, circle, q):
    response = client.get(url(circle, "member_names"), {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_member_names_match_a_prefix_of_name_or_username_never_an_address(client, circles):
    circle = circles.open_circle
    anna = UserFactory(username="anna.b", first_name="Anna", last_name="de Boer")
    MembershipFactory(circle=circle, user=anna)
    circles.login(client, "member")

    by_first = names(client, circle, "an")
    by_last = names(client, circle, "de b")
    by_username = names(client, circle, "@anna.")
    everyone = names(client, circle, "")

    assert {"username": "anna.b", "name": "Anna de Boer"} in by_first
    assert [person["username"] for person in by_last] == ["anna.b"]
    assert [person["username"] for person in by_username] == ["anna.b"]
    usernames = {person["username"] for person in everyone}
    assert usernames == {"anna.b", "facilitator"}  # active members, not me, not the requester
    response = client.get(url(circle, "member_names"), {"q": ""})
    assert "@example.org" not in response.content.decode()
    assert set(everyone[0]) == {"username", "name"}
    assert mentioned_users("Zie @" + by_first[0]["username"] + " hier.", circle) == [anna]


def test_at_most_ten_names_and_no_one_whose_username_cannot_be_mentioned(client, circles):
    circle = circles.open_circle
    for n in range(14):
        MembershipFactory(
            circle=circle, user=UserFactory(username=f"kees{n:02}", first_name="Kees")
        )
    MembershipFactory(circle=circle, user=UserFactory(username="kees@mail", first_name="Kees"))
    circles.login(client, "member")

    found = names(client, circle, "kees")

    assert len(found) == 10
    assert "kees@mail" not in {person["username"] for person in found}


@pytest.mark.parametrize(
    "q",
    [
        "x" * 100_000,
        "Ünïcødé ✓ 名字",
        "\x00anna",
        "' OR 1=1 --",
        "%",
        "_",
        "\\",
        '"; DROP TABLE auth_user; --',
    ],
)
def test_hostile_prefixes_match_nobody(client, circles, q):
    circles.login(client, "member")
    assert names(client, circles.open_circle, q) == []


def test_member_names_take_the_same_queries_for_5_and_100_members(client, network):
    from .factories import LearningCirclePageFactory

    counts = []
    for size in (5, 100):
        circle = LearningCirclePageFactory(parent=network, title=f"Kring {size}", member_cap=25)
        people = [
            UserFactory(username=f"lid{size}-{n}", first_name="Lid", verified_email=False)
            for n in range(size)
        ]
        for person in people:
            MembershipFactory(circle=circle, user=person)
        client.force_login(people[0])
        names(client, circle, "li")  # the first request of a test fills caches of the site
        with CaptureQueriesContext(connection) as queries:
            assert len(names(client, circle, "li")) == min(size - 1, 10)  # not oneself
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Slugs of pages ------------------------------------------------------------------------


def test_a_story_title_with_accents_gets_an_address_without(client, practice_index, editor):
    from practices.models import PracticeCasePage

    from .test_story_editing import add_url, story_form

    client.force_login(editor)
    # What Wagtail's slug field fills in from the title while WAGTAIL_ALLOW_UNICODE_SLUGS is on.
    form = story_form(title="Energiecoöperatie Zwolle", slug="energiecoöperatie-zwolle")

    response = client.post(add_url(practice_index), {**form, "action-submit": "Submit"})

    assert response.status_code == 302
    assert PracticeCasePage.objects.get(title="Energiecoöperatie Zwolle").slug == (
        "energiecooperatie-zwolle"
    )


def test_the_slug_field_fills_in_an_address_without_accents(client, practice_index, editor):
    from .test_story_editing import add_url

    client.force_login(editor)
    page = client.get(add_url(practice_index)).content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', page).group(0)
    assert 'data-w-slug-allow-unicode-value="false"' in slug_input


def test_a_second_try_at_a_story_takes_the_next_free_address(client, practice_index, editor):
    from practices.models import PracticeCasePage

    from .test_story_editing import add_url, story_form

    client.force_login(editor)
    # The first try left a draft behind (saved, not submitted).
    first = client.post(add_url(practice_index), story_form())
    second = client.post(add_url(practice_index), {**story_form(), "action-submit": "Submit"})
    third = client.post(add_url(practice_index), story_form())

    assert first.status_code == second.status_code == third.status_code == 302
    slugs = list(PracticeCasePage.objects.order_by("pk").values_list("slug", flat=True))
    assert slugs == [
        "huisarts-als-verbinder",
        "huisarts-als-verbinder-2",
        "huisarts-als-verbinder-3",
    ]


def test_a_published_page_keeps_its_address_and_a_clash_is_said_at_the_title(
    client, practice_index, editor
):
    from practices.models import PracticeCasePage

    from .factories import PracticeCasePageFactory
    from .test_story_editing import story_form

    PracticeCasePageFactory(parent=practice_index, title="Andere", slug="bezet")
    mine = PracticeCasePageFactory(parent=practice_index, title="Mijn verhaal", owner=editor)
    PracticeCasePage.objects.filter(pk=mine.pk).update(
        slug="coöp", first_published_at=timezone.now()
    )
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[mine.pk])

    kept = client.post(edit_url, story_form(title="Mijn verhaal", slug="coöp"))
    clash = client.post(edit_url, story_form(title="Mijn verhaal", slug="bezet"))

    assert kept.status_code == 302
    mine.refresh_from_db()
    assert mine.get_latest_revision_as_object().slug == "coöp"
    assert clash.status_code == 200
    form = clash.context["form"]
    assert "slug" in form.errors and "title" in form.errors


def test_pages_made_in_code_get_accent_free_free_addresses(practice_index):
    from practices.models import PracticeCasePage

    def story(title, slug=""):
        page = PracticeCasePage(title=title, slug=slug, summary="Kort.", municipality="Zwolle")
        practice_index.add_child(instance=page)
        return page.slug

    assert story("Søren's Ærø-plan in Zwolle") == "sorens-aero-plan-in-zwolle"
    assert story("Energiecoöperatie Zwolle") == "energiecooperatie-zwolle"
    assert story("Energiecoöperatie Zwolle", "energiecoöperatie-zwolle") == (
        "energiecooperatie-zwolle-2"
    )


def test_json_of_names_is_plain_json(client, circles):
    circles.login(client, "member")
    response = client.get(url(circles.open_circle, "member_names"), {"q": "fac"})
    assert json.loads(response.content) == {
        "results": [
            {
                "username": "facilitator",
                "name": circles.users["facilitator"].get_full_name(),
            }
        ]
    }
    assert response["Cache-Control"] == "private, no-store"


def test_every_value_of_the_hostile_corpus_is_answered_with_json(circles):
    from django.test import Client

    from .test_hostile_input import HOSTILE_VALUES

    client = circles.login(Client(raise_request_exception=False), "member")
    for value in HOSTILE_VALUES:
        response = client.get(url(circles.closed_circle, "member_names"), {"q": value})
        assert response.status_code == 200, value[:20]
        assert isinstance(response.json()["results"], list)
