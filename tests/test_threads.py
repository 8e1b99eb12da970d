"""Conversations in circles: who reads and writes, replies in a tree, reactions, moderation."""

import pytest
from django.test import override_settings

from leerkring import conversations
from leerkring.models import Reaction, ReplyFlag, Thread

from .conftest import Circles

ROLES = Circles.ROLES
LOGIN = "login"


def url(circle, route=None, *args):
    return circle.url + (circle.reverse_subpage(route, args=args) if route else "")


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.fixture
def talk(circles):
    """A thread with a reply and a nested answer in both the open and the closed circle."""
    made = {}
    for kind, circle in (("open", circles.open_circle), ("closed", circles.closed_circle)):
        thread = conversations.start_thread(
            circle, circles.users["member"], title=f"Warmtenet {kind}", body="Wie heeft ervaring?"
        )
        first = conversations.post_reply(thread, circles.users["facilitator"], f"GEHEIM-{kind}")
        second = conversations.post_reply(
            thread, circles.users["member"], "Ja, in Tilburg.", parent=first
        )
        made[kind] = (circle, thread, first, second)
    return made


READ = {
    "open": [200, 200, 200, 200, 200, 200, 200, 200],
    "closed": [404, 404, 404, 200, 200, 404, 200, 404],
}
CREATE_FORM = {
    "open": [LOGIN, 403, 403, 200, 200, 403, 200, 403],
    "closed": [404, 404, 404, 200, 200, 404, 200, 404],
}


@pytest.mark.parametrize("kind", ["open", "closed"])
def test_reading_matrix(client, circles, talk, kind):
    circle, thread, _first, _second = talk[kind]
    seen = {}
    for role in ROLES:
        client.logout()
        circles.login(client, role)
        listing = client.get(url(circle, "thread_list"))
        detail = client.get(url(circle, "thread", thread.pk))
        assert listing.status_code == detail.status_code
        seen[role] = detail.status_code
        assert (f"GEHEIM-{kind}" in detail.content.decode()) is (detail.status_code == 200)
    assert seen == dict(zip(ROLES, READ[kind], strict=True))


@pytest.mark.parametrize("kind", ["open", "closed"])
def test_new_thread_form_matrix(client, circles, kind):
    circle = circles.open_circle if kind == "open" else circles.closed_circle
    seen = {}
    for role in ROLES:
        client.logout()
        circles.login(client, role)
        seen[role] = outcome(client.get(url(circle, "thread_create")))
    assert seen == dict(zip(ROLES, CREATE_FORM[kind], strict=True))


@pytest.mark.parametrize("kind", ["open", "closed"])
@pytest.mark.parametrize("role", ROLES)
def test_posting_a_reply_per_role(client, circles, talk, kind, role):
    circle, thread, first, _second = talk[kind]
    circles.login(client, role)
    before = conversations.replies_of(thread).count()

    response = client.post(url(circle, "thread", thread.pk), {"text": "Mijn bijdrage"})

    may_write = role in {"member", "facilitator", "coordinator"}
    if may_write:
        assert response.status_code == 303
    elif role == "anonymous":
        # A POST without an account goes to the login page wherever it is aimed (a session
        # that expired while writing); that tells nothing of what a closed circle holds.
        assert outcome(response) == LOGIN
    else:
        assert response.status_code == (403 if kind == "open" else 404)
    assert conversations.replies_of(thread).count() == before + (1 if may_write else 0)


def test_replies_nest_three_levels_and_no_deeper(client, circles, talk):
    circle, thread, first, second = talk["open"]
    third = conversations.post_reply(
        thread, circles.users["facilitator"], "Derde laag", parent=second
    )
    circles.login(client, "member")

    response = client.post(
        url(circle, "thread", thread.pk), {"text": "Vierde laag?", "parent": third.pk}
    )

    assert response.status_code == 409
    assert "Vierde laag?" in response.content.decode()  # the text comes back in the form
    assert [r.level for r in conversations.replies_of(thread)] == [0, 1, 2]


@pytest.mark.parametrize("state", ["locked", "archived"])
def test_closed_threads_refuse_replies_but_keep_the_text(client, circles, talk, state):
    circle, thread, _first, _second = talk["open"]
    Thread.objects.filter(pk=thread.pk).update(**{state: True})
    circles.login(client, "member")

    response = client.post(url(circle, "thread", thread.pk), {"text": "Nog één ding"})

    assert response.status_code == 409
    assert "Nog één ding" in response.content.decode()
    assert conversations.replies_of(thread).count() == 2


