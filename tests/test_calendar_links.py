"""A person's own calendar link: one feed for all their circles, behind a secret address that
they can replace or revoke on their profile page (docs/architecture.md, "Calendars").

The feed is fetched without a session, as calendar apps do: the address alone says whose it
is, and the access policy decides on every fetch which circles' meetings are in it.
"""

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import vobject
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from leerkring import privacy
from leerkring.access import CircleAccess
from leerkring.calendar import may_subscribe
from leerkring.calendar_links import active_link, feed_url, link_token, make_link
from leerkring.choices import CircleVisibility, MembershipStatus
from leerkring.models import CalendarLink, Membership

from .conftest import Circles
from .factories import LearningCirclePageFactory, MeetingFactory, MembershipFactory, UserFactory
from .test_hostile_input import HOSTILE_VALUES

pytestmark = pytest.mark.django_db

PROFILE_URL = "/accounts/profiel/"
ACTION_URL = "/accounts/profiel/agenda/"


def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def signed_in(user, **kwargs):
    client = english(Client(**kwargs))
    client.force_login(user)
    return client


def path_of(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def fetch(url):
    """As a calendar app: no session, no cookies."""
    return Client().get(path_of(url))


def summaries(response):
    assert response.status_code == 200
    return sorted(
        str(event["summary"]) for event in Calendar.from_ical(response.content).walk("VEVENT")
    )


def in_days(days, **fields):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return {"starts_at": starts, "ends_at": starts + timedelta(hours=2), **fields}


@pytest.fixture
def meetings(circles):
    """One meeting in each circle of the world, named after it."""
    return {
        name: MeetingFactory(
            circle=getattr(circles, name), title=f"Bijeenkomst {name}", **in_days(7)
        )
        for name in ("open_circle", "closed_circle", "elsewhere_circle")
    }


def feed_of(user, circle=None):
    link, _made = make_link(user)
    return feed_url(link, circle)


# The feed


def test_feed_parses_with_icalendar_and_vobject(circles, meetings):
    member = circles.users["member"]
    MeetingFactory(
        circle=circles.closed_circle,
        title="Wijkaanpak, deel 2; met koffie",
        agenda="1. Kennismaken\n2. Warmtevisie",
        online_url="https://meet.example.org/wijk",
        **in_days(14),
    )
    response = fetch(feed_of(member))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Content-Disposition"].startswith("inline;")

    cal = Calendar.from_ical(response.content)
    assert str(cal["x-wr-calname"]).startswith(settings.WAGTAIL_SITE_NAME + ": ")
    assert str(cal["name"]) == str(cal["x-wr-calname"])
    assert cal["refresh-interval"].dt == timedelta(hours=6)
    events = {str(event["summary"]): event for event in cal.walk("VEVENT")}
    assert set(events) == {
        "Bijeenkomst open_circle",
        "Bijeenkomst closed_circle",
        "Wijkaanpak, deel 2; met koffie",
    }
    rich = events["Wijkaanpak, deel 2; met koffie"]
    assert "https://meet.example.org/wijk" in str(rich["location"])  # a member's feed
    assert str(rich["url"]).startswith("http://testserver" + circles.closed_circle.url)

    parsed = vobject.readOne(response.content.decode())
    assert parsed.name == "VCALENDAR"
    assert sorted(event.summary.value for event in parsed.vevent_list) == sorted(events)
    assert {event.uid.value for event in parsed.vevent_list} == {
        str(event["uid"]) for event in events.values()
    }


def test_the_feed_and_the_download_share_the_uid(circles, meetings):
    """The same meeting is the same event in every calendar, so apps update it in place."""
    member = circles.users["member"]
    meeting = meetings["closed_circle"]
    circle = circles.closed_circle
    download = signed_in(member).get(
        circle.url + circle.reverse_subpage("meeting_ics", args=[meeting.pk])
    )
    (downloaded,) = Calendar.from_ical(download.content).walk("VEVENT")
    fed = {
        str(event["summary"]): event
        for event in Calendar.from_ical(fetch(feed_of(member)).content).walk("VEVENT")
    }
    assert fed[meeting.title]["uid"] == downloaded["uid"]
    assert fed[meeting.title].to_ical() == downloaded.to_ical()


@pytest.mark.parametrize("role", [role for role in Circles.ROLES if role != "anonymous"])
def test_feed_holds_the_circles_the_person_takes_part_in(circles, meetings, role):
    """Of every role, the meetings of exactly those circles they take part in: nothing of a
    closed circle they do not belong to, and the policy agrees with every one."""
    user = circles.users[role]
    expected = set()
    for name in ("open_circle", "closed_circle", "elsewhere_circle"):
        circle = getattr(circles, name)
        access = CircleAccess(user, circle)
        if access.is_member:
            assert may_subscribe(user, circle, access)
            expected.add(f"Bijeenkomst {name}")
    assert set(summaries(fetch(feed_of(user)))) == expected


def test_leaving_a_circle_takes_its_meetings_out_at_once(circles, meetings):
    member = circles.users["member"]
    url = feed_of(member)
    assert "Bijeenkomst closed_circle" in summaries(fetch(url))
    Membership.objects.filter(user=member, circle=circles.closed_circle).update(
        status=MembershipStatus.LEFT
    )
    assert summaries(fetch(url)) == ["Bijeenkomst open_circle"]


def test_a_circle_taken_offline_or_behind_a_view_restriction_is_left_out(circles, meetings):
    member = circles.users["member"]
    url = feed_of(member)
    circles.open_circle.unpublish()
    assert summaries(fetch(url)) == ["Bijeenkomst closed_circle"]
    # A calendar app cannot pass a password or a login, so neither does the feed.
    PageViewRestriction.objects.create(
        page=circles.region, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert summaries(fetch(url)) == []


def test_past_meetings_of_the_last_three_months_and_everything_to_come(circles):
    member = circles.users["member"]
    circle = circles.open_circle
    MeetingFactory(circle=circle, title="Lang geleden", **in_days(-120))
    MeetingFactory(circle=circle, title="Vorige maand", **in_days(-30))
    MeetingFactory(circle=circle, title="Volgend jaar", **in_days(400))
    assert summaries(fetch(feed_of(member))) == ["Volgend jaar", "Vorige maand"]


def test_a_person_in_no_circle_gets_an_empty_calendar(circles, meetings):
    response = fetch(feed_of(circles.users["outsider"]))
    assert response.status_code == 200
    cal = vobject.readOne(response.content.decode())
    assert not hasattr(cal, "vevent")


# One circle of the feed (?kring=)


def test_a_coordinator_follows_a_circle_they_read_along(circles, meetings):
    coordinator = circles.users["coordinator"]
    assert summaries(fetch(feed_of(coordinator))) == []  # takes part in none
    closed = fetch(feed_of(coordinator, circles.closed_circle))
    assert summaries(closed) == ["Bijeenkomst closed_circle"]
    assert str(Calendar.from_ical(closed.content)["x-wr-calname"]) == circles.closed_circle.title


def test_a_member_can_take_one_circle_of_their_own(circles, meetings):
    url = feed_of(circles.users["member"], circles.open_circle)
    assert summaries(fetch(url)) == ["Bijeenkomst open_circle"]


@pytest.mark.parametrize("kring", HOSTILE_VALUES)
def test_an_impossible_circle_is_404(circles, kring):
    link, _made = make_link(circles.users["member"])
    client = Client(raise_request_exception=False)
    assert client.get(path_of(feed_url(link)), {"kring": kring}).status_code == 404


def test_a_circle_the_person_may_not_follow_is_404(circles, meetings):
    outsider = circles.users["outsider"]
    assert fetch(feed_of(outsider, circles.closed_circle)).status_code == 404
    # The other region's coordinator reads nothing in this one.
    assert (
        fetch(feed_of(circles.users["other_coordinator"], circles.closed_circle)).status_code == 404
    )
    # Someone who left is a visitor again, and an open circle's feed is for those who take part.
    member = circles.users["member"]
    url = feed_of(member, circles.open_circle)
    Membership.objects.filter(user=member, circle=circles.open_circle).update(
        status=MembershipStatus.REMOVED
    )
    assert fetch(url).status_code == 404
    assert fetch(feed_of(outsider, circles.network)).status_code == 404  # not a circle


# The address


def test_a_tampered_or_unknown_address_is_404(circles, meetings):
    member, facilitator = circles.users["member"], circles.users["facilitator"]
    link, _made = make_link(member)
    other, _made = make_link(facilitator)
    token = link_token(link)
    assert fetch(feed_url(link)).status_code == 200
    link_id, signature = token.split("-", 1)
    other_signature = link_token(other).split("-", 1)[1]
    for bad in (
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token + "x",
        token[:-1],
        f"{other.pk}-{signature}",  # the member's secret on someone else's link
        f"{link_id}-{other_signature}",
        f"999999-{signature}",
        "0-" + "A" * 43,
        "9" * 30 + "-" + signature,
        "nothing",
        link.seed,  # the stored seed is not the address
    ):
        assert Client().get(f"/agenda/{bad}.ics").status_code == 404, bad
    assert Client().get(f"/agenda/{token}/").status_code == 404
    assert Client().get(f"/agenda/{token}", follow=True).status_code == 404


def test_the_address_is_made_of_address_friendly_characters(circles):
    link, _made = make_link(circles.users["member"])
    assert re.fullmatch(r"[0-9]+-[A-Za-z0-9_-]{43}", link_token(link))
    assert feed_url(link) == f"http://testserver/agenda/{link_token(link)}.ics"


def test_a_deactivated_account_has_no_feed(circles, meetings):
    member = circles.users["member"]
    url = feed_of(member)
    assert fetch(url).status_code == 200
    member.is_active = False
    member.save()
    assert fetch(url).status_code == 404


def test_only_get_and_head(circles, meetings):
    url = path_of(feed_of(circles.users["member"]))
    assert Client().head(url).status_code == 200
    assert Client().post(url).status_code == 405


# The profile page


def test_the_profile_offers_to_make_the_link_and_viewing_makes_none(circles):
    member = circles.users["member"]
    client = signed_in(member)
    page = client.get(PROFILE_URL)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="agenda"' in text
    assert "Put all your meetings in your own calendar app." in text
    assert 'value="make"' in text
    assert not re.search(r"/agenda/[0-9]+-", text)
    assert not CalendarLink.objects.filter(user=member).exists()


def test_making_the_link_shows_it_to_its_owner_only(circles, meetings):
    member = circles.users["member"]
    client = signed_in(member)
    response = client.post(ACTION_URL, {"action": "make"})
    assert response.status_code == 303
    assert response["Location"] == PROFILE_URL + "#agenda"

    page = client.get(PROFILE_URL)
    text = page.content.decode()
    link = active_link(member)
    url = feed_url(link)
    assert f'value="{url}"' in text and "readonly" in text
    assert 'href="webcal://testserver/agenda/' in text
    assert "Your calendar link is ready." in text
    assert 'value="renew"' in text and 'value="revoke"' in text
    assert f'name="link" value="{link.pk}"' in text
    assert "Bijeenkomst closed_circle" in summaries(fetch(url))

    other = signed_in(circles.users["facilitator"]).get(PROFILE_URL).content.decode()
    assert link_token(link) not in other


def test_a_new_link_works_and_the_old_one_does_not(circles, meetings):
    member = circles.users["member"]
    client = signed_in(member)
    client.post(ACTION_URL, {"action": "make"})
    old = active_link(member)
    old_url = feed_url(old)

    response = client.post(ACTION_URL, {"action": "renew", "link": old.pk}, follow=True)
    new = active_link(member)
    assert new.pk != old.pk
    assert fetch(old_url).status_code == 404
    assert fetch(feed_url(new)).status_code == 200
    text = response.content.decode()
    assert "The old link no longer works" in text
    assert feed_url(new) in text and old_url not in text


def test_the_section_itself_says_what_the_button_did_once(circles):
    """The page opens at the section after a button, so that is where it is said."""
    member = circles.users["member"]
    client = signed_in(member)
    client.post(ACTION_URL, {"action": "make"})
    link = active_link(member)
    page = client.post(ACTION_URL, {"action": "renew", "link": link.pk}, follow=True)
    section = page.content.decode().split('id="agenda"', 1)[1]
    assert 'role="status">Your new calendar link is ready. The old link no longer works' in section
    assert "The old link no longer works" not in client.get(PROFILE_URL).content.decode()


def test_a_replayed_new_link_changes_nothing(circles, meetings):
    """Sent twice (a double click, a reload, the browser's history), "Make a new link" does
    not replace the link the first one made, which may already be in the calendar app."""
    member = circles.users["member"]
    client = signed_in(member)
    client.post(ACTION_URL, {"action": "make"})
    old = active_link(member)
    client.post(ACTION_URL, {"action": "renew", "link": old.pk})
    new = active_link(member)

    replay = client.post(ACTION_URL, {"action": "renew", "link": old.pk}, follow=True)
    assert replay.status_code == 200
    assert "nothing was changed" in replay.content.decode()
    assert active_link(member) == new
    assert fetch(feed_url(new)).status_code == 200

    client.post(ACTION_URL, {"action": "make"})  # "make" again: the same link
    assert active_link(member) == new
    assert CalendarLink.objects.filter(user=member).count() == 1


def test_revoking_stops_the_link_and_a_replay_does_not_revoke_the_next(circles, meetings):
    member = circles.users["member"]
    client = signed_in(member)
    client.post(ACTION_URL, {"action": "make"})
    first = active_link(member)
    first_url = feed_url(first)

    response = client.post(ACTION_URL, {"action": "revoke", "link": first.pk}, follow=True)
    assert "has been revoked" in response.content.decode()
    assert fetch(first_url).status_code == 404
    assert active_link(member) is None
    assert 'value="make"' in response.content.decode()

    client.post(ACTION_URL, {"action": "make"})
    second = active_link(member)
    assert fetch(feed_url(second)).status_code == 200
    assert fetch(first_url).status_code == 404  # a revoked address never comes back
    client.post(ACTION_URL, {"action": "revoke", "link": first.pk})  # an old revoke, replayed
    assert active_link(member) == second
    assert fetch(feed_url(second)).status_code == 200


def test_nobody_changes_someone_elses_link(circles, meetings):
    member, facilitator = circles.users["member"], circles.users["facilitator"]
    theirs, _made = make_link(facilitator)
    client = signed_in(member)
    for action in ("renew", "revoke"):
        client.post(ACTION_URL, {"action": action, "link": theirs.pk})
    assert active_link(facilitator) == theirs
    assert active_link(member) is None
    assert fetch(feed_url(theirs)).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "delete"},
        {"action": "make\x00"},
        {"action": "x" * 10_000},
        {"action": "<script>alert(1)</script>"},
    ],
)
def test_an_unknown_button_is_400_and_changes_nothing(circles, data):
    member = circles.users["member"]
    link, _made = make_link(member)
    response = signed_in(member).post(ACTION_URL, data)
    assert response.status_code == 400
    assert b"<script>" not in response.content
    assert active_link(member) == link


