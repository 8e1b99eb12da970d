"""Meetings of a circle: who may see and plan them, their calendars, and hostile input.

The matrices below read like docs/architecture.md, "Roles": a closed circle's meetings are
404 for anyone who may not read the circle; facilitators and the coordinators above the
circle plan them.
"""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from leerkring.calendar import feed_user, make_feed_token
from leerkring.calendar_links import make_link, revoke_link
from leerkring.choices import MembershipStatus
from leerkring.models import Meeting, Membership

from .conftest import Circles
from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

ROLES = Circles.ROLES
CLOSED_READERS = {"member", "facilitator", "coordinator"}
MANAGERS = {"facilitator", "coordinator"}
SUBSCRIBERS = {"member", "facilitator", "coordinator"}
VISIBILITIES = ["open", "closed"]


def calendar_matrix():
    return [
        pytest.param(role, visibility, id=f"{role}-{visibility}")
        for role in ROLES
        for visibility in VISIBILITIES
    ]


def circle_of(circles, visibility):
    return circles.open_circle if visibility == "open" else circles.closed_circle


def url(circle, route, *args):
    return circle.url + circle.reverse_subpage(route, args=list(args))


def valid_data(**overrides):
    data = {
        "title": "Warmtevisie: wat nu?",
        "starts_at": "2030-03-05T19:30",
        "ends_at": "2030-03-05T21:30",
        "location": "Dorpshuis De Kuil, Tilburg",
        "online_url": "",
        "agenda": "1. Kennismaken\n2. Wat werkte in de wijk?",
    }
    data.update(overrides)
    return data


def expected_read(role, visibility):
    if visibility == "open" or role in CLOSED_READERS:
        return 200
    return 404


def expected_manage(role, visibility, success=200):
    if role == "anonymous":
        return 302
    if role in MANAGERS:
        return success
    return 403 if expected_read(role, visibility) == 200 else 404


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)
    assert "next=" in response["Location"]


