"""Threads and replies: posting, editing, deleting, reactions, hiding and flags.

Replies are stored as django-comments-xtd comments, and this is the one module that knows
it: other modules read replies, their counts and their tree through the functions here.
Existing replies are changed with
``QuerySet.update``: xtd's pre_save handler would otherwise re-publish or hide whole
sub-trees and miscount nested replies whenever one reply is saved again.
"""

from datetime import timedelta

import django_comments
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ratelimits
from .access import CircleAccess, manageable_circles
from .conf import leerkring_settings
from .markdown import RENDERING, render_markdown, stored_or_rendered
from .models import LearningCirclePage, Reaction, ReactionKind, ReplyFlag, ReplyMeta, Thread
from .signals import reply_changed, thread_moved

MAX_LEVEL = getattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL", 2)


def edit_window():
    return timedelta(minutes=leerkring_settings.REPLY_EDIT_MINUTES)


def replies_per_minute():
    return leerkring_settings.REPLIES_PER_MINUTE


def undo_window():
    """How long a deleted reply can be brought back by its author."""
    return timedelta(minutes=leerkring_settings.REPLY_UNDO_MINUTES)


def repeat_window():
    """A second identical post by the same person within this time is a replayed form."""
    return timedelta(minutes=leerkring_settings.REPEAT_MINUTES)


class ConversationError(Exception):
    """A step that cannot be taken; the message is for the user."""


class RateLimited(ConversationError):
    pass


def thread_of(reply):
    """The thread a reply belongs to, with its circle."""
    return Thread.objects.select_related("circle").get(pk=int(reply.object_pk))


def _access_to(reply, user, access=None, thread=None):
    if access is None:
        thread = thread or thread_of(reply)
        access = CircleAccess(user, thread.circle)
    return access


def reply_model():
    """The model replies are stored in: django-comments-xtd's comment (see checks.py, E001)."""
    return django_comments.get_model()


def thread_content_type():
    return ContentType.objects.get_for_model(Thread)


def replies_of(thread):
    """All replies of a thread in tree order, hidden and removed ones included."""
    return (
        reply_model()
        .objects.filter(content_type=thread_content_type(), object_pk=str(thread.pk))
        .order_by("thread_id", "order")
    )


def replies_of_threads(threads):
    """All replies of these threads (a queryset of them, or their ids), in one statement."""
    if isinstance(threads, QuerySet):
        thread_pks = threads.annotate(pk_text=Cast("pk", output_field=CharField())).values(
            "pk_text"
        )
    else:
        thread_pks = [str(pk) for pk in threads]
    return reply_model().objects.filter(
        content_type=thread_content_type(), object_pk__in=thread_pks
    )


def reply_counts(thread_ids):
    """{thread id: its replies that were not deleted} for these threads, in one query."""
    # Counted apart from the threads: object_pk is text, so a join from threads would
    # compare text with integers, which PostgreSQL refuses.
    rows = (
        replies_of_threads(thread_ids)
        .filter(is_removed=False)
        # xtd's manager orders by thread and position, which would join the GROUP BY and
        # count each reply apart.
        .order_by()
        .values_list("object_pk")
        .annotate(total=Count("pk"))
    )
    return {int(object_pk): total for object_pk, total in rows}


def replies_by(user):
    """Every reply this person wrote."""
    return reply_model().objects.filter(user=user)


def stored_reply(reply):
    """The reply as it is stored now."""
    return reply_model().objects.get(pk=reply.pk)


def reply_tree(replies):
    """Nest replies, already in tree order, under their parents: ``[{"reply", "children"}]``.

    Not xtd's ``XtdComment.tree_from_queryset``: a page of a long conversation can start
    inside a sub-tree, and that one drops a top-level reply that follows replies whose
    parent is on an earlier page; it also asks the database for every reply's flags. Here
    a reply whose parent is not among ``replies`` stands at the top.
    """
    nodes, roots = {}, []
    for reply in replies:
        node = {"reply": reply, "children": []}
        nodes[reply.pk] = node
        # xtd stores a top-level reply as its own parent.
        parent = nodes.get(reply.parent_id) if reply.parent_id != reply.pk else None
        (parent["children"] if parent else roots).append(node)
    return roots


