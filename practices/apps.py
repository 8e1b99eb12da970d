from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    """Practice stories, organisations and initiatives, and the shared themes."""

    name = "practices"
    verbose_name = _("Practice stories")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