def parse_ics(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


# Who may do what: every view, every role, open and closed circle.


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_meeting_list_by_role(client, circles, role, visibility):
    circle = circle_of(circles, visibility)
    MeetingFactory(circle=circle, title="Keukentafelgesprek")
    response = circles.login(client, role).get(url(circle, "meeting_list"))
    assert response.status_code == expected_read(role, visibility)
    assert (b"Keukentafelgesprek" in response.content) == (response.status_code == 200)


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_meeting_detail_by_role(client, circles, role, visibility):
    circle = circle_of(circles, visibility)
    meeting = MeetingFactory(circle=circle, agenda="Geheime agenda")
    response = circles.login(client, role).get(url(circle, "meeting", meeting.pk))
    assert response.status_code == expected_read(role, visibility)
    assert (b"Geheime agenda" in response.content) == (response.status_code == 200)


@pytest.mark.parametrize(("role", "visibility"), calendar_matrix())
def test_meeting_ics_by_role(client, circles, role, visibility):
    circle = circle_of(circles, visibility)
    meeting = MeetingFactory(circle=circle)
    response = circles.login(client, role).get(url(circle, "meeting_ics", meeting.pk))
    assert response.status_code == expected_read(role, visibility)
    if response.status_code == 200:
        assert len(parse_ics(response).walk("VEVENT")) == 1


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_meeting_create_form_by_role(client, circles, role, visibility):
    circle = circle_of(circles, visibility)
    response = circles.login(client, role).get(url(circle, "meeting_create"))
    assert response.status_code == expected_manage(role, visibility)
    if role == "anonymous":
        assert_login_redirect(response)


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_meeting_create_post_by_role(client, circles, role, visibility):
    circle = circle_of(circles, visibility)
    response = circles.login(client, role).post(url(circle, "meeting_create"), valid_data())
    assert response.status_code == expected_manage(role, visibility, success=303)
    created = Meeting.objects.filter(circle=circle)
    if role in MANAGERS:
        meeting = created.get()
        assert response["Location"] == url(circle, "meeting", meeting.pk)
        assert meeting.created_by == circles.users[role]
    else:
        assert not created.exists()


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_meeting_edit_form_by_role(client, circles, role, visibility):
    circle = circle_of(circles, visibility)
    meeting = MeetingFactory(circle=circle)
    response = circles.login(client, role).get(url(circle, "meeting_edit", meeting.pk))
    assert response.status_code == expected_manage(role, visibility)
    if role == "anonymous":
        assert_login_redirect(response)


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_meeting_edit_post_by_role(client, circles, role, visibility):
    circle = circle_of(circles, visibility)
    meeting = MeetingFactory(circle=circle, title="Oude titel")
    response = circles.login(client, role).post(
        url(circle, "meeting_edit", meeting.pk), valid_data(title="Nieuwe titel")
    )
    assert response.status_code == expected_manage(role, visibility, success=303)
    meeting.refresh_from_db()
    assert meeting.title == ("Nieuwe titel" if role in MANAGERS else "Oude titel")


@pytest.mark.parametrize(("role", "visibility"), calendar_matrix())
def test_calendar_feed_by_role(client, circles, role, visibility):
    """The feed knows its reader by the token alone; the calendar app sends no session."""
    circle = circle_of(circles, visibility)
    MeetingFactory(circle=circle)
    token = "not-a-token" if role == "anonymous" else make_feed_token(circle, circles.users[role])
    response = client.get(url(circle, "calendar_feed", token))
    assert response.status_code == (200 if role in SUBSCRIBERS else 404)


@pytest.mark.parametrize(("role", "visibility"), calendar_matrix())
def test_circle_page_offers_the_own_calendar_link_to_subscribers(client, circles, role, visibility):
    """Members find the circle in their own calendar link; a coordinator who reads along
    gets the circle's part of theirs. Nobody else is offered a feed of the circle."""
    circle = circle_of(circles, visibility)
    MeetingFactory(circle=circle, title="Keukentafelgesprek")
    if role != "anonymous":
        make_link(circles.users[role])
    page = circles.login(client, role).get(circle.url)
    assert page.status_code == 200
    offer = page.context.get("calendar")
    if role not in SUBSCRIBERS:
        assert offer is None
        assert "/agenda/" not in page.content.decode()
        return
    assert offer["url"].startswith("http://testserver/agenda/")
    assert offer["webcal_url"] == "webcal://" + offer["url"].removeprefix("http://")
    assert offer["webcal_url"] in page.content.decode()
    assert ("?kring=" in offer["url"]) == (role == "coordinator")
    parts = urlsplit(offer["url"])
    feed = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    assert feed.status_code == 200
    assert "Keukentafelgesprek" in feed.content.decode()


def test_circle_page_sends_a_member_without_a_link_to_the_profile(client, circles):
    page = circles.login(client, "member").get(circles.closed_circle.url)
    assert page.context["calendar"] == {
        "in_own_calendar": True,
        "profile_url": "/accounts/profiel/#agenda",
    }
    assert 'href="/accounts/profiel/#agenda"' in page.content.decode()


def test_anonymous_is_sent_to_login_before_unknown_meeting_is_looked_up(client, circles):
    response = client.get(url(circles.closed_circle, "meeting_edit", 999_999))
    assert_login_redirect(response)


# Calendars


@pytest.fixture
def rich_meeting(circles):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=10)
    return MeetingFactory(
        circle=circles.closed_circle,
        title="Wijkaanpak, deel 2",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2, minutes=30),
        location="Dorpshuis De Kuil, Tilburg",
        online_url="https://meet.example.org/wijkaanpak",
        agenda="1. Kennismaken, koffie\n2. Warmtevisie; wat nu?",
    )


