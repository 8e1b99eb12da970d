"""allauth's account adapter, with a login lockout that a stranger cannot trigger.

allauth stops logins for an account after 5 failed attempts in 5 minutes, counted per
account: anyone who knows a coordinator's username could lock them out at will. Here that
count is per account *and* address, so it stops a guesser without locking the owner out
from elsewhere; allauth's own limit of 10 failures a minute per address still holds, and
a higher limit per account over an hour stops guessing spread over many addresses.

Use it with ``ACCOUNT_ADAPTER = "leerkring.accounts_adapter.AccountAdapter"``.
"""

from allauth.account.adapter import DefaultAccountAdapter

from . import public, ratelimits
from .conf import leerkring_settings


def account_failures_per_hour():
    return leerkring_settings.LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth (65.x) keys its per-account failure limit by this; the address makes the
        # lockout one guesser's, not the account's.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:" + (
            ratelimits.client_address(request)
        )

    def _account_key(self, credentials):
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"login-failures:account:{login}"

    def pre_authenticate(self, request, **credentials):
        if ratelimits.used(self._account_key(credentials), 3600) >= account_failures_per_hour():
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        ratelimits.allow(self._account_key(credentials), account_failures_per_hour(), 3600)
        super().authentication_failed(request, **credentials)

    def send_mail(self, template_prefix, email, context):
        # allauth makes its links from the request's host; the email is read elsewhere, and
        # its links go to the one public address like every other email of the site.
        from allauth.core import context as allauth_context

        super().send_mail(
            template_prefix, email, public.rebase_links(context, allauth_context.request)
        )
