"""A circle's meetings: the list, one meeting, planning and reporting, and calendars.

Reached through the routes on ``LearningCirclePage``. Who may see and do what is decided by
``circle_access`` (docs/architecture.md, "Roles"): a closed circle's meetings are 404 for
anyone who may not read the circle; planning and reports are for facilitators and coordinators.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..calendar import MeetingCalendar, ics_filename, ics_response, may_subscribe
from ..calendar import feed_user as calendar_feed_user
from ..forms.meetings import MeetingForm
from ..models import Meeting
from .base import (
    circle_access,
    circle_url,
    circle_view,
    redirect_to_circle,
    render_circle,
    restored_text,
    shared_subject,
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
    meeting = _with_urls(circle, [_meeting_or_404(circle, meeting_id)])[0]
    return render_circle(
        request,
        circle,
        TEMPLATES + "meeting_detail.html",
        {
            "access": access,
            "meeting": meeting,
            "meetings_url": circle_url(circle, "meeting_list"),
            "shared_subject": shared_subject(circle, meeting.title, escape(meeting.agenda)),
        },
    )


@circle_view
def meeting_form(request, circle, meeting_id=None):
    """Plan a new meeting, or change one (and write its report afterwards)."""
    access = circle_access(request, circle, manage=True)
    meeting = _meeting_or_404(circle, meeting_id) if meeting_id is not None else None
    # Validation writes the posted values into the instance; headings keep the saved title.
    saved_title = meeting.title if meeting is not None else ""
    if request.method == "POST":
        form = MeetingForm(request.POST, instance=meeting)
    else:
        form = MeetingForm(instance=meeting, initial=restored_text(request))
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if meeting is None:
            saved.circle = circle
            saved.created_by = request.user
        saved.save()
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
