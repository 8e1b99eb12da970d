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
    from wagtail.models import Collection

    from practices.roles import grant_to_coordinators

    from .coordination import ensure_coordination

    grant_to_coordinators(COORDINATOR_PERMISSIONS, using)
    if Collection.get_first_root_node() is not None:  # not a flushed test database
        ensure_coordination()


class LeerkringConfig(AppConfig):
    """Networks, learning circles and what they learn together."""

    name = "leerkring"
    verbose_name = _("Learning circles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import coordination  # noqa: F401 - connects its receivers

        post_migrate.connect(grant_coordinator_permissions, sender=self)