def test_meeting_ics_has_the_meeting(client, circles, rich_meeting):
    circle = circles.closed_circle
    response = circles.login(client, "member").get(url(circle, "meeting_ics", rich_meeting.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="wijkaanpak-deel-2.ics"' in response["Content-Disposition"]
    cal = parse_ics(response)
    assert str(cal["version"]) == "2.0"
    assert cal["prodid"]
    (event,) = cal.walk("VEVENT")
    assert str(event["uid"]) == f"meeting-{rich_meeting.pk}@testserver"
    assert str(event["summary"]) == "Wijkaanpak, deel 2"
    assert event.decoded("dtstart") == rich_meeting.starts_at
    assert event.decoded("dtend") == rich_meeting.ends_at
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert "Dorpshuis De Kuil, Tilburg" in str(event["location"])
    assert "https://meet.example.org/wijkaanpak" in str(event["location"])
    assert str(event["description"]) == rich_meeting.agenda
    assert str(event["url"]) == "http://testserver" + url(circle, "meeting", rich_meeting.pk)
    assert "dtstamp" in event


def test_meeting_ics_escapes_text_and_gives_utc_times(client, circles, rich_meeting):
    circle = circles.closed_circle
    response = circles.login(client, "member").get(url(circle, "meeting_ics", rich_meeting.pk))
    # Unfold the content lines before looking for values.
    raw = response.content.decode().replace("\r\n ", "")
    assert "SUMMARY:Wijkaanpak\\, deel 2\r\n" in raw
    assert "DESCRIPTION:1. Kennismaken\\, koffie\\n2. Warmtevisie\\; wat nu?\r\n" in raw
    assert f"DTSTART:{rich_meeting.starts_at.astimezone(UTC):%Y%m%dT%H%M%S}Z\r\n" in raw
    assert f"DTEND:{rich_meeting.ends_at.astimezone(UTC):%Y%m%dT%H%M%S}Z\r\n" in raw


def test_feed_has_one_event_per_meeting_of_the_circle(client, circles, rich_meeting):
    circle = circles.closed_circle
    held = MeetingFactory(
        circle=circle,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=2),
        report="We spraken af om de warmtevisie samen te lezen.",
    )
    later = MeetingFactory(circle=circle, starts_at=timezone.now() + timedelta(days=60))
    MeetingFactory(circle=circles.open_circle, title="Andere kring")
    response = client.get(
        url(circle, "calendar_feed", make_feed_token(circle, circles.users["member"]))
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    cal = parse_ics(response)
    assert str(cal["x-wr-calname"]) == circle.title
    uids = sorted(str(event["uid"]) for event in cal.walk("VEVENT"))
    assert uids == sorted(f"meeting-{m.pk}@testserver" for m in (rich_meeting, held, later))


def test_feed_and_download_share_the_uid(client, circles, rich_meeting):
    circle = circles.closed_circle
    circles.login(client, "member")
    download = parse_ics(client.get(url(circle, "meeting_ics", rich_meeting.pk)))
    token = make_feed_token(circle, circles.users["member"])
    feed = parse_ics(client.get(url(circle, "calendar_feed", token)))
    assert download.walk("VEVENT")[0]["uid"] == feed.walk("VEVENT")[0]["uid"]


# Feed tokens


def feed_address(circle, user):
    return url(circle, "calendar_feed", make_feed_token(circle, user))


def test_feed_with_valid_token(client, circles):
    circle = circles.closed_circle
    response = client.get(feed_address(circle, circles.users["facilitator"]))
    assert response.status_code == 200
    assert len(parse_ics(response).walk("VCALENDAR")) == 1


def test_feed_with_tampered_token_is_404(client, circles):
    circle = circles.closed_circle
    token = make_feed_token(circle, circles.users["member"])
    assert client.get(url(circle, "calendar_feed", token)).status_code == 200
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(url(circle, "calendar_feed", tampered)).status_code == 404
    assert client.get(url(circle, "calendar_feed", token + "x")).status_code == 404


def test_feed_with_forged_user_is_404(client, circles):
    """The member's signature does not carry over to another user's id."""
    circle = circles.closed_circle
    member, outsider = circles.users["member"], circles.users["outsider"]
    # The signature itself may contain "-"; the two ids before it never do.
    signature = make_feed_token(circle, member).split("-", 2)[2]
    assert (
        client.get(url(circle, "calendar_feed", f"{circle.pk}-{member.pk}-{signature}")).status_code
        == 200
    )
    forged = f"{circle.pk}-{outsider.pk}-{signature}"
    assert client.get(url(circle, "calendar_feed", forged)).status_code == 404


def test_feed_token_signed_without_the_feed_salt_is_404(client, circles):
    circle = circles.closed_circle
    member = circles.users["member"]
    assert client.get(feed_address(circle, member)).status_code == 200
    value = f"{circle.pk}-{member.pk}"
    token = f"{value}-{signing.Signer().signature(value)}"
    assert client.get(url(circle, "calendar_feed", token)).status_code == 404


def test_feed_token_for_another_circle_is_404(client, circles):
    member = circles.users["member"]  # a member of both circles
    token = make_feed_token(circles.open_circle, member)
    assert client.get(url(circles.open_circle, "calendar_feed", token)).status_code == 200
    assert client.get(url(circles.closed_circle, "calendar_feed", token)).status_code == 404


@pytest.mark.parametrize("status", [MembershipStatus.LEFT, MembershipStatus.REMOVED])
def test_feed_of_member_who_left_is_404(client, circles, status):
    circle = circles.closed_circle
    member = circles.users["member"]
    feed = feed_address(circle, member)
    assert client.get(feed).status_code == 200
    Membership.objects.filter(circle=circle, user=member).update(status=status)
    assert client.get(feed).status_code == 404


def test_feed_of_deactivated_account_is_404(client, circles):
    circle = circles.closed_circle
    member = circles.users["member"]
    feed = feed_address(circle, member)
    assert client.get(feed).status_code == 200
    member.is_active = False
    member.save()
    assert client.get(feed).status_code == 404


def test_old_circle_feed_stops_once_a_personal_link_is_made(client, circles):
    """An old per-circle address cannot be revoked by itself: making the personal link (or
    revoking it afterwards) is what stops it, and it never comes back."""
    circle = circles.closed_circle
    member = circles.users["member"]
    feed = feed_address(circle, member)
    assert client.get(feed).status_code == 200
    link, _made = make_link(member)
    assert client.get(feed).status_code == 404
    revoke_link(member, link.pk)
    assert client.get(feed).status_code == 404
    make_link(member)
    assert client.get(feed).status_code == 404
    # Other people's old addresses are theirs to stop.
    assert client.get(feed_address(circle, circles.users["facilitator"])).status_code == 200


def test_feed_token_fits_in_a_wagtail_address(circles):
    """Wagtail serves page addresses of letters, digits, "-" and "_" only."""
    token = make_feed_token(circles.closed_circle, circles.users["member"])
    assert re.fullmatch(r"[\w-]+", token, re.ASCII)
    assert feed_user(circles.closed_circle, token) == circles.users["member"]
    assert feed_user(circles.open_circle, token) is None


# The form: planning, reporting, and hostile input


def test_facilitator_plans_a_meeting_in_dutch_time(client, circles):
    circle = circles.closed_circle
    circles.login(client, "facilitator")
    response = client.post(
        url(circle, "meeting_create"), valid_data(), follow=True, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200
    meeting = Meeting.objects.get(circle=circle)
    # 19:30 on 5 March is CET (UTC+1).
    assert meeting.starts_at == datetime(2030, 3, 5, 18, 30, tzinfo=UTC)
    assert meeting.ends_at == datetime(2030, 3, 5, 20, 30, tzinfo=UTC)
    assert "The meeting has been planned." in [str(m) for m in response.context["messages"]]


def test_edit_form_shows_local_times_in_datetime_local_inputs(client, circles):
    circle = circles.closed_circle
    meeting = MeetingFactory(
        circle=circle,
        starts_at=datetime(2030, 7, 1, 17, 0, tzinfo=UTC),
        ends_at=datetime(2030, 7, 1, 19, 0, tzinfo=UTC),
    )
    response = circles.login(client, "facilitator").get(url(circle, "meeting_edit", meeting.pk))
    content = response.content.decode()
    assert 'type="datetime-local"' in content
    assert 'value="2030-07-01T19:00"' in content  # CEST, UTC+2


def test_report_is_written_afterwards_and_shown_escaped(client, circles):
    circle = circles.closed_circle
    start = timezone.now() - timedelta(days=3)
    meeting = MeetingFactory(circle=circle, starts_at=start, ends_at=start + timedelta(hours=2))
    circles.login(client, "facilitator")
    assert "report" not in client.get(url(circle, "meeting_create")).context["form"].fields
    data = valid_data(
        title=meeting.title,
        starts_at=timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        report="Afspraak: <b>samen</b> de warmtevisie lezen.\n\nVolgende keer: Tilburg.",
    )
    response = client.post(url(circle, "meeting_edit", meeting.pk), data)
    assert response.status_code == 303
    meeting.refresh_from_db()
    assert meeting.report.startswith("Afspraak:")
    page = circles.login(client, "member").get(url(circle, "meeting", meeting.pk))
    content = page.content.decode()
    assert "&lt;b&gt;samen&lt;/b&gt;" in content
    assert "<p>Volgende keer: Tilburg.</p>" in content
    listing = client.get(url(circle, "meeting_list"), headers={"Accept-Language": "en"})
    listing = listing.content.decode()
    assert "Report available" in listing


def test_empty_form_is_shown_again_with_errors(client, circles):
    circle = circles.open_circle
    response = circles.login(client, "facilitator").post(url(circle, "meeting_create"), {})
    assert response.status_code == 200
    form = response.context["form"]
    assert {"title", "starts_at", "ends_at"} <= set(form.errors)
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_agenda_over_max_length_is_refused_and_input_kept(client, circles):
    circle = circles.open_circle
    data = valid_data(title="Bewaar mij", agenda="x" * 10_001)
    response = circles.login(client, "facilitator").post(url(circle, "meeting_create"), data)
    assert response.status_code == 200
    assert "agenda" in response.context["form"].errors
    assert 'value="Bewaar mij"' in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "t" * 201),
        ("location", "p" * 301),
        ("online_url", "https://meet.example.org/" + "a" * 500),
        ("report", "r" * 50_001),
    ],
)
def test_overlong_fields_are_refused(client, circles, field, value):
    circle = circles.open_circle
    meeting = MeetingFactory(circle=circle, title="Ongewijzigd")
    data = valid_data(report="")
    data[field] = value
    response = circles.login(client, "facilitator").post(
        url(circle, "meeting_edit", meeting.pk), data
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.title == "Ongewijzigd"


def test_end_before_start_is_an_error_on_the_end(client, circles):
    circle = circles.open_circle
    data = valid_data(starts_at="2030-03-05T19:30", ends_at="2030-03-05T18:00")
    response = circles.login(client, "facilitator").post(url(circle, "meeting_create"), data)
    assert response.status_code == 200
    assert "ends_at" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_neither_place_nor_link_is_an_error(client, circles):
    circle = circles.open_circle
    data = valid_data(location="", online_url="")
    response = circles.login(client, "facilitator").post(url(circle, "meeting_create"), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/agenda",
    ],
)
def test_online_link_must_be_a_web_address(client, circles, link):
    circle = circles.open_circle
    data = valid_data(online_url=link)
    response = circles.login(client, "facilitator").post(url(circle, "meeting_create"), data)
    assert response.status_code == 200
    assert len(response.context["form"].errors["online_url"]) == 1
    assert not Meeting.objects.exists()


