"""Meetings as iCalendar: one meeting to download, and the feeds calendar apps subscribe to.

Calendar apps cannot log in, so a feed is reached through a secret address. Each person has
one (``leerkring.calendar_links``), for the meetings of all their circles; it can be revoked
and made anew. The address only says who asks; whether they may still read is decided again
on every fetch by the access policy, so a member who leaves loses the meetings at once.

Before personal links, each circle had a feed of its own at ``agenda/<token>/``, with a
token signed with the site's key that names the member and the circle. Such a token cannot
be revoked by itself, so the site hands none out any more, and those already in calendar
apps stop working once their owner makes (or revokes) a personal link
(docs/architecture.md, "Calendars").
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


# The old per-circle feed token
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
    """The user a valid old per-circle token for this circle belongs to, or ``None``.

    ``None`` for a tampered or foreign token, a token for another circle, a user who no
    longer exists or has been deactivated, and a user who has had a personal calendar link:
    making or revoking one is how a person stops their old tokens.
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
    return (
        get_user_model()
        .objects.filter(pk=int(user_id), is_active=True, leerkring_calendar_link__isnull=True)
        .first()
    )


def may_subscribe(user, circle, access=None):
    """Whether the user gets a feed of this circle: active members and facilitators, and
    the coordinators above it, as long as they may read the circle. ``access``, the
    user's ``CircleAccess`` for the circle when the caller has one already."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    access = access or CircleAccess(user, circle)
    return access.can_read and (access.is_member or access.is_coordinator)


# Building calendars


def meeting_event(meeting, circle, circle_url, *, with_online_links=True):
    """One meeting as a VEVENT, the same in the download, a circle's feed and a person's feed.

    ``circle_url`` is the circle's public address (``page_url``), worked out once per circle
    by the caller. Video-call links go to members only, also in open circles: a link that
    anyone can read is an open door into the call.
    """
    event = Event()
    # The UID has to stay the same however often an event is fetched, and be the same in
    # every calendar it is in, so that calendar apps update instead of doubling.
    uid_domain = urlsplit(circle_url).hostname or "leerkring"
    event.add("uid", f"meeting-{meeting.pk}@{uid_domain}")
    event.add("dtstamp", utc(meeting.updated_at))
    event.add("created", utc(meeting.created_at))
    event.add("last-modified", utc(meeting.updated_at))
    event.add("dtstart", utc(meeting.starts_at))
    event.add("dtend", utc(meeting.ends_at))
    event.add("summary", meeting.title)
    online_url = meeting.online_url if with_online_links else ""
    location = " / ".join(part for part in (meeting.location, online_url) if part)
    if location:
        event.add("location", location)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    event.add("url", circle.meeting_path(meeting.pk, circle_url=circle_url))
    return event


def new_calendar(name=None, *, feed=False):
    """An empty VCALENDAR; a ``feed`` also tells calendar apps how often to fetch it again."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
    if feed:
        cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT6H")
    return cal


class MeetingCalendar:
    """Turns meetings of one circle into VEVENTs with addresses on the circle's site."""

    def __init__(self, circle, *, with_online_links=True):
        self.circle = circle
        self.with_online_links = with_online_links
        self.circle_url = page_url(circle)

    def event(self, meeting):
        return meeting_event(
            meeting, self.circle, self.circle_url, with_online_links=self.with_online_links
        )

    def calendar(self, meetings, name=None, *, feed=False):
        cal = new_calendar(name, feed=feed)
        for meeting in meetings:
            cal.add_component(self.event(meeting))
        return cal

    def feed(self, meetings):
        return self.calendar(meetings, name=self.circle.title, feed=True)


def circles_calendar(circles, meetings, name):
    """A feed of meetings of several circles; ``meetings`` lie in ``circles``. Those who get
    it take part in every one of them (or read it along), so online links are in."""
    addresses = {circle.pk: (circle, page_url(circle)) for circle in circles}
    cal = new_calendar(name, feed=True)
    for meeting in meetings:
        circle, circle_url = addresses[meeting.circle_id]
        if circle_url is None:  # a circle in no Wagtail site has no address to link to
            continue
        cal.add_component(meeting_event(meeting, circle, circle_url))
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
