from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import joining
from ..forms.joining import InvitationForm
from ..models import Invitation
from .base import (
    circle_access,
    circle_view,
    redirect_to_circle,
    render_circle,
    restored_text,
)


@circle_view
@require_http_methods(["GET", "POST"])
def invite(request, circle):
    access = circle_access(request, circle, manage=True)
    if request.method == "POST":
        form = InvitationForm(request.POST)
    else:
        form = InvitationForm(initial=restored_text(request))
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            invitation, token = joining.invite(
                circle, email, request.user, message=form.cleaned_data["message"]
            )
        except joining.AlreadyMember as error:
            form.add_error("email", str(error))
        except joining.TooManyInvitations as error:
            form.add_error(None, str(error))
            status = 429
        else:
            if token is None:
                messages.info(
                    request,
                    _("%(email)s was invited a moment ago; the invitation was not sent again.")
                    % {"email": email},
                )
                return redirect_to_circle(circle, "invite")
            joining.send_invitation(invitation, token)
            messages.success(
                request, _("The invitation has been sent to %(email)s.") % {"email": email}
            )
            return redirect_to_circle(circle, "invite")
    recent = Invitation.objects.filter(circle=circle).select_related("accepted_by")[:20]
    return render_circle(
        request,
        circle,
        "leerkring/invite_form.html",
        {
            "access": access,
            "form": form,
            "recent_invitations": recent,
            "places_left": joining.places_left(circle),
        },
        status=status,
    )


def _invitation_problem(request, circle, message, status):
    return render_circle(
        request, circle, "leerkring/invitation.html", {"problem": message}, status=status
    )


@circle_view
@require_http_methods(["GET", "POST"])
def accept_invitation(request, circle, token):
    try:
        invitation = joining.find_invitation(circle, token)
    except joining.InvitationInvalid as error:
        return _invitation_problem(request, circle, str(error), 404)

    if not request.user.is_authenticated:
        try:
            joining.check_invitation(invitation)
        except joining.InvitationInvalid as error:
            return _invitation_problem(request, circle, str(error), 410)
        # The invitee proved they read this address by following the link, so an account
        # made for it needs no second confirmation email.
        get_adapter(request).stash_verified_email(request, invitation.email)
        here = request.get_full_path()
        if request.method == "POST":
            return redirect_to_login(here)
        return render_circle(
            request,
            circle,
            "leerkring/invitation.html",
            {
                "invitation": invitation,
                "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
                "signup_url": reverse("account_signup") + "?" + urlencode({"next": here}),
            },
        )

    access = circle_access(request, circle)
    if access.is_member and invitation.accepted_by_id == request.user.pk:
        messages.info(request, _("You are already a member of this circle."))
        return redirect_to_circle(circle)
    try:
        joining.check_invitation(invitation, request.user)
    except joining.InvitationInvalid as error:
        status = 403 if not (invitation.is_used or invitation.is_expired) else 410
        return _invitation_problem(request, circle, str(error), status)

    if request.method == "POST":
        try:
            joining.accept_invitation(invitation, request.user)
        except joining.CircleFull:
            messages.warning(
                request,
                _(
                    "The circle filled up before you accepted. You are on the waiting list; "
                    "the facilitator lets you know when a place comes free."
                ),
            )
        except joining.InvitationInvalid as error:
            return _invitation_problem(request, circle, str(error), 410)
        else:
            messages.success(
                request,
                _("Welcome! You are now a member of %(circle)s.") % {"circle": circle.title},
            )
        return redirect_to_circle(circle)
    return render_circle(
        request, circle, "leerkring/invitation.html", {"invitation": invitation, "access": access}
    )
