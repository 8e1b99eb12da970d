"""Settings of the practices app, each with its default; override them in Django settings."""

from django.conf import settings

DEFAULTS = {
    # Stories per page in "Uit de praktijk"; the directory shows twice as many organisations.
    "PAGE_SIZE": 12,
    # Initiative reports one visitor (by IP address) may send per hour.
    "INITIATIVE_REPORTS_PER_HOUR": 5,
}


class _Settings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, f"PRACTICES_{name}", DEFAULTS[name])


practices_settings = _Settings()
