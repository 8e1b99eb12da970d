"""Threads and replies: posting, editing, deleting, reactions, hiding and flags.

Replies are stored as django-comments-xtd comments. Existing replies are changed with
``QuerySet.update``: xtd's pre_save handler would otherwise re-publish or hide whole
sub-trees and miscount nested replies whenever one reply is saved again.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment

from .models import Reaction, ReplyFlag, ReplyMeta, Thread
from .signals import reply_changed

MAX_LEVEL = getattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL", 2)


def edit_window():
    return timedelta(minutes=getattr(settings, "LEERKRING_REPLY_EDIT_MINUTES", 30))


def replies_per_minute():
    return getattr(settings, "LEERKRING_REPLIES_PER_MINUTE", 6)


class ConversationError(Exception):
    """A step that cannot be taken; the message is for the user."""


class RateLimited(ConversationError):
    pass


def thread_content_type():
    return ContentType.objects.get_for_model(Thread)


def replies_of(thread):
    """All replies of a thread in tree order, hidden and removed ones included."""
    return XtdComment.objects.filter(
        content_type=thread_content_type(), object_pk=str(thread.pk)
    ).order_by("thread_id", "order")


def replies_of_threads(threads):
    """All replies of the threads in this queryset, in one statement."""
    thread_pks = threads.annotate(pk_text=Cast("pk", output_field=CharField())).values("pk_text")
    return XtdComment.objects.filter(content_type=thread_content_type(), object_pk__in=thread_pks)


def start_thread(circle, author, *, title, body, themes=()):
    thread = Thread.objects.create(circle=circle, author=author, title=title, body=body)
    if themes:
        thread.themes.set(themes)
    return thread


def _check_rate(user, exempt):
    if exempt:
        return
    key = f"leerkring:replies:{user.pk}:{timezone.now():%Y%m%d%H%M}"
    if not cache.add(key, 1, 70):
        if cache.incr(key) > replies_per_minute():
            raise RateLimited(
                _(
                    "You are posting quickly. Wait a minute and send your reply again; "
                    "it is kept below."
                )
            )


def post_reply(thread, user, text, *, parent=None, rate_exempt=False):
    if not thread.is_open_for_replies:
        raise ConversationError(
            _("This conversation is closed for new replies.")
            if thread.locked
            else _("This conversation has been archived.")
        )
    content_type = thread_content_type()
    if parent is not None:
        if parent.content_type_id != content_type.pk or parent.object_pk != str(thread.pk):
            raise ConversationError(_("You can only reply to a reply in this conversation."))
        if parent.level >= MAX_LEVEL:
            raise ConversationError(_("Replies can be nested only this deep; reply higher up."))
    _check_rate(user, rate_exempt)
    with transaction.atomic():
        # One writer per thread at a time keeps xtd's ordering of the tree consistent.
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        reply = XtdComment.objects.create(
            content_type=content_type,
            object_pk=str(locked.pk),
            site_id=settings.SITE_ID,
            user=user,
            user_name=user.get_username()[:50],
            user_email=user.email,
            comment=text,
            parent_id=parent.pk if parent else 0,
            followup=False,
        )
        Thread.objects.filter(pk=locked.pk).update(last_activity_at=reply.submit_date)
    return reply


def may_edit(reply, user):
    return (
        user.is_authenticated
        and reply.user_id == user.pk
        and not reply.is_removed
        and reply.submit_date >= timezone.now() - edit_window()
    )


def _changed(reply):
    fresh = XtdComment.objects.get(pk=reply.pk)
    reply_changed.send(sender=XtdComment, reply=fresh)


def edit_reply(reply, user, text):
    if not may_edit(reply, user):
        raise ConversationError(_("You can no longer edit this reply."))
    XtdComment.objects.filter(pk=reply.pk).update(comment=text)
    ReplyMeta.objects.update_or_create(reply=reply, defaults={"edited_at": timezone.now()})
    _changed(reply)


def delete_reply(reply, user):
    if reply.user_id != user.pk:
        raise ConversationError(_("You can only delete your own replies."))
    XtdComment.objects.filter(pk=reply.pk).update(is_removed=True)
    _changed(reply)


def hide_reply(reply, moderator, reason):
    XtdComment.objects.filter(pk=reply.pk).update(is_public=False)
    ReplyMeta.objects.update_or_create(
        reply=reply,
        defaults={"hidden_reason": reason, "hidden_by": moderator, "hidden_at": timezone.now()},
    )
    _changed(reply)


def show_reply(reply):
    XtdComment.objects.filter(pk=reply.pk).update(is_public=True)
    ReplyMeta.objects.filter(reply=reply).update(hidden_reason="", hidden_by=None, hidden_at=None)
    _changed(reply)


def toggle_reaction(reply, user, kind):
    """Add the reaction, or take it back when it is already there. Returns whether it is on."""
    deleted, _details = Reaction.objects.filter(reply=reply, user=user, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(reply=reply, user=user, kind=kind)
    except IntegrityError:
        pass  # a double click arrived at the same time; one reaction stands
    return True


def flag_reply(reply, user, reason):
    flag, created = ReplyFlag.objects.get_or_create(
        reply=reply, user=user, defaults={"reason": reason}
    )
    return flag, created


def reaction_counts(replies):
    """{reply id: {kind: count}} for the given replies, in one query."""
    counts = {}
    rows = (
        Reaction.objects.filter(reply__in=replies)
        .values("reply_id", "kind")
        .annotate(total=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["reply_id"], {})[row["kind"]] = row["total"]
    return counts