def test_reply_to_a_reply_of_another_thread_is_refused_with_text_kept(client, circles, talk):
    circle, thread, _first, _second = talk["open"]
    _closed_circle, _other_thread, foreign, _ = talk["closed"]
    circles.login(client, "member")

    response = client.post(
        url(circle, "thread", thread.pk), {"text": "Over de grens", "parent": foreign.pk}
    )

    assert response.status_code == 400
    assert "Over de grens" in response.content.decode()


def test_posting_to_a_thread_of_another_circle_is_refused_with_the_text_kept(client, circles, talk):
    _circle, closed_thread, _first, _second = talk["closed"]
    circles.login(client, "member")

    response = client.post(
        url(circles.open_circle, "thread", closed_thread.pk), {"text": "Mijn <b>lange</b> verhaal"}
    )

    assert response.status_code == 404
    page = response.content.decode()
    assert "Mijn &lt;b&gt;lange&lt;/b&gt; verhaal" in page
    assert "GEHEIM-closed" not in page and closed_thread.title not in page
    assert conversations.replies_of(closed_thread).count() == 2


@override_settings(LEERKRING_REPLIES_PER_MINUTE=3)
def test_rate_limit_for_members_not_for_facilitators(client, circles, talk):
    from django.core.cache import cache

    cache.clear()  # the fixture's own replies count towards the minute too
    circle, thread, _first, _second = talk["open"]
    circles.login(client, "member")
    statuses = [
        client.post(url(circle, "thread", thread.pk), {"text": f"bericht {n}"}).status_code
        for n in range(4)
    ]
    assert statuses == [303, 303, 303, 429]

    client.logout()
    circles.login(client, "facilitator")
    assert all(
        client.post(url(circle, "thread", thread.pk), {"text": f"f {n}"}).status_code == 303
        for n in range(5)
    )


def test_reactions_one_per_person_per_kind_and_toggle(client, circles, talk):
    circle, thread, first, _second = talk["open"]
    circles.login(client, "member")
    action = url(circle, "reply_action", thread.pk, first.pk, "reageren")

    client.post(action, {"kind": "nuttig"})
    client.post(action, {"kind": "duim"})
    assert Reaction.objects.filter(reply=first).count() == 2
    client.post(action, {"kind": "nuttig"})  # a second click takes it back
    assert list(Reaction.objects.filter(reply=first).values_list("kind", flat=True)) == ["duim"]
    client.post(action, {"kind": "<script>"})
    assert Reaction.objects.filter(reply=first).count() == 1


def test_hidden_reply_shows_reason_to_author_and_nothing_to_others(client, circles, talk):
    circle, thread, first, _second = talk["open"]
    circles.login(client, "coordinator")
    client.post(
        url(circle, "reply_action", thread.pk, first.pk, "verbergen"),
        {"reason": "Persoonsgegevens"},
    )
    client.logout()

    anonymous_view = client.get(url(circle, "thread", thread.pk)).content.decode()
    assert "GEHEIM-open" not in anonymous_view
    assert "Ja, in Tilburg." in anonymous_view  # the tree keeps its shape

    circles.login(client, "facilitator")  # the author
    author_view = client.get(url(circle, "thread", thread.pk)).content.decode()
    assert "Persoonsgegevens" in author_view


def test_deleted_reply_is_shown_as_deleted(client, circles, talk):
    circle, thread, first, second = talk["open"]
    circles.login(client, "member")

    assert (
        client.post(url(circle, "reply_action", thread.pk, first.pk, "verwijderen")).status_code
        == 403
    )
    client.post(url(circle, "reply_action", thread.pk, second.pk, "verwijderen"))

    page = client.get(url(circle, "thread", thread.pk)).content.decode()
    assert "Ja, in Tilburg." not in page
    assert "GEHEIM-open" in page


def test_author_edits_within_the_window_only(client, circles, talk):
    from datetime import timedelta

    from django.utils import timezone
    from django_comments_xtd.models import XtdComment

    circle, thread, _first, second = talk["open"]
    circles.login(client, "member")
    edit = url(circle, "reply_action", thread.pk, second.pk, "bewerken")

    assert client.post(edit, {"text": "Ja, in Tilburg en Zeist."}).status_code == 303
    XtdComment.objects.filter(pk=second.pk).update(submit_date=timezone.now() - timedelta(days=1))
    assert client.post(edit, {"text": "Te laat"}).status_code == 403
    assert XtdComment.objects.get(pk=second.pk).comment == "Ja, in Tilburg en Zeist."


