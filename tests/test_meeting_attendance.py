"""Who comes to a meeting: answering, the cap and its waiting list, the facilitator's list
and its CSV, the reminders the day before and the notice that the report is there.

The access matrices read like docs/architecture.md, "Roles": members answer; everyone who
may read the circle sees the counts, those who see every member's name also see who comes;
the list of answers is the facilitators' and the coordinators' who read the circle; a
closed circle's meeting is 404 for anyone else.
"""

import csv
import io
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from leerkring import attendance
from leerkring.choices import MembershipStatus
from leerkring.models import (
    Answer,
    Follow,
    Meeting,
    MeetingReminder,
    MeetingResponse,
    Membership,
    NotificationSettings,
)
from leerkring.notifications.meetings import announce_report, send_meeting_reminders
from leerkring.privacy import export

from .conftest import Circles
from .factories import MeetingFactory, MembershipFactory, UserFactory

ROLES = Circles.ROLES
VISIBILITIES = ["open", "closed"]
CLOSED_READERS = {"member", "facilitator", "coordinator"}
MEMBERS = {"member", "facilitator"}
MANAGERS = {"facilitator", "coordinator"}


def matrix():
    return [
        pytest.param(role, visibility, id=f"{role}-{visibility}")
        for role in ROLES
        for visibility in VISIBILITIES
    ]


def circle_of(circles, visibility):
    return circles.open_circle if visibility == "open" else circles.closed_circle


def url(circle, route, *args):
    return circle.url + circle.reverse_subpage(route, args=list(args))


def can_read(role, visibility):
    return visibility == "open" or role in CLOSED_READERS


def answer_as(client, meeting, value):
    return client.post(url(meeting.circle, "meeting_answer", meeting.pk), {"answer": value})


def answers_of(meeting):
    return dict(MeetingResponse.objects.filter(meeting=meeting).values_list("user_id", "answer"))


def member_of(circle, **kwargs):
    return MembershipFactory(circle=circle, **kwargs).user


def admin_edit(meeting, **changes):
    """The meeting's edit address in the admin and its form as it stands, with ``changes``."""
    data = {
        "circle": meeting.circle.pk,
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%d %H:%M"),
        "location": meeting.location,
        "online_url": meeting.online_url,
        "capacity": "" if meeting.capacity is None else str(meeting.capacity),
        "agenda": meeting.agenda,
        "report": meeting.report,
    }
    return f"/admin/leerkring/meeting/edit/{meeting.pk}/", {**data, **changes}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- Answering: who may, and what is kept ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "visibility"), matrix())
def test_answer_by_role(client, circles, role, visibility):
    circle = circle_of(circles, visibility)
    meeting = MeetingFactory(circle=circle)
    circles.login(client, role)

    response = answer_as(client, meeting, "coming")

    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in MEMBERS:
        assert response.status_code == 303
        assert response["Location"].endswith(circle.meeting_path(meeting.pk) + "#aanwezigheid")
    elif can_read(role, visibility):
        assert response.status_code == 403  # coordinators read along, they do not attend
    else:
        assert response.status_code == 404
    expected = {circles.users[role].pk: "coming"} if role in MEMBERS else {}
    assert answers_of(meeting) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "visibility"), matrix())
def test_meeting_page_shows_the_form_to_members_only(client, circles, role, visibility):
    circle = circle_of(circles, visibility)
    meeting = MeetingFactory(circle=circle)
    circles.login(client, role)

    response = client.get(circle.meeting_path(meeting.pk))

    if not can_read(role, visibility):
        assert response.status_code == 404
        return
    content = response.content.decode()
    assert 'id="attendance-heading"' in content  # the counts, for everyone who may read
    assert (url(circle, "meeting_answer", meeting.pk) in content) == (role in MEMBERS)
    assert (url(circle, "meeting_attendees", meeting.pk) in content) == (role in MANAGERS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_names"),
    [("anonymous", False), ("outsider", False), ("member", True), ("coordinator", True)],
)
def test_open_circle_shows_counts_to_all_and_names_to_those_who_see_every_member(
    client, circles, role, sees_names
):
    circle = circles.open_circle
    meeting = MeetingFactory(circle=circle)
    attendance.answer(meeting, circles.users["facilitator"], "coming")
    attendance.answer(meeting, circles.users["member"], "maybe")
    circles.login(client, role)

    content = client.get(circle.meeting_path(meeting.pk)).content.decode()

    assert '<dd id="count-coming">1' in content
    assert '<dd id="count-maybe">1' in content
    facilitator = circles.users["facilitator"]
    assert (escape(facilitator.get_full_name()) in content) == sees_names


