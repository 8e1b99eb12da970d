"""What people search for, for the top network's coordinators: the terms and those that
found nothing. A plain listing, not a snippet, so no chooser offers it to other admin users.

Pinning results for a term is Wagtail's own "Promoted search results" (search promotions).
"""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import modeladmin_register

from leerkring.admin_listings import PolicyModelAdmin, permissions

from .models import SearchTermStat


class SearchTermStatAdmin(PolicyModelAdmin):
    model = SearchTermStat
    menu_label = _("Search terms")
    menu_icon = "search"
    menu_order = 230
    add_to_settings_menu = False
    # Counted by the search page; nobody writes them by hand.
    permission_helper_class = permissions("inspect", site_wide=True)
    list_display = ["query_string", "date", "searches", "empty_searches"]
    list_filter = ["date"]
    ordering = ["-date", "-empty_searches", "-searches"]
    search_fields = ["query_string"]
    list_per_page = 50
    inspect_view_fields = ["query_string", "date", "searches", "empty_searches"]


modeladmin_register(SearchTermStatAdmin)
