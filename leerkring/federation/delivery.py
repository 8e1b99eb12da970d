"""Delivering activities to other servers' inboxes: signed, in the background, with retries.

``send(actor, activity, inboxes)`` stores one ``OutgoingActivity`` row per inbox in the
caller's transaction and asks for delivery once it commits, as the email outbox does: an
activity exists exactly when what caused it was saved. ``deliver`` (the task
``leerkring.tasks.deliver_activities``) claims its rows with a conditional update, signs each
POST with the network's key (draft-cavage, as Mastodon signs and checks), and posts it
through ``leerkring.safe_http``: the harvester's address rules, after name resolution and on
redirects, within ``LEERKRING_FEDERATION_DELIVERY_SECONDS``.

An answer of 2xx is delivered. A 4xx other than 408 and 429 will not change by trying again
(the other side refuses the activity): the row is given up at once. Anything else (5xx, a
timeout, no connection) is tried again after ``LEERKRING_FEDERATION_RETRY_MINUTES``, up to
``LEERKRING_FEDERATION_DELIVERY_MAX_ATTEMPTS``; the sweeper (periodic job
``retry-activities``) picks up what is due. Delivery is at least once; receivers drop
repeats by the activity's id.
"""

import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta
from functools import partial
from http.client import HTTPException
from urllib.parse import urlsplit
from uuid import uuid4

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .. import safe_http
from ..conf import leerkring_settings
from ..models import OutgoingActivity
from . import actors, cavage, remote_actors

logger = logging.getLogger(__name__)

Status = OutgoingActivity.Status
CONTENT_TYPE = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
MAX_ANSWER_BYTES = 64 * 1024
STALE_CLAIM = timedelta(minutes=15)
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_LIMIT = 500
BATCH = 20
# Answers that say "not now" rather than "never".
RETRIED_CLIENT_ERRORS = {408, 425, 429}


