from django.apps import AppConfig


class CopSiteConfig(AppConfig):
    """The host site that shows the Leerkring apps working together."""

    name = "cop_site"
    verbose_name = "Leerkring host site"
