"""Help while writing a conversation or a reply: the preview and the names to mention.

Both work for the forms of ``views.threads`` (a new conversation, a reply, an edit). The
preview is a second submit button of the same form, so it works without JavaScript; the
names feed the ``@`` suggestions of ``static/leerkring/js/writing.js``, which only adds to
what typing ``@username`` by hand already does (``notifications.following.mentioned_users``).
"""

import re

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse

from ..joining import display_name
from ..markdown import render_markdown
from ..models import Membership
from ..notifications.following import MENTION
from ..params import plain_text
from .base import circle_access, circle_url, circle_view

PREVIEW = "preview"  # the name of the preview button on every writing form
MENTION_MATCHES = 10
# A username is at most 150 characters: a longer prefix matches nobody and is not looked up.
LONGEST_PREFIX = 150
# Only usernames that the mention parser reads back whole can be offered: "@anna@gemeente.nl"
# would mention "anna", who may be someone else.
WHOLE_MENTION = re.compile(MENTION.pattern.removeprefix(r"(?<![\w@])@") + r"\Z")


def wants_preview(request):
    return request.method == "POST" and PREVIEW in request.POST


def preview_of(form, field):
    """The text of ``form``'s ``field`` as it will be shown once posted, or "" when the form
    does not validate (its errors say why, as when posting). Nothing is saved."""
    if not form.is_valid():
        return ""
    # The renderer and cleaner of posting itself (conversations.post_reply, Thread.save).
    return render_markdown(form.cleaned_data[field])


def enhance_text_field(form, field, circle):
    """Mark the form's text area for the toolbar and the ``@`` suggestions of writing.js."""
    widget = form.fields[field].widget
    widget.attrs["data-markdown"] = ""
    widget.attrs["data-mentions"] = circle_url(circle, "member_names")


def _prefix(request):
    return plain_text(request.GET.get("q", ""), LONGEST_PREFIX + 1).strip().lstrip("@")


@circle_view
def member_names(request, circle):
    """Up to ten active members whose name or username starts with ``q``, for the ``@``
    suggestions: only to those who may write here (a closed circle is 404 to the rest,
    as its member list is; an open one 403). Names and usernames only, never addresses."""
    access = circle_access(request, circle, read=True)
    if not access.can_write:
        raise PermissionDenied
    prefix = _prefix(request)
    results = []
    if len(prefix) <= LONGEST_PREFIX:
        members = Membership.objects.active().filter(circle=circle).select_related("user")
        if prefix:
            members = members.filter(
                Q(user__username__istartswith=prefix)
                | Q(user__first_name__istartswith=prefix)
                | Q(user__last_name__istartswith=prefix)
            )
        if request.user.is_authenticated:
            members = members.exclude(user=request.user)
        # A few more than shown, for the rare usernames that cannot be mentioned.
        candidates = members.order_by("user__first_name", "user__username")[: MENTION_MATCHES * 2]
        for membership in candidates:
            user = membership.user
            if WHOLE_MENTION.match(user.username) and len(results) < MENTION_MATCHES:
                results.append({"username": user.username, "name": display_name(user)})
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
