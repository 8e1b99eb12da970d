"""A circle's meetings: the list, one meeting, planning and reporting, and calendars.

Reached through the routes on ``LearningCirclePage``. Who may see and do what is decided by
``circle_access`` (docs/architecture.md, "Roles"): a closed circle's meetings are 404 for
anyone who may not read the circle; planning and reports are for facilitators and coordinators.
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from .. import attendance
from ..calendar import MeetingCalendar, ics_filename, ics_response, may_subscribe
from ..calendar import feed_user as calendar_feed_user
from ..forms.meetings import AnswerForm, MeetingForm
from ..models import Answer, Meeting
from ..notifications.meetings import announce_report
from .base import (
    circle_access,
    circle_url,
    circle_view,
    redirect_to_circle,
    render_circle,
    restored_text,
    shared_subject,
    without_indexing,
)

TEMPLATES = "leerkring/meetings/"


def _meeting_or_404(circle, meeting_id):
    # Looked up within the circle: another circle's meeting id is as unknown as a made-up one.
    return get_object_or_404(Meeting, pk=meeting_id, circle=circle)


def _with_urls(circle, meetings):
    """Give each meeting its addresses without asking the database again per meeting."""
    base = circle_url(circle)
    for meeting in meetings:
        meeting.detail_url = circle.meeting_path(meeting.pk, circle_url=base)
        meeting.ics_url = circle.meeting_path(meeting.pk, "meeting_ics", circle_url=base)
        meeting.edit_url = circle.meeting_path(meeting.pk, "meeting_edit", circle_url=base)
        meeting.answer_url = circle.meeting_path(meeting.pk, "meeting_answer", circle_url=base)
        meeting.attendees_url = circle.meeting_path(
            meeting.pk, "meeting_attendees", circle_url=base
        )
        meeting.attendees_csv_url = circle.meeting_path(
            meeting.pk, "meeting_attendees_csv", circle_url=base
        )
    return meetings


@circle_view
def meeting_list(request, circle):
    access = circle_access(request, circle, read=True)
    meetings = Meeting.objects.filter(circle=circle)
    return render_circle(
        request,
        circle,
        TEMPLATES + "meeting_list.html",
        {
            "access": access,
            "upcoming": _with_urls(circle, list(meetings.upcoming())),
            "past": _with_urls(circle, list(meetings.past())),
            "create_url": circle_url(circle, "meeting_create"),
        },
    )


@circle_view
def meeting_detail(request, circle, meeting_id):
    access = circle_access(request, circle, read=True)
    meeting = _meeting_or_404(circle, meeting_id)
    return _render_detail(request, circle, access, meeting)


def _render_detail(request, circle, access, meeting, *, status=200, answer_error=None):
    meeting = _with_urls(circle, [meeting])[0]
    # Names only for those who see every member's name; the others, of an open circle,
    # see how many come.
    shows_names = access.sees_all_members
    if shows_names:
        sorted_out = attendance.attendance_with_users(meeting)
    else:
        sorted_out = attendance.attendance(meeting)
    my_answer, my_place = sorted_out.place_of(request.user.pk)
    return render_circle(
        request,
        circle,
        TEMPLATES + "meeting_detail.html",
        {
            "access": access,
            "meeting": meeting,
            "meetings_url": circle_url(circle, "meeting_list"),
            "shared_subject": shared_subject(circle, meeting.title, escape(meeting.agenda)),
            "attendance": sorted_out,
            "shows_names": shows_names,
            "may_answer": access.is_member and meeting.answers_open,
            "answers": Answer.choices,
            "my_answer": my_answer,
            "my_place": my_place,
            "answer_error": answer_error,
        },
        status=status,
    )


def _answer_message(answer, place):
    if answer == "waiting":
        return _(
            "The meeting is full, so you are on the waiting list: number %(place)s. You get "
            "an email when a place frees up for you."
        ) % {"place": place}
    if answer == Answer.COMING:
        return _("Your answer is saved: you are coming.")
    if answer == Answer.MAYBE:
        return _("Your answer is saved: maybe.")
    return _("Your answer is saved: you are not coming.")


@never_cache
@circle_view
def meeting_answer(request, circle, meeting_id):
    """POST ``answer`` = coming / maybe / no: whether this member comes to the meeting."""
    access = circle_access(request, circle, read=True, login=True)
    meeting = _meeting_or_404(circle, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not access.is_member:
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if not form.is_valid():
        error = _("Choose whether you are coming, maybe, or not coming.")
        return _render_detail(request, circle, access, meeting, status=400, answer_error=error)
    try:
        answer, place = attendance.answer(meeting, request.user, form.cleaned_data["answer"])
    except attendance.AnswerRefused as refusal:
        return _render_detail(
            request, circle, access, meeting, status=409, answer_error=str(refusal)
        )
    if answer == "waiting":
        messages.info(request, _answer_message(answer, place))
    else:
        messages.success(request, _answer_message(answer, place))
    response = redirect(circle.meeting_path(meeting.pk) + "#aanwezigheid")
    response.status_code = 303
    return response


@circle_view
def meeting_attendees(request, circle, meeting_id):
    """The facilitator's list of who comes, waits, may come and does not."""
    access = circle_access(request, circle, read=True, manage=True)
    meeting = _with_urls(circle, [_meeting_or_404(circle, meeting_id)])[0]
    sorted_out = attendance.attendance_with_users(meeting)
    return render_circle(
        request,
        circle,
        TEMPLATES + "meeting_attendees.html",
        {
            "access": access,
            "meeting": meeting,
            "meetings_url": circle_url(circle, "meeting_list"),
            "attendance": sorted_out,
            "groups": _attendee_groups(sorted_out),
        },
        noindex=True,
    )


