"""What a member wants to hear about: followed threads and circles, and how by email.

Following decides *what* someone hears about; it never decides *whether* they may: every
email is also limited to the circle's current active members when it is sent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A member follows one thread or one whole circle; muted keeps the choice but stays quiet.

    A muted thread follow silences that thread even for someone who follows its circle. A
    muted circle follow records that the member opted out of the circle's announcements.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leerkring_follows",
        verbose_name=_("user"),
    )
    thread = models.ForeignKey(
        "leerkring.Thread",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("conversation"),
    )
    circle = models.ForeignKey(
        "leerkring.LearningCirclePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("learning circle"),
    )
    muted = models.BooleanField(_("muted"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(thread__isnull=False, circle__isnull=True)
                    | Q(thread__isnull=True, circle__isnull=False)
                ),
                name="follow_thread_xor_circle",
            ),
            models.UniqueConstraint(fields=["user", "thread"], name="one_follow_per_thread"),
            models.UniqueConstraint(fields=["user", "circle"], name="one_follow_per_circle"),
        ]

    def __str__(self):
        target = f"thread {self.thread_id}" if self.thread_id else f"circle {self.circle_id}"
        return f"{self.user_id} follows {target}{' (muted)' if self.muted else ''}"


class DigestFrequency(models.TextChoices):
    NONE = "none", _("No digest")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class NotificationSettings(models.Model):
    """How a person wants to be emailed; without a row the defaults below apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leerkring_notification_settings",
        verbose_name=_("user"),
    )
    instant_email = models.BooleanField(
        _("email me about each new reply"),
        default=True,
        help_text=_("An email for each new reply or mention in what you follow."),
    )
    digest = models.CharField(
        _("digest"),
        max_length=8,
        choices=DigestFrequency.choices,
        default=DigestFrequency.NONE,
        help_text=_("One email that sums up the new replies in what you follow."),
    )
    meeting_reminders = models.BooleanField(
        _("remind me of meetings"),
        default=True,
        help_text=_("An email the day before a meeting of your circles."),
    )
    last_digest_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        indexes = [models.Index(fields=["digest"])]

    def __str__(self):
        return f"notification settings of {self.user_id}"
