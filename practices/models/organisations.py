from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from ..choices import DevelopmentStage, OrganisationKind


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Organisation(index.Indexed, models.Model):
    """A municipality, initiative or partner that takes part in networks and publishes."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    municipality = models.CharField(_("municipality"), max_length=100)
    neighbourhood = models.CharField(_("neighbourhood or village"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(
        _("stage of development"),
        max_length=32,
        choices=DevelopmentStage.choices,
        blank=True,
        help_text=_("Initiatives need room to grow from starting to professional."),
    )
    is_public = models.BooleanField(
        _("shown in the public directory"),
        default=True,
        help_text=_("Reported initiatives become public only after a coordinator approves them."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("municipality"),
        index.SearchField("neighbourhood"),
        index.FilterField("kind"),
        index.FilterField("municipality"),
        index.FilterField("is_public"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        base = slugify(f"{self.name} {self.municipality}")[:200] or "organisatie"
        slug, counter = base, 2
        while Organisation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, counter = f"{base}-{counter}", counter + 1
        return slug


class InitiativeReport(models.Model):
    """A visitor's report of an initiative in their neighbourhood, waiting for moderation.

    Kept apart from Organisation so that the reporter's contact details and rejected
    spam never end up in the public directory.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name of the initiative"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    municipality = models.CharField(_("municipality"), max_length=100)
    neighbourhood = models.CharField(_("neighbourhood or village"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("what does the initiative do?"), max_length=4000)
    reporter_name = models.CharField(_("your name"), max_length=120)
    reporter_email = models.EmailField(_("your email address"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in the directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("initiative report")
        verbose_name_plural = _("initiative reports")

    def __str__(self):
        return f"{self.name} ({self.municipality})"

    @transaction.atomic
    def approve(self, user):
        """Publish the reported initiative in the directory; approving twice is harmless."""
        report = InitiativeReport.objects.select_for_update().get(pk=self.pk)
        if report.status == self.Status.APPROVED and report.organisation_id:
            return report.organisation
        organisation = Organisation.objects.create(
            name=report.name,
            kind=report.kind,
            municipality=report.municipality,
            neighbourhood=report.neighbourhood,
            website=report.website,
            description=report.description,
            stage=DevelopmentStage.STARTING,
        )
        report.status = self.Status.APPROVED
        report.organisation = organisation
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.save()
        self.refresh_from_db()
        report._announce_decision()
        return organisation

    @transaction.atomic
    def reject(self, user):
        """Keep the reported initiative out of the directory; rejecting twice is harmless."""
        report = InitiativeReport.objects.select_for_update().get(pk=self.pk)
        if report.status == self.Status.REJECTED:
            return
        report.status = self.Status.REJECTED
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.save(update_fields=["status", "reviewed_at", "reviewed_by"])
        self.refresh_from_db()
        report._announce_decision()

    def _announce_decision(self):
        from ..signals import initiative_report_decided

        transaction.on_commit(
            lambda: initiative_report_decided.send(sender=InitiativeReport, report=self)
        )
