from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_MEETING_YEAR = 2000
LAST_MEETING_YEAR = 2100


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
