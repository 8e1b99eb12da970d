from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

COORDINATOR_PERMISSIONS = [
    ("leerkring", "view_membership"),
    ("leerkring", "view_meeting"),
    ("leerkring", "change_meeting"),
    ("leerkring", "view_replyflag"),
    ("leerkring", "change_replyflag"),
    ("leerkring", "view_remotefeed"),
    ("leerkring", "add_remotefeed"),
    ("leerkring", "change_remotefeed"),
    ("leerkring", "delete_remotefeed"),
]


def grant_coordinator_permissions(sender, using="default", **kwargs):
    """Let the coordinators' group see circle memberships and meetings in the admin, and
    follow other sites' networks.

    The listings themselves only show the circles and networks a coordinator coordinates.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection

    from practices.roles import COORDINATORS_GROUP, ensure_groups

    if Collection.get_first_root_node() is None:  # a flushed test database
        return
    # post_migrate reaches this app before the apps listed after it have their permissions.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    group = ensure_groups()[COORDINATORS_GROUP]
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="leerkring",
        codename__in=[codename for _app, codename in COORDINATOR_PERMISSIONS],
    )
    group.permissions.add(*permissions)


class LeerkringConfig(AppConfig):
    """Networks, learning circles and what they learn together."""

    name = "leerkring"
    verbose_name = _("Learning circles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(grant_coordinator_permissions, sender=self)
