"""Registers Leerkring's admin parts with Wagtail; the parts themselves live elsewhere:
listings in ``admin_listings``, the curation board in ``admin_views``, the rules in
``access`` (docs/architecture.md, "Access")."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.options import modeladmin_register

from . import (
    access,
    params,  # noqa: F401 - registers the <lk_id:...> route converter
)
from .admin_listings import LeerkringAdminGroup
from .admin_views import BOARD_URL_NAME, INDEX_URL_NAME, curation_board, curation_index
from .models import NetworkPage
from .reported_initiatives import QUEUE_URL_NAME, pending_reports, review_url

modeladmin_register(LeerkringAdminGroup)


class CurationMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_coordinator(request.user)


@hooks.register("register_admin_urls")
def register_curation_urls():
    return [
        path("leerkring/curatie/", curation_index, name=INDEX_URL_NAME),
        path("leerkring/curatie/<lk_id:network_id>/", curation_board, name=BOARD_URL_NAME),
    ]


@hooks.register("register_admin_menu_item")
def register_curation_menu_item():
    return CurationMenuItem(
        _("Curation"),
        reverse(INDEX_URL_NAME),
        name="curation",
        icon_name="pick",
        order=220,
    )


def _own_network_page(request, page):
    """A network that the person coordinates, but not through a network above it: they may
    edit its page, never delete or move it (that would take the network away from those who
    named them)."""
    page = page.specific
    return isinstance(page, NetworkPage) and not access.may_name_coordinators(request.user, page)


@hooks.register("before_delete_page")
def keep_own_network_page(request, page):
    if _own_network_page(request, page):
        raise PermissionDenied


@hooks.register("before_move_page")
def keep_own_network_in_place(request, page, destination):
    if _own_network_page(request, page):
        raise PermissionDenied


class ReportedInitiativesPanel(Component):
    """The reported initiatives still waiting for a decision, on the dashboard of those who
    review them: the email may be missed, the queue should not be."""

    name = "reported_initiatives"
    template_name = "leerkring/admin/reported_initiatives_panel.html"
    order = 60
    SHOWN = 5

    def get_context_data(self, parent_context=None):
        waiting = pending_reports().order_by("created_at")
        latest = list(waiting[: self.SHOWN])
        return {
            "count": waiting.count() if len(latest) == self.SHOWN else len(latest),
            "reports": [(report, review_url(report)) for report in latest],
            "queue_url": reverse(QUEUE_URL_NAME),
        }


@hooks.register("construct_homepage_panels")
def add_reported_initiatives_panel(request, panels):
    if access.coordinates_site(request.user):
        panels.append(ReportedInitiativesPanel())
