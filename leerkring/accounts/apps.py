from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountPagesConfig(AppConfig):
    """Optional: django-allauth's account pages in Leerkring's style, in Dutch and English.

    A host lists it before ``allauth`` in ``INSTALLED_APPS`` so these templates are found
    first; without it allauth's own plain pages are shown.
    """

    name = "leerkring.accounts"
    label = "leerkring_accounts"
    verbose_name = _("Account pages")
