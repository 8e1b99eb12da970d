"""The access policy: who may read, take part in, moderate and administer what.

One module answers every access question the site asks (docs/architecture.md, "Access"),
in the three shapes Wagtail's permission policies use: may this person act on this object
(``CircleAccess``, ``coordinates``, ``may_name_coordinators``), on which objects
(``coordinated_networks``, ``readable_closed_circle_ids``, ``calendar_circles``,
``admin_queryset``, ``openable_profiles`` …), and who may (``readers_along``,
``email_recipients``). Views, querysets, search, feeds, calendars, emails, admin listings,
form choices, admin actions, member profiles and the story workflow all ask here, so that
every surface draws the same line around a closed circle.

The rules, in short:
- an open circle's conversations, meetings and member list (the names members chose to
  show) are public; a closed circle's are for its active members, and for the coordinators
  of the networks above it when the circle's network lets them read along (the default);
- a coordinator of a network coordinates everything below it, sub-networks included, and
  nothing above or beside it; coordinators are named by the coordinators of a network
  above, or by a superuser, never by themselves;
- site-wide records (search terms, reported initiatives) are for the coordinators of the
  top network;
- a member's profile opens for whoever may see them on at least one circle's member list,
  and names only the circles the viewer may see them in.
"""

from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_

from django.db.models import Q
from django.http import Http404

from .choices import CircleVisibility, MembershipRole, MembershipStatus
from .models import Membership, NetworkAccess, NetworkCoordinator

TOP_NETWORK_DEPTH = 2  # the site root network sits right below Wagtail's tree root


def _authenticated(user):
    return user is not None and user.is_authenticated


# --- Networks: who coordinates what ------------------------------------------------------


def coordinated_network_paths(user):
    """Tree paths of the networks this user is named coordinator of (cached on the user)."""
    if not _authenticated(user):
        return []
    cached = getattr(user, "_leerkring_coordinated_paths", None)
    if cached is None:
        cached = list(
            NetworkCoordinator.objects.filter(user=user).values_list("network__path", flat=True)
        )
        user._leerkring_coordinated_paths = cached
    return cached


def forget_cached_access(user):
    """Drop what this module cached on the user, after their coordination changed."""
    for name in ("_leerkring_coordinated_paths",):
        if hasattr(user, name):
            delattr(user, name)


def _below(paths, field="path"):
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def coordinates(user, page):
    """Whether the user coordinates this page's network or a network above it."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return any(page.path.startswith(path) for path in coordinated_network_paths(user))


def is_coordinator(user):
    return _authenticated(user) and (user.is_superuser or bool(coordinated_network_paths(user)))


def coordinated_pages(user):
    """Every page at or below the networks this user coordinates (all pages for superusers)."""
    from wagtail.models import Page

    pages = Page.objects.all()
    if _authenticated(user) and user.is_superuser:
        return pages
    paths = coordinated_network_paths(user)
    return pages.filter(_below(paths)) if paths else pages.none()


def coordinated_networks(user):
    """The networks this user coordinates, and every network below them."""
    from .models import NetworkPage

    networks = NetworkPage.objects.all()
    if _authenticated(user) and user.is_superuser:
        return networks
    paths = coordinated_network_paths(user)
    return networks.filter(_below(paths)) if paths else networks.none()


def may_name_coordinators(user, network):
    """Whether the user may name or remove coordinators of this network, or change how its
    coordinators reach closed circles: its parents' coordinators and superusers only."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return any(
        network.path.startswith(path) and network.path != path
        for path in coordinated_network_paths(user)
    )


def nameable_networks(user):
    """The networks whose coordinators this user may name: strictly below their own."""
    networks = coordinated_networks(user)
    if _authenticated(user) and user.is_superuser:
        return networks
    return networks.exclude(path__in=coordinated_network_paths(user))


def coordinates_site(user):
    """Whether the user coordinates the top network, and with it the site-wide records."""
    if not _authenticated(user):
        return False
    return user.is_superuser or any(
        len(path) // _steplen() == TOP_NETWORK_DEPTH for path in coordinated_network_paths(user)
    )


