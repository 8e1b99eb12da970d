"""Who may do what in a circle (DESIGN.md §4), decided in one place.

Views ask a ``CircleAccess`` rather than checking memberships themselves, so that pages,
feeds, emails and search all draw the same line around a closed circle.
"""

from dataclasses import dataclass
from functools import cached_property

from django.http import Http404

from .choices import MembershipStatus
from .models import Membership, NetworkCoordinator


def coordinated_network_paths(user):
    """Tree paths of the networks this user coordinates; a circle below one is theirs."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_leerkring_coordinated_paths", None)
    if cached is None:
        cached = list(
            NetworkCoordinator.objects.filter(user=user).values_list("network__path", flat=True)
        )
        user._leerkring_coordinated_paths = cached
    return cached


def coordinates(user, page):
    """Whether the user coordinates this page's network or a network above it."""
    if user.is_authenticated and user.is_superuser:
        return True
    return any(page.path.startswith(path) for path in coordinated_network_paths(user))


@dataclass
class CircleAccess:
    user: object
    circle: object

    @cached_property
    def membership(self):
        if not self.user.is_authenticated:
            return None
        return Membership.objects.filter(user=self.user, circle=self.circle).first()

    @cached_property
    def is_coordinator(self):
        return coordinates(self.user, self.circle)

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
    def is_invited(self):
        return self.membership is not None and self.membership.status == MembershipStatus.INVITED

    @property
    def can_read(self):
        """Read threads, the member list and meetings."""
        return not self.circle.is_closed or self.is_member or self.is_coordinator

    @property
    def can_write(self):
        """Start threads, reply and react."""
        return self.is_member or self.is_coordinator

    @property
    def can_manage(self):
        """Accept and remove members, invite, plan meetings, moderate."""
        return self.is_facilitator or self.is_coordinator

    @property
    def can_request_to_join(self):
        return self.user.is_authenticated and not (self.is_member or self.has_pending_request)

    def require_read(self):
        # A closed circle's private parts do not exist for outsiders: 404, not 403, so that
        # not even their existence is confirmed.
        if not self.can_read:
            raise Http404


def manageable_circles(user):
    """The live circles this user facilitates or coordinates, for moving threads between."""
    from django.db.models import Q

    from .choices import MembershipRole
    from .models import LearningCirclePage

    if not user.is_authenticated:
        return LearningCirclePage.objects.none()
    circles = LearningCirclePage.objects.live()
    if user.is_superuser:
        return circles.order_by("title")
    scope = Q(
        memberships__user=user,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__role=MembershipRole.FACILITATOR,
    )
    for path in coordinated_network_paths(user):
        scope |= Q(path__startswith=path)
    return circles.filter(scope).distinct().order_by("title")