@pytest.mark.parametrize("link_id", ["", "abc", "0", "9" * 30, "²", "1\x00"])
def test_an_impossible_link_id_changes_nothing(circles, link_id):
    member = circles.users["member"]
    link, _made = make_link(member)
    for action in ("renew", "revoke"):
        response = signed_in(member).post(ACTION_URL, {"action": action, "link": link_id})
        assert response.status_code == 303
    assert active_link(member) == link


def test_the_buttons_need_an_account_and_a_csrf_token(circles):
    member = circles.users["member"]
    response = Client().post(ACTION_URL, {"action": "make"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert signed_in(member).get(ACTION_URL).status_code == 405

    checked = signed_in(member, enforce_csrf_checks=True)
    assert checked.post(ACTION_URL, {"action": "make"}).status_code == 403
    assert not CalendarLink.objects.filter(user=member).exists()


# Personal data


def test_the_export_says_there_is_a_link_but_never_gives_it(circles):
    member = circles.users["member"]
    assert privacy.export(member)["calendar_link"] is None
    link, _made = make_link(member)
    client = signed_in(member)
    response = client.post("/accounts/profiel/gegevens/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    data = json.loads(body)
    assert data["calendar_link"]["works"] is True
    assert data["calendar_link"]["made"]
    text = body.decode()
    assert link.seed not in text
    assert link_token(link).split("-", 1)[1] not in text


def test_deleting_the_account_removes_the_link(circles, meetings):
    user = UserFactory(username="vertrekker")
    MembershipFactory(circle=circles.open_circle, user=user)
    url = feed_of(user)
    assert fetch(url).status_code == 200
    response = signed_in(user).post(
        "/accounts/profiel/verwijderen/", {"password": "secret-password", "replies": "keep"}
    )
    assert response.status_code in (302, 303)
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not CalendarLink.objects.filter(user_id=user.pk).exists()
    assert fetch(url).status_code == 404


# Queries


def test_the_feed_costs_the_same_queries_for_any_number_of_circles_and_meetings(
    circles, django_assert_max_num_queries
):
    member = circles.users["member"]
    MeetingFactory(circle=circles.open_circle, **in_days(3))
    url = path_of(feed_of(member))
    Client().get(url)  # warm what every page shares (the sites' root paths)
    with CaptureQueriesContext(connection) as small:
        assert Client().get(url).status_code == 200
    # Counted now: Django's log of queries keeps only the last 9,000.
    queries = len(small)

    for _ in range(6):
        circle = LearningCirclePageFactory(
            parent=circles.region, visibility=CircleVisibility.CLOSED
        )
        MembershipFactory(circle=circle, user=member)
        for day in range(5):
            MeetingFactory(circle=circle, **in_days(day + 1))
    Client().get(url)
    with django_assert_max_num_queries(queries):
        response = Client().get(url)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 31


def test_one_circle_of_the_feed_costs_the_same_queries_too(circles, django_assert_max_num_queries):
    coordinator = circles.users["coordinator"]
    circle = circles.closed_circle
    MeetingFactory(circle=circle, **in_days(3))
    url = path_of(feed_of(coordinator, circle))
    Client().get(url)
    with CaptureQueriesContext(connection) as small:
        assert Client().get(url).status_code == 200
    # Counted now: Django's log of queries keeps only the last 9,000.
    queries = len(small)
    for day in range(30):
        MeetingFactory(circle=circle, **in_days(day + 4))
    with django_assert_max_num_queries(queries):
        response = Client().get(url)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 31