def site_coordinators():
    """The active people who coordinate the top network: who hears of site-wide records
    (a reported initiative). Superusers are not added: they did not ask for the mail."""
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Length

    top = (
        NetworkCoordinator.objects.alias(depth=Length("network__path"))
        .filter(depth=TOP_NETWORK_DEPTH * _steplen())
        .values("user_id")
    )
    return get_user_model().objects.filter(pk__in=top, is_active=True)


def _steplen():
    from wagtail.models import Page

    return Page.steplen


# --- Closed circles and who reads along --------------------------------------------------


def _network_path_of(circle):
    return circle.path[: -_steplen()]


def coordinators_read_closed(circle):
    """Whether the coordinators above may read this closed circle (its network decides)."""
    cached = getattr(circle, "_leerkring_coordinators_read", None)
    if cached is None:
        setting = (
            NetworkAccess.objects.filter(network__path=_network_path_of(circle))
            .values_list("coordinators_read_closed", flat=True)
            .first()
        )
        cached = True if setting is None else setting
        circle._leerkring_coordinators_read = cached
    return cached


def _closed_to_coordinators():
    """Q for the closed circles whose networks keep their coordinators out."""
    shut = list(
        NetworkAccess.objects.filter(coordinators_read_closed=False).values_list(
            "network__path", "network__depth"
        )
    )
    if not shut:
        return None
    return Q(visibility=CircleVisibility.CLOSED) & reduce(
        or_, (Q(path__startswith=path, depth=depth + 1) for path, depth in shut)
    )


def readers_along(circle):
    """Who besides the members may read this closed circle: the coordinators of the networks
    above it, nearest network first, when its network lets them. For the circle to say so."""
    from .models import NetworkPage

    if not coordinators_read_closed(circle):
        return []
    paths = [circle.path[:end] for end in range(_steplen(), len(circle.path), _steplen())]
    networks = NetworkPage.objects.filter(path__in=paths).order_by("-depth")
    links = (
        NetworkCoordinator.objects.filter(network__in=networks)
        .select_related("user", "network")
        .order_by("-network__depth", "sort_order", "pk")
    )
    by_network = {}
    for link in links:
        by_network.setdefault(link.network_id, (link.network, []))[1].append(link.user)
    return list(by_network.values())


@dataclass
class CircleAccess:
    """What one person may do in one circle."""

    user: object
    circle: object

    @cached_property
    def membership(self):
        if not _authenticated(self.user):
            return None
        return Membership.objects.filter(user=self.user, circle=self.circle).first()

    @cached_property
    def is_coordinator(self):
        return coordinates(self.user, self.circle)

    @cached_property
    def coordinator_reads(self):
        """A coordinator above reads an open circle always, a closed one when allowed."""
        if not self.is_coordinator:
            return False
        if self.user.is_superuser or not self.circle.is_closed:
            return True
        return coordinators_read_closed(self.circle)

    @property
    def is_member(self):
        return self.membership is not None and self.membership.is_active

    @property
    def is_facilitator(self):
        return self.membership is not None and self.membership.is_facilitator

    @property
    def has_pending_request(self):
        return self.membership is not None and self.membership.is_pending

    @property
    def can_read(self):
        """Read threads, the member list and meetings."""
        return not self.circle.is_closed or self.is_member or self.coordinator_reads

    @property
    def can_write(self):
        """Start threads, reply and react."""
        return self.is_member or self.coordinator_reads

    @property
    def can_manage(self):
        """Accept and remove members, invite, plan meetings, moderate."""
        return self.is_facilitator or self.coordinator_reads

    @property
    def sees_all_members(self):
        """See every member's name, not only those who chose to show it publicly: the
        members themselves and the coordinators who read the circle."""
        return self.is_member or self.coordinator_reads

    def openable_profiles(self, memberships):
        """Ids of these members of the circle whose profiles the viewer may open, for the
        member list. Whoever sees all of a live circle's members may open each active one's
        profile (``may_open_profile``) without asking the database again."""
        if self.sees_all_members and self.circle.live:
            return {m.user_id for m in memberships if m.is_active and m.user.is_active}
        return openable_profiles(self.user, [m.user for m in memberships])

    def require_read(self):
        # A closed circle's private parts do not exist for outsiders: 404, not 403, so that
        # not even their existence is confirmed.
        if not self.can_read:
            raise Http404


