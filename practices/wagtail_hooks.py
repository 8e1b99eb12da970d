"""Themes and organisations are snippets: editors choose them into pages. Reported
initiatives are a plain model that coordinators review; ``leerkring`` lists them, scoped by
its access policy. The editor's dashboard opens with a way to write a story."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Organisation, PracticeCasePage, PracticeIndexPage, Theme


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


class WriteStoryPanel(Component):
    """ "Schrijf een praktijkverhaal" on the dashboard, for whoever may add a story to one of
    the story lists: an editor should not have to find the list in the page tree first."""

    name = "write_practice_story"
    template_name = "practices/admin/write_story_panel.html"
    order = 50

    def __init__(self, targets):
        self.targets = targets

    def get_context_data(self, parent_context=None):
        return {"targets": self.targets}


def story_targets(user):
    """(list page, address of the new-story form) for each story list ``user`` may add to."""
    targets = []
    for index in PracticeIndexPage.objects.live().order_by("path"):
        if index.permissions_for_user(user).can_add_subpage():
            url = reverse(
                "wagtailadmin_pages:add",
                args=(
                    PracticeCasePage._meta.app_label,
                    PracticeCasePage._meta.model_name,
                    index.pk,
                ),
            )
            targets.append((index, url))
    return targets


@hooks.register("construct_homepage_panels")
def add_write_story_panel(request, panels):
    targets = story_targets(request.user)
    if targets:
        panels.insert(0, WriteStoryPanel(targets))
