"""Meetings as iCalendar: one meeting to download, and a private feed per member and circle.

Calendar apps cannot log in, so a circle's feed is reached through a secret address: a
token signed with the site's key (and a salt used for nothing else) that names the member
and the circle. The token only says who asks; whether they may still read is decided again
on every fetch by ``CircleAccess``, so a member who leaves loses the feed at once.
"""

import re
from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core import signing
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from icalendar import Calendar, Event

from .access import CircleAccess
from .public import page_url

FEED_SALT = "leerkring.calendar.circle-feed"
TOKEN_RE = re.compile(r"([0-9]+)-([0-9]+)-([A-Za-z0-9_-]+)")
PRODID = "-//Leerkring//Meetings//NL"
# How often calendar apps should fetch the feed again (RFC 7986 and Outlook's variant).
REFRESH_INTERVAL = timedelta(hours=6)


# The feed token
#
# "<circle id>-<user id>-<signature>": only letters, digits, "-" and "_", because Wagtail
# serves no other characters in a page address (so not the ":" of ``signing.dumps``).
# ``Signer`` checks the signature in constant time and honours SECRET_KEY_FALLBACKS.


def _signer():
    return signing.Signer(salt=FEED_SALT)


def make_feed_token(circle, user):
    """A signed token naming this user and this circle; it holds no secret of its own."""
    signer = _signer()
    value = f"{circle.pk}-{user.pk}"
    return f"{value}-{signer.signature(value)}"


def feed_user(circle, token):
    """The user a valid token for this circle belongs to, or ``None``.

    ``None`` for a tampered or foreign token, a token for another circle, and a user who
    no longer exists or has been deactivated.
    """
    match = TOKEN_RE.fullmatch(token)
    if match is None:
        return None
    circle_id, user_id, signature = match.groups()
    signer = _signer()
    try:
        signer.unsign(f"{circle_id}-{user_id}{signer.sep}{signature}")
    except signing.BadSignature:
        return None
    if int(circle_id) != circle.pk:
        return None
    return get_user_model().objects.filter(pk=int(user_id), is_active=True).first()


def may_subscribe(user, circle):
    """Whether the user gets a feed of this circle: active members and facilitators, and
    the coordinators above it, as long as they may read the circle."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    access = CircleAccess(user, circle)
    return access.can_read and (access.is_member or access.is_coordinator)


def calendar_feed_url(circle, user):
    """The full, secret address of the circle's feed for this user, or ``None`` if the user
    may not subscribe. Show it only to that user: whoever has it can read the meetings."""
    if not may_subscribe(user, circle):
        return None
    token = make_feed_token(circle, user)
    return page_url(circle) + circle.reverse_subpage("calendar_feed", args=[token])


# Building calendars


class MeetingCalendar:
    """Turns meetings of one circle into VEVENTs with addresses on the circle's site."""

    def __init__(self, circle, *, with_online_links=True):
        self.circle = circle
        # Video-call links go to members only, also in open circles: a link that anyone
        # can read is an open door into the call.
        self.with_online_links = with_online_links
        self.circle_url = page_url(circle)
        # The UID has to stay the same however often an event is fetched, and be the same
        # in the download and in the feed, so that calendar apps update instead of doubling.
        self.uid_domain = urlsplit(self.circle_url).hostname or "leerkring"

    def meeting_url(self, meeting):
        return self.circle.meeting_path(meeting.pk, circle_url=self.circle_url)

    def event(self, meeting):
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{self.uid_domain}")
        event.add("dtstamp", utc(meeting.updated_at))
        event.add("created", utc(meeting.created_at))
        event.add("last-modified", utc(meeting.updated_at))
        event.add("dtstart", utc(meeting.starts_at))
        event.add("dtend", utc(meeting.ends_at))
        event.add("summary", meeting.title)
        online_url = meeting.online_url if self.with_online_links else ""
        location = " / ".join(part for part in (meeting.location, online_url) if part)
        if location:
            event.add("location", location)
        if meeting.agenda:
            event.add("description", meeting.agenda)
        event.add("url", self.meeting_url(meeting))
        return event

    def calendar(self, meetings, name=None):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        if name:
            cal.add("name", name)
            cal.add("x-wr-calname", name)
        for meeting in meetings:
            cal.add_component(self.event(meeting))
        return cal

    def feed(self, meetings):
        cal = self.calendar(meetings, name=self.circle.title)
        cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT6H")
        return cal


def utc(value):
    return value.astimezone(UTC)


def ics_filename(meeting):
    return f"{slugify(meeting.title)[:60] or 'meeting'}.ics"


def ics_response(cal, filename, *, as_attachment=True):
    """An iCalendar response. Private: it may hold a closed circle's meetings."""
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
