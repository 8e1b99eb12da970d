"""The member's own profile page; sign-up, login and the rest are django-allauth's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..forms.accounts import ProfileForm
from ..models import Profile
from .calendars import calendar_section


def _profile_of(user):
    """The user's profile, or an unsaved one until they save the form for the first time."""
    try:
        return Profile.objects.select_related("organisation").get(user=user)
    except Profile.DoesNotExist:
        return Profile(user=user)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile(request):
    """Show and save the signed-in user's name, organisation and short bio."""
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        instance=_profile_of(request.user),
        user=request.user,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            # Post/redirect/get: reloading the page afterwards does not send the form again.
            return redirect("leerkring:profile")
        status = 400
    context = {"form": form, **calendar_section(request)}
    return TemplateResponse(request, "leerkring/accounts/profile.html", context, status=status)
