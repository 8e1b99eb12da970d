import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import MembershipRole, MembershipStatus

INVITATION_VALID_DAYS = 14


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)

    def facilitators(self):
        return self.active().filter(role=MembershipRole.FACILITATOR)

    def pending(self):
        return self.filter(status__in=[MembershipStatus.REQUESTED, MembershipStatus.WAITING])


class Membership(models.Model):
    """A person's place in a circle, from the first request to leaving it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="circle_memberships",
        verbose_name=_("user"),
    )
    circle = models.ForeignKey(
        "leerkring.LearningCirclePage",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("learning circle"),
    )
    organisation = models.ForeignKey(
        "practices.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="circle_memberships",
        verbose_name=_("organisation"),
        help_text=_("The organisation this person speaks for in the circle."),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.REQUESTED,
    )
    motivation = models.TextField(_("motivation"), blank=True, max_length=1000)
    decision_note = models.TextField(
        _("reason"),
        blank=True,
        max_length=1000,
        help_text=_("Why a request was declined or a member removed; kept for the admin."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("requested or invited"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    listed_publicly = models.BooleanField(
        _("show my name on the public member list"),
        default=False,
        help_text=_(
            "Only for open circles. When off, only the circle's members and its coordinators "
            "see that you take part."
        ),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["circle", "-role", "user__first_name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "circle"], name="unique_membership_per_circle")
        ]
        indexes = [models.Index(fields=["circle", "status"])]

    def __str__(self):
        return f"{self.user} – {self.circle}"

    @property
    def is_active(self):
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_facilitator(self):
        return self.is_active and self.role == MembershipRole.FACILITATOR

    @property
    def is_pending(self):
        return self.status in (MembershipStatus.REQUESTED, MembershipStatus.WAITING)


def _hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def by_token(self, token):
        return self.filter(token_hash=_hash_token(token))

    def open(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation by email to join a circle, redeemed once through a secret link.

    Only a hash of the token is stored, so a leaked database does not hand out seats.
    """

    circle = models.ForeignKey(
        "leerkring.LearningCirclePage",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("learning circle"),
    )
    email = models.EmailField(_("email address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    message = models.TextField(_("personal message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} – {self.circle}"

    @classmethod
    def create_with_token(cls, **fields):
        """Create an invitation and return it with the one copy of its secret token."""
        token = secrets.token_urlsafe(32)
        fields.setdefault("expires_at", timezone.now() + timedelta(days=INVITATION_VALID_DAYS))
        invitation = cls.objects.create(token_hash=_hash_token(token), **fields)
        return invitation, token

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_used(self):
        return self.accepted_at is not None


class Profile(models.Model):
    """What members tell each other about themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leerkring_profile",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "practices.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("organisation"),
    )
    bio = models.TextField(_("short bio"), blank=True, max_length=600)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)
