from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search page over everything a visitor may read."""

    name = "search"
    label = "leerkring_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 (connects the handlers that keep the index current)

        post_migrate.connect(grant_coordinator_permissions, sender=self)


COORDINATOR_PERMISSIONS = [
    ("leerkring_search", "view_searchtermstat"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
]


def grant_coordinator_permissions(sender, using="default", **kwargs):
    """Coordinators see what people search for and pin results for search terms."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.db.models import Q
    from wagtail.models import Collection

    from practices.roles import COORDINATORS_GROUP, ensure_groups

    if Collection.get_first_root_node() is None:  # a flushed test database
        return
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    wanted = Q()
    for app_label, codename in COORDINATOR_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group = ensure_groups()[COORDINATORS_GROUP]
    group.permissions.add(*Permission.objects.using(using).filter(wanted))