def test_online_link_without_scheme_becomes_https(client, circles):
    circle = circles.open_circle
    data = valid_data(location="", online_url="meet.example.org/kring")
    response = circles.login(client, "facilitator").post(url(circle, "meeting_create"), data)
    assert response.status_code == 303
    assert Meeting.objects.get().online_url == "https://meet.example.org/kring"


def test_script_in_title_and_agenda_is_shown_escaped(client, circles):
    circle = circles.open_circle
    data = valid_data(title="<script>alert(1)</script>", agenda="<script>alert(2)</script>")
    response = circles.login(client, "facilitator").post(url(circle, "meeting_create"), data)
    assert response.status_code == 303
    meeting = Meeting.objects.get()
    for address in (url(circle, "meeting", meeting.pk), url(circle, "meeting_list")):
        content = client.get(address).content.decode()
        assert "<script>alert" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    detail = client.get(url(circle, "meeting", meeting.pk)).content.decode()
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in detail


@pytest.mark.parametrize("route", ["meeting", "meeting_edit", "meeting_ics"])
def test_unknown_meeting_is_404(client, circles, route):
    circles.login(client, "facilitator")
    assert client.get(url(circles.open_circle, route, 999_999)).status_code == 404


@pytest.mark.parametrize("route", ["meeting", "meeting_edit", "meeting_ics"])
def test_meeting_of_another_circle_is_404(client, circles, route):
    # The facilitator runs both circles, so only the circle in the address can refuse.
    meeting = MeetingFactory(circle=circles.closed_circle, title="Elders gepland")
    circles.login(client, "facilitator")
    assert client.get(url(circles.closed_circle, route, meeting.pk)).status_code == 200
    assert client.get(url(circles.open_circle, route, meeting.pk)).status_code == 404