def _require_write(circle, user, access=None):
    access = access or CircleAccess(user, circle)
    if user is None or not access.can_write:
        raise PermissionDenied
    return access


def start_thread(circle, author, *, title, body, themes=(), access=None):
    """Start a conversation, if the author may write in the circle. The same conversation
    sent again by its author shortly after (a replayed form) is not started twice: the first
    one is returned, marked ``repeated``."""
    _require_write(circle, author, access)
    with transaction.atomic():
        # One start at a time per circle, so that a double submit cannot slip past the check.
        LearningCirclePage.objects.select_for_update().filter(pk=circle.pk).exists()
        earlier = (
            Thread.objects.filter(
                circle=circle,
                author=author,
                title=title,
                body=body,
                created_at__gte=timezone.now() - repeat_window(),
            )
            .order_by("-pk")
            .first()
        )
        if earlier is not None:
            earlier.repeated = True
            return earlier
        thread = Thread.objects.create(circle=circle, author=author, title=title, body=body)
        if themes:
            thread.themes.set(themes)
    thread.repeated = False
    return thread


def _check_rate(user, exempt):
    if exempt:
        return
    if not ratelimits.allow(f"replies:user:{user.pk}", replies_per_minute(), 60):
        raise RateLimited(
            _("You are posting quickly. Wait a minute and send your reply again; it is kept below.")
        )