@pytest.mark.django_db
def test_changed_answer_replaces_the_old_one_and_a_replay_changes_nothing(client, circles):
    meeting = MeetingFactory(circle=circles.closed_circle)
    member = circles.users["member"]
    circles.login(client, "member")

    assert answer_as(client, meeting, "coming").status_code == 303
    first = MeetingResponse.objects.get(meeting=meeting, user=member)
    assert answer_as(client, meeting, "coming").status_code == 303  # the same form again
    assert MeetingResponse.objects.get(pk=first.pk).answered_at == first.answered_at

    assert answer_as(client, meeting, "no").status_code == 303
    assert answers_of(meeting) == {member.pk: "no"}
    assert MeetingResponse.objects.filter(meeting=meeting).count() == 1

    content = client.get(meeting.circle.meeting_path(meeting.pk)).content.decode()
    assert '<dd id="count-coming">0' in content and '<dd id="count-not-coming">1' in content
    assert 'value="no" aria-pressed="true"' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "posted",
    [
        {"answer": "yes"},
        {"answer": ""},
        {},
        {"answer": "coming" * 10_000},
        {"answer": "<script>alert(1)</script>"},
        {"answer": "waiting"},  # a place in line is given, never asked for
        {"answer": "coming\x00"},
    ],
)
def test_unknown_answer_is_refused_with_a_message(client, circles, posted):
    meeting = MeetingFactory(circle=circles.closed_circle)
    attendance.answer(meeting, circles.users["member"], "maybe")
    circles.login(client, "member")

    response = client.post(url(meeting.circle, "meeting_answer", meeting.pk), posted)

    assert response.status_code == 400
    assert 'id="answer-error"' in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert answers_of(meeting) == {circles.users["member"].pk: "maybe"}  # nothing lost


@pytest.mark.django_db
def test_answer_address_takes_only_a_post(client, circles):
    meeting = MeetingFactory(circle=circles.closed_circle)
    circles.login(client, "member")
    assert client.get(url(meeting.circle, "meeting_answer", meeting.pk)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["meeting_answer", "meeting_attendees", "meeting_attendees_csv"])
def test_meeting_of_another_circle_in_the_address_is_404(client, circles, route):
    elsewhere = MeetingFactory(circle=circles.elsewhere_circle)
    circles.login(client, "facilitator")  # facilitates both circles of the region
    for circle in (circles.open_circle, circles.closed_circle):
        address = url(circle, route, elsewhere.pk)
        response = (
            client.post(address, {"answer": "coming"})
            if route == "meeting_answer"
            else (client.get(address))
        )
        assert response.status_code == 404
    assert not MeetingResponse.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["meeting_answer", "meeting_attendees", "meeting_attendees_csv"])
def test_unknown_meeting_is_404(client, circles, route):
    circles.login(client, "facilitator")
    for meeting_id in (999_999, 2**31 - 1):
        address = url(circles.closed_circle, route, meeting_id)
        assert client.post(address, {"answer": "coming"}).status_code == 404


@pytest.mark.django_db
def test_closed_circle_outsider_learns_nothing(client, circles):
    meeting = MeetingFactory(circle=circles.closed_circle)
    circles.login(client, "outsider")
    for route in ("meeting", "meeting_answer", "meeting_attendees", "meeting_attendees_csv"):
        assert client.get(url(meeting.circle, route, meeting.pk)).status_code == 404
    assert answer_as(client, meeting, "coming").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("hours_ago", [1, 100])
