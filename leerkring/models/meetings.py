from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_MEETING_YEAR = 2000
LAST_MEETING_YEAR = 2100
MAX_MEETING_CAPACITY = 10_000


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    """A meeting (bijeenkomst) of a circle: where and when, the agenda, and afterwards a report."""

    circle = models.ForeignKey(
        "leerkring.LearningCirclePage",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("learning circle"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True, max_length=500)
    agenda = models.TextField(_("agenda"), blank=True, max_length=10_000)
    report = models.TextField(
        _("report"),
        blank=True,
        max_length=50_000,
        help_text=_("Written afterwards: what was discussed and agreed."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MEETING_CAPACITY)],
        help_text=_(
            "How many people can come. Leave empty for no limit; beyond it, those who say "
            "they are coming are put on a waiting list."
        ),
    )
    # When the members were told the report is there: once, whatever later edits do.
    report_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        for field in ("starts_at", "ends_at"):
            moment = getattr(self, field)
            # Year 1 entered in Dutch time is year 0 in UTC, which PostgreSQL stores but no
            # Python datetime can hold: every later read of the row would fail.
            if moment and not FIRST_MEETING_YEAR <= moment.year <= LAST_MEETING_YEAR:
                raise ValidationError(
                    {
                        field: _("Enter a date between the years %(first)s and %(last)s.")
                        % {"first": FIRST_MEETING_YEAR, "last": LAST_MEETING_YEAR}
                    }
                )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A meeting must end after it starts.")})
        if not self.location and not self.online_url:
            raise ValidationError(_("Give a place, an online link, or both."))

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def answers_open(self):
        """Whether members may still say if they come: until the meeting starts."""
        return self.starts_at > timezone.now()


class Answer(models.TextChoices):
    COMING = "coming", _("I'm coming")
    MAYBE = "maybe", _("Maybe")
    NOT_COMING = "no", _("I'm not coming")


class MeetingResponse(models.Model):
    """A member's answer to whether they come to a meeting; one per person and meeting.

    Who of those coming has a place and who waits is not stored: with a cap, the first
    ``capacity`` of the current members who said "coming" (by ``answered_at``) have a place,
    the others wait in that order (``leerkring.attendance``). So a place that frees up, by
    a changed answer or by someone leaving the circle, goes to the first in line by itself.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="responses", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leerkring_meeting_responses",
        verbose_name=_("user"),
    )
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    # Changes only when the answer does: a replayed form keeps one's place in line.
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("answer to a meeting")
        verbose_name_plural = _("answers to meetings")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_answer_per_meeting")
        ]
        indexes = [models.Index(fields=["meeting", "answer", "answered_at"])]

    def __str__(self):
        return f"{self.user_id} {self.answer} {self.meeting_id}"


class MeetingReminder(models.Model):
    """That a person was reminded of a meeting, so that no run reminds them twice."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting reminder")
        verbose_name_plural = _("meeting reminders")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_reminder_per_meeting")
        ]

    def __str__(self):
        return f"reminded {self.user_id} of {self.meeting_id}"
