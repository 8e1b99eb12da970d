"""Settings of the practices app, each with its default; override them in Django settings."""

from django.conf import settings

DEFAULTS = {
    # Stories per page in "Uit de praktijk"; the directory shows twice as many organisations.
    "PAGE_SIZE": 12,
    # Initiative reports one visitor (by IP address) may send per hour.
    "INITIATIVE_REPORTS_PER_HOUR": 5,
}


class AppSettings:
    """An app's settings: ``PREFIX_NAME`` from Django settings, read at every use (so tests
    may change them), else the default; a name without a default is an AttributeError."""

    def __init__(self, prefix, defaults):
        self.prefix = prefix
        self.defaults = defaults

    def __getattr__(self, name):
        if name not in self.defaults:
            raise AttributeError(name)
        return getattr(settings, f"{self.prefix}{name}", self.defaults[name])


practices_settings = AppSettings("PRACTICES_", DEFAULTS)
