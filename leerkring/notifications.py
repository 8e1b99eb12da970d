"""Who hears about what happens in a conversation, and how they stop hearing about it.

What someone hears about follows from what they follow (:class:`~leerkring.models.Follow`)
and their :class:`~leerkring.models.NotificationSettings`. Whether they may hear about it is
decided when a message is sent, from the circle's *current active members* only: someone who
left a closed circle, or never was in it, hears nothing of it, whatever they still follow.

Every notification carries a signed one-click unsubscribe link (RFC 8058) that works without
logging in; see :func:`unsubscribe_token` and :func:`apply_unsubscribe`.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import public
from .access import email_recipients
from .emails import send_templated_email
from .models import Follow, Membership, NotificationSettings
from .outbox import tagged

logger = logging.getLogger(__name__)

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")

UNSUBSCRIBE_SALT = "leerkring.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 366  # a year: old emails keep working for a while

# What an unsubscribe link stops.
STOP_THREAD = "thread"  # mute one conversation (replies and mentions in it)
STOP_CIRCLE = "circle"  # mute a circle follow (new conversations and replies through it)
STOP_INSTANT = "all"  # no more instant emails at all
STOP_DIGEST = "digest"  # no more digests
STOP_KINDS = (STOP_THREAD, STOP_CIRCLE, STOP_INSTANT, STOP_DIGEST)


# --- Members and mentions ------------------------------------------------------------------


def current_member_ids(circle):
    return email_recipients(circle)


def mentioned_users(text, circle, members=None):
    """Current members of the circle mentioned as ``@username``; nobody else."""
    usernames = set(MENTION.findall(text or ""))
    if not usernames:
        return []
    if members is None:
        members = current_member_ids(circle)
    return list(get_user_model().objects.filter(username__in=usernames, pk__in=members))


# --- Following -----------------------------------------------------------------------------


def follow_thread(user, thread):
    """Follow a thread, as its author or a replier does automatically.

    An existing choice stands: someone who muted the thread stays muted when they reply.
    """
    if not user or not user.is_authenticated:
        return None
    follow, _created = Follow.objects.get_or_create(user=user, thread=thread)
    return follow


def set_thread_follow(user, thread, action, circle_follow=None):
    """Carry out follow / unfollow / mute / unmute on a thread for this user.

    Unfollowing a thread that reaches the user through a circle follow mutes it instead,
    so that the button does what it says.
    """
    if action in ("follow", "unmute"):
        Follow.objects.update_or_create(user=user, thread=thread, defaults={"muted": False})
    elif action == "mute":
        Follow.objects.update_or_create(user=user, thread=thread, defaults={"muted": True})
    elif action == "unfollow":
        if circle_follow is None:
            circle_follow = Follow.objects.filter(user=user, circle_id=thread.circle_id).first()
        if circle_follow is not None and not circle_follow.muted:
            Follow.objects.update_or_create(user=user, thread=thread, defaults={"muted": True})
        else:
            Follow.objects.filter(user=user, thread=thread).delete()
    else:
        raise ValueError(f"unknown follow action {action!r}")


def set_circle_follow(user, circle, action):
    """Follow or stop following a circle; stopping keeps a muted row as the member's choice."""
    if action not in ("follow", "unfollow", "mute", "unmute"):
        raise ValueError(f"unknown follow action {action!r}")
    muted = action in ("unfollow", "mute")
    Follow.objects.update_or_create(user=user, circle=circle, defaults={"muted": muted})


@dataclass(frozen=True)
class FollowState:
    """What the follow buttons of a thread show for one user."""

    thread_follow: Follow | None = None
    circle_follow: Follow | None = None

    @property
    def follows_circle(self):
        return self.circle_follow is not None and not self.circle_follow.muted

    @property
    def is_muted(self):
        return self.thread_follow is not None and self.thread_follow.muted

    @property
    def is_following(self):
        """Whether new replies in the thread reach this user."""
        if self.thread_follow is not None:
            return not self.thread_follow.muted
        return self.follows_circle

    @property
    def via_circle(self):
        return self.thread_follow is None and self.follows_circle


def follow_state(user, thread):
    """The user's follows of this thread and its circle, in at most one query."""
    if not user.is_authenticated:
        return FollowState()
    thread_follow = circle_follow = None
    for follow in Follow.objects.filter(
        Q(thread_id=thread.pk) | Q(circle_id=thread.circle_id), user=user
    ):
        if follow.thread_id:
            thread_follow = follow
        else:
            circle_follow = follow
    return FollowState(thread_follow, circle_follow)