def test_no_answers_once_a_meeting_has_started(client, circles, hours_ago):
    start = timezone.now() - timedelta(hours=hours_ago)
    meeting = MeetingFactory(
        circle=circles.closed_circle, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    circles.login(client, "member")

    page = client.get(meeting.circle.meeting_path(meeting.pk)).content.decode()
    assert url(meeting.circle, "meeting_answer", meeting.pk) not in page

    response = answer_as(client, meeting, "coming")
    assert response.status_code == 409
    assert 'id="answer-error"' in response.content.decode()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = answer_as(client, meeting, "coming")
    assert "answers are closed" in response.content.decode()
    assert not MeetingResponse.objects.exists()


# --- The cap and the waiting list ------------------------------------------------------------


@pytest.fixture
def capped(circles, mailoutbox):
    """A meeting of the closed circle with two places and four members who want to come."""
    circle = circles.closed_circle
    meeting = MeetingFactory(circle=circle, capacity=2)
    people = [member_of(circle) for _ in range(4)]
    return meeting, people


@pytest.mark.django_db
def test_beyond_the_cap_one_is_put_on_the_waiting_list_with_a_place(capped):
    meeting, people = capped
    results = [attendance.answer(meeting, person, "coming") for person in people]

    assert results == [("coming", None), ("coming", None), ("waiting", 1), ("waiting", 2)]
    client = logged_in(people[3])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    content = client.get(meeting.circle.meeting_path(meeting.pk)).content.decode()
    assert "waiting list, number 2" in content
    assert '<dd id="count-coming">2 of 2 places' in content
    assert '<dd id="count-waiting">2' in content


@pytest.mark.django_db
def test_the_waiting_member_is_told_their_place_after_answering(capped):
    meeting, people = capped
    for person in people[:2]:
        attendance.answer(meeting, person, "coming")
    client = logged_in(people[2])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = answer_as(client, meeting, "coming")
    page = client.get(response["Location"]).content.decode()
    assert "you are on the waiting list: number 1" in page


@pytest.mark.django_db
def test_a_freed_place_goes_to_the_first_in_line_who_is_emailed_once(capped, mailoutbox):
    meeting, people = capped
    for person in people:
        attendance.answer(meeting, person, "coming")
    mailoutbox.clear()

    client = logged_in(people[0])
    assert answer_as(client, meeting, "maybe").status_code == 303
    assert answer_as(client, meeting, "maybe").status_code == 303  # replayed
    assert answer_as(client, meeting, "no").status_code == 303  # no place to give up now

    sorted_out = attendance.attendance(meeting)
    assert [r.user_id for r in sorted_out.coming] == [people[1].pk, people[2].pk]
    assert [r.user_id for r in sorted_out.waiting] == [people[3].pk]
    assert [message.to for message in mailoutbox] == [[people[2].email]]
    assert meeting.circle.meeting_path(meeting.pk) in mailoutbox[0].body

    # Coming again is a new place at the back of the line.
    assert attendance.answer(meeting, people[0], "coming") == ("waiting", 2)


@pytest.mark.django_db
def test_someone_who_leaves_the_circle_gives_up_their_place(capped):
    meeting, people = capped
    for person in people[:3]:
        attendance.answer(meeting, person, "coming")
    Membership.objects.filter(circle=meeting.circle, user=people[0]).update(
        status=MembershipStatus.LEFT
    )

    sorted_out = attendance.attendance(meeting)
    assert [r.user_id for r in sorted_out.coming] == [people[1].pk, people[2].pk]
    assert sorted_out.waiting == []


@pytest.mark.django_db
def test_raising_the_cap_tells_those_who_now_have_a_place(client, circles, capped, mailoutbox):
    meeting, people = capped
    for person in people:
        attendance.answer(meeting, person, "coming")
    mailoutbox.clear()
    circles.login(client, "facilitator")
    local = timezone.localtime(meeting.starts_at)
    data = {
        "title": meeting.title,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": meeting.location,
        "online_url": "",
        "capacity": "3",
        "agenda": meeting.agenda,
        "report": "",
    }

    response = client.post(url(meeting.circle, "meeting_edit", meeting.pk), data)

    assert response.status_code == 303
    assert Meeting.objects.get(pk=meeting.pk).capacity == 3
    assert [message.to for message in mailoutbox] == [[people[2].email]]


@pytest.mark.django_db
def test_raising_the_cap_in_the_admin_tells_those_who_now_have_a_place(
    client, circles, capped, mailoutbox
):
    meeting, people = capped
    for person in people:
        attendance.answer(meeting, person, "coming")
    mailoutbox.clear()
    circles.login(client, "coordinator")
    edit, data = admin_edit(meeting, capacity="3")

    response = client.post(edit, data)
    replay = client.post(edit, data)

    assert response.status_code == replay.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).capacity == 3
    assert [message.to for message in mailoutbox] == [[people[2].email]]


