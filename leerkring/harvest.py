"""Harvest other networks' key lessons from their JSON Feeds (https://jsonfeed.org/version/1.1).

``harvest(feed)`` fetches one ``RemoteFeed`` and mirrors its items into ``RemoteLesson``
rows: items are matched by their id, changed ones updated, ones no longer in the feed
deleted. It never raises on anything the remote side sends; the outcome is written to
``feed.last_status`` and returned as a ``HarvestResult``.

Only http and https addresses are fetched, redirects included; the whole download has a
deadline and a size limit. Nothing from the remote side is trusted as HTML: only plain text
and http(s) links are kept.

A feed address is typed in by a coordinator, so the harvester must not become a way into the
server's own network: it refuses to connect to loopback, private, link-local and other
non-public addresses, except networks listed in ``LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS``.
It resolves host names itself and connects only to the addresses it checked, for every
redirect too, so a name that resolves to 127.0.0.1 is refused as well. No proxy from the
environment is used, because the check would then see only the proxy.
"""

import http.client
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC
from http.client import HTTPException
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags

from .models.remote import (
    ORIGIN_MAX_LENGTH,
    REMOTE_ID_MAX_LENGTH,
    STATUS_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    RemoteLesson,
)

ALLOWED_SCHEMES = ("http", "https")
MAX_ITEMS = 500
MAX_TAGS = 20
TAG_MAX_LENGTH = 100
CHUNK_SIZE = 64 * 1024
USER_AGENT = "Leerkring-harvester/1.0 (+https://jsonfeed.org)"


# Why an address is refused; stored in a feed's last result, and translated in the admin form.
REFUSED_SCHEME = "only http and https addresses are fetched"
REFUSED_PRIVATE = "the address points into a private or local network"
REFUSED_UNKNOWN_HOST = "the host name could not be found"


class HarvestError(Exception):
    """Something about the remote feed that stops this harvest; the message is for people."""


@dataclass
class HarvestResult:
    ok: bool
    status: str
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    not_modified: bool = False

    @property
    def items(self):
        return self.created + self.updated + self.unchanged


def is_allowed_url(url):
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.hostname)


