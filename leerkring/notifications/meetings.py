"""The emails about a circle's meetings: the reminder the day before, and the notice that
its report is there.

Both go to the circle's *current active members* only (``access.email_recipients``), at
the moment they are sent: an ex-member, or a coordinator who merely reads along, gets
nothing. Each is recorded so that it is never sent twice: a ``MeetingReminder`` row per
meeting and person, written in the same transaction as the queued email (the outbox stores
mail in the sender's transaction), and ``Meeting.report_announced_at`` for the report.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..access import email_recipients
from ..attendance import attendance
from ..conf import leerkring_settings
from ..mail import absolute, notification_message, send
from ..models import Answer, Follow, Meeting, MeetingReminder, NotificationSettings
from .unsubscribe import STOP_CIRCLE, STOP_REMINDERS, settings_url, unsubscribe_url

logger = logging.getLogger(__name__)


def _users(ids):
    if not ids:
        return {}
    return get_user_model().objects.filter(is_active=True).exclude(email="").in_bulk(ids)


# --- Reminders ------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    meetings: int = 0
    sent: int = 0
    failed: list = field(default_factory=list)  # meeting ids whose reminders could not be made


def reminders_due(now=None):
    """Meetings whose reminders are due: those starting tomorrow (site time), from
    ``LEERKRING_MEETING_REMINDER_HOUR`` today on, and those starting later today that were
    planned too late for that (or whose run was missed). Never a meeting that has started."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    tomorrow = local.date() + timedelta(days=1)
    if local.hour >= int(leerkring_settings.MEETING_REMINDER_HOUR):
        until = tomorrow + timedelta(days=1)
    else:
        until = tomorrow
    until_moment = timezone.make_aware(datetime.combine(until, time.min), local.tzinfo)
    return (
        Meeting.objects.filter(starts_at__gt=now, starts_at__lt=until_moment)
        .select_related("circle")
        .order_by("starts_at", "pk")
    )


def send_meeting_reminders(now=None):
    """Remind the members of each due meeting who have not been reminded of it yet."""
    run = ReminderRun()
    for meeting in reminders_due(now):
        run.meetings += 1
        try:
            run.sent += remind(meeting)
        except IntegrityError:
            # Another run reminded the same person at the same moment: its transaction won,
            # ours (reminder rows and emails together) was rolled back.
            run.failed.append(meeting.pk)
        except Exception:  # one meeting's failure must not stop the others' reminders
            logger.exception("Could not send the reminders of meeting %s", meeting.pk)
            run.failed.append(meeting.pk)
    return run


def reminder_recipients(meeting):
    """Ids of who gets a reminder of ``meeting`` now: its circle's current members, less
    those who said they are not coming, turned reminders off or were reminded already.

    Members who did not answer are reminded too: most never answer, and the reminder is
    where they hear the meeting is tomorrow.
    """
    members = email_recipients(meeting.circle)
    not_coming = set(
        meeting.responses.filter(answer=Answer.NOT_COMING).values_list("user_id", flat=True)
    )
    turned_off = set(
        NotificationSettings.objects.filter(
            user_id__in=members, meeting_reminders=False
        ).values_list("user_id", flat=True)
    )
    reminded = set(meeting.reminders.values_list("user_id", flat=True))
    return members - not_coming - turned_off - reminded


def _meeting_context(meeting):
    circle = meeting.circle
    return {
        "meeting": meeting,
        "circle": circle,
        "url": absolute(circle.meeting_path(meeting.pk)),
        "settings_url": settings_url(),
    }


def remind(meeting):
    """Send ``meeting``'s reminders that are still due; how many. The rows recording them
    and the queued emails commit together, or neither does."""
    with transaction.atomic():
        recipients = reminder_recipients(meeting)
        users = _users(recipients)
        if not users:
            return 0
        sorted_out = attendance(meeting)
        context = _meeting_context(meeting)
        messages = []
        for pk in sorted(users):
            user = users[pk]
            answer, place = sorted_out.place_of(pk)
            personal = {**context, "answer": answer, "place": place}
            stop_url = unsubscribe_url(user, STOP_REMINDERS)
            messages.append(notification_message("meeting_reminder", user, personal, stop_url))
        MeetingReminder.objects.bulk_create(
            [MeetingReminder(meeting=meeting, user_id=pk) for pk in sorted(users)]
        )
        return send(messages)


# --- The report -----------------------------------------------------------------------------


def report_recipients(meeting, writer_id=None):
    """Ids of the circle's current members to tell of a new report: not its writer, not
    those who turned instant email off, not those who muted the circle."""
    members = email_recipients(meeting.circle)
    quiet = set(
        NotificationSettings.objects.filter(user_id__in=members, instant_email=False).values_list(
            "user_id", flat=True
        )
    )
    muted = set(
        Follow.objects.filter(
            circle_id=meeting.circle_id, muted=True, user_id__in=members
        ).values_list("user_id", flat=True)
    )
    return members - quiet - muted - {writer_id}


def announce_report(meeting, writer=None):
    """Tell the members that ``meeting``'s report is there, once: the first time it is saved
    with text. Returns how many were emailed; 0 when it was announced before."""
    with transaction.atomic():
        claimed = Meeting.objects.filter(pk=meeting.pk, report_announced_at__isnull=True).exclude(
            report=""
        )
        if not claimed.update(report_announced_at=timezone.now()):
            return 0
        users = _users(report_recipients(meeting, getattr(writer, "pk", None)))
        circle = meeting.circle
        context = _meeting_context(meeting)
        messages = []
        for pk in sorted(users):
            stop_url = unsubscribe_url(users[pk], STOP_CIRCLE, circle)
            messages.append(notification_message("meeting_report", users[pk], context, stop_url))
        return send(messages)
