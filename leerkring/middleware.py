"""Middleware of the whole site: one login door, and the security headers.

One login door: allauth's.

Wagtail's admin and Django's admin each bring a login form of their own. Those check the
password and nothing else: not allauth's limit on failed attempts, not its lockout, not
whether the email address was ever confirmed. This middleware sends every request for
either of them, a POST included, to allauth's login page, so a password is only ever
checked there. The admin itself stays where it is; after logging in, people are sent on
to the admin page they asked for.
"""

from functools import lru_cache

from csp.middleware import CSPMiddleware
from django.contrib.auth.views import redirect_to_login
from django.urls import NoReverseMatch, reverse
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


class SecurityHeaders(CSPMiddleware):
    """django-csp's Content-Security-Policy, plus a Permissions-Policy, for the whole site.

    The site's own pages get the policy in ``CONTENT_SECURITY_POLICY`` as it is: scripts and
    styles from files of this site only, so injected markup could never run. Wagtail's
    admin writes some scripts and styles inline (panels, date pickers), so under the
    admins' paths the policy also allows inline ones; nothing a member writes is ever
    shown there unescaped.
    """

    ADMIN_RELAXATION = {
        "script-src": ["'unsafe-inline'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["blob:"],
    }

    def process_response(self, request, response):
        if request.path_info.startswith(_admin_prefixes()):
            update = dict(getattr(response, "_csp_update", None) or {})
            for directive, sources in self.ADMIN_RELAXATION.items():
                update[directive] = [*update.get(directive, []), *sources]
            response._csp_update = update
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Features no page of the site uses; a third-party script injected into a page cannot ask
# for them either.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), browsing-topics=()"
)


@lru_cache(maxsize=1)
def _admin_prefixes():
    prefixes = []
    for name in ("wagtailadmin_home", "admin:index"):
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            pass
    return tuple(prefixes) or ("/admin/",)
