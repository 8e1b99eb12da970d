"""Which networks federate, and the ``NetworkActor`` of each.

A network federates while its page is live and nobody's view restriction lies on it or
above it: exactly the networks anyone may read. Everything else (a draft, a network
behind a login or a password) has no actor, no WebFinger entry and no collections: 404.

Actor rows are made on first need, by any of the federation routes; the key only when
the actor document itself is first served (``with_key``).
"""

import re

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ..models import NetworkActor, NetworkPage
from ..public import absolute_url
from . import keys

# What Mastodon accepts as a remote username: ASCII letters, digits and "_", with "." and
# "-" only inside. Stored in lower case; looked up without regard to case.
USERNAME_RE = re.compile(r"^[a-z0-9_](?:[a-z0-9_.-]{0,62}[a-z0-9_])?$")
USERNAME_MAX_LENGTH = 64
FALLBACK_USERNAME = "netwerk"


def federated_networks():
    return NetworkPage.objects.live().public()


def username_from_slug(slug):
    """The slug in the characters a username may hold ("coöperatie" → "cooperatie")."""
    name = re.sub(r"[^a-z0-9_.-]+", "-", slugify(slug or "").lower()).strip("-.")
    # Room left for a "-2" when two networks in different places share a slug.
    return name[: USERNAME_MAX_LENGTH - 4].strip("-.") or FALLBACK_USERNAME


def _free_username(base):
    taken = set(
        NetworkActor.objects.filter(username__startswith=base).values_list("username", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def actor_for(network):
    """The network's actor, made now (without a key) if it has none yet.

    Two requests racing to make it end with one row: the loser reads the winner's.
    """
    actor = NetworkActor.objects.filter(network=network).defer("private_key_pem").first()
    if actor is not None:
        actor.network = network
        return actor
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return NetworkActor.objects.create(
                    network=network, username=_free_username(username_from_slug(network.slug))
                )
        except IntegrityError:
            actor = NetworkActor.objects.filter(network=network).first()
            if actor is not None:
                return actor
            # Another network took the same username at the same moment: pick again.
    raise IntegrityError(f"no free username for network {network.pk}")


def ensure_actors():
    """Give every federating network that has none an actor row (no keys); how many were
    made. Usually none, in one query: it runs when a username is not found, so that a
    network is found by its name before anything else has asked for its actor."""
    made = 0
    for network in federated_networks().filter(actor__isnull=True).only("pk", "slug"):
        actor_for(network)
        made += 1
    return made


def find(username):
    """The actor of a federating network by username (any case), or None."""
    if not isinstance(username, str) or len(username) > USERNAME_MAX_LENGTH:
        return None
    username = username.lower()
    if not USERNAME_RE.match(username):
        return None
    actor = _live_actor(username)
    if actor is None and ensure_actors():
        actor = _live_actor(username)
    return actor


def _live_actor(username):
    return (
        NetworkActor.objects.filter(username=username, network__in=federated_networks())
        .select_related("network")
        .defer("private_key_pem")  # read only to sign
        .first()
    )


def with_key(actor):
    """The actor with its key pair, made now if it has none (a racing request's key wins)."""
    if actor.public_key_pem:
        return actor
    private_pem, public_pem = keys.generate()
    updated = NetworkActor.objects.filter(pk=actor.pk, public_key_pem="").update(
        private_key_pem=private_pem, public_key_pem=public_pem, key_created_at=timezone.now()
    )
    if not updated:
        actor.refresh_from_db(fields=["private_key_pem", "public_key_pem", "key_created_at"])
    else:
        actor.private_key_pem, actor.public_key_pem = private_pem, public_pem
    return actor


# The addresses of an actor and its collections. They are made from the username, never
# from the page's address, so that a renamed or moved network keeps its identity.


def actor_url(actor):
    return absolute_url(reverse("leerkring:ap_actor", args=[actor.username]))


def inbox_url(actor):
    return absolute_url(reverse("leerkring:ap_inbox", args=[actor.username]))


def outbox_url(actor):
    return absolute_url(reverse("leerkring:ap_outbox", args=[actor.username]))


def followers_url(actor):
    return absolute_url(reverse("leerkring:ap_followers", args=[actor.username]))


def article_url(actor, nomination_id):
    return absolute_url(reverse("leerkring:ap_article", args=[actor.username, nomination_id]))


def key_id(actor):
    return actor_url(actor) + "#main-key"
