"""WebFinger and the actor's routes (docs/architecture.md, "Federation").

The actor and its collections live at ``/ap/netwerk/<username>/…``, outside the page tree:
their addresses must never change, and a network page's address changes with its slug or
place; and the inbox takes POSTs from other servers, which carry no CSRF token, while
Wagtail's page view is CSRF-protected. The network page itself answers with the same
actor document when asked for ActivityStreams (``NetworkPage.serve``).

Nothing here sends a request anywhere itself (what the inbox takes may queue
answers). Every answer but the inbox's is public and the same for everyone, so it may be
cached briefly; a network that does not federate is a 404 everywhere.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from ..conf import leerkring_settings
from ..feeds import _entries
from ..models import PublishedArticle
from ..params import positive_int
from ..public import base_url, page_url
from . import actors, documents, inbox, publishing

ACTIVITY_JSON = "application/activity+json"
# Django 5.2 matches a bare "application/ld+json" in Accept to this candidate, but not
# Mastodon's "application/ld+json; profile=…" to a bare candidate: the profile must be here.
AS_LD_JSON = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
CONTENT_TYPE = "application/activity+json; charset=utf-8"
JRD_CONTENT_TYPE = "application/jrd+json; charset=utf-8"
MAX_RESOURCE_LENGTH = 512


def wants_activity_json(request):
    """Whether the request prefers ActivityStreams to HTML; ``*/*`` and browsers get HTML."""
    preferred = request.get_preferred_type(["text/html", ACTIVITY_JSON, AS_LD_JSON])
    return preferred in (ACTIVITY_JSON, AS_LD_JSON)


def _cached(response):
    patch_cache_control(response, public=True, max_age=leerkring_settings.FEDERATION_CACHE_SECONDS)
    return response


def _json(document, *, status=200, content_type=CONTENT_TYPE):
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False), content_type=content_type, status=status
    )
    patch_vary_headers(response, ["Accept"])
    return response


def _actor_or_404(username):
    actor = actors.find(username)
    if actor is None:
        raise Http404
    return actor


def _in_site_language(build, *args):
    with translation.override(settings.LANGUAGE_CODE):
        return build(*args)


def actor_response(actor):
    actor = actors.with_key(actor)
    return _cached(_json(_in_site_language(documents.actor, actor, actor.network)))


def page_actor_response(request, network):
    """The actor document for a request to the network page that asks for it; None when
    the page should answer as usual (HTML, or a network that does not federate)."""
    if not wants_activity_json(request):
        return None
    if not actors.federated_networks().filter(pk=network.pk).exists():
        return None
    try:
        reverse("leerkring:ap_actor", args=["x"])
    except NoReverseMatch:  # a host that has not mounted leerkring.urls (check E005)
        return None
    return actor_response(actors.actor_for(network))


@require_safe
def actor_view(request, username):
    actor = _actor_or_404(username)
    if wants_activity_json(request):
        return actor_response(actor)
    # A person following the actor's address lands on the network's page.
    page = page_url(actor.network)
    if not page:  # a network outside every Wagtail site has no page to show
        raise Http404
    response = HttpResponseRedirect(page)
    patch_vary_headers(response, ["Accept"])
    return response


@csrf_exempt
def inbox_view(request, username):
    """Activities from other servers, checked in order (``federation.inbox``) and acted on
    (``federation.handlers``)."""
    actor = _actor_or_404(username)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    outcome = inbox.receive(request, actor)
    response = _json({"status": outcome.status, "message": outcome.message}, status=outcome.status)
    if getattr(outcome, "retry_after", 0):
        response["Retry-After"] = str(outcome.retry_after)
    return response


@require_safe
def outbox_view(request, username):
    actor = _actor_or_404(username)
    entries = _entries(publishing.key_lessons(actor.network))
    url = actors.outbox_url(actor)
    raw_page = request.GET.get("page")
    if raw_page is None:
        return _cached(_json(_in_site_language(documents.outbox, actor, entries, url)))
    number = positive_int(raw_page, maximum=documents.page_count(entries))
    if number is None:
        raise Http404
    return _cached(_json(_in_site_language(documents.outbox_page, actor, entries, url, number)))


@require_safe
def followers_view(request, username):
    actor = _actor_or_404(username)
    return _cached(_json(documents.followers(actor, actor.followers.count())))


@require_safe
def article_view(request, username, nomination_id):
    actor = _actor_or_404(username)
    entries = _entries(publishing.key_lessons(actor.network).filter(nomination_pk=nomination_id))
    if not entries:
        withdrawn = PublishedArticle.objects.filter(
            actor=actor, nomination_id=nomination_id, withdrawn_at__isnull=False
        ).first()
        if withdrawn is None:
            raise Http404
        # A lesson its followers were told of and that is no longer featured: "gone".
        tombstone = documents.tombstone(request.build_absolute_uri(), withdrawn.withdrawn_at)
        tombstone["id"] = actors.article_url(actor, nomination_id)
        return _cached(_json(documents.with_context(tombstone), status=410))
    document = _in_site_language(documents.article, actor, entries[0])
    return _cached(_json(documents.with_context(document)))


def public_host():
    """``host[:port]`` of the public address, as it appears in ``acct:name@host``."""
    return urlsplit(base_url()).netloc.lower()


def _webfinger_response(response):
    # WebFinger asks for it (RFC 7033, 5): browser-based clients look accounts up too.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _refused(status, message):
    return _webfinger_response(HttpResponse(message, status=status, content_type="text/plain"))


def _username_of_url(url):
    """The username an actor or network page address stands for, or None."""
    parts = urlsplit(url)
    if parts.netloc.lower() != public_host():
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        match = None
    if match is not None and match.url_name == "ap_actor":
        return match.kwargs.get("username")
    actors.ensure_actors()
    wanted = url.split("#", 1)[0].split("?", 1)[0]
    for network in actors.federated_networks().select_related("actor"):
        if page_url(network) == wanted:
            return network.actor.username
    return None


@require_safe
def webfinger(request):
    resource = request.GET.get("resource", "")
    if not resource or len(resource) > MAX_RESOURCE_LENGTH or "\x00" in resource:
        return _refused(400, "A resource parameter (acct:name@host) is needed.")
    if resource[:5].lower() == "acct:":
        username, at, host = resource[5:].rpartition("@")
        if not at or not username or not host:
            return _refused(400, "The resource is not of the form acct:name@host.")
        if host.lower() != public_host():
            return _refused(404, "No such account here.")
    elif resource[:8].lower() == "https://" or resource[:7].lower() == "http://":
        username = _username_of_url(resource)
    else:
        return _refused(400, "The resource is neither acct:name@host nor an address.")
    actor = actors.find(username) if username else None
    if actor is None:
        return _refused(404, "No such account here.")
    subject = f"acct:{actor.username}@{public_host()}"
    response = _json(
        documents.webfinger(actor, actor.network, subject), content_type=JRD_CONTENT_TYPE
    )
    return _webfinger_response(_cached(response))
