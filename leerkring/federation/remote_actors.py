"""Remote actors' keys: the ``RemoteActor`` cache, and fetching an actor when needed.

A fetch goes through ``leerkring.safe_http``, the harvester's address rules: a key id is
named by whoever sends us a request, so it must not become a way into the server's own
network. Only https is fetched, except from an IP address in
``LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS`` (two sites on one machine, in tests), and the
whole fetch has the deadline ``LEERKRING_FEDERATION_KEY_FETCH_SECONDS``.

What is taken from the document is checked: the key's ``owner`` is the actor, the key's
id is the one asked for, and the actor, its key and the address fetched share one host.
"""

import ipaddress
import json
import re
import urllib.error
import urllib.request
from datetime import timedelta
from http.client import HTTPException
from urllib.parse import urlencode, urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import safe_http
from ..conf import leerkring_settings
from ..models import RemoteActor
from ..models.federation import URI_MAX_LENGTH

ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
MAX_ACTOR_BYTES = 256 * 1024
# A failed signature refetches a cached key at most this often (the key may have rotated).
REFETCH_AFTER = timedelta(minutes=5)
USER_AGENT = "Leerkring/1.0"


class KeyUnavailable(Exception):
    """The signer's key could not be had; the message is for the log and the answer."""


def domain_of(url):
    """``host[:port]`` in lower case, as blocks and caches key on it; "" for no host."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return ""
    return f"{host}:{port}" if port and host else host


def without_fragment(url):
    return url.split("#", 1)[0]


def _allowed_ip_literal(host):
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    allowed = leerkring_settings.HARVEST_ALLOWED_PRIVATE_NETWORKS
    return any(ip in ipaddress.ip_network(network, strict=False) for network in allowed)


def fetchable(url):
    """Whether an actor or key address may be fetched at all (before any name lookup)."""
    if len(url) > URI_MAX_LENGTH or not safe_http.is_allowed_url(url):
        return False
    parts = urlsplit(url)
    return parts.scheme == "https" or _allowed_ip_literal(parts.hostname or "")


def cached(key_id):
    return RemoteActor.objects.filter(key_id=key_id).first()


def _get_json(url):
    """The JSON object at ``url``, and the address it came from after any redirects."""

    def work(deadline):
        request = urllib.request.Request(  # noqa: S310 - the scheme was checked
            url, headers={"Accept": ACCEPT, "User-Agent": USER_AGENT}
        )
        with safe_http.opener(deadline).open(request, timeout=5) as response:
            body = response.read(MAX_ACTOR_BYTES + 1)
            if len(body) > MAX_ACTOR_BYTES:
                raise safe_http.FetchError("the actor document is too large")
            return body, response.geturl()

    try:
        body, final_url = safe_http.run_within(
            float(leerkring_settings.FEDERATION_KEY_FETCH_SECONDS), work, name="leerkring-key"
        )
    except safe_http.FetchError as error:
        raise KeyUnavailable(str(error)) from None
    except urllib.error.HTTPError as error:
        raise KeyUnavailable(f"HTTP {error.code}") from None
    except (OSError, HTTPException, ValueError) as error:
        raise KeyUnavailable(f"could not fetch: {str(error)[:200]}") from None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise KeyUnavailable("the actor document is not JSON") from None
    if not isinstance(document, dict):
        raise KeyUnavailable("the actor document is not an object")
    # A redirect may lead elsewhere: what counts is where the document came from, which
    # must be as fetchable as the address asked for (https, say).
    if not fetchable(final_url):
        raise KeyUnavailable("the actor document came from a refused address")
    return document, final_url


def _text(document, name):
    value = document.get(name)
    return value if isinstance(value, str) else ""


def _actor_fields(document, key_id, fetched_from):
    uri = _text(document, "id")
    key = document.get("publicKey")
    if isinstance(key, list):  # some servers list several keys
        key = next((k for k in key if isinstance(k, dict) and k.get("id") == key_id), None)
    if not isinstance(key, dict):
        raise KeyUnavailable("the actor has no public key")
    if _text(key, "id") != key_id or _text(key, "owner") != uri:
        raise KeyUnavailable("the key is not the one asked for, or not the actor's")
    host = domain_of(fetched_from)
    if not uri or domain_of(uri) != host or domain_of(key_id) != host:
        raise KeyUnavailable("the actor, its key and its server do not agree")
    if len(uri) > URI_MAX_LENGTH or not fetchable(uri):
        raise KeyUnavailable("the actor's address is refused")
    inbox = _text(document, "inbox")
    page = _text(document, "url")
    return {
        "uri": uri,
        "domain": host,
        "public_key_pem": _text(key, "publicKeyPem"),
        "inbox": inbox if len(inbox) <= URI_MAX_LENGTH and fetchable(inbox) else "",
        "preferred_username": _text(document, "preferredUsername")[:255],
        "name": (_text(document, "name") or _text(document, "preferredUsername"))[:255],
        "url": page if len(page) <= URI_MAX_LENGTH and safe_http.is_allowed_url(page) else "",
        "fetched_at": timezone.now(),
    }


def fetch(key_id):
    """Fetch the actor ``key_id`` belongs to and keep it in the cache; the row."""
    url = without_fragment(key_id)
    if not fetchable(key_id):
        raise KeyUnavailable("the key address is refused")
    document, url = _get_json(url)
    if isinstance(document.get("owner"), str) and "publicKey" not in document:
        # A key document of its own (some servers): its owner holds the actor.
        owner = document["owner"]
        if domain_of(owner) != domain_of(url) or not fetchable(owner):
            raise KeyUnavailable("the key's owner is on another server")
        document, url = _get_json(owner)
    return _keep(_actor_fields(document, key_id, url), key_id)


def _keep(fields, key_id):
    if not fields["public_key_pem"]:
        raise KeyUnavailable("the actor has no public key")
    try:
        with transaction.atomic():
            actor, _made = RemoteActor.objects.update_or_create(
                uri=fields.pop("uri"), defaults={"key_id": key_id, **fields}
            )
    except IntegrityError:  # the key id moved to another actor, or a race: read again
        actor = cached(key_id)
        if actor is None:
            raise KeyUnavailable("the key is claimed by two actors") from None
    return actor


def may_refetch(actor):
    """Whether a failed signature should read the actor again (its key may be new)."""
    return actor.fetched_at < timezone.now() - REFETCH_AFTER


def is_stale(actor):
    hours = leerkring_settings.FEDERATION_ACTOR_TTL_HOURS
    return actor.fetched_at < timezone.now() - timedelta(hours=hours)


def fetch_actor(uri):
    """Fetch the actor at ``uri`` (not a key id) and keep it; the row."""
    if not fetchable(uri):
        raise KeyUnavailable("the actor's address is refused")
    document, url = _get_json(without_fragment(uri))
    key = document.get("publicKey")
    if isinstance(key, list):
        key = next((k for k in key if isinstance(k, dict)), None)
    key_id = _text(key, "id") if isinstance(key, dict) else ""
    if not key_id or len(key_id) > URI_MAX_LENGTH:
        raise KeyUnavailable("the actor has no public key")
    return _keep(_actor_fields(document, key_id, url), key_id)


def known_or_fetched(uri):
    """The actor at ``uri`` from the cache while fresh, else fetched."""
    actor = RemoteActor.objects.filter(uri=uri).first()
    if actor is not None and not is_stale(actor):
        return actor
    try:
        return fetch_actor(uri)
    except KeyUnavailable:
        if actor is not None:
            return actor
        raise


HANDLE_RE = re.compile(r"^@?([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})@([A-Za-z0-9.-]+(?::[0-9]{1,5})?)$")


def _webfinger(username, host):
    """The actor address WebFinger gives for ``username@host``."""
    base = f"https://{host}"
    if _allowed_ip_literal(host.rsplit(":", 1)[0] if host.count(":") == 1 else host):
        base = f"http://{host}"  # two sites on one machine, in tests
    query = urlencode({"resource": f"acct:{username}@{host}"})
    url = f"{base}/.well-known/webfinger?{query}"
    if not fetchable(url):
        raise KeyUnavailable("the handle's server is refused")
    document, _url = _get_json(url)
    links = document.get("links")
    for link in links if isinstance(links, list) else []:
        if (
            isinstance(link, dict)
            and link.get("rel") == "self"
            and isinstance(link.get("href"), str)
            and "activity+json" in str(link.get("type", ""))
        ):
            return link["href"]
    raise KeyUnavailable("the handle has no ActivityPub actor")


def resolve(handle_or_address):
    """The remote actor a coordinator named by ``@name@host`` or by its address; raises
    ``KeyUnavailable`` with a reason when there is none to be had."""
    value = (handle_or_address or "").strip()
    match = HANDLE_RE.match(value)
    uri = _webfinger(match[1], match[2].lower()) if match else value
    if domain_of(uri) == "":
        raise KeyUnavailable("this is neither a handle nor an address")
    return fetch_actor(uri)


def get_document(url):
    """The JSON object at ``url`` (an outbox, say), by the same rules as an actor."""
    if not fetchable(url):
        raise KeyUnavailable("the address is refused")
    document, _url = _get_json(url)
    return document


def actor_document(uri):
    return get_document(without_fragment(uri))
