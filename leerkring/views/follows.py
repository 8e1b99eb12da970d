"""Follow and mute buttons, the email settings page and the one-click unsubscribe link."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..forms.follows import FollowForm, NotificationSettingsForm
from ..models import LearningCirclePage, Thread
from ..notifications import following
from ..notifications.unsubscribe import (
    STOP_CIRCLE,
    STOP_INSTANT,
    STOP_REMINDERS,
    STOP_THREAD,
    BadToken,
    apply_unsubscribe,
    read_unsubscribe_token,
)
from .base import circle_access, circle_url, circle_view, without_indexing

THREAD_MESSAGES = {
    "follow": gettext_lazy("You follow this conversation: new replies reach you by email."),
    "unfollow": gettext_lazy("You no longer follow this conversation."),
    "mute": gettext_lazy("This conversation is muted: you get no more emails about it."),
    "unmute": gettext_lazy("This conversation is no longer muted."),
}
CIRCLE_MESSAGES = {
    "follow": gettext_lazy(
        "You follow this circle: new conversations and replies reach you by email."
    ),
    "unfollow": gettext_lazy("You no longer follow this circle."),
    "mute": gettext_lazy("You no longer follow this circle."),
    "unmute": gettext_lazy(
        "You follow this circle: new conversations and replies reach you by email."
    ),
}


def _back(request, form, fallback):
    """Back to the page the button was on, if it is on this site; else to ``fallback``."""
    target = form.cleaned_data.get("next") if form.is_valid() else ""
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    response = redirect(target)
    response.status_code = 303
    return response


def _follow_form(request, circle):
    """The checked form of a follow button, after the access checks (docs/architecture.md,
    "Roles")."""
    access = circle_access(request, circle, read=True, login=True)
    if request.method != "POST":
        return None, HttpResponseNotAllowed(["POST"])
    if not access.can_write:
        raise PermissionDenied
    form = FollowForm(request.POST)
    if not form.is_valid():
        return None, HttpResponseBadRequest(_("Choose follow, stop following, mute or unmute."))
    return form, None


@never_cache
@circle_view
def toggle_follow_thread(request, circle, thread_id):
    """POST ``action`` = follow / unfollow / mute / unmute for one conversation."""
    form, refusal = _follow_form(request, circle)
    if refusal is not None:
        return refusal
    thread = get_object_or_404(Thread, pk=thread_id, circle=circle)
    action = form.cleaned_data["action"]
    following.set_thread_follow(request.user, thread, action)
    messages.success(request, str(THREAD_MESSAGES[action]))
    return _back(request, form, circle.thread_path(thread.pk))


@never_cache
@circle_view
def toggle_follow_circle(request, circle):
    """POST ``action`` = follow / unfollow (or mute / unmute) for a whole circle."""
    form, refusal = _follow_form(request, circle)
    if refusal is not None:
        return refusal
    action = form.cleaned_data["action"]
    following.set_circle_follow(request.user, circle, action)
    messages.success(request, str(CIRCLE_MESSAGES[action]))
    return _back(request, form, circle_url(circle))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def notification_settings(request):
    """Choose instant emails and a digest."""
    instance = following.settings_of(request.user)
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None, instance=instance
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your email settings have been saved."))
            return redirect("leerkring:notification_settings")
        status = 400
    return TemplateResponse(
        request, "leerkring/follows/notification_settings.html", {"form": form}, status=status
    )


def _what_stops(kind, target):
    if kind == STOP_THREAD:
        return _("emails about the conversation “%(title)s”") % {"title": target.title}
    if kind == STOP_CIRCLE:
        return _(
            "emails about new conversations and replies in the learning circle “%(title)s”, "
            "apart from conversations you follow yourself"
        ) % {"title": target.title}
    if kind == STOP_INSTANT:
        return _("an email for each new reply or mention")
    if kind == STOP_REMINDERS:
        return _("the reminder the day before a meeting")
    return _("the digest of new replies")


def _refuse(request, status, reason, message):
    response = TemplateResponse(
        request,
        "leerkring/follows/unsubscribe.html",
        {"error": message, "reason": reason},
        status=status,
    )
    response["Referrer-Policy"] = "no-referrer"
    return without_indexing(response)


@csrf_exempt  # the signed token is the authority; mail providers post without a session
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Stop what a notification's link names, without logging in.

    GET only asks for confirmation, so that link checkers and mail scanners change nothing;
    POST stops, including RFC 8058's one-click POST (``List-Unsubscribe=One-Click``).
    Using a link again is harmless.
    """
    try:
        user_id, kind, target_id = read_unsubscribe_token(token)
    except BadToken:
        return _refuse(
            request,
            400,
            "invalid",
            _(
                "This unsubscribe link is not valid. Copy the whole link from the email, or "
                "change your email settings after logging in."
            ),
        )
    user = get_user_model().objects.filter(pk=user_id).first()
    if request.user.is_authenticated and user is not None and request.user.pk != user.pk:
        return _refuse(
            request,
            400,
            "other-account",
            _(
                "This unsubscribe link was sent to another account. Log out to use it, or "
                "change the email settings of your own account."
            ),
        )
    target = None
    if kind == STOP_THREAD:
        target = Thread.objects.filter(pk=target_id).first()
    elif kind == STOP_CIRCLE:
        target = LearningCirclePage.objects.filter(pk=target_id).first()
    if user is None or (target_id is not None and target is None):
        return _refuse(
            request,
            404,
            "gone",
            _("What this link unsubscribes from no longer exists, so there is nothing to stop."),
        )
    done = request.method == "POST"
    if done:
        apply_unsubscribe(user, kind, target)
    response = TemplateResponse(
        request,
        "leerkring/follows/unsubscribe.html",
        {"done": done, "what": _what_stops(kind, target), "token": token},
    )
    response["Referrer-Policy"] = "no-referrer"
    return without_indexing(response)
