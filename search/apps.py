from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search page over everything a visitor may read."""

    name = "search"
    label = "leerkring_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"