@pytest.mark.django_db
def test_lowering_the_cap_tells_the_facilitator_who_lost_their_place(
    client, circles, capped, mailoutbox
):
    meeting, people = capped
    for person in people[:2]:
        attendance.answer(meeting, person, "coming")
    mailoutbox.clear()
    circles.login(client, "facilitator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    local = timezone.localtime(meeting.starts_at)
    data = {
        "title": meeting.title,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": meeting.location,
        "online_url": "",
        "capacity": "1",
        "agenda": meeting.agenda,
        "report": "",
    }

    response = client.post(url(meeting.circle, "meeting_edit", meeting.pk), data, follow=True)

    assert "1 person who said they were coming is now on the waiting list" in (
        response.content.decode()
    )
    saved = Meeting.objects.get(pk=meeting.pk)
    assert [r.user_id for r in attendance.attendance(saved).waiting] == [people[1].pk]
    assert mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("capacity", ["0", "-1", "twee", "1e3", "100000"])
def test_impossible_cap_is_refused_in_the_form(client, circles, capacity):
    circles.login(client, "facilitator")
    data = {
        "title": "Warmtevisie",
        "starts_at": "2030-03-05T19:30",
        "ends_at": "2030-03-05T21:30",
        "location": "Dorpshuis",
        "online_url": "",
        "capacity": capacity,
        "agenda": "",
    }
    response = client.post(url(circles.closed_circle, "meeting_create"), data)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_empty_cap_means_no_limit(client, circles):
    circles.login(client, "facilitator")
    data = {
        "title": "Warmtevisie",
        "starts_at": "2030-03-05T19:30",
        "ends_at": "2030-03-05T21:30",
        "location": "Dorpshuis",
        "online_url": "",
        "capacity": "",
        "agenda": "",
    }
    assert client.post(url(circles.closed_circle, "meeting_create"), data).status_code == 303
    meeting = Meeting.objects.get()
    assert meeting.capacity is None
    people = [member_of(circles.closed_circle) for _ in range(5)]
    assert {attendance.answer(meeting, p, "coming") for p in people} == {("coming", None)}


# --- The facilitator's list and its CSV ------------------------------------------------------


def expected_manage(role, visibility):
    if not can_read(role, visibility):
        return 404  # anonymous visitors too: a closed circle's list does not exist for them
    if role == "anonymous":
        return 302
    if role in MANAGERS:
        return 200
    return 403 if can_read(role, visibility) else 404


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["meeting_attendees", "meeting_attendees_csv"])
@pytest.mark.parametrize(("role", "visibility"), matrix())
def test_list_of_answers_by_role(client, circles, route, role, visibility):
    circle = circle_of(circles, visibility)
    meeting = MeetingFactory(circle=circle)
    circles.login(client, role)
    assert client.get(url(circle, route, meeting.pk)).status_code == expected_manage(
        role, visibility
    )


@pytest.mark.django_db
def test_coordinator_kept_out_of_closed_circles_does_not_see_the_list(client, circles):
    from leerkring.models import NetworkAccess

    NetworkAccess.objects.update_or_create(
        network=circles.region, defaults={"coordinators_read_closed": False}
    )
    meeting = MeetingFactory(circle=circles.closed_circle)
    circles.login(client, "coordinator")
    assert client.get(url(meeting.circle, "meeting_attendees", meeting.pk)).status_code == 404


@pytest.mark.django_db
def test_list_shows_each_group_and_the_waiting_list_in_order(client, circles, capped):
    meeting, people = capped
    for person in people:
        attendance.answer(meeting, person, "coming")
    attendance.answer(meeting, circles.users["member"], "maybe")
    attendance.answer(meeting, circles.users["facilitator"], "no")
    circles.login(client, "facilitator")

    response = client.get(url(meeting.circle, "meeting_attendees", meeting.pk))

    assert response["X-Robots-Tag"] == "noindex"
    content = response.content.decode()
    coming, rest = content.split('id="answers-waiting"')
    waiting, rest = rest.split('id="answers-maybe"')
    maybe, not_coming = rest.split('id="answers-not-coming"')
    names = [escape(p.get_full_name()) for p in people]
    assert names[0] in coming and names[1] in coming
    assert "<ol" in waiting and waiting.index(names[2]) < waiting.index(names[3])
    assert escape(circles.users["member"].get_full_name()) in maybe
    assert escape(circles.users["facilitator"].get_full_name()) in not_coming