def post_reply(thread, user, text, *, parent=None, rate_exempt=None, access=None):
    """Post a reply, if the person may write in the thread's circle. Moderators are not
    rate-limited unless ``rate_exempt`` says otherwise."""
    access = _require_write(thread.circle, user, access)
    if rate_exempt is None:
        rate_exempt = access.can_manage
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
    earlier = _same_reply(thread, user, text, parent)
    if earlier is not None:
        return earlier
    _check_rate(user, rate_exempt)
    with transaction.atomic():
        # One writer per thread at a time keeps xtd's ordering of the tree consistent.
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        earlier = _same_reply(thread, user, text, parent)
        if earlier is not None:
            return earlier
        reply = reply_model().objects.create(
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
        # Rendered once, as it is written; every page reads the stored HTML.
        ReplyMeta.objects.create(reply=reply, html=render_markdown(text), rendering=RENDERING)
        Thread.objects.filter(pk=locked.pk).update(last_activity_at=reply.submit_date)
    reply.repeated = False
    return reply


def _same_reply(thread, user, text, parent):
    """The reply this person just posted with this very text here (a replayed form), if any."""
    # xtd stores a top-level reply as its own parent.
    place = {"parent_id": parent.pk, "level__gt": 0} if parent else {"level": 0}
    earlier = (
        replies_of(thread)
        .filter(
            **place,
            user=user,
            comment=text,
            is_removed=False,
            submit_date__gte=timezone.now() - repeat_window(),
        )
        .order_by("-pk")
        .first()
    )
    if earlier is not None:
        earlier.repeated = True
    return earlier


def may_edit(reply, user, *, access=None, thread=None):
    """Whether the author may still change this reply: shortly after posting, while they
    take part in the circle, and while the conversation is open (moderators excepted)."""
    if not (
        user.is_authenticated
        and reply.user_id == user.pk
        and not reply.is_removed
        and reply.submit_date >= timezone.now() - edit_window()
    ):
        return False
    thread = thread or thread_of(reply)
    access = _access_to(reply, user, access, thread)
    if not access.can_write:
        return False  # an ex-member's old words are no longer theirs to change
    return thread.is_open_for_replies or access.can_manage


def edit_time_left(reply, now=None):
    """How much longer the author may edit the reply (nothing once the window has passed)."""
    left = reply.submit_date + edit_window() - (now or timezone.now())
    return max(left, timedelta(0))


def may_delete(reply, user, *, access=None):
    """Whether the author may delete this reply: while they take part in the circle."""
    if not (user.is_authenticated and reply.user_id == user.pk and not reply.is_removed):
        return False
    return _access_to(reply, user, access).can_write


def may_restore(reply, user, *, access=None):
    """Whether the author may still undo deleting this reply."""
    meta = meta_of(reply)
    return (
        user.is_authenticated
        and reply.user_id == user.pk
        and reply.is_removed
        and meta is not None
        and meta.removed_at is not None
        and meta.removed_at >= timezone.now() - undo_window()
        and _access_to(reply, user, access).can_write
    )


def meta_of(reply):
    """The reply's ReplyMeta, or None (no query when it was selected along)."""
    try:
        return reply.leerkring_meta
    except ReplyMeta.DoesNotExist:
        return None


def reply_html(reply):
    """The reply's text as safe HTML: stored when it was written, rendered if it predates that."""
    meta = meta_of(reply)
    if meta is None:
        return render_markdown(reply.comment)
    return stored_or_rendered(reply.comment, meta.html, meta.rendering)


def _changed(reply):
    reply_changed.send(sender=reply_model(), reply=stored_reply(reply))


def edit_reply(reply, user, text):
    if not may_edit(reply, user):
        raise ConversationError(_("You can no longer edit this reply."))
    reply_model().objects.filter(pk=reply.pk).update(comment=text)
    ReplyMeta.objects.update_or_create(
        reply=reply,
        defaults={
            "edited_at": timezone.now(),
            "html": render_markdown(text),
            "rendering": RENDERING,
        },
    )
    _changed(reply)


def delete_reply(reply, user):
    """Delete one's own reply; its text is kept a few minutes so that it can be undone.

    Returns False when it was deleted already (a replayed form), True otherwise."""
    if reply.user_id != user.pk or not _access_to(reply, user).can_write:
        raise PermissionDenied(_("You can only delete your own replies."))
    with transaction.atomic():
        done = reply_model().objects.filter(pk=reply.pk, is_removed=False).update(is_removed=True)
        if done:
            ReplyMeta.objects.update_or_create(
                reply_id=reply.pk, defaults={"removed_at": timezone.now()}
            )
    if done:
        _changed(reply)
    return bool(done)


def restore_reply(reply, user):
    """Undo deleting a reply, within a few minutes: the very same text comes back."""
    stored = reply_model().objects.select_related("leerkring_meta").get(pk=reply.pk)
    if not stored.is_removed:
        return False  # restored already
    if not may_restore(stored, user):
        raise ConversationError(_("This reply can no longer be brought back."))
    reply_model().objects.filter(pk=reply.pk).update(is_removed=False)
    ReplyMeta.objects.filter(reply_id=reply.pk).update(removed_at=None)
    _changed(reply)
    return True


def _require_manage(reply, by):
    if by is None or not _access_to(reply, by).can_manage:
        raise PermissionDenied


def hide_reply(reply, moderator, reason):
    _require_manage(reply, moderator)
    reply_model().objects.filter(pk=reply.pk).update(is_public=False)
    ReplyMeta.objects.update_or_create(
        reply=reply,
        defaults={"hidden_reason": reason, "hidden_by": moderator, "hidden_at": timezone.now()},
    )
    _changed(reply)


def show_reply(reply, moderator):
    _require_manage(reply, moderator)
    reply_model().objects.filter(pk=reply.pk).update(is_public=True)
    ReplyMeta.objects.filter(reply=reply).update(hidden_reason="", hidden_by=None, hidden_at=None)
    _changed(reply)


THREAD_STATES = {
    "pin": ("pinned", True), "unpin": ("pinned", False),
    "lock": ("locked", True), "unlock": ("locked", False),
    "archive": ("archived", True), "unarchive": ("archived", False),
}  # fmt: skip


def set_thread_state(thread, action, by):
    """Pin, lock or archive a conversation (or undo it), if ``by`` moderates its circle.
    Doing what is already done changes nothing."""
    if by is None or not CircleAccess(by, thread.circle).can_manage:
        raise PermissionDenied
    if action not in THREAD_STATES:
        raise ConversationError(_("Choose what to do with the conversation."))
    field, value = THREAD_STATES[action]
    Thread.objects.filter(pk=thread.pk).update(**{field: value})


def move_thread(thread, target, by):
    """Move a conversation to another circle that the moderator also looks after."""
    if by is None or not CircleAccess(by, thread.circle).can_manage:
        raise PermissionDenied
    if target.pk == thread.circle_id or not manageable_circles(by).filter(pk=target.pk).exists():
        raise ConversationError(_("Choose another circle that you facilitate or coordinate."))
    Thread.objects.filter(pk=thread.pk).update(circle=target)
    moved = Thread.objects.get(pk=thread.pk)
    thread_moved.send(sender=Thread, thread=moved)
    return moved


def toggle_reaction(reply, user, kind, *, access=None):
    """Add the reaction, or take it back when it is already there. Returns whether it is on.

    Only those who take part react, and only to replies they can read: a hidden reply does
    not exist for anyone but its moderators (404), and takes no reactions from them either.
    """
    access = _access_to(reply, user, access)
    if not reply.is_public and not access.can_manage:
        raise Http404
    if not access.can_write:
        raise PermissionDenied
    if kind not in ReactionKind.values or reply.is_removed or not reply.is_public:
        raise ConversationError(_("That reaction is not possible here."))
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


def delete_replies_by(user):
    """Delete the person's replies, for deleting their account. One that others answered,
    directly or further down, becomes an empty "deleted" reply instead, so their answers
    keep their place."""
    replies = reply_model().objects
    mine = list(replies.filter(user=user).values_list("pk", "thread_id"))
    if not mine:
        return
    own = {pk for pk, _thread in mine}
    # xtd's thread_id is the top-level reply of a sub-tree, not our Thread.
    tree = list(
        replies.filter(thread_id__in={thread for _pk, thread in mine})
        .order_by()
        .values_list("pk", "parent_id", "level")
    )
    kept = set()
    # Deepest first, so that a kept child keeps its parent too.
    for pk, parent, _level in sorted(tree, key=lambda row: -row[2]):
        if pk != parent and parent in own and (pk not in own or pk in kept):
            kept.add(parent)
    replies.filter(pk__in=own - kept).delete()
    if kept:
        replies.filter(pk__in=kept).update(comment="", is_removed=True)
        for reply in replies.filter(pk__in=kept):
            reply_changed.send(sender=reply_model(), reply=reply)


def rerender_texts(
    *,
    everything=False,
    batch_size=500,
    progress=None,
    thread_model=Thread,
    meta_model=ReplyMeta,
    comment_model=None,
):
    """Store every text's HTML again where it was made by older rules (or all, with
    ``everything``); returns ``(threads, replies)`` re-rendered. The models are parameters
    so that a migration can pass its historical ones."""
    comment_model = comment_model or reply_model()
    stale_threads = thread_model.objects.all()
    if not everything:
        stale_threads = stale_threads.exclude(body_rendering=RENDERING)
    threads = 0
    for batch in _batches(stale_threads.order_by("pk").only("pk", "body"), batch_size):
        for thread in batch:
            thread.body_html = str(render_markdown(thread.body))
            thread.body_rendering = RENDERING
        thread_model.objects.bulk_update(batch, ["body_html", "body_rendering"])
        threads += len(batch)
    stale_replies = comment_model.objects.filter(
        content_type__app_label="leerkring", content_type__model="thread"
    )
    if not everything:
        fresh = meta_model.objects.filter(rendering=RENDERING).values("reply_id")
        stale_replies = stale_replies.exclude(pk__in=fresh)
    total = stale_replies.count()
    replies = 0
    # Values, not instances: xtd's manager joins the content type, which only() refuses.
    rows = stale_replies.order_by("pk").values_list("pk", "comment")
    for batch in _batches(rows, batch_size, key=lambda row: row[0]):
        meta_model.objects.bulk_create(
            [
                meta_model(reply_id=pk, html=str(render_markdown(text)), rendering=RENDERING)
                for pk, text in batch
            ],
            # A reply with details (an edit, a hiding) keeps them; only its HTML changes.
            update_conflicts=True,
            unique_fields=["reply"],
            update_fields=["html", "rendering"],
        )
        replies += len(batch)
        if progress:
            progress(replies, total)
    return threads, replies


def _batches(queryset, size, key=lambda obj: obj.pk):
    # Keyset batches: the stale set shrinks as batches are stored, so offsets would skip.
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:size])
        if not batch:
            return
        yield batch
        last = key(batch[-1])
