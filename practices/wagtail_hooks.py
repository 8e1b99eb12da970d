"""Themes and organisations are snippets: editors choose them into pages. Reported
initiatives are a plain model that coordinators review; ``leerkring`` lists them, scoped by
its access policy."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Organisation, Theme


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


class PracticesViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, ThemeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Initiatives")
    menu_name = "initiatives"


register_snippet(PracticesViewSetGroup)