@pytest.mark.django_db
@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+31 6", "-2+3", "@SUM(A1)"])
def test_csv_guards_against_formulas(client, circles, name):
    circle = circles.closed_circle
    meeting = MeetingFactory(circle=circle)
    person = member_of(circle, user=UserFactory(first_name=name, last_name=""))
    attendance.answer(meeting, person, "coming")
    circles.login(client, "facilitator")

    response = client.get(url(circle, "meeting_attendees_csv", meeting.pk))

    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="deelnemers-')
    assert response["Cache-Control"] == "private, no-cache"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][2] == "'" + name
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.django_db
def test_csv_lists_every_group_with_places_in_line(client, circles, capped):
    meeting, people = capped
    for person in people:
        attendance.answer(meeting, person, "coming")
    attendance.answer(meeting, circles.users["member"], "maybe")
    circles.login(client, "facilitator")

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(url(meeting.circle, "meeting_attendees_csv", meeting.pk))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert rows[0] == ["Answer", "Place on the waiting list", "Name", "Answered"]
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("Coming", ""),
        ("Coming", ""),
        ("Waiting list", "1"),
        ("Waiting list", "2"),
        ("Maybe", ""),
    ]
    assert rows[3][2] == people[2].get_full_name()


# --- Queries ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "anonymous", "facilitator"])
@pytest.mark.parametrize("route", ["meeting", "meeting_attendees"])
def test_queries_do_not_grow_with_answers(
    client, circles, role, route, django_assert_max_num_queries
):
    if route == "meeting_attendees" and role != "facilitator":
        pytest.skip("the list is the facilitator's")
    circle = circles.open_circle
    meeting = MeetingFactory(circle=circle, capacity=30)
    answers = list(Answer.values)
    attendance.answer(meeting, member_of(circle), "coming")
    circles.login(client, role)
    address = url(circle, route, meeting.pk)
    client.get(address)  # warm the caches every page shares
    with CaptureQueriesContext(connection) as with_one:
        assert client.get(address).status_code == 200
    for i in range(49):
        attendance.answer(meeting, member_of(circle), answers[i % 3])
    with django_assert_max_num_queries(len(with_one.captured_queries)):
        response = client.get(address)
    assert response.status_code == 200


# --- Reminders the day before ----------------------------------------------------------------


