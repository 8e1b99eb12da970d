"""Who comes to a meeting: members' answers, the places of a capped meeting and its waiting
list (docs/architecture.md, "Meetings").

Only the answers of the circle's *current* active members count: someone who left keeps no
place and shows up in no list. With a cap (``Meeting.capacity``) the first members who said
they are coming, by the moment they said so, have the places and the others wait in that
order, so a place that frees up goes to the first in line without anything being moved.

Every answer is recorded while the meeting's row is locked (:func:`answer`), so two people
taking the last place at the same moment are serialised: one gets it and the other is told
their place in line, and the one who moves up when a place frees is told exactly once.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from .joining import display_name
from .mail import absolute, send_templated_email
from .models import Answer, Meeting, MeetingResponse, Membership


class AnswerRefused(Exception):
    """An answer that cannot be given; the message is for the member."""


class AnswersClosed(AnswerRefused):
    def __init__(self):
        super().__init__(_("This meeting has started or is over: answers are closed."))


def current_responses(meeting):
    """The answers of the circle's current active members, oldest first."""
    active = Membership.objects.active().filter(
        circle_id=meeting.circle_id, user_id=OuterRef("user_id")
    )
    return (
        MeetingResponse.objects.filter(meeting=meeting)
        .filter(Exists(active))
        .order_by("answered_at", "pk")
    )


@dataclass
class Attendance:
    """A meeting's answers, sorted into those coming, waiting, maybe and not coming."""

    capacity: int | None
    coming: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    maybe: list = field(default_factory=list)
    not_coming: list = field(default_factory=list)

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - len(self.coming), 0)

    def place_of(self, user_id):
        """``(answer, place in line)`` of this person: "waiting" with 1 for the first in
        line; ``(None, None)`` without an answer."""
        for number, response in enumerate(self.waiting, start=1):
            if response.user_id == user_id:
                return "waiting", number
        for answer, responses in (
            (Answer.COMING, self.coming),
            (Answer.MAYBE, self.maybe),
            (Answer.NOT_COMING, self.not_coming),
        ):
            if any(response.user_id == user_id for response in responses):
                return answer, None
        return None, None


def attendance(meeting, responses=None):
    """Sort ``responses`` (by default the current ones, in one query) for ``meeting``."""
    if responses is None:
        responses = current_responses(meeting)
    sorted_out = Attendance(capacity=meeting.capacity)
    for response in responses:
        if response.answer == Answer.COMING:
            if meeting.capacity is None or len(sorted_out.coming) < meeting.capacity:
                sorted_out.coming.append(response)
            else:
                sorted_out.waiting.append(response)
        elif response.answer == Answer.MAYBE:
            sorted_out.maybe.append(response)
        else:
            sorted_out.not_coming.append(response)
    return sorted_out


def attendance_with_users(meeting):
    """The same, with each response's user and ``name``, for lists of names: one query
    however many."""
    responses = list(current_responses(meeting).select_related("user"))
    for response in responses:
        response.name = display_name(response.user)
    return attendance(meeting, responses)


def answer(meeting, user, value):
    """Record ``user``'s answer to ``meeting`` and return their ``(answer, place in line)``
    afterwards (see :meth:`Attendance.place_of`).

    The same answer again changes nothing, so a replayed form keeps its place in line. A
    changed answer replaces the old one; saying "coming" again after another answer is a
    new place at the back of the line. Whoever gets a place because this answer gave one up
    is emailed.
    """
    if value not in Answer.values:
        raise AnswerRefused(_("Choose whether you are coming, maybe, or not coming."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not locked.answers_open:
            raise AnswersClosed
        before = attendance(locked)
        response = MeetingResponse.objects.filter(meeting=locked, user=user).first()
        if response is None:
            MeetingResponse.objects.create(
                meeting=locked, user=user, answer=value, answered_at=timezone.now()
            )
        elif response.answer != value:
            response.answer = value
            response.answered_at = timezone.now()
            response.save(update_fields=["answer", "answered_at"])
        after = attendance(locked)
        tell_moved_up(locked, before, after)
        return after.place_of(user.pk)


def tell_moved_up(meeting, before, after):
    """Email those who wait in ``before`` and have a place in ``after``."""
    waited = {response.user_id for response in before.waiting}
    moved_up = [response.user_id for response in after.coming if response.user_id in waited]
    if not moved_up:
        return 0
    from django.contrib.auth import get_user_model

    circle = meeting.circle
    users = get_user_model().objects.filter(pk__in=moved_up, is_active=True).exclude(email="")
    sent = 0
    for user in users:
        sent += send_templated_email(
            "meeting_place",
            [user.email],
            {
                "meeting": meeting,
                "circle": circle,
                "name": display_name(user),
                "url": absolute(circle.meeting_path(meeting.pk)),
            },
            circle=circle,
        )
    return sent


def capacity_changed(meeting, before):
    """After a facilitator changed the cap: tell those who now have a place. Returns how
    many who had a place lost it to a lower cap (they are not emailed; the facilitator is
    told, and can tell them in the circle)."""
    after = attendance(meeting)
    tell_moved_up(meeting, before, after)
    had_place = {response.user_id for response in before.coming}
    return sum(1 for response in after.waiting if response.user_id in had_place)


# --- The facilitator's list and its CSV ---------------------------------------------------

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text):
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def attendee_rows(sorted_out):
    """Of an :func:`attendance_with_users`, ``(status label, place in line or "", name,
    response)`` for each answer, in the order of the list page: coming, waiting, maybe, not
    coming."""
    groups = [
        (_("Coming"), sorted_out.coming, False),
        (_("Waiting list"), sorted_out.waiting, True),
        (_("Maybe"), sorted_out.maybe, False),
        (_("Not coming"), sorted_out.not_coming, False),
    ]
    for label, responses, numbered in groups:
        for number, response in enumerate(responses, start=1):
            yield label, number if numbered else "", response.name, response