def test_flags_reach_facilitators_by_email(client, circles, talk, mailoutbox):
    circle, thread, first, _second = talk["closed"]
    circles.login(client, "member")

    client.post(
        url(circle, "reply_action", thread.pk, first.pk, "melden"), {"reason": "Klopt niet"}
    )
    client.post(url(circle, "reply_action", thread.pk, first.pk, "melden"), {"reason": "Nogmaals"})

    assert ReplyFlag.objects.filter(reply=first).count() == 1
    assert [m.to for m in mailoutbox] == [[circles.users["facilitator"].email]]


def test_reply_emails_go_to_current_members_only(client, circles, talk, mailoutbox):
    from leerkring.models import Membership

    circle, thread, _first, _second = talk["closed"]
    Membership.objects.filter(circle=circle, user=circles.users["member"]).update(status="left")
    circles.login(client, "facilitator")

    client.post(url(circle, "thread", thread.pk), {"text": "Nieuws voor de kring"})

    recipients = [address for message in mailoutbox for address in message.to]
    assert circles.users["member"].email not in recipients


def test_mentions_notify_members_only(client, circles, talk, mailoutbox):
    circle, thread, _first, _second = talk["closed"]
    circles.login(client, "facilitator")

    client.post(url(circle, "thread", thread.pk), {"text": "@member en @outsider, kijk even"})

    recipients = [address for message in mailoutbox for address in message.to]
    assert circles.users["member"].email in recipients
    assert circles.users["outsider"].email not in recipients


def test_moderation_of_threads_per_role(client, circles, talk):
    circle, thread, _first, _second = talk["closed"]
    expected = {
        "anonymous": LOGIN, "outsider": 404, "requester": 404, "member": 403,
        "facilitator": 303, "other_facilitator": 404, "coordinator": 303, "other_coordinator": 404,
    }  # fmt: skip
    for role, status in expected.items():
        client.logout()
        circles.login(client, role)
        assert (
            outcome(client.post(url(circle, "thread_moderate", thread.pk), {"action": "pin"}))
            == status
        ), role
    thread.refresh_from_db()
    assert thread.pinned


@pytest.mark.parametrize(
    "path",
    [
        "/comments/post/",
        "/comments/api/leerkring-thread/1/",
        "/comments/reply/1/",
        "/comments/like/1/",
        "/comments/flag/1/",
        "/comments/sent/?c=1",
        "/comments/cr/1/1/",
        "/comments/api/comment/",
        "/comments/api/feedback/",
    ],
)
def test_no_django_comments_xtd_endpoint_is_reachable(client, circles, talk, path):
    circles.login(client, "outsider")

    assert client.get(path).status_code == 404
    assert (
        client.post(
            path, {"comment": "x", "content_type": "leerkring.thread", "object_pk": "1"}
        ).status_code
        == 404
    )


def test_reply_admin_listing_is_not_in_django_admin(admin_client):
    assert admin_client.get("/django-admin/django_comments_xtd/xtdcomment/").status_code == 404


def test_moving_a_thread_only_to_a_circle_the_moderator_looks_after(client, circles, talk):
    circle, thread, _first, _second = talk["open"]
    circles.login(client, "facilitator")
    moderate = url(circle, "thread_moderate", thread.pk)

    client.post(moderate, {"action": "move", "circle": circles.elsewhere_circle.pk})
    thread.refresh_from_db()
    assert thread.circle_id == circle.pk  # not theirs: refused

    client.post(moderate, {"action": "move", "circle": "<script>"})
    thread.refresh_from_db()
    assert thread.circle_id == circle.pk

    response = client.post(moderate, {"action": "move", "circle": circles.closed_circle.pk})
    thread.refresh_from_db()
    assert thread.circle_id == circles.closed_circle.pk
    assert response["Location"].startswith(circles.closed_circle.url)
    assert client.get(url(circles.closed_circle, "thread", thread.pk)).status_code == 200


