"""The daily and weekly digests: for each person who chose one, the replies by others since
their last digest in the conversations they follow, in the circles they are a member of now.

Everyone's digest is read in a fixed number of queries (:func:`send_digests`), so a run does
not slow down as the network grows.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone

from ..mail import absolute, notification_message, thread_path
from ..models import Follow, Membership, NotificationSettings, Thread
from .unsubscribe import STOP_DIGEST, settings_url, unsubscribe_url

logger = logging.getLogger(__name__)

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


def send_digests(frequencies=("daily", "weekly"), now=None, dry_run=False):
    """Email each person who chose a digest the replies since their last one.

    The number of queries does not grow with the number of people, apart from the
    per-circle address lookups Wagtail caches.
    """
    now = now or timezone.now()
    run = DigestRun()
    due = _due(frequencies, now, run)
    if not due:
        return run
    since = {
        row.user_id: row.last_digest_sent_at or now - DIGEST_PERIODS[row.digest] for row in due
    }
    news = _read_news(list(since), min(since.values()), now)
    thread_urls = {}
    done, digests = [], []
    for row in due:
        sections = news.sections_for(row.user, since[row.user_id])
        if not sections:
            run.empty += 1
            done.append(row.pk)
            continue
        digests.append(_digest(row, sections, since[row.user_id], thread_urls))
    if dry_run:
        run.sent = [(row.user, total, count) for row, total, count, _message in digests]
        return run
    done += _deliver(digests, run)
    NotificationSettings.objects.filter(pk__in=done).update(last_digest_sent_at=now)
    return run


def _due(frequencies, now, run):
    """The settings of the people whose digest of these frequencies is due now; the others
    are counted in ``run.not_due``."""
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
    return due


# --- Reading what happened, for everyone at once ------------------------------------------


@dataclass
class _News:
    """What the people due a digest take part in and follow, and the replies there."""

    active: dict  # user id → ids of the circles they are an active member of
    thread_follows: dict  # user id → {thread id: muted}
    circle_follows: dict  # user id → ids of the circles they follow and did not mute
    threads: list  # followed threads with activity, in the digest's order
    replies_by_thread: dict  # thread id → its public replies in the period, oldest first

    def sections_for(self, user, since):
        return _digest_sections(
            user,
            since,
            self.threads,
            self.replies_by_thread,
            self.active.get(user.pk, set()),
            self.thread_follows.get(user.pk, {}),
            self.circle_follows.get(user.pk, set()),
        )


def _read_news(user_ids, earliest, now):
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
    threads = _threads_with_activity(active, thread_follows, circle_follows, earliest)
    replies_by_thread = _replies_by_thread(threads, earliest, now)
    return _News(active, thread_follows, circle_follows, threads, replies_by_thread)


def _threads_with_activity(active, thread_follows, circle_follows, earliest):
    all_active = set().union(*active.values()) if active else set()
    followed_threads = {pk for follows in thread_follows.values() for pk in follows}
    followed_circles = set().union(*circle_follows.values()) if circle_follows else set()
    return list(
        Thread.objects.filter(
            Q(pk__in=followed_threads) | Q(circle_id__in=followed_circles),
            circle_id__in=all_active,
            last_activity_at__gt=earliest,
        )
        .select_related("circle")
        .order_by("circle__title", "-last_activity_at", "pk")
    )


def _replies_by_thread(threads, earliest, now):
    from ..conversations import replies_of_threads

    if not threads:
        return {}
    replies = (
        replies_of_threads(Thread.objects.filter(pk__in=[thread.pk for thread in threads]))
        .filter(
            submit_date__gt=earliest,
            submit_date__lte=now,
            is_public=True,
            is_removed=False,
        )
        .select_related("user")
        .order_by("submit_date", "pk")
    )
    replies_by_thread = {}
    for reply in replies:
        replies_by_thread.setdefault(int(reply.object_pk), []).append(reply)
    return replies_by_thread


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


# --- Writing and sending ------------------------------------------------------------------


def _excerpt(text):
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _digest(row, sections, since, thread_urls):
    """``(row, reply count, thread count, message)`` of one person's digest. ``thread_urls``
    keeps each thread's address across everyone's digests, to look it up once."""
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
        "since": since,
        "settings_url": settings_url(),
    }
    stop_url = unsubscribe_url(row.user, STOP_DIGEST)
    return row, total, len(sections), notification_message("digest", row.user, context, stop_url)


def _deliver(digests, run):
    """Send the digests one by one over one connection; the pks of the settings of those
    sent, for recording when."""
    sent = []
    with get_connection() as connection:
        for row, total, count, message in digests:
            try:
                connection.send_messages([message])
            except Exception:  # one bad address must not stop everyone else's digest
                logger.exception("Could not send the digest to user %s", row.user_id)
                run.failed += 1
                continue
            run.sent.append((row.user, total, count))
            sent.append(row.pk)
    return sent
