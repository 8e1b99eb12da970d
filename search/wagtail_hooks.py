"""What people search for, for coordinators: the terms and those that found nothing.

Pinning results for a term is Wagtail's own "Promoted search results" (search promotions).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchTermStat


class SearchTermStatViewSet(SnippetViewSet):
    model = SearchTermStat
    icon = "search"
    menu_label = _("Search terms")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["query_string", "date", "searches", "empty_searches"]
    list_filter = ["date"]
    ordering = ["-date", "-empty_searches", "-searches"]
    search_fields = ["query_string"]
    list_per_page = 50
    # Counted by the search page; nobody writes them by hand.
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True


register_snippet(SearchTermStatViewSet)
