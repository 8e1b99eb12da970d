from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# None of Leerkring's own models: their admin listings ask the access policy. A model
# permission would also show every network's records in Wagtail's site history report.
COORDINATOR_PERMISSIONS = []


def grant_coordinator_permissions(sender, using="default", **kwargs):
    """Bring the coordinators' groups in line with the access policy after every migrate."""
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
        # Register checks; connect receivers (privacy's also scrubs deleted users' replies).
        from . import checks, coordination, privacy, reported_initiatives  # noqa: F401
        from .federation import receivers  # noqa: F401

        post_migrate.connect(grant_coordinator_permissions, sender=self)
