"""A person's own calendar: the feed behind their secret address, and the profile's buttons.

The feed is fetched by calendar apps, which send no session: the address alone says whose
it is (``leerkring.calendar_links``), and the access policy says afresh on every fetch which
circles' meetings it holds (``access.calendar_circles``). Anything wrong is a plain 404.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ..access import CircleAccess, calendar_circles
from ..calendar import circles_calendar, ics_response, may_subscribe
from ..calendar_links import (
    active_link,
    feed_url,
    link_of_token,
    make_link,
    renew_link,
    revoke_link,
    webcal_url,
)
from ..models import LearningCirclePage, Meeting
from ..params import positive_int

# Besides everything to come, the meetings of the last three months: enough to look back on,
# little enough that the feed stays small after years.
PAST_DAYS = 90
PROFILE_SECTION = "agenda"


def _subscribable_circle(user, circle_id):
    """The one circle of ``?kring=``, if the person may subscribe to it; else ``None``."""
    if circle_id is None:
        return None
    circle = LearningCirclePage.objects.live().public().filter(pk=circle_id).first()
    if circle is None or not may_subscribe(user, circle, CircleAccess(user, circle)):
        return None
    return circle


@require_safe
def calendar_feed(request, token):
    """The meetings of every circle the person takes part in, or with ``?kring=<id>`` of that
    one circle (which a coordinator who reads it along may follow too)."""
    link = link_of_token(token)
    if link is None:
        raise Http404
    user = link.user
    if "kring" in request.GET:
        circle = _subscribable_circle(user, positive_int(request.GET["kring"]))
        if circle is None:
            raise Http404
        circles, name = [circle], circle.title
    else:
        circles = list(calendar_circles(user))
        site_name = getattr(settings, "WAGTAIL_SITE_NAME", "") or "Leerkring"
        name = _("%(site)s: my meetings") % {"site": site_name}
    meetings = []
    if circles:
        since = timezone.now() - timedelta(days=PAST_DAYS)
        meetings = Meeting.objects.filter(
            circle_id__in=[circle.pk for circle in circles], ends_at__gte=since
        ).order_by("starts_at", "pk")
    cal = circles_calendar(circles, meetings, name)
    return ics_response(cal, "agenda.ics", as_attachment=False)


# The profile's section "Your calendar"

# What the last button did, said in the section itself, where the page opens after it
# (the messages on top of the page would be out of sight).
NOTICE_KEY = "leerkring.calendar_notice"
NOTICES = {
    "made": gettext_lazy(
        "Your calendar link is ready. Add it to your calendar app as described below."
    ),
    "renewed": gettext_lazy(
        "Your new calendar link is ready. The old link no longer works: add the new one to "
        "your calendar app instead."
    ),
    "revoked": gettext_lazy(
        "Your calendar link has been revoked and no longer works. Your calendar app will "
        "stop showing new meetings."
    ),
    "exists": gettext_lazy("You already have a calendar link: it is below."),
    "unchanged": gettext_lazy(
        "That link had already been replaced or revoked; nothing was changed."
    ),
}


def calendar_section(request):
    """What the profile's calendar section shows: the person's link, if they have one, and
    what the last button did."""
    notice = NOTICES.get(request.session.pop(NOTICE_KEY, None), "")
    link = active_link(request.user)
    if link is None:
        return {"calendar_link": None, "calendar_notice": notice}
    url = feed_url(link)
    return {
        "calendar_link": link,
        "calendar_url": url,
        "calendar_webcal_url": webcal_url(url),
        "calendar_notice": notice,
    }


def profile_section_url():
    return reverse("leerkring:profile") + "#" + PROFILE_SECTION


def circle_calendar_offer(user, circle, access):
    """For the circle's page: how this person gets its meetings into their calendar app.
    A member has them in their own calendar, with their other circles' meetings; a
    coordinator who reads the circle along gets this circle's part of their link. Until
    they have made a link, the page sends them to the profile to make it."""
    offer = {"in_own_calendar": access.is_member, "profile_url": profile_section_url()}
    link = active_link(user)
    if link is not None:
        offer["url"] = feed_url(link, None if access.is_member else circle)
        offer["webcal_url"] = webcal_url(offer["url"])
    return offer


@require_POST
@login_required
def calendar_link_action(request):
    """The section's buttons: make the link, replace it by a new one, or revoke it."""
    user = request.user
    action = request.POST.get("action")
    link_id = positive_int(request.POST.get("link"))
    if action == "make":
        _link, made = make_link(user)
        notice = "made" if made else "exists"
    elif action == "renew":
        renewed = link_id is not None and renew_link(user, link_id) is not None
        notice = "renewed" if renewed else "unchanged"
    elif action == "revoke":
        revoked = link_id is not None and revoke_link(user, link_id)
        notice = "revoked" if revoked else "unchanged"
    else:
        return HttpResponseBadRequest(_("This is not one of the calendar link's buttons."))
    request.session[NOTICE_KEY] = notice
    # 303: reloading the profile afterwards does not send the button again.
    response = redirect(profile_section_url())
    response.status_code = 303
    return response
