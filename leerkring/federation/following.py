"""Following networks on other sites, and featuring their lessons here.

A coordinator follows a remote network from "Followed networks" by its handle or address
(``follow``): the form resolves it to its actor, and a ``Follow`` goes out; the other site
answers ``Accept`` (``leerkring.federation.handlers``), after which its key lessons arrive as
``Create``/``Update``/``Delete`` and are stored as ``RemoteLesson`` rows of that
``RemoteFeed``: candidates on the board. The lessons it already featured are read once from
its outbox (``backfill``).

Featuring such a lesson (``feature_remote``) shows it on this network's front page and in its
feeds, with its origin, and sends an ``Announce`` to the origin, which then shows that it was
taken up. A network that names a parent network on another site (``NetworkPage.
parent_elsewhere``) sends it an ``Add`` of itself; the parent's site follows it back as a
sub-network (``handlers``), so its key lessons become candidates there automatically.

Everything that talks to another server runs outside the request (``leerkring.tasks.
federation_step``, and ``delivery``), except resolving a handle, which the form must do to
say whether it exists.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from ..access import coordinates
from ..harvest import _datetime, _text
from ..markdown import sanitise_html
from ..models import NetworkPage, RemoteFeed, RemoteLesson
from ..models.remote import (
    ORIGIN_MAX_LENGTH,
    REMOTE_ID_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
)
from ..safe_http import is_allowed_url
from . import actors, delivery, documents, publishing, remote_actors

logger = logging.getLogger(__name__)

Kind = RemoteFeed.Kind
FollowState = RemoteFeed.FollowState
MAX_CONTENT_LENGTH = 50_000
MAX_TAGS = 20
BACKFILL_ITEMS = 40


def _stamp():
    return publishing.stamp()


def _own_actor(network):
    return actors.with_key(actors.actor_for(network))


# --- Following ----------------------------------------------------------------------------


def follow(feed):
    """Send the ``Follow`` of a new ActivityPub ``RemoteFeed`` (its ``remote_actor`` set)."""
    actor = _own_actor(feed.network)
    activity = documents.follow(actor, feed.remote_actor.uri, _stamp())
    RemoteFeed.objects.filter(pk=feed.pk).update(
        follow_state=FollowState.PENDING, follow_activity_id=activity["id"]
    )
    feed.follow_state, feed.follow_activity_id = FollowState.PENDING, activity["id"]
    delivery.send(actor, activity, [feed.remote_actor.inbox])


def unfollow(feed):
    """Send the ``Undo`` of the feed's ``Follow`` (before the feed is deleted)."""
    if feed.kind != Kind.ACTIVITYPUB or feed.remote_actor is None or not feed.follow_activity_id:
        return
    actor = _own_actor(feed.network)
    inner = {
        "id": feed.follow_activity_id,
        "type": "Follow",
        "actor": actors.actor_url(actor),
        "object": feed.remote_actor.uri,
    }
    delivery.send(
        actor,
        documents.undo(actor, inner, _stamp(), feed.remote_actor.uri),
        [feed.remote_actor.inbox],
    )


def accepted(feed):
    RemoteFeed.objects.filter(pk=feed.pk).update(
        follow_state=FollowState.ACCEPTED, last_status="", last_fetched_at=timezone.now()
    )
    transaction.on_commit(partial(_queue_step, "backfill", feed.pk))


# --- Lessons that arrive ------------------------------------------------------------------


def _id(value):
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _theme_as_written(hashtag):
    """The theme a Leerkring sends along with its hashtag, "Energie en klimaat" rather than
    "#EnergieEnKlimaat": in the site's language if given, else in any."""
    names = hashtag.get("nameMap")
    if not isinstance(names, dict):
        return None
    preferred = names.get(settings.LANGUAGE_CODE)
    if isinstance(preferred, str):
        return preferred
    return next((name for name in names.values() if isinstance(name, str)), None)