def circle_follow_state(user, circle):
    """The user's follow of a circle, for its follow button, in at most one query."""
    if not user.is_authenticated:
        return FollowState()
    return FollowState(circle_follow=Follow.objects.filter(user=user, circle=circle).first())


def settings_of(user):
    """The user's notification settings; an unsaved row with the defaults if none is stored."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def _quiet_ids(user_ids):
    """Of these users, those who turned instant email off."""
    if not user_ids:
        return set()
    return set(
        NotificationSettings.objects.filter(user_id__in=user_ids, instant_email=False).values_list(
            "user_id", flat=True
        )
    )


@dataclass
class Audience:
    """Who follows a thread, worked out for the circle's current members only."""

    members: set
    by_thread: set  # follow the thread itself, not muted
    by_circle: set  # follow the circle and did not mute or follow the thread
    muted: set  # muted the thread
    quiet: set  # turned instant email off


def audience(thread):
    members = current_member_ids(thread.circle)
    by_thread, by_circle, muted, circle_followers, thread_rows = set(), set(), set(), set(), set()
    rows = Follow.objects.filter(
        Q(thread_id=thread.pk) | Q(circle_id=thread.circle_id), user_id__in=members
    ).values_list("user_id", "thread_id", "muted")
    for user_id, thread_id, is_muted in rows:
        if thread_id:
            thread_rows.add(user_id)
            (muted if is_muted else by_thread).add(user_id)
        elif not is_muted:
            circle_followers.add(user_id)
    by_circle = circle_followers - thread_rows
    return Audience(members, by_thread, by_circle, muted, _quiet_ids(members))


# --- Links ---------------------------------------------------------------------------------


def absolute(path):
    # Emails are read far from the request that sent them: every link is on the one
    # public address, whatever Host the request came in on.
    return public.absolute_url(path)


def thread_path(thread, reply=None):
    if reply is not None:
        return thread.circle.reply_path(thread.pk, reply.pk)
    return thread.circle.url + thread.circle.reverse_subpage("thread", args=[thread.pk])


def unsubscribe_token(user, kind, target=None):
    if kind not in STOP_KINDS:
        raise ValueError(f"unknown unsubscribe kind {kind!r}")
    target_id = getattr(target, "pk", target)
    return signing.dumps([user.pk, kind, target_id], salt=UNSUBSCRIBE_SALT)


class BadToken(Exception):
    pass


def read_unsubscribe_token(token):
    """``(user_id, kind, target_id)`` from a token, or :class:`BadToken`."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise BadToken(str(error)) from error
    if not (isinstance(value, list) and len(value) == 3):
        raise BadToken("malformed")
    user_id, kind, target_id = value
    if not isinstance(user_id, int) or kind not in STOP_KINDS:
        raise BadToken("malformed")
    needs_target = kind in (STOP_THREAD, STOP_CIRCLE)
    if needs_target != isinstance(target_id, int):
        raise BadToken("malformed")
    return user_id, kind, target_id


def unsubscribe_url(user, kind, target=None):
    path = reverse("leerkring:unsubscribe", args=[unsubscribe_token(user, kind, target)])
    return absolute(path)


def settings_url():
    return absolute(reverse("leerkring:notification_settings"))


def apply_unsubscribe(user, kind, target):
    """Stop what the link says; repeating it changes nothing more."""
    if kind == STOP_THREAD:
        Follow.objects.update_or_create(user=user, thread=target, defaults={"muted": True})
    elif kind == STOP_CIRCLE:
        Follow.objects.update_or_create(user=user, circle=target, defaults={"muted": True})
    elif kind == STOP_INSTANT:
        NotificationSettings.objects.update_or_create(user=user, defaults={"instant_email": False})
    elif kind == STOP_DIGEST:
        NotificationSettings.objects.update_or_create(user=user, defaults={"digest": "none"})
    else:
        raise ValueError(f"unknown unsubscribe kind {kind!r}")


# --- Sending -------------------------------------------------------------------------------


def render_email(template, context):
    """``(subject, body)`` of ``leerkring/emails/<template>``, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"leerkring/emails/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"leerkring/emails/{template}.txt", context)
    return subject, body


