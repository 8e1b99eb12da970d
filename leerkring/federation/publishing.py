"""Telling a network's followers what changed among its key lessons.

``publish(network)`` compares the key lessons as the outbox shows them now with what was
last sent (``PublishedArticle``) and queues only the difference: ``Create`` for a lesson
newly featured, ``Update`` when a featured lesson's document changed (its title, summary,
sections, themes, circle), ``Delete`` with a ``Tombstone`` when it is no longer featured, no
longer public, or the network no longer federates. Comparing instead of reacting to each
event means that whatever changed a lesson (curation, an edit, unpublishing, a view
restriction, a move) is told once, and a run that is repeated sends nothing.

Each activity id carries the moment it was made: a lesson featured, withdrawn and featured
again is a new ``Create`` each time, which receivers that drop repeats by id still take.
"""

import hashlib
import json
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation

from ..feeds import _entries, network_lessons
from ..models import (
    LessonNomination,
    NetworkFollower,
    NetworkPage,
    NominationStatus,
    PublishedArticle,
)
from . import actors, delivery, documents

logger = logging.getLogger(__name__)

# The document's dates move with reordering and featuring; what followers should be told
# about is a change to what the lesson says.
NOT_DIGESTED = {"published", "updated"}


def key_lessons(network):
    """The network's key lessons as its feeds list them, each with its nomination's id,
    which names the lesson's Article."""
    featured = LessonNomination.objects.filter(
        lesson=OuterRef("pk"), network=network, status=NominationStatus.FEATURED
    )
    return network_lessons(network).annotate(nomination_pk=Subquery(featured.values("pk")[:1]))


def digest(article):
    kept = {key: value for key, value in article.items() if key not in NOT_DIGESTED}
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode("utf-8")).hexdigest()


def follower_inboxes(actor):
    return list(
        NetworkFollower.objects.filter(actor=actor)
        .exclude(remote__inbox="")
        .values_list("remote__inbox", flat=True)
        .distinct()
    )


def stamp(now=None):
    """A moment as it goes into activity ids: new for each activity a network makes."""
    return (now or timezone.now()).strftime("%Y%m%dT%H%M%S%fZ")


def changed(*networks):
    """Ask for the networks' followers to be told, once the current transaction commits."""
    ids = sorted({getattr(network, "pk", network) for network in networks if network})
    if ids:
        transaction.on_commit(partial(_queue, ids))


def _queue(ids):
    from ..tasks import publish_key_lessons  # which imports this module

    try:
        publish_key_lessons.enqueue(ids)
    except Exception:  # the next change tells them
        logger.exception("Could not queue publishing for %s", ids)


def publish_networks(network_ids):
    ids = [pk for pk in network_ids or [] if isinstance(pk, int) and not isinstance(pk, bool)]
    sent = 0
    for network in NetworkPage.objects.filter(pk__in=ids):
        sent += publish(network)
    return {"activities": sent}


def _current(actor, network):
    """``{nomination id: article}`` of the lessons the outbox shows now."""
    if not actors.federated_networks().filter(pk=network.pk).exists():
        return {}
    with translation.override(settings.LANGUAGE_CODE):
        return {
            entry["lesson"].nomination_pk: documents.article(actor, entry)
            for entry in _entries(key_lessons(network))
        }


@transaction.atomic
def publish(network):
    """Queue the activities that bring followers up to date; how many were queued."""
    actor = network.actor if hasattr(network, "actor") else None
    if actor is None:
        if not actors.federated_networks().filter(pk=network.pk).exists():
            return 0  # never federated: nobody to tell
        actor = actors.actor_for(network)
    actor = actors.with_key(actor)
    current = _current(actor, network)
    known = {
        row.nomination_id: row
        for row in PublishedArticle.objects.select_for_update().filter(actor=actor)
    }
    inboxes = follower_inboxes(actor)
    now = timezone.now()
    stamp_now = stamp(now)
    queued = 0
    for nomination_id, article in current.items():
        row = known.get(nomination_id)
        article_digest = digest(article)
        if row is not None and row.withdrawn_at is None and row.digest == article_digest:
            continue
        kind = "Update" if row is not None and row.withdrawn_at is None else "Create"
        activity = documents.activity(kind, article, stamp_now)
        if row is None:
            PublishedArticle.objects.create(
                actor=actor, nomination_id=nomination_id, digest=article_digest
            )
        else:
            PublishedArticle.objects.filter(pk=row.pk).update(
                digest=article_digest, withdrawn_at=None, updated_at=now
            )
        delivery.send(actor, activity, inboxes)
        queued += 1
    for nomination_id, row in known.items():
        if nomination_id in current or row.withdrawn_at is not None:
            continue
        article_id = actors.article_url(actor, nomination_id)
        delivery.send(actor, documents.delete(actor, article_id, stamp_now), inboxes)
        PublishedArticle.objects.filter(pk=row.pk).update(withdrawn_at=now, updated_at=now)
        queued += 1
    return queued
