"""Fixed vocabularies of circles and memberships."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CircleStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    CONCLUDED = "concluded", _("Concluded")


class CircleVisibility(models.TextChoices):
    OPEN = "open", _("Open: everyone may read the conversations")
    CLOSED = "closed", _("Closed: only members may read the conversations")


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    WAITING = "waiting", _("On the waiting list")
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")