def notification_message(template, user, context, stop_url):
    """One email to one person, with the List-Unsubscribe headers of RFC 2369 and 8058,
    tagged with the circle it is about (none for a digest, which spans circles)."""
    subject, body = render_email(template, {**context, "recipient": user, "stop_url": stop_url})
    message = EmailMessage(
        subject,
        body,
        None,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    return tagged(message, circle=context.get("circle"), kind=template)


def send_messages(messages):
    messages = [message for message in messages if message.to and message.to[0]]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def _users(ids):
    if not ids:
        return {}
    return get_user_model().objects.filter(is_active=True).exclude(email="").in_bulk(ids)


def notify_new_reply(thread, reply):
    """Auto-follow the replier, then email followers and the members mentioned."""
    follow_thread(reply.user, thread)
    people = audience(thread)
    mentioned = {user.pk for user in mentioned_users(reply.comment, thread.circle, people.members)}
    skip = {reply.user_id} | people.quiet
    mentioned = mentioned - skip - people.muted
    followers = ((people.by_thread | people.by_circle) & people.members) - skip - mentioned
    users = _users(followers | mentioned)
    context = {
        "thread": thread,
        "circle": thread.circle,
        "reply": reply,
        "text": reply.comment,
        "author": reply.user,
        "url": absolute(thread_path(thread, reply)),
        "settings_url": settings_url(),
    }
    messages = []
    for pk in sorted(followers):
        if pk not in users:
            continue
        user = users[pk]
        mute_url = unsubscribe_url(user, STOP_THREAD, thread)
        if pk in people.by_circle:
            stop_url = unsubscribe_url(user, STOP_CIRCLE, thread.circle)
            extra = {"via_circle": True, "mute_url": mute_url}
        else:
            stop_url, extra = mute_url, {"via_circle": False}
        messages.append(notification_message("new_reply", user, {**context, **extra}, stop_url))
    for pk in sorted(mentioned):
        if pk in users:
            user = users[pk]
            stop_url = unsubscribe_url(user, STOP_THREAD, thread)
            messages.append(notification_message("mention", user, context, stop_url))
    return send_messages(messages)


def after_thread_started(thread):
    """Auto-follow the author, then email the circle's followers and the members mentioned."""
    follow_thread(thread.author, thread)
    people = audience(thread)
    mentioned = {user.pk for user in mentioned_users(thread.body, thread.circle, people.members)}
    skip = {thread.author_id} | people.quiet
    mentioned = mentioned - skip - people.muted
    followers = (people.by_circle & people.members) - skip - mentioned
    users = _users(followers | mentioned)
    context = {
        "thread": thread,
        "circle": thread.circle,
        "reply": None,
        "text": thread.body,
        "author": thread.author,
        "url": absolute(thread_path(thread)),
        "settings_url": settings_url(),
    }
    messages = []
    for pk in sorted(followers):
        if pk in users:
            user = users[pk]
            stop_url = unsubscribe_url(user, STOP_CIRCLE, thread.circle)
            messages.append(notification_message("new_thread", user, context, stop_url))
    for pk in sorted(mentioned):
        if pk in users:
            user = users[pk]
            stop_url = unsubscribe_url(user, STOP_THREAD, thread)
            messages.append(notification_message("mention", user, context, stop_url))
    return send_messages(messages)


def notify_flag(thread, reply, flag):
    """Tell the circle's facilitators; part of their role, so no unsubscribe link."""
    facilitators = Membership.objects.facilitators().filter(circle=thread.circle)
    send_templated_email(
        "flag",
        [m.user.email for m in facilitators.select_related("user")],
        {
            "thread": thread,
            "reply": reply,
            "flag": flag,
            "url": absolute(thread_path(thread, reply)),
        },
        circle=thread.circle,
    )


# --- Digests -------------------------------------------------------------------------------

DIGEST_PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A digest is due a little before a full period has passed, so that a job started a few
# seconds earlier than the day before still sends it.
DIGEST_GRACE = timedelta(hours=1)
DIGEST_EXCERPTS = 3
EXCERPT_LENGTH = 200


@dataclass
class DigestRun:
    """The outcome of :func:`send_digests`, for the command's summary line."""

    sent: list = field(default_factory=list)  # (user, reply count, thread count)
    empty: int = 0
    failed: int = 0
    not_due: int = 0


def _excerpt(text):
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _digest_sections(user, since, threads, replies_by_thread, active, thread_follows, circles):
    """The followed threads with replies by others since ``since``, in current circles only."""
    sections = []
    for thread in threads:
        if thread.circle_id not in active:
            continue
        choice = thread_follows.get(thread.pk)
        if choice is None:
            if thread.circle_id not in circles:
                continue
        elif choice:  # muted
            continue
        news = [
            reply
            for reply in replies_by_thread.get(thread.pk, ())
            if reply.submit_date > since and reply.user_id != user.pk
        ]
        if news:
            sections.append({"thread": thread, "circle": thread.circle, "replies": news})
    return sections


def send_digests(frequencies=("daily", "weekly"), now=None, dry_run=False):
    """Email each person who chose a digest the replies since their last one.

    The number of queries does not grow with the number of people, apart from the
    per-circle address lookups Wagtail caches.
    """
    from django_comments_xtd.models import XtdComment

    from .conversations import thread_content_type
    from .models import Thread

    now = now or timezone.now()
    run = DigestRun()
    wanted = Q(pk__in=[])
    for frequency in frequencies:
        wanted |= Q(digest=frequency)
    candidates = list(
        NotificationSettings.objects.filter(wanted, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    due = []
    for row in candidates:
        period = DIGEST_PERIODS[row.digest]
        if row.last_digest_sent_at and row.last_digest_sent_at > now - period + DIGEST_GRACE:
            run.not_due += 1
        else:
            due.append(row)
    if not due:
        return run
    since = {
        row.user_id: row.last_digest_sent_at or now - DIGEST_PERIODS[row.digest] for row in due
    }
    earliest = min(since.values())
    user_ids = list(since)

    active = {}
    for user_id, circle_id in (
        Membership.objects.active().filter(user_id__in=user_ids).values_list("user_id", "circle_id")
    ):
        active.setdefault(user_id, set()).add(circle_id)
    thread_follows, circle_follows = {}, {}
    for user_id, thread_id, circle_id, muted in Follow.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "thread_id", "circle_id", "muted"):
        if thread_id:
            thread_follows.setdefault(user_id, {})[thread_id] = muted
        elif not muted:
            circle_follows.setdefault(user_id, set()).add(circle_id)

    all_active = set().union(*active.values()) if active else set()
    followed_threads = {pk for follows in thread_follows.values() for pk in follows}
    followed_circles = set().union(*circle_follows.values()) if circle_follows else set()
    threads = list(
        Thread.objects.filter(
            Q(pk__in=followed_threads) | Q(circle_id__in=followed_circles),
            circle_id__in=all_active,
            last_activity_at__gt=earliest,
        )
        .select_related("circle")
        .order_by("circle__title", "-last_activity_at", "pk")
    )
    replies_by_thread = {}
    if threads:
        replies = (
            XtdComment.objects.filter(
                content_type=thread_content_type(),
                object_pk__in=[str(thread.pk) for thread in threads],
                submit_date__gt=earliest,
                submit_date__lte=now,
                is_public=True,
                is_removed=False,
            )
            .select_related("user")
            .order_by("submit_date", "pk")
        )
        for reply in replies:
            replies_by_thread.setdefault(int(reply.object_pk), []).append(reply)

    thread_urls = {}
    done, messages = [], []
    for row in due:
        user = row.user
        sections = _digest_sections(
            user,
            since[user.pk],
            threads,
            replies_by_thread,
            active.get(user.pk, set()),
            thread_follows.get(user.pk, {}),
            circle_follows.get(user.pk, set()),
        )
        if not sections:
            run.empty += 1
            done.append(row.pk)
            continue
        for section in sections:
            thread = section["thread"]
            if thread.pk not in thread_urls:
                thread_urls[thread.pk] = absolute(thread_path(thread))
            replies = section["replies"]
            section.update(
                url=thread_urls[thread.pk],
                count=len(replies),
                excerpts=[
                    {"author": reply.user or reply.user_name, "text": _excerpt(reply.comment)}
                    for reply in replies[:DIGEST_EXCERPTS]
                ],
                more=max(0, len(replies) - DIGEST_EXCERPTS),
            )
        total = sum(section["count"] for section in sections)
        context = {
            "frequency": row.digest,
            "sections": sections,
            "total": total,
            "since": since[user.pk],
            "settings_url": settings_url(),
        }
        stop_url = unsubscribe_url(user, STOP_DIGEST)
        messages.append(
            (row, total, len(sections), notification_message("digest", user, context, stop_url))
        )

    if dry_run:
        run.sent = [(row.user, total, count) for row, total, count, _message in messages]
        return run
    with get_connection() as connection:
        for row, total, count, message in messages:
            try:
                connection.send_messages([message])
            except Exception:  # one bad address must not stop everyone else's digest
                logger.exception("Could not send the digest to user %s", row.user_id)
                run.failed += 1
                continue
            run.sent.append((row.user, total, count))
            done.append(row.pk)
    NotificationSettings.objects.filter(pk__in=done).update(last_digest_sent_at=now)
    return run