def test_edit_post_cannot_move_a_meeting_to_another_circle(client, circles):
    meeting = MeetingFactory(circle=circles.closed_circle, title="Blijf hier")
    circles.login(client, "facilitator")
    response = client.post(
        url(circles.open_circle, "meeting_edit", meeting.pk), valid_data(title="Verplaatst")
    )
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert (meeting.circle_id, meeting.title) == (circles.closed_circle.pk, "Blijf hier")


# The list page


def test_list_splits_upcoming_and_past_with_dutch_dates(client, circles):
    circle = circles.open_circle
    MeetingFactory(
        circle=circle,
        title="Komt nog",
        starts_at=datetime(2099, 3, 5, 18, 30, tzinfo=UTC),
        ends_at=datetime(2099, 3, 5, 20, 30, tzinfo=UTC),
        online_url="https://meet.example.org/x",
    )
    start = timezone.now() - timedelta(days=7)
    MeetingFactory(
        circle=circle, title="Geweest", starts_at=start, ends_at=start + timedelta(hours=1)
    )
    response = client.get(url(circle, "meeting_list"), HTTP_ACCEPT_LANGUAGE="nl")
    content = response.content.decode()
    upcoming, past = content.split('id="past-heading"')
    assert "Komt nog" in upcoming and "Geweest" in past
    assert "donderdag 5 maart 2099, 19:30" in upcoming
    assert "21:30" in upcoming


