"""Tips promoted from replies: one door for turning a useful reply into a tip of its circle.

A reply becomes at most one tip; promoting it again (a replayed form, a second moderator)
returns the tip it already is. A tip from a reply that was hidden or deleted is withdrawn:
not shown on circle or network pages nor found in search, until the reply is back.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .access import CircleAccess
from .conversations import ConversationError, stored_reply, thread_of
from .models import Thread, Tip

TITLE_MAX_LENGTH = 160
TEXT_MAX_LENGTH = 2000

# Tips that may be shown: written directly, or from a reply that is still to be seen.
SHOWN = Q(source_reply__isnull=True) | Q(
    source_reply__is_public=True, source_reply__is_removed=False
)


def shown(tips):
    """Leave out the tips whose reply was hidden or deleted."""
    return tips.filter(SHOWN)


def is_shown(tip):
    reply = tip.source_reply if tip.source_reply_id else None
    return reply is None or (reply.is_public and not reply.is_removed)


def promote_reply(reply, by, *, title, text=""):
    """Make this reply a tip of its thread's circle; moderators of the circle only.

    Returns the tip, with ``repeated`` set when the reply was a tip already."""
    thread = thread_of(reply)
    circle = thread.circle
    if by is None or not CircleAccess(by, circle).can_manage:
        raise PermissionDenied
    title = " ".join((title or "").split())[:TITLE_MAX_LENGTH]
    text = (text or "").strip()[:TEXT_MAX_LENGTH]
    with transaction.atomic():
        # One promotion in a thread at a time, so that a double click makes one tip. The
        # thread row is locked, not the reply's: a reply is a comment joined to its parent
        # table, and PostgreSQL refuses FOR UPDATE across that join.
        Thread.objects.select_for_update().filter(pk=thread.pk).exists()
        fresh = stored_reply(reply)
        existing = Tip.objects.filter(source_reply=fresh).order_by("pk").first()
        if existing is not None:
            existing.repeated = True
            return existing
        if fresh.is_removed or not fresh.is_public:
            raise ConversationError(_("A hidden or deleted reply cannot become a tip."))
        if not title:
            raise ConversationError(_("Give the tip a short title."))
        tip = Tip.objects.create(
            circle=circle,
            title=title,
            text=text,
            source_reply=fresh,
            author=fresh.user,
            promoted_by=by,
        )
    tip.repeated = False
    return tip


def tip_reply_ids(replies):
    """Of these replies, the ids of those that are a tip already (one query)."""
    ids = [reply.pk for reply in replies]
    if not ids:
        return set()
    return set(
        Tip.objects.filter(source_reply_id__in=ids).values_list("source_reply_id", flat=True)
    )
