from ..access import readers_along
from ..calendar import may_subscribe
from ..choices import MembershipStatus
from ..composition import composition_of
from ..conversations import reply_counts
from ..forms.joining import PublicListingForm
from ..joining import active_member_count, display_name, waiting_list_place
from ..models import (
    CollaborationPhase,
    LessonNomination,
    LessonPage,
    Meeting,
    Membership,
    NominationStatus,
    Thread,
    Tip,
)
from .base import circle_access, circle_view, render_circle

# Conversations on top of a circle's page for those who take part; the rest are one click on.
RECENT_THREADS = 5


def _active_members(circle):
    return (
        Membership.objects.active()
        .filter(circle=circle)
        .select_related("user", "organisation")
        .order_by("-role", "user__first_name", "user__last_name", "user__username")
    )


def who_reads_along(circle):
    """For a closed circle, who besides its members reads it: ``(network, names)`` per
    network above it, nearest first; empty when only the members do. Shown on the circle's
    page and its join form, so nobody joins thinking it is more closed than it is."""
    if not circle.is_closed:
        return []
    return [
        (network, ", ".join(display_name(user) for user in users))
        for network, users in readers_along(circle)
    ]


@circle_view
def circle_home(request, circle):
    """The circle's front door: what it is about, how full it is, what you can do next."""
    access = circle_access(request, circle)
    member_count = active_member_count(circle)
    context = {
        "access": access,
        "member_count": member_count,
        "places_left": max(circle.member_cap - member_count, 0),
        "is_full": member_count >= circle.member_cap,
        "themes": circle.themes.all(),
        "readers_along": who_reads_along(circle),
        "facilitators": [
            m.user
            for m in Membership.objects.facilitators().filter(circle=circle).select_related("user")
        ],
    }
    context.update(outcomes_of(circle), top_tips=top_tips_of(circle, access))
    if access.has_pending_request and access.membership.status == MembershipStatus.WAITING:
        context["waiting_list_place"] = waiting_list_place(access.membership)
    if access.can_read:
        context["upcoming_meetings"] = list(Meeting.objects.filter(circle=circle).upcoming()[:3])
    if access.can_write:
        from ..notifications.following import circle_follow_state

        # Those who take part come for the conversations: the latest are on top of the page.
        recent = list(
            Thread.objects.filter(circle=circle)
            .select_related("author")
            .in_list_order()[:RECENT_THREADS]
        )
        counts = reply_counts([thread.pk for thread in recent])
        for thread in recent:
            thread.reply_count = counts.get(thread.pk, 0)
        context["recent_threads"] = recent

        context["circle_follow"] = circle_follow_state(request.user, circle)
    if access.can_manage:
        context["pending_count"] = Membership.objects.pending().filter(circle=circle).count()
        # For the nominate buttons: "Voorgedragen" instead of offering it again.
        context["nominated_lesson_ids"] = set(
            LessonNomination.objects.filter(
                lesson__in=context["lessons"], network_id=circle.get_parent().pk
            )
            .exclude(status=NominationStatus.DECLINED)
            .values_list("lesson_id", flat=True)
        )
    if may_subscribe(request.user, circle, access):
        from .calendars import circle_calendar_offer

        context["calendar"] = circle_calendar_offer(request.user, circle, access)
    return render_circle(request, circle, "leerkring/learning_circle_page.html", context)


@circle_view
def member_list(request, circle):
    """Who takes part, and the composition matrix of the table."""
    access = circle_access(request, circle, read=True)
    members = list(_active_members(circle))
    # Members, and the coordinators who read the circle, see everyone; other visitors of an
    # open circle see the names of those who chose to show theirs, and how many others.
    if access.sees_all_members:
        shown = members
    else:
        shown = [membership for membership in members if membership.listed_publicly]
    context = {
        "access": access,
        "members": members,
        "shown_members": shown,
        "unlisted_count": len(members) - len(shown),
        # Names link to profiles only where the profile would open for this visitor.
        "openable": access.openable_profiles(shown),
        "composition": composition_of(members),
    }
    if access.is_member and not circle.is_closed:
        context["listing_form"] = PublicListingForm(
            initial={"listed_publicly": access.membership.listed_publicly}
        )
    return render_circle(request, circle, "leerkring/circle_members.html", context, noindex=True)


def outcomes_of(circle):
    """The circle's published lessons, grouped by phase of the collaboration like its
    outcomes page: before, establishing, during, then those without a phase."""
    lessons = list(LessonPage.objects.live().public().child_of(circle).order_by("number", "path"))
    labels = dict(CollaborationPhase.choices)
    groups = []
    for phase in [*CollaborationPhase.values, ""]:
        in_phase = [lesson for lesson in lessons if lesson.phase == phase]
        if in_phase:
            groups.append({"phase": labels.get(phase, ""), "lessons": in_phase})
    return {"lessons": lessons, "lesson_groups": groups}


def top_tips_of(circle, access, limit=10):
    from ..tips import shown

    # A tip whose reply was hidden or deleted is withdrawn with it.
    tips = shown(Tip.objects.filter(circle=circle)).select_related("author")
    if not access.can_read:
        # Outside a closed circle only the tips its facilitator marked as shareable.
        tips = tips.filter(shareable=True)
    return list(tips.ranked()[:limit])