def test_list_queries_do_not_grow_with_meetings(client, circles, django_assert_max_num_queries):
    circle = circles.closed_circle
    now = timezone.now()

    def add(count):
        for i in range(count):
            start = now + timedelta(days=i + 1) if i % 2 else now - timedelta(days=i + 1)
            MeetingFactory(
                circle=circle,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                report="Verslag" if i % 3 == 0 else "",
                online_url="https://meet.example.org/k" if i % 4 == 0 else "",
            )

    circles.login(client, "facilitator")
    add(2)
    client.get(url(circle, "meeting_list"))  # warm caches shared by every page (site root paths)
    with CaptureQueriesContext(connection) as with_two:
        assert client.get(url(circle, "meeting_list")).status_code == 200
    add(28)
    with django_assert_max_num_queries(len(with_two.captured_queries)):
        response = client.get(url(circle, "meeting_list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="meeting-list__item"') == 30


@pytest.mark.parametrize(
    ("role", "sees_link"), [("anonymous", False), ("outsider", False), ("member", True)]
)
def test_online_link_of_an_open_circle_is_for_members_only(client, circles, role, sees_link):
    circle = circles.open_circle
    meeting = MeetingFactory(circle=circle, online_url="https://meet.example.org/kring-geheim")
    circles.login(client, role)

    page = client.get(circle.url + circle.reverse_subpage("meeting", args=[meeting.pk]))
    download = client.get(circle.url + circle.reverse_subpage("meeting_ics", args=[meeting.pk]))

    assert page.status_code == download.status_code == 200
    assert ("kring-geheim" in page.content.decode()) is sees_link
    unfolded = download.content.decode().replace("\r\n ", "")  # iCalendar folds long lines
    assert ("kring-geheim" in unfolded) is sees_link
