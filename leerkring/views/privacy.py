"""A member's own data: downloading all of it, and deleting the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import joining, privacy, ratelimits
from ..forms.privacy import DeleteAccountForm

# Someone at a computer left signed in may not guess the password here without end.
PASSWORD_ATTEMPTS = 5
PASSWORD_ATTEMPT_SECONDS = 15 * 60


# login_required outside require_POST: a visitor who is not signed in is sent to log in,
# whatever the method, rather than told the method is wrong.
@never_cache
@login_required
@require_POST
def export_data(request):
    """Everything the site holds about the signed-in person, as a JSON file.

    POST, with the CSRF token: another site cannot make the browser fetch the file."""
    data = privacy.export(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"leerkring-gegevens-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _circle_links(circle):
    url = circle.url  # None while the circle is not published
    return {
        "circle": circle,
        "members_url": url + circle.reverse_subpage("members") if url else None,
        "leave_url": url + circle.reverse_subpage("leave") if url else None,
    }


def _attempts_key(user):
    return f"delete-account:user:{user.pk}"


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request):
    """Ask for the password and what happens to the replies, then delete the account.

    A last facilitator of a circle with other members is shown those circles and may not
    go until someone takes over, as when leaving one circle."""
    user = request.user
    blocking = list(joining.last_facilitator_circles(user))
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    status, refusal = 200, None
    if request.method == "POST":
        key = _attempts_key(user)
        if blocking:
            status = 409
        elif ratelimits.used(key, PASSWORD_ATTEMPT_SECONDS) >= PASSWORD_ATTEMPTS:
            # Not even checked: the answer must not tell a guesser that this one was right.
            form = DeleteAccountForm(user=user, initial={"replies": request.POST.get("replies")})
            refusal = _("You typed a wrong password too often. Try again in a quarter of an hour.")
            status = 429
        elif form.is_valid():
            try:
                privacy.erase_account(user, keep_replies=form.keep_replies)
            except privacy.AccountGone:
                logout(request)
                messages.info(request, _("This account has already been deleted."))
                return redirect("/")
            except privacy.LastFacilitator as error:
                blocking = error.circles
                status = 409
            else:
                logout(request)
                # After logout: the session is new, the message travels with it.
                messages.success(
                    request, _("Your account has been deleted. Thank you for taking part.")
                )
                return redirect("/")
        else:
            if "password" in form.errors:
                ratelimits.allow(key, PASSWORD_ATTEMPTS, PASSWORD_ATTEMPT_SECONDS)
            status = 400
    return TemplateResponse(
        request,
        "leerkring/accounts/delete_account.html",
        {
            "form": form,
            "refusal": refusal,
            "blocking": [_circle_links(circle) for circle in blocking],
            "blocked": bool(blocking),
            "has_password": user.has_usable_password(),
        },
        status=status,
    )
