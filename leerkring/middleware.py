"""One login door for the whole site: allauth's.

Wagtail's admin and Django's admin each bring a login form of their own. Those check the
password and nothing else: not allauth's limit on failed attempts, not its lockout, not
whether the email address was ever confirmed. This middleware sends every request for
either of them, a POST included, to allauth's login page, so a password is only ever
checked there. The admin itself stays where it is; after logging in, people are sent on
to the admin page they asked for.
"""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

# (namespace, url name) of the login views that would bypass allauth.
OTHER_LOGIN_DOORS = {("", "wagtailadmin_login"), ("admin", "login")}


class OneLoginDoor:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or (match.namespace, match.url_name) not in OTHER_LOGIN_DOORS:
            return None
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("wagtailadmin_home") if match.namespace == "" else "/"
        return redirect_to_login(next_url, login_url=reverse("account_login"))
