"""The ActivityPub documents of a network: its actor, its key lessons as ``Article``s in
``Create`` activities, its outbox and followers collections, and its WebFinger entry.

Only ActivityStreams terms (and Mastodon's own few, defined inline as Mastodon does):
the circle and network a lesson came from are the Article's ``context``, its themes are
``Hashtag`` tags (with the theme as written in ``nameMap``), its three sections are headed
parts of ``content``. A lesson carries exactly what its feed entry carries
(``leerkring.feeds._entries``): never its source conversations nor anything else of a
circle, which may be closed.

Every document is built in the site's language, whoever asked.
"""

import re
from datetime import UTC

import nh3
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from ..public import page_url
from . import actors

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
SECURITY_CONTEXT = "https://w3id.org/security/v1"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
# The bundled ActivityStreams context lacks these; Mastodon defines them inline, the same.
CONTEXT = [
    AS_CONTEXT,
    SECURITY_CONTEXT,
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "Hashtag": "as:Hashtag",
        "toot": "http://joinmastodon.org/ns#",
        "discoverable": "toot:discoverable",
    },
]
ACTOR_TYPE = "Group"
# The outbox lists its items itself up to this many, and in pages of this many beyond.
PAGE_SIZE = 20

SAFE_TAGS = {
    "p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
}  # fmt: skip
SAFE_ATTRIBUTES = {"a": {"href"}}
SAFE_URL_SCHEMES = {"http", "https", "mailto"}