def test_flags_are_listed_in_the_admin_for_the_right_coordinator_only(client, circles, talk):
    from django.contrib.auth.models import Group

    from practices.roles import COORDINATORS_GROUP

    circle, thread, first, _second = talk["closed"]
    conversations.flag_reply(first, circles.users["member"], "Vertrouwelijke cijfers")
    group = Group.objects.get(name=COORDINATORS_GROUP)
    for role in ("coordinator", "other_coordinator"):
        circles.users[role].groups.add(group)

    circles.login(client, "coordinator")
    assert "Vertrouwelijke cijfers" in client.get("/admin/leerkring/replyflag/").content.decode()
    client.logout()
    circles.login(client, "other_coordinator")
    listing = client.get("/admin/leerkring/replyflag/")
    assert listing.status_code == 200
    assert "Vertrouwelijke cijfers" not in listing.content.decode()
    flag = ReplyFlag.objects.get()
    assert client.get(f"/admin/leerkring/replyflag/inspect/{flag.pk}/").status_code == 404


def _all_url_callbacks(resolver, found=None):
    found = [] if found is None else found
    for entry in resolver.url_patterns:
        if hasattr(entry, "url_patterns"):
            _all_url_callbacks(entry, found)
        else:
            found.append(entry.callback)
    return found


def test_no_view_of_django_comments_or_xtd_is_mounted_anywhere():
    """Every one of their endpoints (post, reply, flag, like, sent, the JSON API, the
    redirect shortcut) would answer without our membership check, so none may be routed."""
    from django.urls import get_resolver

    modules = {
        getattr(callback, "__module__", "") or "" for callback in _all_url_callbacks(get_resolver())
    }
    leaking = sorted(m for m in modules if m.startswith(("django_comments", "rest_framework")))
    assert leaking == []


def test_unread_marker_until_the_member_has_read_the_thread(client, circles, talk):
    circle, thread, _first, _second = talk["open"]
    circles.login(client, "facilitator")
    listing = url(circle, "thread_list")

    assert (
        "nieuw" in client.get(listing).content.decode()
        or "new" in client.get(listing).content.decode()
    )
    client.get(url(circle, "thread", thread.pk))
    page = client.get(listing).content.decode()
    assert 'class="badge">nieuw<' not in page and 'class="badge">new<' not in page


# Every reply endpoint × every role, in the closed circle (404 for all who may not read it,
# except that a POST without an account is sent to log in) and the open one (readable by all,
# writable by members only).
REPLY_ACTION_MATRIX = {
    # action: (data, outcomes by role in ROLES order for the closed circle, for the open one)
    "reageren": (
        {"kind": "nuttig"},
        [404, 404, 404, 303, 303, 404, 303, 404],
        [LOGIN, 403, 403, 303, 303, 403, 303, 403],
    ),
    "melden": (
        {"reason": "Klopt niet"},
        [404, 404, 404, 303, 303, 404, 303, 404],
        [LOGIN, 403, 403, 303, 303, 403, 303, 403],
    ),
    "verbergen": (
        {"reason": "Te persoonlijk"},
        [404, 404, 404, 403, 303, 404, 303, 404],
        [LOGIN, 403, 403, 403, 303, 403, 303, 403],
    ),
    "verwijderen": (
        {},
        [404, 404, 404, 403, 303, 404, 403, 404],
        [LOGIN, 403, 403, 403, 303, 403, 403, 403],
    ),
}


@pytest.mark.parametrize("kind", ["closed", "open"])
@pytest.mark.parametrize("action", list(REPLY_ACTION_MATRIX))
def test_reply_action_matrix(client, circles, talk, kind, action):
    circle, thread, first, _second = talk[kind]  # the first reply is the facilitator's
    data, closed, opened = REPLY_ACTION_MATRIX[action]
    expected = dict(zip(ROLES, closed if kind == "closed" else opened, strict=True))
    expected["anonymous"] = LOGIN  # a POST without an account: see above
    seen = {}
    for role in ROLES:
        client.logout()
        circles.login(client, role)
        seen[role] = outcome(
            client.post(url(circle, "reply_action", thread.pk, first.pk, action), data)
        )
    assert seen == expected


