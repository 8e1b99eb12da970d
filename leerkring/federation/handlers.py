"""What a network does with an activity its inbox has checked (``federation.inbox``).

Each handler either changes what the activity is about or refuses it with the status that
says why, and then nothing changes: 403 for lessons from a network this one does not
follow, 422 for an activity about something that is not ours to act on (a Follow of
another network, an Announce of a lesson that is not a public key lesson here: a closed
circle's or a draft's address is the same unknown as a made-up one), 400 for an object that
is not what its type promises. Types we have no use for (Like, Question…) are logged and
otherwise left alone.
"""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from ..models import LessonUptake, NetworkFollower, RemoteFeed
from . import actors, delivery, documents, following, publishing, remote_actors
from .refusal import Refusal

Kind = RemoteFeed.Kind
FollowState = RemoteFeed.FollowState


def _id(value):
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _type(value):
    return value.get("type") if isinstance(value, dict) else None


def _feed(inbox, remote, *states):
    feeds = RemoteFeed.objects.filter(
        network=inbox.network, kind=Kind.ACTIVITYPUB, remote_actor=remote
    ).select_related("network", "remote_actor")
    if states:
        feeds = feeds.filter(follow_state__in=states)
    return feeds.first()


def on_follow(inbox, activity, remote):
    if _id(activity.get("object")) != actors.actor_url(inbox):
        raise Refusal(422, "The Follow is not for this network.")
    if not remote.inbox:
        raise Refusal(422, "The follower has no inbox to answer.")
    NetworkFollower.objects.update_or_create(
        actor=inbox, remote=remote, defaults={"follow_activity_id": activity["id"]}
    )
    own = actors.with_key(inbox)
    delivery.send(own, documents.accept(own, activity, publishing.stamp()), [remote.inbox])


def _answer_to_follow(inbox, activity, remote, state):
    follow_id = _id(activity.get("object"))
    feed = _feed(inbox, remote)
    if feed is None or not follow_id or feed.follow_activity_id != follow_id:
        raise Refusal(422, "There is no Follow of ours by that id.")
    if state == FollowState.ACCEPTED:
        following.accepted(feed)
    else:
        RemoteFeed.objects.filter(pk=feed.pk).update(follow_state=state)


def on_accept(inbox, activity, remote):
    _answer_to_follow(inbox, activity, remote, FollowState.ACCEPTED)


def on_reject(inbox, activity, remote):
    _answer_to_follow(inbox, activity, remote, FollowState.REJECTED)


def _following_feed(inbox, remote):
    feed = _feed(inbox, remote, FollowState.ACCEPTED)
    if feed is None:
        raise Refusal(403, "This network does not follow yours.")
    return feed


def on_create(inbox, activity, remote):
    feed = _following_feed(inbox, remote)
    article = activity.get("object")
    if not isinstance(article, dict):
        raise Refusal(400, "Send the Article itself, not its address.")
    try:
        following.store(feed, article, remote)
    except following.NotALesson as error:
        raise Refusal(400, str(error)[:1].upper() + str(error)[1:] + ".") from None


on_update = on_create


def on_delete(inbox, activity, remote):
    object_id = _id(activity.get("object"))
    if object_id == remote.uri:  # the network itself is gone: so are its lessons here
        feed = _feed(inbox, remote)
        if feed is not None:
            for remote_id in feed.lessons.values_list("remote_id", flat=True):
                following.withdraw(feed, remote_id)
        return
    feed = _following_feed(inbox, remote)
    if remote_actors.domain_of(object_id) != remote.domain:
        raise Refusal(400, "The deleted object is not of its sender's server.")
    following.withdraw(feed, object_id)


def our_lesson(inbox, object_id):
    """The live, public key lesson of ``inbox``'s network that ``object_id`` names, or None."""
    parts = urlsplit(object_id or "")
    if parts.netloc.lower() != urlsplit(actors.actor_url(inbox)).netloc.lower():
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name != "ap_article" or match.kwargs.get("username") != inbox.username:
        return None
    if not actors.federated_networks().filter(pk=inbox.network_id).exists():
        return None
    return (
        publishing.key_lessons(inbox.network)
        .filter(nomination_pk=match.kwargs["nomination_id"])
        .first()
    )


def on_announce(inbox, activity, remote):
    lesson = our_lesson(inbox, _id(activity.get("object")))
    if lesson is None:
        raise Refusal(422, "There is no public key lesson here by that address.")
    LessonUptake.objects.update_or_create(
        lesson=lesson,
        remote=remote,
        defaults={
            "announce_id": activity["id"],
            "network_name": (remote.name or remote.preferred_username or remote.domain)[:255],
            "network_url": remote.url or remote.uri,
        },
    )


def on_undo(inbox, activity, remote):
    inner = activity.get("object")
    kind = _type(inner)
    if kind == "Follow" or (
        kind is None
        and NetworkFollower.objects.filter(
            actor=inbox, remote=remote, follow_activity_id=_id(inner)
        ).exists()
    ):
        NetworkFollower.objects.filter(actor=inbox, remote=remote).delete()
    elif kind == "Announce":
        lesson = our_lesson(inbox, _id(inner.get("object")))
        if lesson is not None:
            LessonUptake.objects.filter(lesson=lesson, remote=remote).delete()
    else:
        raise Refusal(422, "Only a Follow or an Announce can be undone here.")


def on_add(inbox, activity, remote):
    """A network on another site names this one as its parent: follow it as a sub-network."""
    if _id(activity.get("object")) != remote.uri:
        raise Refusal(422, "A network can only add itself.")
    if _id(activity.get("target")) != actors.actor_url(inbox):
        raise Refusal(422, "The Add is not for this network.")
    if not remote.inbox:
        raise Refusal(422, "The sub-network has no inbox.")
    feed = _feed(inbox, remote)
    if feed is not None:
        RemoteFeed.objects.filter(pk=feed.pk).update(is_sub_network=True)
        return
    feed = RemoteFeed.objects.create(
        network=inbox.network,
        url=remote.uri,
        name=(remote.name or remote.preferred_username or remote.domain)[:200],
        kind=Kind.ACTIVITYPUB,
        remote_actor=remote,
        is_sub_network=True,
    )
    following.follow(feed)


def on_remove(inbox, activity, remote):
    if _id(activity.get("object")) != remote.uri:
        raise Refusal(422, "A network can only remove itself.")
    feed = _feed(inbox, remote)
    if feed is None or not feed.is_sub_network:
        return
    following.unfollow(feed)
    feed.delete()


HANDLERS = {
    "Follow": on_follow,
    "Accept": on_accept,
    "Reject": on_reject,
    "Create": on_create,
    "Update": on_update,
    "Delete": on_delete,
    "Announce": on_announce,
    "Undo": on_undo,
    "Add": on_add,
    "Remove": on_remove,
}


def act(inbox, activity, remote):
    """Do what ``activity`` asks of ``inbox`` (a ``NetworkActor``); raises ``Refusal``."""
    handler = HANDLERS.get(activity["type"])
    if handler is not None:
        handler(inbox, activity, remote)