def _tags(article):
    tags = []
    for tag in article.get("tag") or [] if isinstance(article.get("tag"), list) else []:
        if isinstance(tag, dict) and tag.get("type") == "Hashtag":
            name = _text(_theme_as_written(tag) or tag.get("name"), 100).lstrip("#")
            if name and name not in tags:
                tags.append(name)
        if len(tags) >= MAX_TAGS:
            break
    return tags


class NotALesson(ValueError):
    """The object is not an Article of the actor's own server."""


def lesson_fields(article, remote):
    """The ``RemoteLesson`` fields of an ``Article`` sent by ``remote``; raises
    ``NotALesson`` for anything else."""
    if not isinstance(article, dict) or article.get("type") != "Article":
        raise NotALesson("the object is not an Article")
    article_id = _id(article)
    if not article_id or len(article_id) > REMOTE_ID_MAX_LENGTH:
        raise NotALesson("the Article has no usable id")
    if remote_actors.domain_of(article_id) != remote.domain:
        raise NotALesson("the Article is not of its sender's server")
    if _id(article.get("attributedTo")) not in ("", remote.uri):
        raise NotALesson("the Article is someone else's")
    title = _text(strip_tags(article.get("name") or ""), TITLE_MAX_LENGTH)
    if not title:
        raise NotALesson("the Article has no title")
    url = article.get("url")
    if isinstance(url, dict):
        url = url.get("href")
    if not isinstance(url, str) or len(url) > URL_MAX_LENGTH or not is_allowed_url(url):
        url = article_id
    context = article.get("context") if isinstance(article.get("context"), dict) else {}
    content = article.get("content") if isinstance(article.get("content"), str) else ""
    return article_id, {
        "url": url,
        "title": title,
        "summary": _text(strip_tags(article.get("summary") or ""), SUMMARY_MAX_LENGTH),
        "content_html": str(sanitise_html(content[:MAX_CONTENT_LENGTH])),
        "published_at": _datetime(article.get("published")),
        "modified_at": _datetime(article.get("updated")),
        "tags": _tags(article),
        "circle_name": _text(context.get("name"), ORIGIN_MAX_LENGTH),
        "origin_name": _text(remote.name, ORIGIN_MAX_LENGTH) or remote.domain,
    }


def store(feed, article, remote):
    """Keep (or bring up to date) the lesson ``article`` in ``feed``; the row."""
    remote_id, fields = lesson_fields(article, remote)
    lesson, _made = RemoteLesson.objects.update_or_create(
        feed=feed, remote_id=remote_id, defaults={**fields, "harvested_at": timezone.now()}
    )
    if lesson.featured_at is not None:
        publishing.changed(feed.network)  # its own feeds show it
    return lesson


def withdraw(feed, object_id):
    """The origin no longer features ``object_id``: it leaves the board and the front page."""
    gone = RemoteLesson.objects.filter(feed=feed, remote_id=object_id)
    featured = gone.filter(featured_at__isnull=False).exists()
    deleted, _ = gone.delete()
    if featured:
        publishing.changed(feed.network)
    return deleted


def backfill(feed):
    """Read the key lessons the followed network already featured from its outbox."""
    if feed.remote_actor is None:
        return 0
    remote = feed.remote_actor
    try:
        outbox_url = remote_actors.actor_document(remote.uri).get("outbox")
        if not isinstance(outbox_url, str) or remote_actors.domain_of(outbox_url) != remote.domain:
            return 0
        outbox = remote_actors.get_document(outbox_url)
        items = outbox.get("orderedItems")
        if not isinstance(items, list) and isinstance(outbox.get("first"), str):
            first = outbox["first"]
            if remote_actors.domain_of(first) == remote.domain:
                items = remote_actors.get_document(first).get("orderedItems")
    except remote_actors.KeyUnavailable as error:
        RemoteFeed.objects.filter(pk=feed.pk).update(last_status=str(error)[:500])
        return 0
    stored = 0
    for item in (items if isinstance(items, list) else [])[:BACKFILL_ITEMS]:
        if not isinstance(item, dict) or item.get("type") != "Create":
            continue
        if _id(item.get("actor")) != remote.uri:
            continue
        try:
            store(feed, item.get("object"), remote)
        except NotALesson:
            continue
        stored += 1
    return stored


