from functools import partial

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import review_initiative_report
from .models import InitiativeReport, Organisation, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "municipality", "stage", "is_public"]
    list_filter = ["kind", "stage", "is_public"]
    search_fields = ["name", "municipality", "neighbourhood"]


class ReviewColumn(Column):
    cell_template_name = "practices/admin/review_cell.html"

    def __init__(self, url_name, **kwargs):
        super().__init__("review", label=_("Review"), **kwargs)
        self.url_name = url_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["review_url"] = reverse(self.url_name, args=[instance.pk])
        context["pending"] = instance.status == InitiativeReport.Status.PENDING
        return context


class InitiativeReportViewSet(SnippetViewSet):
    """The moderation queue of initiatives reported through the public form."""

    model = InitiativeReport
    icon = "help"
    menu_label = _("Reported initiatives")
    list_filter = ["status", "kind"]
    search_fields = ["name", "municipality", "description", "reporter_name"]
    ordering = ["status", "-created_at"]

    @property
    def list_display(self):
        return [
            "name",
            "municipality",
            "kind",
            "status",
            "created_at",
            ReviewColumn(self.get_url_name("review")),
        ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "review/<int:pk>/",
                partial(review_initiative_report, index_url_name=self.get_url_name("list")),
                name="review",
            ),
        ]


class PracticesViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, InitiativeReportViewSet, ThemeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Initiatives")
    menu_name = "initiatives"


register_snippet(PracticesViewSetGroup)