def safe_html(html):
    """Editors' rich text reduced to what every fediverse server shows as it is."""
    return nh3.clean(
        html or "",
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def timestamp(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def hashtag(name):
    """A theme as a hashtag: words joined, each capitalised ("Energie en klimaat" →
    "#EnergieEnKlimaat"), since a hashtag holds no spaces or punctuation."""
    words = [word for word in re.split(r"\W+", name) if word]
    if not words:
        return None
    return "#" + words[0] + "".join(word[:1].upper() + word[1:] for word in words[1:])


def _parent_url(url):
    # A Wagtail page's address is its parent's plus its slug: the circle's and network's
    # addresses follow from the lesson's without reading those pages again.
    return url.rstrip("/").rsplit("/", 1)[0] + "/"


def with_context(document):
    return {"@context": CONTEXT, **document}


def actor(actor, network):
    """The network as a ``Group`` actor; ``actor`` must have its key (``actors.with_key``)."""
    actor_id = actors.actor_url(actor)
    document = {
        "id": actor_id,
        "type": ACTOR_TYPE,
        "preferredUsername": actor.username,
        "name": network.title,
        "summary": safe_html(expand_db_html(network.intro)),
        "url": page_url(network),
        "inbox": actors.inbox_url(actor),
        "outbox": actors.outbox_url(actor),
        "followers": actors.followers_url(actor),
        # Follows are accepted at once: a network federates only what anyone may read.
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "publicKey": {
            "id": actors.key_id(actor),
            "owner": actor_id,
            "publicKeyPem": actor.public_key_pem,
        },
    }
    if network.first_published_at:
        document["published"] = timestamp(network.first_published_at)
    return with_context(document)


def _content(sections):
    headings = [_("The application"), _("In practice"), _("The next step")]
    parts = []
    for heading, html in zip(headings, sections, strict=False):
        cleaned = safe_html(html)
        if nh3.clean(cleaned, tags=set()).strip():
            parts.append(f"<h3>{nh3.clean(heading, tags=set())}</h3>\n{cleaned}")
    return "\n".join(parts)


def article(actor, entry):
    """One key lesson (an entry of ``feeds._entries`` with its nomination's id)."""
    circle_url = _parent_url(entry["url"])
    document = {
        "id": actors.article_url(actor, entry["lesson"].nomination_pk),
        "type": "Article",
        "attributedTo": actors.actor_url(actor),
        "name": entry["title"],
        "summary": entry["summary"],
        "content": _content(entry["sections"]),
        "url": entry["url"],
        "context": {
            "type": "Group",
            "name": entry["circle"],
            "url": circle_url,
            "context": {"type": "Group", "name": entry["network"], "url": _parent_url(circle_url)},
        },
        "to": [PUBLIC],
        "cc": [actors.followers_url(actor)],
    }
    if entry["published"]:
        document["published"] = timestamp(entry["published"])
    if entry["modified"]:
        document["updated"] = timestamp(entry["modified"])
    # A hashtag cannot hold a space, so the theme as written goes along in ``nameMap``:
    # fediverse servers show the hashtag, another Leerkring shows the theme.
    language = translation.get_language() or settings.LANGUAGE_CODE
    tags = [
        {"type": "Hashtag", "name": tag, "nameMap": {language: theme}}
        for theme, tag in zip(entry["tags"], map(hashtag, entry["tags"]), strict=True)
        if tag is not None
    ]
    if tags:
        document["tag"] = tags
    return document


def create(actor, entry):
    """The ``Create`` that publishes a key lesson; its id is the Article's, with a fragment."""
    document = article(actor, entry)
    activity = {
        "id": document["id"] + "#create",
        "type": "Create",
        "actor": document["attributedTo"],
        "object": document,
        "to": document["to"],
        "cc": document["cc"],
    }
    featured_at = getattr(entry["lesson"], "feed_updated", None) or entry["modified"]
    if featured_at:
        activity["published"] = timestamp(featured_at)
    return activity


def activity(kind, article, stamp):
    """A ``Create`` or ``Update`` of ``article``, as pushed to followers; ``stamp`` makes its
    id new each time, since receivers drop an id they have seen."""
    return {
        "@context": CONTEXT,
        "id": f"{article['id']}#{kind.lower()}-{stamp}",
        "type": kind,
        "actor": article["attributedTo"],
        "object": article,
        "to": article["to"],
        "cc": article["cc"],
    }


def tombstone(article_id, deleted_at=None):
    document = {"id": article_id, "type": "Tombstone", "formerType": "Article"}
    if deleted_at:
        document["deleted"] = timestamp(deleted_at)
    return document


def delete(actor, article_id, stamp):
    return {
        "@context": CONTEXT,
        "id": f"{article_id}#delete-{stamp}",
        "type": "Delete",
        "actor": actors.actor_url(actor),
        "object": tombstone(article_id),
        "to": [PUBLIC],
        "cc": [actors.followers_url(actor)],
    }


def _from(actor, kind, stamp, **fields):
    actor_id = actors.actor_url(actor)
    return {
        "@context": CONTEXT,
        "id": f"{actor_id}#{kind.lower()}-{stamp}",
        "type": kind,
        "actor": actor_id,
        **fields,
    }


def follow(actor, remote_uri, stamp):
    return _from(actor, "Follow", stamp, object=remote_uri, to=[remote_uri])


def accept(actor, follow_activity, stamp):
    """Our yes to a ``Follow``; the Follow is embedded as received, as Mastodon expects."""
    follow_copy = {key: value for key, value in follow_activity.items() if key != "@context"}
    return _from(actor, "Accept", stamp, object=follow_copy, to=[follow_copy["actor"]])


def undo(actor, inner, stamp, to):
    inner_copy = {key: value for key, value in inner.items() if key != "@context"}
    return _from(actor, "Undo", stamp, object=inner_copy, to=[to])


def announce(actor, object_id, origin_uri, stamp):
    """That this network features ``object_id`` (another site's lesson)."""
    return _from(
        actor,
        "Announce",
        stamp,
        object=object_id,
        to=[origin_uri, PUBLIC],
        cc=[actors.followers_url(actor)],
    )


def add_to_parent(actor, parent_uri, stamp):
    """That this network belongs to ``parent_uri`` (a network on another site): an ``Add``
    of itself to the parent, whose site then follows it as a sub-network."""
    actor_id = actors.actor_url(actor)
    return _from(actor, "Add", stamp, object=actor_id, target=parent_uri, to=[parent_uri])


def remove_from_parent(actor, parent_uri, stamp):
    actor_id = actors.actor_url(actor)
    return _from(actor, "Remove", stamp, object=actor_id, target=parent_uri, to=[parent_uri])


def outbox(actor, entries, outbox_url):
    """The outbox: its items inline when they fit one page, otherwise links to the pages."""
    document = {"id": outbox_url, "type": "OrderedCollection", "totalItems": len(entries)}
    if len(entries) <= PAGE_SIZE:
        document["orderedItems"] = [create(actor, entry) for entry in entries]
    else:
        document["first"] = f"{outbox_url}?page=1"
        document["last"] = f"{outbox_url}?page={page_count(entries)}"
    return with_context(document)


def page_count(entries):
    return max(1, -(-len(entries) // PAGE_SIZE))


def outbox_page(actor, entries, outbox_url, number):
    """Page ``number`` (from 1) of the outbox; the caller checks that it exists."""
    start = (number - 1) * PAGE_SIZE
    document = {
        "id": f"{outbox_url}?page={number}",
        "type": "OrderedCollectionPage",
        "partOf": outbox_url,
        "startIndex": start,
        "orderedItems": [create(actor, entry) for entry in entries[start : start + PAGE_SIZE]],
    }
    if number > 1:
        document["prev"] = f"{outbox_url}?page={number - 1}"
    if number < page_count(entries):
        document["next"] = f"{outbox_url}?page={number + 1}"
    return with_context(document)


def followers(actor, count=0):
    """How many follow the network, never who: remote accounts are not ours to publish."""
    return with_context(
        {"id": actors.followers_url(actor), "type": "OrderedCollection", "totalItems": count}
    )


def webfinger(actor, network, subject):
    """The JRD that leads from ``acct:name@host`` to the actor and the network's page."""
    actor_id = actors.actor_url(actor)
    profile = page_url(network)
    return {
        "subject": subject,
        "aliases": [actor_id, profile] if profile else [actor_id],
        "links": [
            {"rel": "self", "type": "application/activity+json", "href": actor_id},
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": profile},
        ],
    }