# --- Featuring a remote lesson -------------------------------------------------------------


def _require(by, network):
    if not coordinates(by, network):
        raise PermissionDenied


def feature_remote(lesson, by):
    """Feature a followed network's lesson here, and tell its origin (``Announce``)."""
    network = lesson.feed.network
    _require(by, network)
    if lesson.featured_at is not None:
        return lesson
    lesson.featured_at, lesson.featured_by = timezone.now(), by
    lesson.save(update_fields=["featured_at", "featured_by"])
    remote = lesson.feed.remote_actor
    if lesson.feed.kind == Kind.ACTIVITYPUB and remote is not None:
        actor = _own_actor(network)
        inboxes = [remote.inbox, *publishing.follower_inboxes(actor)]
        delivery.send(
            actor, documents.announce(actor, lesson.remote_id, remote.uri, _stamp()), inboxes
        )
    publishing.changed(network)
    return lesson


def unfeature_remote(lesson, by):
    network = lesson.feed.network
    _require(by, network)
    if lesson.featured_at is None:
        return lesson
    RemoteLesson.objects.filter(pk=lesson.pk).update(featured_at=None, featured_by=None)
    lesson.featured_at = lesson.featured_by = None
    remote = lesson.feed.remote_actor
    if lesson.feed.kind == Kind.ACTIVITYPUB and remote is not None:
        actor = _own_actor(network)
        inner = {"type": "Announce", "actor": actors.actor_url(actor), "object": lesson.remote_id}
        delivery.send(
            actor,
            documents.undo(actor, inner, _stamp(), remote.uri),
            [remote.inbox, *publishing.follower_inboxes(actor)],
        )
    publishing.changed(network)
    return lesson


# --- A parent network on another site ------------------------------------------------------


def parent_changed(network):
    """Queue telling the named parent (and a former one) about this network."""
    transaction.on_commit(partial(_queue_step, "parent", network.pk))


def link_parent(network):
    """Send ``Add`` to the parent now named, ``Remove`` to the one named before."""
    if not actors.federated_networks().filter(pk=network.pk).exists():
        return "not federating"
    actor = _own_actor(network)
    named = (network.parent_elsewhere or "").strip()
    parent = None
    if named:
        try:
            parent = remote_actors.resolve(named)
        except remote_actors.KeyUnavailable as error:
            return f"parent not found: {error}"
    if parent is not None and parent.uri == actor.parent_uri:
        return "unchanged"
    if actor.parent_uri:
        former = remote_actors.RemoteActor.objects.filter(uri=actor.parent_uri).first()
        if former is not None and former.inbox:
            delivery.send(
                actor, documents.remove_from_parent(actor, former.uri, _stamp()), [former.inbox]
            )
    if parent is not None and parent.inbox:
        delivery.send(actor, documents.add_to_parent(actor, parent.uri, _stamp()), [parent.inbox])
    type(actor).objects.filter(pk=actor.pk).update(parent_uri=parent.uri if parent else "")
    return "linked" if parent else "unlinked"


# --- Steps run as tasks --------------------------------------------------------------------


def _queue_step(name, object_id):
    from ..tasks import federation_step  # which imports this module

    try:
        federation_step.enqueue(name, object_id)
    except Exception:
        logger.exception("Could not queue the federation step %s for %s", name, object_id)


def run_step(name, object_id):
    if not isinstance(object_id, int) or isinstance(object_id, bool):
        return "refused"
    if name == "backfill":
        feed = RemoteFeed.objects.select_related("remote_actor", "network").filter(pk=object_id)
        feed = feed.first()
        return {"stored": backfill(feed)} if feed is not None else "gone"
    if name == "parent":
        network = NetworkPage.objects.filter(pk=object_id).first()
        return link_parent(network) if network is not None else "gone"
    return "unknown"
