from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search page over everything a visitor may read."""

    name = "leerkring.search"
    label = "leerkring_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 (connects the handlers that keep the index current)

        post_migrate.connect(grant_coordinator_permissions, sender=self)


# The search-term listing asks Leerkring's access policy, not a model permission.
COORDINATOR_PERMISSIONS = [
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
]


def grant_coordinator_permissions(sender, using="default", **kwargs):
    """Coordinators see what people search for and pin results for search terms."""
    from practices.roles import grant_to_coordinators

    grant_to_coordinators(COORDINATOR_PERMISSIONS, using)