def local_moment(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def tomorrow_meeting(circles, mailoutbox):
    """A meeting of the closed circle tomorrow evening, and 'now' this evening at 18:05."""
    today = timezone.localdate() + timedelta(days=3)  # a made-up today, safely in the future
    start = local_moment(today + timedelta(days=1), 19, 30)
    meeting = MeetingFactory(
        circle=circles.closed_circle, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    return meeting, local_moment(today, 18, 5)


def reminded(mailoutbox):
    return sorted(message.to[0] for message in mailoutbox)


@pytest.mark.django_db
def test_reminders_go_to_members_coming_maybe_and_silent_not_to_those_not_coming(
    circles, tomorrow_meeting, mailoutbox
):
    meeting, now = tomorrow_meeting
    circle = meeting.circle
    silent = member_of(circle)
    declined = member_of(circle)
    waiting_capped = member_of(circle)
    attendance.answer(meeting, circles.users["member"], "coming")
    attendance.answer(meeting, circles.users["facilitator"], "maybe")
    attendance.answer(meeting, declined, "no")
    attendance.answer(meeting, waiting_capped, "coming")
    quiet = member_of(circle)
    NotificationSettings.objects.create(user=quiet, meeting_reminders=False)
    gone = member_of(circle, status=MembershipStatus.LEFT)
    attendance.answer(meeting, gone, "coming")  # answered while still a member

    run = send_meeting_reminders(now)

    assert run.meetings == 1
    assert reminded(mailoutbox) == sorted(
        [
            circles.users["member"].email,
            circles.users["facilitator"].email,
            silent.email,
            waiting_capped.email,
        ]
    )
    # Not the requester, the coordinator who reads along, the one who left, or the quiet one.
    assert circles.users["coordinator"].email not in reminded(mailoutbox)
    assert circles.users["requester"].email not in reminded(mailoutbox)


@pytest.mark.django_db
def test_reminders_are_never_sent_twice(circles, tomorrow_meeting, mailoutbox):
    meeting, now = tomorrow_meeting
    send_meeting_reminders(now)
    first = reminded(mailoutbox)
    assert first

    send_meeting_reminders(now)
    send_meeting_reminders(now + timedelta(hours=3))
    assert reminded(mailoutbox) == first
    assert MeetingReminder.objects.filter(meeting=meeting).count() == len(first)

    # A member who joins later is reminded by the next run; the others still not again.
    newcomer = member_of(meeting.circle)
    send_meeting_reminders(now + timedelta(hours=4))
    assert reminded(mailoutbox) == sorted([*first, newcomer.email])


@pytest.mark.django_db
def test_reminders_wait_for_the_hour_and_skip_later_and_started_meetings(
    circles, tomorrow_meeting, mailoutbox
):
    meeting, now = tomorrow_meeting
    later = MeetingFactory(
        circle=meeting.circle,
        starts_at=meeting.starts_at + timedelta(days=2),
        ends_at=meeting.ends_at + timedelta(days=2),
    )

    assert send_meeting_reminders(now - timedelta(hours=2)).meetings == 0  # 16:05: too early
    assert send_meeting_reminders(now).meetings == 1
    assert not MeetingReminder.objects.filter(meeting=later).exists()
    mailoutbox.clear()
    MeetingReminder.objects.all().delete()
    assert send_meeting_reminders(meeting.starts_at + timedelta(minutes=1)).meetings == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_meeting_planned_for_later_today_is_reminded_at_once(circles, mailoutbox):
    now = local_moment(timezone.localdate() + timedelta(days=3), 9)
    start = now + timedelta(hours=8)
    MeetingFactory(
        circle=circles.closed_circle, starts_at=start, ends_at=start + timedelta(hours=1)
    )
    assert send_meeting_reminders(now).sent == 2  # member and facilitator


@pytest.mark.django_db
def test_reminder_shows_what_the_meeting_page_shows_the_member(
    circles, tomorrow_meeting, mailoutbox
):
    meeting, now = tomorrow_meeting
    meeting.online_url = "https://meet.example.org/kring"
    meeting.save()
    send_meeting_reminders(now)
    message = next(m for m in mailoutbox if m.to == [circles.users["member"].email])
    assert meeting.title in message.subject
    assert meeting.location in message.body
    assert "https://meet.example.org/kring" in message.body  # members see the link
    assert meeting.circle.meeting_path(meeting.pk) in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


@pytest.mark.django_db
def test_the_reminders_unsubscribe_link_stops_them(client, circles, tomorrow_meeting, mailoutbox):
    meeting, now = tomorrow_meeting
    send_meeting_reminders(now)
    message = next(m for m in mailoutbox if m.to == [circles.users["member"].email])
    link = message.extra_headers["List-Unsubscribe"][1:-1]
    path = link.split("://", 1)[1].split("/", 1)[1]

    assert client.post("/" + path).status_code == 200

    settings = NotificationSettings.objects.get(user=circles.users["member"])
    assert settings.meeting_reminders is False
    assert settings.instant_email is True  # nothing else stopped


@pytest.mark.django_db
def test_reminders_can_be_turned_off_on_the_settings_page(client, circles):
    circles.login(client, "member")
    page = client.get("/accounts/meldingen/").content.decode()
    assert 'name="meeting_reminders"' in page

    response = client.post("/accounts/meldingen/", {"instant_email": "on", "digest": "none"})

    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=circles.users["member"]).meeting_reminders is False


@pytest.mark.django_db
def test_reminders_run_from_the_periodic_task(circles, mailoutbox):
    from leerkring import tasks

    job = next(job for job in tasks.periodic_jobs() if job.name == "meeting-reminders")
    start = timezone.now() + timedelta(hours=2)
    MeetingFactory(
        circle=circles.closed_circle, starts_at=start, ends_at=start + timedelta(hours=1)
    )

    result = job.task.enqueue()

    assert result.return_value["sent"] == 2
    job.task.enqueue()
    assert len(mailoutbox) == 2


# --- The report notice -----------------------------------------------------------------------


def edit_data(meeting, **overrides):
    local = timezone.localtime(meeting.starts_at)
    data = {
        "title": meeting.title,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "location": meeting.location,
        "online_url": "",
        "capacity": "",
        "agenda": meeting.agenda,
        "report": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def held_meeting(circles):
    start = timezone.now() - timedelta(days=2)
    return MeetingFactory(
        circle=circles.closed_circle, starts_at=start, ends_at=start + timedelta(hours=2)
    )


@pytest.mark.django_db
def test_first_report_is_announced_to_the_members_once(client, circles, held_meeting, mailoutbox):
    meeting = held_meeting
    circle = meeting.circle
    quiet = member_of(circle)
    NotificationSettings.objects.create(user=quiet, instant_email=False)
    muted = member_of(circle)
    Follow.objects.create(user=muted, circle=circle, muted=True)
    member_of(circle, status=MembershipStatus.LEFT)
    circles.login(client, "facilitator")
    edit = url(circle, "meeting_edit", meeting.pk)

    response = client.post(edit, edit_data(meeting, report="We spraken af: elke maand."))

    assert response.status_code == 303
    assert reminded(mailoutbox) == [circles.users["member"].email]  # not the writer
    assert circle.meeting_path(meeting.pk) in mailoutbox[0].body
    assert "elke maand" not in mailoutbox[0].body  # the page holds the words, not the mail

    client.post(edit, edit_data(meeting, report="We spraken af: elke maand. Aangevuld."))
    client.post(edit, edit_data(meeting, report=""))
    client.post(edit, edit_data(meeting, report="Opnieuw geschreven."))
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_saving_a_meeting_without_a_report_announces_nothing(
    client, circles, held_meeting, mailoutbox
):
    circles.login(client, "facilitator")
    client.post(url(held_meeting.circle, "meeting_edit", held_meeting.pk), edit_data(held_meeting))
    assert mailoutbox == []
    assert Meeting.objects.get(pk=held_meeting.pk).report_announced_at is None


@pytest.mark.django_db
def test_a_report_written_before_this_feature_is_not_announced_on_edit(
    client, circles, held_meeting, mailoutbox
):
    Meeting.objects.filter(pk=held_meeting.pk).update(report="Oud verslag.")
    held_meeting.refresh_from_db()
    circles.login(client, "facilitator")
    client.post(
        url(held_meeting.circle, "meeting_edit", held_meeting.pk),
        edit_data(held_meeting, report="Oud verslag, aangevuld."),
    )
    assert mailoutbox == []


@pytest.mark.django_db
def test_announcing_twice_at_once_sends_once(circles, held_meeting, mailoutbox):
    Meeting.objects.filter(pk=held_meeting.pk).update(report="Verslag.")
    assert announce_report(held_meeting) == 2
    assert announce_report(held_meeting) == 0
    assert len(mailoutbox) == 2


# --- Personal data ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_answers_and_reminders_are_in_the_export(circles, tomorrow_meeting):
    meeting, now = tomorrow_meeting
    member = circles.users["member"]
    attendance.answer(meeting, member, "maybe")
    send_meeting_reminders(now)
    other = MeetingFactory(circle=circles.closed_circle)
    MeetingReminder.objects.create(meeting=other, user=member)

    rows = export(member)["meeting_answers"]

    assert [(row["meeting"], row["answer"]) for row in rows] == [
        (meeting.title, "maybe"),
        (other.title, None),
    ]
    assert rows[0]["reminded"] is not None


@pytest.mark.django_db
def test_a_report_first_written_in_the_admin_is_announced_once(
    client, circles, held_meeting, mailoutbox
):
    meeting = held_meeting
    circles.login(client, "coordinator")
    edit, data = admin_edit(meeting, report="Verslag uit het beheer.")

    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Meeting.objects.get(pk=meeting.pk).report == "Verslag uit het beheer."
    client.post(edit, {**data, "report": "Verslag uit het beheer, aangevuld."})

    assert reminded(mailoutbox) == sorted(
        [circles.users["member"].email, circles.users["facilitator"].email]
    )
