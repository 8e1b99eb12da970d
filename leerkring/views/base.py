"""What every circle view needs: the access check and a response in the circle's frame."""

import html
from functools import wraps

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .. import unsent
from ..access import CircleAccess


class LoginRequired(Exception):
    pass


def circle_access(request, circle, *, manage=False, read=False, login=False):
    """The visitor's rights in this circle, or the right refusal.

    Private parts of a closed circle are 404 for anyone without read access, signed in or
    not, so that outsiders learn nothing. Actions that need an account send anonymous
    visitors to the login page first; signed-in people without the right get 403 where the
    thing itself is visible to them.
    """
    access = CircleAccess(request.user, circle)
    if read:
        access.require_read()
    if (login or manage) and not request.user.is_authenticated:
        raise LoginRequired
    if manage and not access.can_manage:
        if not access.can_read:
            raise Http404
        raise PermissionDenied
    return access


def login_redirect(request):
    return redirect_to_login(request.get_full_path())


def circle_url(circle, route=None, *args):
    if route is None:
        return circle.url
    return circle.subpage_path(route, *args)


def redirect_to_circle(circle, route=None, *args):
    # 303: after a POST the browser fetches the next page with GET, so reloading it never
    # sends the form again.
    response = redirect(circle_url(circle, route, *args))
    response.status_code = 303
    return response


def render_circle(request, circle, template, context, status=200, *, noindex=False):
    response = TemplateResponse(
        request,
        template,
        {"page": circle, "self": circle, **context},
        status=status,
    )
    return without_indexing(response) if noindex else response


def shared_subject(circle, title, text_html):
    """``(title, text)`` for the link preview of a conversation or meeting of ``circle``:
    only when anyone may read it, so that a closed circle's card stays its public page's."""
    if not CircleAccess(AnonymousUser(), circle).can_read:
        return None
    return title, html.unescape(strip_tags(text_html))


def without_indexing(response):
    """Keep search engines away from lists of people, whatever the host's base template has.

    The pages also carry a robots meta tag, but only in the head block of the host's base.
    """
    response["X-Robots-Tag"] = "noindex"
    return response


def circle_view(view):
    """Turn ``LoginRequired`` from ``circle_access`` into a redirect to the login page.

    Every form of a circle needs an account, so a POST without one is a session that
    expired while its owner was writing: their text is kept for the form's page, and the
    login page leads back to it (``leerkring.unsent``).
    """

    @wraps(view)
    def wrapped(request, circle, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            if unsent.keep(request):
                messages.warning(
                    request,
                    _(
                        "You were no longer logged in, so your text was not sent. Log in: "
                        "the form will show your text again."
                    ),
                )
            return redirect_to_login(request.path)
        try:
            return view(request, circle, *args, **kwargs)
        except LoginRequired:
            return login_redirect(request)

    return wrapped


def restored_text(request, path=None):
    """Kept text for this page's form (see ``circle_view``), with a message if there is."""
    fields = unsent.take(request, path)
    if fields:
        messages.info(request, _("Your text is back in the form. Check it and send it again."))
    return fields