@pytest.mark.parametrize("kind", ["closed", "open"])
def test_edit_form_matrix(client, circles, talk, kind):
    circle, thread, first, _second = talk[kind]  # written by the facilitator just now
    seen = {}
    for role in ROLES:
        client.logout()
        circles.login(client, role)
        seen[role] = outcome(
            client.get(url(circle, "reply_action", thread.pk, first.pk, "bewerken"))
        )
    readable = kind == "open"
    assert seen == {
        "anonymous": LOGIN if readable else 404,
        "outsider": 403 if readable else 404,
        "requester": 403 if readable else 404,
        "member": 403,
        "facilitator": 200,
        "other_facilitator": 403 if readable else 404,
        "coordinator": 403,
        "other_coordinator": 403 if readable else 404,
    }


def test_unknown_reply_actions_and_foreign_replies_are_404(client, circles, talk):
    circle, thread, _first, _second = talk["open"]
    _other_circle, _other_thread, foreign, _ = talk["closed"]
    circles.login(client, "facilitator")

    assert (
        client.post(url(circle, "reply_action", thread.pk, _first.pk, "sloop")).status_code == 404
    )
    assert (
        client.post(
            url(circle, "reply_action", thread.pk, foreign.pk, "reageren"), {"kind": "duim"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            url(circle, "reply_action", thread.pk, 999999, "reageren"), {"kind": "duim"}
        ).status_code
        == 404
    )


def _sample_paths(module):
    """A concrete address for every URL pattern a comments app ships, ids filled in."""
    import re

    paths = []
    for pattern in module.urlpatterns:
        for entry in getattr(pattern, "url_patterns", [pattern]):
            route = str(entry.pattern).lstrip("^").rstrip("$")
            route = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)|<[^>]+>", "1", route)
            paths.append(route.replace("\\", ""))
    return sorted(set(paths))


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member"])
def test_every_comments_endpoint_is_404_wherever_it_would_be_mounted(client, circles, talk, role):
    import django_comments.urls
    import django_comments_xtd.urls

    circles.login(client, role)
    paths = _sample_paths(django_comments_xtd.urls) + _sample_paths(django_comments.urls)
    assert len(paths) > 20
    for prefix in ("/comments/", "/comments-xtd/", "/"):
        for path in paths:
            # follow: an address without its final slash is first redirected to one with it.
            assert client.get(prefix + path, follow=True).status_code == 404, prefix + path
            posted = client.post(prefix + path, {"comment": "x"}, follow=True)
            assert posted.status_code in (404, 405), prefix + path


def test_reply_times_are_html_datetimes_without_microseconds(client, circles):
    """The Nu HTML Checker refuses more than three digits of a second in ``datetime``."""
    import re

    from leerkring import conversations

    thread = conversations.start_thread(
        circles.open_circle, circles.users["member"], title="Tijd", body="Hoe laat?"
    )
    conversations.post_reply(thread, circles.users["member"], "Nu.")

    page = client.get(circles.open_circle.url + f"gesprekken/{thread.pk}/").content.decode()

    stamps = re.findall(r'<time datetime="([^"]+)"', page)
    assert stamps
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp), stamp


def test_the_thread_list_counts_every_reply_of_each_thread(client, circles, talk):
    circle, thread, first, second = talk["open"]
    conversations.post_reply(thread, circles.users["member"], "En in Zutphen.", rate_exempt=True)
    quiet = conversations.start_thread(
        circle, circles.users["member"], title="Nog zonder antwoord", body="Iemand?"
    )
    listing = client.get(url(circle, "thread_list")).context["threads"]
    counts = {listed.pk: listed.reply_count for listed in listing}
    assert counts == {thread.pk: 3, quiet.pk: 0}


def test_those_who_take_part_find_the_latest_conversations_on_top_of_the_circle_page(
    client, circles
):
    circle = circles.open_circle
    titles = [f"Gesprek over warmtenet {n}" for n in range(7)]
    for title in titles:
        conversations.start_thread(circle, circles.users["member"], title=title, body="Wie?")
    circles.login(client, "member")
    response = client.get(url(circle))
    body = response.content.decode()
    assert body.index('id="conversations-heading"') < body.index('id="next-heading"')
    shown = [thread.title for thread in response.context["recent_threads"]]
    assert shown == titles[::-1][:5]  # the latest first, five of them
    assert all(title in body for title in shown) and titles[0] not in body
    assert url(circle, "thread_create") in body

    for role in ("outsider", "anonymous"):
        client.logout()
        circles.login(client, role)
        assert 'id="conversations-heading"' not in client.get(url(circle)).content.decode()
