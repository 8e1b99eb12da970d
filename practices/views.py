from django.contrib import messages
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .conf import practices_settings
from .forms import InitiativeReportForm

RATE_WINDOW_SECONDS = 3600


def _client_address(request):
    """The address allauth determines, so that behind a trusted proxy (allauth's
    ``ALLAUTH_TRUSTED_PROXY_COUNT``) one office does not share everyone's limit."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - an unknown address is counted as one address
        return "unknown"


def _rate_key(request):
    return f"practices:initiative-report:{_client_address(request)}"


def _over_rate_limit(request):
    return cache.get(_rate_key(request), 0) >= practices_settings.INITIATIVE_REPORTS_PER_HOUR


def _count_submission(request):
    key = _rate_key(request)
    if not cache.add(key, 1, RATE_WINDOW_SECONDS):
        cache.incr(key)


def report_initiative(request, directory_page):
    """Show and handle the initiative report form of an organisation directory."""
    form = InitiativeReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if _over_rate_limit(request):
            messages.error(
                request,
                _("You have sent several reports in a short time. Please try again in an hour."),
            )
            status = 429
        elif form.is_valid():
            _count_submission(request)
            if not form.is_spam():
                if form.existing_report() is None:
                    form.save()
                else:
                    messages.info(
                        request,
                        _("This initiative had already been reported. Thank you all the same."),
                    )
            # Spam and repeats get the same thank-you page so neither learns anything.
            return directory_page.report_thanks_redirect()
        else:
            status = 400
    return TemplateResponse(
        request,
        "practices/initiative_report_form.html",
        {"page": directory_page, "self": directory_page, "form": form},
        status=status,
    )
