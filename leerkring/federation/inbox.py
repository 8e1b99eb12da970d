"""A network's inbox: the checks a POST from another server passes, in order, each with its
answer (docs/architecture.md, "Federation"). The cheap checks come first, and nothing is
fetched or stored before the request is known to be signed by the actor it names.

1. method other than POST: 405 (an unknown network is a 404 before that, in the view);
2. more than ``LEERKRING_FEDERATION_INBOX_POSTS_PER_MINUTE`` from one client address: 429
   (and from one server, counted once its signature holds, after step 6);
3. a Content-Type other than ActivityStreams JSON: 415;
4. a body over ``LEERKRING_FEDERATION_MAX_ACTIVITY_BYTES``: 413, by its Content-Length before
   reading, and never more than the limit and one byte read;
5. no readable signature (draft-cavage ``Signature``, or RFC 9421 ``Signature-Input`` and
   ``Signature``; ``federation.signatures``): 401; its key id on a blocked server
   (``LEERKRING_FEDERATION_BLOCKED_DOMAINS``): 403, before the key is fetched from there;
6. for cavage ``(request-target)``, ``host``, ``date`` or ``digest`` not signed, a Date
   outside the window or a Digest that is not the body's; for RFC 9421 ``@method``,
   ``@target-uri`` or ``content-digest`` not covered, ``created`` missing or outside the
   window, a Content-Digest that is not the body's; no key to be had, a wrong
   signature: 401;
7. not a JSON object, no string ``id``/``type``/``actor``, or an ``actor`` that is not the
   key's owner: 400;
8. an activity id (for this inbox) or a signature seen before: 202, and nothing is done
   again: delivery is at least once, so a sender retries after a lost answer, and a
   replayed request can make nothing happen twice;
9. what the activity asks is done (``federation.handlers``), or refused with its status
   and nothing changes; then 202 Accepted, the activity logged in ``ReceivedActivity`` in
   the same transaction.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q

from .. import ratelimits
from ..conf import leerkring_settings
from ..models import ReceivedActivity
from ..models.federation import TYPE_MAX_LENGTH, URI_MAX_LENGTH
from . import cavage, handlers, remote_actors, signatures
from .refusal import Refusal

ACTIVITY_JSON = "application/activity+json"
LD_JSON = "application/ld+json"
AS_PROFILE = "https://www.w3.org/ns/activitystreams"
RATE_WINDOW_SECONDS = 60


@dataclass
class Outcome:
    status: int
    message: str
    activity: ReceivedActivity | None = None


def _check_rate(request):
    key = f"ap-inbox:{ratelimits.client_address(request)}"
    limit = leerkring_settings.FEDERATION_INBOX_POSTS_PER_MINUTE
    if not ratelimits.allow(key, limit, RATE_WINDOW_SECONDS):
        raise Refusal(429, "Too many requests; try again later.", RATE_WINDOW_SECONDS)


def _check_server_rate(server):
    # Per server as well as per address: one server may post through many addresses.
    # Counted once the signature holds: counting the server a request merely names would
    # let anyone throttle that server.
    limit = leerkring_settings.FEDERATION_INBOX_POSTS_PER_MINUTE
    if not ratelimits.allow(f"ap-inbox-server:{server}", limit, RATE_WINDOW_SECONDS):
        raise Refusal(
            429, "Too many requests from your server; try again later.", RATE_WINDOW_SECONDS
        )


def _check_content_type(request):
    kind = (request.content_type or "").lower()
    profile = request.content_params.get("profile", "")
    if kind == ACTIVITY_JSON or (kind == LD_JSON and AS_PROFILE in profile):
        return
    raise Refusal(415, "Send application/activity+json.")


def _read_body(request):
    limit = leerkring_settings.FEDERATION_MAX_ACTIVITY_BYTES
    length = request.META.get("CONTENT_LENGTH") or ""
    if length.strip().isdigit() and int(length) > limit:
        raise Refusal(413, f"An activity may be at most {limit} bytes.")
    body = request.read(limit + 1)
    if len(body) > limit:
        raise Refusal(413, f"An activity may be at most {limit} bytes.")
    return body


def is_blocked(domain):
    """Whether ``domain`` (host[:port]) is on the block list, itself or below a blocked name."""
    host = domain.rsplit(":", 1)[0] if domain.count(":") == 1 else domain
    for blocked in leerkring_settings.FEDERATION_BLOCKED_DOMAINS:
        blocked = blocked.strip().lower().lstrip(".")
        if blocked and (domain == blocked or host == blocked or host.endswith("." + blocked)):
            return True
    return False


def _refusal(error):
    return Refusal(401, str(error)[:1].upper() + str(error)[1:] + ".")


def _verify(request, signature, body):
    try:
        signatures.check_framing(request, signature, body)
    except signatures.SignatureError as error:
        raise _refusal(error) from None
    actor = remote_actors.cached(signature.key_id)
    fetched = False
    if actor is None or remote_actors.is_stale(actor):
        actor, fetched = _fetch_key(signature.key_id, actor), True
    try:
        signatures.check(request, signature, body, actor.public_key_pem)
    except signatures.SignatureError as error:
        if fetched or not remote_actors.may_refetch(actor):
            raise _refusal(error) from None
        # The key may have been rotated since we kept it: read the actor once more.
        actor = _fetch_key(signature.key_id, actor)
        try:
            signatures.check(request, signature, body, actor.public_key_pem)
        except signatures.SignatureError as error:
            raise _refusal(error) from None
    return actor


def _fetch_key(key_id, cached):
    try:
        return remote_actors.fetch(key_id)
    except remote_actors.KeyUnavailable as error:
        if cached is not None:  # stale but known: better than nothing
            return cached
        raise Refusal(401, f"The signer's key cannot be had: {error}.") from None


def _id_of(value):
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _parse_activity(body, actor):
    try:
        activity = json.loads(body)
    except (ValueError, RecursionError):
        raise Refusal(400, "The body is not JSON.") from None
    if not isinstance(activity, dict):
        raise Refusal(400, "An activity is a JSON object.")
    activity_id, kind = activity.get("id"), activity.get("type")
    if not isinstance(activity_id, str) or not isinstance(kind, str) or not activity_id or not kind:
        raise Refusal(400, "An activity needs an id and a type.")
    if len(activity_id) > URI_MAX_LENGTH or len(kind) > TYPE_MAX_LENGTH:
        raise Refusal(400, "The activity's id or type is too long.")
    if remote_actors.domain_of(activity_id) != actor.domain:
        raise Refusal(400, "The activity's id is not on its actor's server.")
    if _id_of(activity.get("actor")) != actor.uri:
        raise Refusal(400, "The activity's actor is not the one who signed it.")
    return activity


def _log(inbox, activity, actor, signature, body):
    signature_digest = hashlib.sha256(signature.signature).hexdigest()
    seen = ReceivedActivity.objects.filter(
        Q(signature_digest=signature_digest) | Q(inbox=inbox, activity_id=activity["id"])
    )
    if seen.exists():
        return Outcome(202, "Already received.")
    try:
        with transaction.atomic():
            handlers.act(inbox, activity, actor)
            received = ReceivedActivity.objects.create(
                inbox=inbox,
                activity_id=activity["id"],
                activity_type=activity["type"],
                actor_uri=actor.uri,
                object_id=_id_of(activity.get("object"))[:URI_MAX_LENGTH],
                body_digest=cavage.digest(body),
                signature_digest=signature_digest,
            )
    except IntegrityError:  # the same delivery, twice at once
        return Outcome(202, "Already received.")
    return Outcome(202, "Accepted.", received)


def receive(request, inbox):
    """Check one POST to ``inbox`` (a ``NetworkActor``) and log it; an ``Outcome``."""
    try:
        _check_rate(request)
        _check_content_type(request)
        body = _read_body(request)
        try:
            signature = signatures.parse(request)
        except signatures.SignatureError as error:
            raise _refusal(error) from None
        server = remote_actors.domain_of(signature.key_id)
        if is_blocked(server):
            raise Refusal(403, "This server does not take activities from yours.")
        actor = _verify(request, signature, body)
        _check_server_rate(actor.domain)
        activity = _parse_activity(body, actor)
        return _log(inbox, activity, actor, signature, body)
    except Refusal as refusal:
        return refusal
