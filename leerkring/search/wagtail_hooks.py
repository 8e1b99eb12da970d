"""What people search for, for the top network's coordinators: the terms and those that
found nothing, in the Leerkring menu. A plain listing, not a snippet, so no chooser offers
it to other admin users.

Pinning results for a term is Wagtail's own "Promoted search results" (search promotions).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leerkring.admin_listings import ADMIN_LISTINGS_HOOK, PolicyModelAdmin, permissions

from .models import SearchTermStat


class SearchTermStatAdmin(PolicyModelAdmin):
    model = SearchTermStat
    menu_label = _("Search terms")
    menu_icon = "search"
    # Counted by the search page; nobody writes them by hand.
    permission_helper_class = permissions("inspect", site_wide=True)
    list_display = ["query_string", "date", "searches", "empty_searches"]
    list_filter = ["date"]
    ordering = ["-date", "-empty_searches", "-searches"]
    search_fields = ["query_string"]
    list_per_page = 50
    inspect_view_fields = ["query_string", "date", "searches", "empty_searches"]


@hooks.register(ADMIN_LISTINGS_HOOK)
def add_search_terms_to_the_leerkring_menu():
    return [SearchTermStatAdmin]
