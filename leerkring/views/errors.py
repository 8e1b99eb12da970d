"""Error pages that keep what people typed."""

from urllib.parse import urlsplit

from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token

from .. import unsent


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A form whose security token had gone stale (a tab left open, a session renewed).

    Django's own page says "CSRF verification failed" and the text is gone. Here the text
    is shown, and kept for the form's page, where the form offers it again.
    """
    form_path = _form_page(request)
    fields = unsent.keep(request, form_path) if request.method == "POST" else {}
    return TemplateResponse(
        request,
        "leerkring/csrf_failure.html",
        {"kept_fields": fields, "form_path": form_path},
        status=403,
    )


def _form_page(request):
    """The page the form was on: the referring page of this site, else the posted address."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return urlsplit(referer).path or request.path
    return request.path