def readable_closed_circle_ids(user):
    """Ids of the closed circles this user may read, or None for all (superusers)."""
    from .models import LearningCirclePage

    if not _authenticated(user):
        return set()
    if user.is_superuser:
        return None
    circles = set(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list(
            "circle_id", flat=True
        )
    )
    paths = coordinated_network_paths(user)
    if paths:
        coordinated = LearningCirclePage.objects.filter(
            _below(paths), visibility=CircleVisibility.CLOSED
        )
        shut = _closed_to_coordinators()
        if shut is not None:
            coordinated = coordinated.exclude(shut)
        circles.update(coordinated.values_list("pk", flat=True))
    return circles


def calendar_circles(user):
    """The circles whose meetings a person's own calendar holds: the live ones they take part
    in (active members and facilitators), outside Wagtail's view restrictions, which a
    calendar app could not pass. Taking part means reading the circle, open or closed, so
    each of them is one ``CircleAccess`` would let this person subscribe to; coordinators
    who read a circle along subscribe to it by itself. Two queries, however many circles."""
    from .models import LearningCirclePage

    if not _authenticated(user) or not user.is_active:
        return LearningCirclePage.objects.none()
    taking_part = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
    return (
        LearningCirclePage.objects.live()
        .public()
        .filter(pk__in=taking_part.values("circle_id"))
        .order_by("title", "pk")
    )


def coordinated_circles(user):
    """The circles whose private records a coordinator reaches: below their networks, less
    the closed circles of networks that keep their coordinators out."""
    from .models import LearningCirclePage

    circles = LearningCirclePage.objects.all()
    if _authenticated(user) and user.is_superuser:
        return circles
    paths = coordinated_network_paths(user)
    if not paths:
        return circles.none()
    circles = circles.filter(_below(paths))
    shut = _closed_to_coordinators()
    return circles.exclude(shut) if shut is not None else circles


def manageable_circles(user):
    """The live circles this user facilitates or coordinates, for moving threads between."""
    from .models import LearningCirclePage

    if not _authenticated(user):
        return LearningCirclePage.objects.none()
    circles = LearningCirclePage.objects.live()
    if user.is_superuser:
        return circles.order_by("title")
    facilitated = Q(
        memberships__user=user,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__role=MembershipRole.FACILITATOR,
    )
    coordinated = Q(pk__in=coordinated_circles(user).values("pk"))
    return circles.filter(facilitated | coordinated).distinct().order_by("title")


def email_recipients(circle, user_ids=None):
    """Who may receive email about this circle's conversations (of ``user_ids``, when given):
    its active members. Coordinators who read along read on the site; mail is for members,
    so an ex-member or someone merely mentioned is never sent a closed circle's words."""
    members = set(
        Membership.objects.active().filter(circle=circle).values_list("user_id", flat=True)
    )
    return members if user_ids is None else {pk for pk in user_ids if pk in members}


# --- People: whose profile, and which of their circles, a person sees ---------------------
#
# A profile shows nothing its viewer could not already learn from a member list they may
# read: it lists the person's circles as far as the viewer may see their member lists, and
# it opens only when that leaves at least one circle (or the viewer is the person, or a
# superuser). Everyone else gets the same 404 as for a username nobody has.


def _memberships_of_people(viewer, people_ids):
    """The active memberships, in live circles, of these people and of the viewer, in one
    query, each with what the policy must know of its circle: whether a view restriction
    covers it (``in_private_section``) and, for a closed one, whether its network lets
    coordinators read along (``network_lets_read``; None when the network never said)."""
    from django.db.models import Exists, F, OuterRef, Subquery
    from django.db.models.functions import Length, Substr
    from wagtail.models import PageViewRestriction

    ids = set(people_ids)
    if _authenticated(viewer):
        ids.add(viewer.pk)
    circle_path = OuterRef("circle__path")
    restriction_above = PageViewRestriction.objects.alias(
        prefix=Substr(circle_path, 1, Length("page__path"))
    ).filter(page__path=F("prefix"))
    network_setting = NetworkAccess.objects.filter(
        network__path=Substr(circle_path, 1, Length(circle_path) - _steplen())
    ).values("coordinators_read_closed")[:1]
    return (
        Membership.objects.active()
        .filter(user_id__in=ids, circle__live=True)
        .select_related("circle")
        .annotate(
            in_private_section=Exists(restriction_above),
            network_lets_read=Subquery(network_setting),
        )
        .order_by("circle__title", "circle_id")
    )


