"""How people enter and leave a circle: requests, invitations, the cap, leaving, removal.

Every path that makes someone an active member goes through ``activate``, which counts the
active members while it holds a row lock on the circle. Two facilitators approving the last
seat at the same moment, or ten invitees clicking their links at once, are serialised there,
so a circle never holds more active members than its cap.

The emails these steps make go out from here too: a new request to the circle's
facilitators, the decision to the one who asked, an invitation to its address.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ratelimits
from .choices import MembershipRole, MembershipStatus
from .conf import leerkring_settings
from .mail import send_templated_email
from .models import Invitation, LearningCirclePage, Membership
from .public import absolute_url, page_url


class JoiningError(Exception):
    """A step in joining or leaving that cannot be taken; the message is for the user."""


class CircleFull(JoiningError):
    def __init__(self, circle=None):
        super().__init__(_("This circle is full: all its places are taken."))
        self.circle = circle


class InvitationInvalid(JoiningError):
    pass


class TooManyInvitations(JoiningError):
    def __init__(self):
        super().__init__(_("You have sent many invitations in a short time. Try again in an hour."))


def invitations_per_hour():
    return leerkring_settings.INVITATIONS_PER_HOUR


class AlreadyMember(JoiningError):
    def __init__(self):
        super().__init__(_("Someone with this address is already a member."))


def display_name(user):
    return user.get_full_name() or user.get_username()


def invite(circle, email, by, *, message=""):
    """Invite someone by email address, if ``by`` manages the circle. Returns the invitation
    and its one-time token (only its hash is stored). An open invitation for the same
    address sent again (a replayed form) is not sent twice: the first one is returned with
    ``token`` None."""
    from django.core.exceptions import PermissionDenied
    from django.db.models import Q

    from .access import CircleAccess

    if by is None or not CircleAccess(by, circle).can_manage:
        raise PermissionDenied
    members = Membership.objects.active().filter(circle=circle)
    if members.filter(Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email)):
        raise AlreadyMember
    recent = timezone.now() - timedelta(minutes=10)
    earlier = (
        Invitation.objects.open()
        .filter(circle=circle, email__iexact=email, invited_by=by, created_at__gte=recent)
        .first()
    )
    if earlier is not None:
        return earlier, None
    # Each invitation is an email to an address typed in: a limit per person keeps the form
    # from becoming a way to send mail to anyone in bulk.
    if not ratelimits.allow(f"invitations:user:{by.pk}", invitations_per_hour(), 3600):
        raise TooManyInvitations
    return Invitation.create_with_token(circle=circle, email=email, invited_by=by, message=message)


def send_invitation(invitation, token):
    """Email the invitation with its link; ``token`` is the one :func:`invite` returned."""
    circle = invitation.circle
    send_templated_email(
        "invitation",
        [invitation.email],
        {
            "circle": circle,
            "invitation": invitation,
            "inviter": display_name(invitation.invited_by),
            "accept_url": absolute_url(circle.subpage_path("invitation", token)),
        },
    )


def active_member_count(circle):
    return Membership.objects.active().filter(circle=circle).count()


def places_left(circle):
    return max(circle.member_cap - active_member_count(circle), 0)


def _verified_emails(user):
    from allauth.account.models import EmailAddress

    emails = {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    return emails


def activate(circle, user, *, role=MembershipRole.MEMBER, decided_by=None, organisation=None):
    """Make the user an active member, or raise ``CircleFull``. Idempotent for members."""
    with transaction.atomic():
        locked = LearningCirclePage.objects.select_for_update(of=("self",)).get(pk=circle.pk)
        membership = Membership.objects.select_for_update().filter(circle=locked, user=user).first()
        if membership and membership.is_active:
            return membership
        if active_member_count(locked) >= locked.member_cap:
            raise CircleFull(locked)
        membership = membership or Membership(circle=locked, user=user)
        membership.status = MembershipStatus.ACTIVE
        membership.role = role if role else membership.role
        membership.joined_at = timezone.now()
        membership.ended_at = None
        membership.decided_by = decided_by
        if organisation is not None:
            membership.organisation = organisation
        elif membership.organisation_id is None:
            membership.organisation = _profile_organisation(user)
        membership.save()
        return membership


def _profile_organisation(user):
    # A user without a profile row raises RelatedObjectDoesNotExist, an AttributeError.
    profile = getattr(user, "leerkring_profile", None)
    return profile.organisation if profile else None


def request_to_join(circle, user, *, motivation="", organisation=None, listed_publicly=None):
    """Record a request, or a place on the waiting list when the circle is full, and tell
    the circle's facilitators of a new one.

    Returns the membership and whether it is new. Asking again while a request is open
    only updates the motivation (and the choice to show one's name publicly), so a replayed
    form never makes a second request. ``listed_publicly=None`` keeps the choice as it is.
    """
    membership, is_new = _record_request(
        circle,
        user,
        motivation=motivation,
        organisation=organisation,
        listed_publicly=listed_publicly,
    )
    if is_new:
        _tell_facilitators_of_request(circle, membership)
    return membership, is_new


def _tell_facilitators_of_request(circle, membership):
    facilitators = Membership.objects.facilitators().filter(circle=circle).select_related("user")
    send_templated_email(
        "join_request",
        [m.user.email for m in facilitators],
        {
            "circle": circle,
            "requester": display_name(membership.user),
            "membership": membership,
            "requests_url": absolute_url(circle.subpage_path("requests")),
        },
    )


def _record_request(circle, user, *, motivation="", organisation=None, listed_publicly=None):
    status = MembershipStatus.WAITING if places_left(circle) == 0 else MembershipStatus.REQUESTED
    organisation = organisation or _profile_organisation(user)
    defaults = {"status": status, "motivation": motivation, "organisation": organisation}
    if listed_publicly is not None:
        defaults["listed_publicly"] = listed_publicly
    try:
        with transaction.atomic():
            membership, created = Membership.objects.select_for_update().get_or_create(
                circle=circle, user=user, defaults=defaults
            )
    except IntegrityError:
        # The same request arrived twice at once; the other one made the row.
        membership, created = Membership.objects.get(circle=circle, user=user), False
    if created:
        return membership, True
    if membership.is_active:
        raise JoiningError(_("You are already a member of this circle."))
    if listed_publicly is not None:
        membership.listed_publicly = listed_publicly
    if membership.is_pending:
        membership.motivation = motivation
        membership.save(update_fields=["motivation", "listed_publicly", "updated_at"])
        return membership, False
    membership.status = status
    # A new request, so a new place in line: not the one held before leaving or withdrawing.
    membership.created_at = timezone.now()
    membership.role = MembershipRole.MEMBER
    membership.motivation = motivation
    membership.decision_note = ""
    membership.decided_by = None
    membership.organisation = organisation or membership.organisation
    membership.save()
    return membership, True


def withdraw_request(membership):
    """Take back an open request or a place on the waiting list. Asking again later is a
    new request, at the back of the line."""
    if not membership.is_pending:
        raise JoiningError(_("You have no open request for this circle."))
    membership.status = MembershipStatus.LEFT
    membership.ended_at = timezone.now()
    membership.save(update_fields=["status", "ended_at", "updated_at"])
    return membership


def waiting_list_place(membership):
    """1 for the first in line: the facilitator sees the waiting list in this order."""
    ahead = (
        Membership.objects.filter(circle_id=membership.circle_id, status=MembershipStatus.WAITING)
        .filter(
            Q(created_at__lt=membership.created_at)
            | Q(created_at=membership.created_at, pk__lt=membership.pk)
        )
        .count()
    )
    return ahead + 1


def set_public_listing(membership, listed_publicly):
    """Record a member's own choice whether their name shows on the public member list."""
    if membership.listed_publicly != listed_publicly:
        membership.listed_publicly = listed_publicly
        membership.save(update_fields=["listed_publicly", "updated_at"])
    return membership


def accept_request(membership, decided_by, note=""):
    """Make the requester a member and tell them, with the facilitator's ``note``."""
    if not membership.is_pending:
        raise JoiningError(_("This request has already been dealt with."))
    accepted = activate(membership.circle, membership.user, decided_by=decided_by)
    _tell_outcome(membership, accepted=True, note=note)
    return accepted


def decline_request(membership, decided_by, note=""):
    """Decline the request and tell the requester, with the facilitator's ``note``."""
    if not membership.is_pending:
        raise JoiningError(_("This request has already been dealt with."))
    membership.status = MembershipStatus.DECLINED
    membership.decision_note = note
    membership.decided_by = decided_by
    membership.save()
    _tell_outcome(membership, accepted=False, note=note)
    return membership


def _tell_outcome(membership, *, accepted, note):
    circle = membership.circle
    send_templated_email(
        "join_outcome",
        [membership.user.email],
        {
            "circle": circle,
            "accepted": accepted,
            "note": note,
            "circle_url": page_url(circle),
            "name": display_name(membership.user),
        },
    )


def find_invitation(circle, token):
    invitation = Invitation.objects.by_token(token).filter(circle=circle).first()
    if invitation is None:
        raise InvitationInvalid(
            _("This invitation link is not valid. Check that you copied it whole.")
        )
    return invitation


def check_invitation(invitation, user=None):
    if invitation.is_used:
        raise InvitationInvalid(_("This invitation has already been used."))
    if invitation.is_expired:
        raise InvitationInvalid(
            _("This invitation has expired. Ask the facilitator of the circle for a new one.")
        )
    if user is not None and invitation.email.lower() not in _verified_emails(user):
        raise InvitationInvalid(
            _(
                "This invitation was sent to another email address. Log in with the account "
                "for %(email)s, or add and confirm that address in your account."
            )
            % {"email": invitation.email}
        )


def accept_invitation(invitation, user):
    """Redeem an invitation: once, before it expires, by the person it was sent to."""
    try:
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            check_invitation(locked, user)
            membership = activate(locked.circle, user)
            locked.accepted_at = timezone.now()
            locked.accepted_by = user
            locked.save(update_fields=["accepted_at", "accepted_by"])
            return membership
    except CircleFull:
        # The invitation stays unused; the invitee waits for the next free place.
        _record_request(invitation.circle, user, motivation=_("Invited by email."))
        raise


def last_facilitator_circles(user):
    """The circles this person is the last facilitator of while others still take part:
    those ``leave`` would not let them go from without a successor (an account deletion
    asks the same). A circle with nobody else in it has nobody to hand over to.
    """
    others = Membership.objects.active().filter(circle=OuterRef("pk")).exclude(user=user)
    other_facilitators = (
        Membership.objects.facilitators().filter(circle=OuterRef("pk")).exclude(user=user)
    )
    facilitated = Membership.objects.facilitators().filter(user=user).values("circle_id")
    return (
        LearningCirclePage.objects.filter(pk__in=facilitated)
        .filter(Exists(others))
        .exclude(Exists(other_facilitators))
        .order_by("title")
    )


def leave(membership, successor=None):
    """End a membership. The last facilitator names a member who takes over first."""
    if not membership.is_active:
        raise JoiningError(_("You are not a member of this circle."))
    circle = membership.circle
    with transaction.atomic():
        if membership.is_facilitator:
            others = (
                Membership.objects.facilitators().filter(circle=circle).exclude(pk=membership.pk)
            )
            if not others.exists():
                if successor is None:
                    raise JoiningError(
                        _("You are the last facilitator: name a member who takes over first.")
                    )
                if successor.circle_id != circle.pk or not successor.is_active:
                    raise JoiningError(_("The person you named is not a member of this circle."))
                successor.role = MembershipRole.FACILITATOR
                successor.save(update_fields=["role", "updated_at"])
        membership.status = MembershipStatus.LEFT
        membership.ended_at = timezone.now()
        membership.save()
    return membership


def remove(membership, removed_by, reason):
    if not membership.is_active:
        raise JoiningError(_("This person is not an active member."))
    if membership.user_id == removed_by.pk:
        raise JoiningError(_("To leave the circle yourself, use “Leave this circle”."))
    if (
        membership.is_facilitator
        and not Membership.objects.facilitators()
        .filter(circle=membership.circle)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise JoiningError(_("The last facilitator cannot be removed."))
    membership.status = MembershipStatus.REMOVED
    membership.decision_note = reason
    membership.decided_by = removed_by
    membership.ended_at = timezone.now()
    membership.save()
    return membership


def make_facilitator(membership):
    if not membership.is_active:
        raise JoiningError(_("This person is not an active member."))
    membership.role = MembershipRole.FACILITATOR
    membership.save(update_fields=["role", "updated_at"])
    return membership
