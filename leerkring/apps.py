from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeerkringConfig(AppConfig):
    """Networks, learning circles and what they learn together."""

    name = "leerkring"
    verbose_name = _("Learning circles")
    default_auto_field = "django.db.models.BigAutoField"