def _membership_shown(membership, viewer_circles, coordinated_paths):
    """Whether the viewer may see this membership on its circle's member list."""
    circle = membership.circle
    if circle.pk in viewer_circles:
        return True  # a fellow member sees every member, of an open and a closed circle
    if any(circle.path.startswith(path) for path in coordinated_paths):
        # A coordinator above reads an open circle always, a closed one when its network
        # lets them (the default).
        if not circle.is_closed or membership.network_lets_read is not False:
            return True
    # Everyone else sees, of an open circle, those who chose to be listed; a section under a
    # view restriction is not public, so it lists nobody to them.
    return not circle.is_closed and membership.listed_publicly and not membership.in_private_section


def shown_memberships(viewer, people):
    """Of each of these people, the memberships the viewer may see, circles and all:
    ``{user id: [membership, ...]}`` by circle title, in a constant number of queries. What
    a profile lists, and what decides whether it opens (``may_open_profile``)."""
    people = [person for person in people if person is not None and person.is_active]
    wanted = {person.pk for person in people}
    if not wanted:
        return {}
    rows = list(_memberships_of_people(viewer, wanted))
    superuser = _authenticated(viewer) and viewer.is_superuser
    viewer_circles = (
        {m.circle_id for m in rows if m.user_id == viewer.pk} if _authenticated(viewer) else set()
    )
    paths = coordinated_network_paths(viewer)
    shown = {pk: [] for pk in wanted}
    for membership in rows:
        if membership.user_id in wanted and (
            superuser or _membership_shown(membership, viewer_circles, paths)
        ):
            shown[membership.user_id].append(membership)
    return shown


def may_open_profile(viewer, person, shown):
    """Whether the viewer may open this person's profile, given ``shown_memberships``: the
    person themselves, superusers, and whoever sees them on at least one circle's member
    list (a fellow member, a coordinator above one of their circles, and anyone when they
    chose to be listed in an open circle)."""
    if person is None or not person.is_active:
        return False
    if _authenticated(viewer) and (viewer.pk == person.pk or viewer.is_superuser):
        return True
    return bool(shown.get(person.pk))


def openable_profiles(viewer, people):
    """Ids of those of these people whose profile the viewer may open: where a page may
    link a name to its profile without the link leading to a 404."""
    people = [person for person in people if person is not None]
    shown = shown_memberships(viewer, people)
    return {person.pk for person in people if may_open_profile(viewer, person, shown)}


# --- The admin: which records of plain models a person reaches ----------------------------


def admin_queryset(queryset, user):
    """Narrow an admin listing of one of our plain models to what this user may see.

    Every admin listing, inspect, edit, delete and history view, and every form choice of
    these models, goes through here; an unknown model is refused rather than shown.
    """
    from practices.models import InitiativeReport

    from .models import Meeting, OutgoingEmail, RemoteFeed, ReplyFlag, Thread

    model = queryset.model
    if not _authenticated(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    if model in (Membership, Meeting, Thread):
        return queryset.filter(circle__in=coordinated_circles(user))
    if model is OutgoingEmail:
        # An email about no circle (an account's, a digest) may concern anyone; no circle
        # matches it here, so only superusers see it.
        return queryset.filter(circle__in=coordinated_circles(user))
    if model is ReplyFlag:
        from .conversations import replies_of_threads

        threads = Thread.objects.filter(circle__in=coordinated_circles(user))
        return queryset.filter(reply__in=replies_of_threads(threads))
    if model in (RemoteFeed, NetworkCoordinator, NetworkAccess):
        return queryset.filter(network__in=coordinated_networks(user))
    if model is InitiativeReport or model._meta.label == "leerkring_search.SearchTermStat":
        return queryset if coordinates_site(user) else queryset.none()
    return queryset.none()


def may_see_in_admin(user, instance):
    return admin_queryset(type(instance)._default_manager.filter(pk=instance.pk), user).exists()
