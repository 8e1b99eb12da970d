"""A person's secret calendar address (docs/architecture.md, "Calendars").

One row per person at most, made when they ask for it. The row holds a random seed, not the
address: the address's secret is the seed signed with the site's key (``leerkring.
calendar_links``), so a copy of the database alone opens no feed, and the profile can still
show the address again. A new link is a new row; revoking keeps the row, without a seed, so
that the site remembers the person chose to stop their calendar links.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarLink(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leerkring_calendar_link",
        verbose_name=_("user"),
    )
    # From secrets.token_urlsafe; empty once the link is revoked.
    seed = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self):
        return f"calendar link of user {self.user_id}"

    @property
    def is_active(self):
        return self.revoked_at is None and bool(self.seed)
