"""Who hears about an initiative reported through the directory's public form.

The directory is the whole site's, so its queue belongs to the top network's coordinators
(docs/architecture.md, "Roles"): they get an email when a report comes in and see the open
ones on their dashboard. The reporter, who has no account, hears the decision at the
address they gave. ``practices`` sends no mail itself; it says what happened
(``post_save`` of a new report, ``initiative_report_decided``) and this module answers.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from practices.models import InitiativeReport, OrganisationIndexPage
from practices.signals import initiative_report_decided

from . import access, mail

REVIEW_URL_NAME = "practices_initiativereport_modeladmin_review"
QUEUE_URL_NAME = "practices_initiativereport_modeladmin_index"


def review_url(report):
    return reverse(REVIEW_URL_NAME, args=[report.pk])


def pending_reports():
    return InitiativeReport.objects.filter(status=InitiativeReport.Status.PENDING)


@receiver(post_save, sender=InitiativeReport, dispatch_uid="leerkring_initiative_reported")
def tell_site_coordinators(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        transaction.on_commit(lambda: send_report_notice(instance))


def send_report_notice(report):
    addresses = access.site_coordinators().exclude(email="").values_list("email", flat=True)
    return mail.send_templated_email(
        "initiative_reported",
        list(addresses),
        {"report": report, "review_url": mail.absolute(review_url(report))},
    )


@receiver(initiative_report_decided, dispatch_uid="leerkring_initiative_decided")
def tell_reporter(sender, report, **kwargs):
    approved = report.status == InitiativeReport.Status.APPROVED
    return mail.send_templated_email(
        "initiative_decided",
        [report.reporter_email],
        {"report": report, "approved": approved, "directory_url": _directory_url(report)},
    )


def _directory_url(report):
    """Where the reporter finds the initiative now: its own page in the directory if it was
    taken in, else the directory itself, or nothing on a site without one."""
    directory = OrganisationIndexPage.objects.live().public().order_by("path").first()
    if directory is None:
        return ""
    if report.organisation_id and report.organisation.is_public:
        return mail.absolute(directory.organisation_url(report.organisation))
    return mail.absolute(directory.url)