class _SafeRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) addresses (urllib would also follow ftp://)."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_allowed_url(newurl):
            raise HarvestError(f"redirect to a refused address: {newurl[:200]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _ip(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def is_fetchable_address(address):
    """Whether the harvester may connect to this IP address: a public one, or one of the
    networks in ``LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS`` (e.g. a municipality's own
    intranet, or 127.0.0.1 in tests)."""
    try:
        ip = _ip(address)
    except ValueError:
        return False
    if ip.is_global and not ip.is_multicast:
        return True
    allowed = getattr(settings, "LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS", ())
    return any(ip in ipaddress.ip_network(network, strict=False) for network in allowed)


def _resolve(host, port):
    """The addresses to connect to, or HarvestError if the host is unknown or not allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise HarvestError(REFUSED_UNKNOWN_HOST) from None
    # One non-public address among them is enough to refuse: which one a client gets
    # is up to the resolver, and an attacker controls that resolver.
    if not infos or any(not is_fetchable_address(info[4][0]) for info in infos):
        raise HarvestError(REFUSED_PRIVATE)
    return infos


def refused_host_reason(url):
    """Why the harvester would refuse this address, in words for people, or "" if it would not.

    For checking a form; the fetch itself checks again, for every connection it makes.
    """
    if not is_allowed_url(url):
        return REFUSED_SCHEME
    try:
        _resolve(urlsplit(url).hostname, None)
    except HarvestError as error:
        return str(error)
    return ""


class _GuardedConnectionMixin:
    """Resolve the host ourselves and connect only to addresses that passed the check, so
    that not even a TCP handshake reaches the local network (a redirect included)."""

    def connect(self):
        infos = _resolve(self.host, self.port)
        last_error = None
        for family, kind, proto, _name, address in infos:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(self.timeout)
                sock.connect(address)
            except OSError as error:
                sock.close()
                last_error = error
                continue
            self.sock = sock
            return
        raise last_error or OSError("no address to connect to")


class _GuardedHTTPConnection(_GuardedConnectionMixin, http.client.HTTPConnection):
    pass


class _GuardedHTTPSConnection(http.client.HTTPSConnection, _GuardedHTTPConnection):
    # HTTPSConnection.connect() calls super().connect() for the bare socket, then does the
    # TLS handshake with the host name, so certificates are still checked against the name.
    pass


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)


def _opener():
    # Built by hand instead of build_opener(), which would add file:, ftp: and data: handlers
    # and a proxy handler.
    opener = urllib.request.OpenerDirector()
    for handler in (
        _GuardedHTTPHandler(),
        _GuardedHTTPSHandler(),
        _SafeRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url, *, timeout=10, max_bytes=2_000_000, etag=""):
    """Return ``(body, etag)``; ``body`` is None when the server answered 304 Not Modified."""
    if not is_allowed_url(url):
        raise HarvestError(REFUSED_SCHEME)
    # The scheme is checked just above, and the opener has no handlers for other schemes.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/feed+json, */*;q=0.5"}
    )
    if etag:
        request.add_header("If-None-Match", etag)
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise HarvestError(f"feed larger than {max_bytes} bytes")
            chunks, size = [], 0
            while size <= max_bytes:
                if time.monotonic() > deadline:
                    raise HarvestError(f"timed out after {timeout} s")
                chunk = response.read(min(CHUNK_SIZE, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > max_bytes:
                raise HarvestError(f"feed larger than {max_bytes} bytes")
            return b"".join(chunks), (response.headers.get("ETag") or "")[:255]
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return None, etag
        raise HarvestError(f"HTTP {error.code}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise HarvestError(f"timed out after {timeout} s") from None
        raise HarvestError(f"could not connect: {str(reason)[:200]}") from None
    except TimeoutError:
        raise HarvestError(f"timed out after {timeout} s") from None
    except (OSError, HTTPException, ValueError) as error:
        raise HarvestError(f"could not fetch: {str(error)[:200] or type(error).__name__}") from None


def _clean(value):
    """Text any database takes: no lone surrogates, no NUL characters."""
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def _text(value, max_length):
    if not isinstance(value, str):
        return ""
    return " ".join(_clean(value).split())[:max_length]


def _datetime(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def _tags(value):
    if not isinstance(value, list):
        return []
    tags = []
    for tag in value:
        text = _text(tag, TAG_MAX_LENGTH)
        if text and text not in tags:
            tags.append(text)
        if len(tags) >= MAX_TAGS:
            break
    return tags


def parse_items(data, default_origin=""):
    """The usable items of a decoded JSON Feed as dicts of RemoteLesson fields, by remote id.

    Unknown fields are ignored; items without an id, an http(s) url or a title are skipped.
    """
    if not isinstance(data, dict):
        raise HarvestError("not a JSON Feed: the document is not an object")
    version = data.get("version")
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise HarvestError("not a JSON Feed: no version")
    items = data.get("items")
    if not isinstance(items, list):
        raise HarvestError("not a JSON Feed: no items")
    feed_origin = _text(data.get("title"), ORIGIN_MAX_LENGTH) or default_origin
    parsed = {}
    for item in items[:MAX_ITEMS]:
        if not isinstance(item, dict):
            continue
        remote_id = item.get("id")
        if isinstance(remote_id, int | float) and not isinstance(remote_id, bool):
            remote_id = str(remote_id)  # JSON Feed 1.0 feeds sometimes use numbers
        if not isinstance(remote_id, str) or not remote_id.strip():
            continue
        remote_id = _clean(remote_id).strip()
        if len(remote_id) > REMOTE_ID_MAX_LENGTH or remote_id in parsed:
            continue  # cutting an id short could merge two items; the first one wins
        url = item.get("url")
        if (
            not isinstance(url, str)
            or len(url) > URL_MAX_LENGTH
            or any(char.isspace() or not char.isprintable() for char in url.strip())
            or not is_allowed_url(_clean(url))
        ):
            continue
        title = _text(item.get("title"), TITLE_MAX_LENGTH)
        if not title:
            continue
        summary = item.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            summary = item.get("content_text")
        if not isinstance(summary, str) or not summary.strip():
            content_html = item.get("content_html")
            summary = strip_tags(content_html) if isinstance(content_html, str) else ""
        extension = item.get("_leerkring")
        origin = ""
        if isinstance(extension, dict):
            origin = _text(extension.get("origin_network"), ORIGIN_MAX_LENGTH)
        parsed[remote_id] = {
            "url": _clean(url).strip(),
            "title": title,
            "summary": _text(summary, SUMMARY_MAX_LENGTH),
            "published_at": _datetime(item.get("date_published")),
            "modified_at": _datetime(item.get("date_modified")),
            "tags": _tags(item.get("tags")),
            "origin_name": origin or feed_origin,
        }
    return parsed


FIELDS = ["url", "title", "summary", "published_at", "modified_at", "tags", "origin_name"]


def _store(feed, items, now):
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {lesson.remote_id: lesson for lesson in feed.lessons.all()}
        to_create, to_update = [], []
        for remote_id, values in items.items():
            lesson = existing.get(remote_id)
            if lesson is None:
                to_create.append(
                    RemoteLesson(feed=feed, remote_id=remote_id, harvested_at=now, **values)
                )
            elif any(getattr(lesson, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(lesson, name, value)
                lesson.harvested_at = now
                to_update.append(lesson)
            else:
                unchanged += 1
        gone = [lesson.pk for remote_id, lesson in existing.items() if remote_id not in items]
        if gone:
            RemoteLesson.objects.filter(pk__in=gone).delete()
        RemoteLesson.objects.bulk_create(to_create, batch_size=100)
        RemoteLesson.objects.bulk_update(to_update, [*FIELDS, "harvested_at"], batch_size=100)
        created, updated = len(to_create), len(to_update)
    return created, updated, len(gone), unchanged


def harvest(feed, *, timeout=10, max_bytes=2_000_000):
    """Fetch ``feed`` and mirror its items; never raises on bad input. Returns a HarvestResult."""
    now = timezone.now()
    try:
        body, etag = fetch(feed.url, timeout=timeout, max_bytes=max_bytes, etag=feed.etag)
        if body is None:
            count = feed.lessons.count()
            result = HarvestResult(
                True, f"ok: {count} items (not modified)", unchanged=count, not_modified=True
            )
        else:
            try:
                data = json.loads(body)
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
                raise HarvestError(f"malformed JSON: {str(error)[:200]}") from None
            items = parse_items(data, default_origin=feed.name[:ORIGIN_MAX_LENGTH])
            try:
                created, updated, deleted, unchanged = _store(feed, items, now)
            except IntegrityError:  # another harvest of this feed stored the same items
                raise HarvestError("another harvest of this feed ran at the same time") from None
            result = HarvestResult(
                True, f"ok: {len(items)} items", created, updated, deleted, unchanged
            )
            feed.etag = etag
    except HarvestError as error:
        result = HarvestResult(False, f"error: {error}")
    feed.last_fetched_at = now
    feed.last_status = result.status[:STATUS_MAX_LENGTH]
    feed.save(update_fields=["last_fetched_at", "last_status", "etag"])
    return result
