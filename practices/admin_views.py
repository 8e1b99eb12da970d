"""The moderation step for reported initiatives in the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .models import InitiativeReport

REVIEW_PERMISSION = "practices.change_initiativereport"


@require_http_methods(["GET", "POST"])
def review_initiative_report(request, pk, index_url_name):
    """Show a reported initiative and approve it into the directory or reject it."""
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    report = get_object_or_404(InitiativeReport, pk=pk)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "approve":
            organisation = report.approve(request.user)
            messages.success(
                request, _("'%(name)s' is now in the public directory.") % {"name": organisation}
            )
            return redirect(index_url_name)
        if decision == "reject":
            report.reject(request.user)
            messages.success(
                request, _("The report of '%(name)s' was rejected.") % {"name": report.name}
            )
            return redirect(index_url_name)
        messages.error(request, _("Choose whether to approve or reject this report."))
    return TemplateResponse(
        request,
        "practices/admin/review_initiative_report.html",
        {"report": report, "index_url_name": index_url_name},
    )