def _attendee_groups(sorted_out):
    return [
        {"key": "coming", "title": _("Coming"), "people": sorted_out.coming, "numbered": False},
        {
            "key": "waiting",
            "title": _("Waiting list"),
            "people": sorted_out.waiting,
            "numbered": True,
        },
        {"key": "maybe", "title": _("Maybe"), "people": sorted_out.maybe, "numbered": False},
        {
            "key": "not-coming",
            "title": _("Not coming"),
            "people": sorted_out.not_coming,
            "numbered": False,
        },
    ]


@circle_view
def meeting_attendees_csv(request, circle, meeting_id):
    """The same list as a CSV file for a spreadsheet; no cell can start a formula."""
    circle_access(request, circle, read=True, manage=True)
    meeting = _meeting_or_404(circle, meeting_id)
    sorted_out = attendance.attendance_with_users(meeting)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    day = f"{timezone.localtime(meeting.starts_at):%Y-%m-%d}"
    filename = f"deelnemers-{day}-{slugify(meeting.title)[:60] or 'bijeenkomst'}.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Names of people: for this facilitator's browser only, never a shared cache.
    response["Cache-Control"] = "private, no-cache"
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Answer"), _("Place on the waiting list"), _("Name"), _("Answered")])
    safe = attendance.spreadsheet_safe
    for label, place, name, response_row in attendance.attendee_rows(sorted_out):
        answered = timezone.localtime(response_row.answered_at).strftime("%Y-%m-%d %H:%M")
        writer.writerow([safe(label), place, safe(name), answered])
    return without_indexing(response)


@circle_view
def meeting_form(request, circle, meeting_id=None):
    """Plan a new meeting, or change one (and write its report afterwards)."""
    access = circle_access(request, circle, manage=True)
    meeting = _meeting_or_404(circle, meeting_id) if meeting_id is not None else None
    # Validation writes the posted values into the instance; headings keep the saved title.
    saved_title = meeting.title if meeting is not None else ""
    if request.method == "POST":
        # Read before validation writes the posted values into the instance.
        had_report = bool(meeting and meeting.report)
        before = attendance.attendance(meeting) if meeting is not None else None
        form = MeetingForm(request.POST, instance=meeting)
    else:
        form = MeetingForm(instance=meeting, initial=restored_text(request))
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if meeting is None:
            saved.circle = circle
            saved.created_by = request.user
        saved.save()
        if before is not None and saved.capacity != before.capacity:
            bumped = attendance.capacity_changed(saved, before)
            if bumped:
                messages.warning(
                    request,
                    ngettext(
                        "With fewer places, %(count)s person who said they were coming is now "
                        "on the waiting list.",
                        "With fewer places, %(count)s people who said they were coming are now "
                        "on the waiting list.",
                        bumped,
                    )
                    % {"count": bumped},
                )
        if meeting is not None and not had_report and saved.report:
            announce_report(saved, request.user)
        if meeting is None:
            messages.success(request, _("The meeting has been planned."))
        else:
            messages.success(request, _("The meeting has been saved."))
        return redirect_to_circle(circle, "meeting", saved.pk)
    if meeting is not None:
        meeting = _with_urls(circle, [meeting])[0]
    return render_circle(
        request,
        circle,
        TEMPLATES + "meeting_form.html",
        {
            "access": access,
            "form": form,
            "meeting": meeting,
            "meeting_title": saved_title,
            "meetings_url": circle_url(circle, "meeting_list"),
        },
    )


@circle_view
def meeting_ics(request, circle, meeting_id):
    access = circle_access(request, circle, read=True)
    meeting = _meeting_or_404(circle, meeting_id)
    cal = MeetingCalendar(circle, with_online_links=access.can_write).calendar([meeting])
    return ics_response(cal, ics_filename(meeting))


def calendar_feed(request, circle, token):
    """All meetings of the circle for a calendar app, behind an old per-circle address.

    No longer handed out (the circle page offers the person's own calendar link), but kept
    for the calendar apps that still fetch it, until its owner makes a personal link
    (``calendar.feed_user``). The session plays no part: calendar apps have none. Rights are
    checked afresh on every fetch, and anything wrong with the token is a plain 404.
    """
    user = calendar_feed_user(circle, token)
    if not may_subscribe(user, circle):
        raise Http404
    meetings = Meeting.objects.filter(circle=circle).order_by("starts_at")
    cal = MeetingCalendar(circle).feed(meetings)
    return ics_response(cal, f"{circle.slug}.ics", as_attachment=False)
