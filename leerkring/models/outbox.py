"""Emails on their way out, and the schedule of the background worker's periodic jobs.

Every email the site sends is first a row here (``leerkring.outbox``), written in the same
transaction as whatever caused it, and delivered by a task; a row that could not be
delivered after every attempt stays as a dead letter for a coordinator to see.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

LAST_ERROR_MAX_LENGTH = 500

# What our own emails are, for the list of undelivered ones; ``kind`` is their template.
KIND_LABELS = {
    "new_reply": _("New reply"),
    "new_thread": _("New conversation"),
    "mention": _("Mention"),
    "digest": _("Digest"),
    "flag": _("Flagged reply"),
    "join_request": _("Request to join"),
    "join_outcome": _("Answer to a request to join"),
    "invitation": _("Invitation"),
}


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("undelivered")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # Which of our emails this is (a template name such as "new_reply"); empty for mail
    # that others' code sends (allauth, Wagtail).
    kind = models.CharField(_("kind"), max_length=50, blank=True)
    # The circle whose conversation the email is about, so that the coordinators who may
    # read that circle see it when it is not delivered. Not the mail's own business: never
    # sent as a header.
    circle = models.ForeignKey(
        "leerkring.LearningCirclePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("learning circle"),
    )
    subject = models.TextField(_("subject"), blank=True)
    body = models.TextField(_("body"), blank=True)
    from_email = models.CharField(_("from"), max_length=1000)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    # Every recipient's bare address in lower case, one a line with a line break at both
    # ends, so that "the mail to this address" is one query on SQLite and PostgreSQL alike
    # (SQLite cannot look inside a JSON list).
    recipient_index = models.TextField(editable=False, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # content_subtype, mixed_subtype, alternative_subtype and encoding, where the sender
    # changed them from Django's defaults.
    mime_options = models.JSONField(default=dict, blank=True)

    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=LAST_ERROR_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Which delivery run holds the row while it is being sent, and since when: only the run
    # whose token is on the row may mark it sent or failed.
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due"),
            models.Index(fields=["status", "sent_at"], name="outgoing_email_sent"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient_list()}"

    def recipient_list(self):
        return ", ".join([*self.to, *self.cc, *self.bcc])

    recipient_list.short_description = _("recipients")

    def kind_label(self):
        if not self.kind:
            return _("Account or admin email")
        return KIND_LABELS.get(self.kind, self.kind)

    kind_label.short_description = _("kind")


class PeriodicJobRun(models.Model):
    """When the worker last started a periodic job. Workers claim a run by a conditional
    update of ``last_run_at``, so that two of them never start the same run twice."""

    name = models.CharField(_("job"), max_length=50, unique=True)
    last_run_at = models.DateTimeField(_("last started"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self):
        return self.name