def send(actor, activity, inboxes):
    """Queue ``activity`` (a dict) from ``actor`` (a ``NetworkActor``) to each inbox once."""
    wanted = list(dict.fromkeys(inbox for inbox in inboxes if inbox))
    if not wanted:
        return []
    body = json.dumps(activity, ensure_ascii=False)
    now = timezone.now()
    rows = OutgoingActivity.objects.bulk_create(
        [
            OutgoingActivity(
                sender=actor,
                inbox=inbox,
                activity_id=activity["id"],
                activity_type=activity["type"],
                body=body,
                next_attempt_at=now,
            )
            for inbox in wanted
        ]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(partial(queue, ids))
    return rows


def queue(ids):
    """Ask the task backend to deliver these rows; never raises (the sweeper is the net)."""
    from ..tasks import deliver_activities  # which imports this module

    try:
        for start in range(0, len(ids), BATCH):
            deliver_activities.enqueue(list(ids[start : start + BATCH]))
    except Exception:
        logger.exception("Could not queue the delivery of activities %s", ids)


def max_attempts():
    return max(1, int(leerkring_settings.FEDERATION_DELIVERY_MAX_ATTEMPTS))


def retry_delay(attempts):
    delays = list(leerkring_settings.FEDERATION_RETRY_MINUTES) or [1]
    return timedelta(minutes=delays[min(max(attempts, 1), len(delays)) - 1])


def _valid_ids(ids):
    if not isinstance(ids, list | tuple):
        return []
    return [pk for pk in ids if isinstance(pk, int) and not isinstance(pk, bool) and pk > 0]


def claim(ids, now=None):
    now = now or timezone.now()
    token = uuid4().hex
    ids = _valid_ids(ids)
    if not ids:
        return token, []
    OutgoingActivity.objects.filter(
        pk__in=ids, status=Status.QUEUED, next_attempt_at__lte=now
    ).update(status=Status.SENDING, claim_token=token, claimed_at=now)
    rows = OutgoingActivity.objects.filter(pk__in=ids, claim_token=token, status=Status.SENDING)
    return token, list(rows.select_related("sender").order_by("pk"))


class DeliveryFailed(Exception):
    def __init__(self, reason, *, permanent=False):
        super().__init__(reason)
        self.permanent = permanent


def post(actor, inbox, body):
    """POST ``body`` (bytes) to ``inbox``, signed as ``actor``; raises ``DeliveryFailed``."""
    if not remote_actors.fetchable(inbox):
        raise DeliveryFailed("the inbox address is refused", permanent=True)
    actor = actors.with_key(actor)
    parts = urlsplit(inbox)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    headers = cavage.sign(
        actor.private_key_pem,
        actors.key_id(actor),
        method="post",
        path=path,
        host=parts.netloc.lower(),
        body=body,
    )
    headers.update(
        {
            "Content-Type": CONTENT_TYPE,
            "Accept": "application/activity+json",
            "User-Agent": remote_actors.USER_AGENT,
        }
    )

    def work(deadline):
        request = urllib.request.Request(  # noqa: S310 - the scheme was checked
            inbox, data=body, headers=headers, method="POST"
        )
        with safe_http.opener(deadline).open(request, timeout=5) as response:
            response.read(MAX_ANSWER_BYTES)
            return response.status

    try:
        return safe_http.run_within(
            float(leerkring_settings.FEDERATION_DELIVERY_SECONDS), work, name="leerkring-ap-post"
        )
    except urllib.error.HTTPError as error:
        permanent = 400 <= error.code < 500 and error.code not in RETRIED_CLIENT_ERRORS
        raise DeliveryFailed(f"HTTP {error.code}", permanent=permanent) from None
    except safe_http.FetchError as error:
        raise DeliveryFailed(str(error)) from None
    except (OSError, HTTPException, ValueError) as error:
        raise DeliveryFailed(f"{type(error).__name__}: {str(error)[:200]}") from None


def _record(row, token, now, error=None):
    attempts = row.attempts + 1
    changes = {"attempts": attempts, "claim_token": ""}
    if error is None:
        changes.update(status=Status.SENT, sent_at=now, last_error="")
    else:
        changes["last_error"] = str(error)[:500]
        if error.permanent or attempts >= max_attempts():
            changes["status"] = Status.FAILED
            logger.warning("Activity %s to %s given up: %s", row.activity_id, row.inbox, error)
        else:
            changes.update(status=Status.QUEUED, next_attempt_at=now + retry_delay(attempts))
    OutgoingActivity.objects.filter(pk=row.pk, claim_token=token).update(**changes)
    return changes["status"]


def deliver(ids):
    """Post the due queued rows among ``ids``; how many went and how many did not."""
    outcome = {"sent": 0, "failed": 0}
    try:
        token, rows = claim(ids)
        for row in rows:
            try:
                post(row.sender, row.inbox, row.body.encode("utf-8"))
            except DeliveryFailed as error:
                _record(row, token, timezone.now(), error)
                outcome["failed"] += 1
            else:
                _record(row, token, timezone.now())
                outcome["sent"] += 1
    except Exception:
        logger.exception("Delivering activities %s failed", ids)
    return outcome


def sweep(now=None):
    """Deliver what is due and no task will take: retries, and rows a dead worker held."""
    now = now or timezone.now()
    OutgoingActivity.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Status.QUEUED, claim_token="", attempts=F("attempts") + 1
    )
    due = OutgoingActivity.objects.filter(
        Q(attempts__gt=0) | Q(created_at__lt=now - SWEEP_GRACE),
        status=Status.QUEUED,
        next_attempt_at__lte=now,
    ).order_by("next_attempt_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:SWEEP_LIMIT])
    outcome = {"sent": 0, "failed": 0}
    for start in range(0, len(ids), BATCH):
        result = deliver(ids[start : start + BATCH])
        outcome["sent"] += result["sent"]
        outcome["failed"] += result["failed"]
    return outcome
