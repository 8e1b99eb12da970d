"""Harvest other networks' key lessons from their JSON Feeds (https://jsonfeed.org/version/1.1).

``harvest(feed)`` fetches one ``RemoteFeed`` and mirrors its items into ``RemoteLesson``
rows: items are matched by their id, changed ones updated, ones no longer in the feed
deleted. It never raises on anything the remote side sends; the outcome is written to
``feed.last_status`` and returned as a ``HarvestResult``.

Only http and https addresses are fetched, redirects included. Every read has a timeout, and
the whole fetch (name lookups, connections, headers and body, every redirect) has a deadline,
``LEERKRING_HARVEST_FETCH_SECONDS``, because a server that sends one byte just before each read
times out would otherwise keep the harvester busy without end. ``harvest_feeds`` harvests many
feeds within a deadline for the whole run, ``LEERKRING_HARVEST_RUN_SECONDS``. The download also
has a size limit. Nothing from the remote side is trusted as HTML: only plain text and http(s)
links are kept.

A feed address is typed in by a coordinator, so the harvester must not become a way into the
server's own network: it refuses to connect to loopback, private, link-local and other
non-public addresses, except networks listed in ``LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS``.
IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by that IPv4
address; Teredo and the deprecated IPv4-compatible form are refused. It resolves host names
itself and connects only to the addresses it checked, for every redirect too, so a name that
resolves to 127.0.0.1 is refused as well. No proxy from the environment is used, because the
check would then see only the proxy.
"""

import http.client
import ipaddress
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC
from http.client import HTTPException
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext

from .conf import leerkring_settings
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


class _TooSlow(HarvestError):
    """The fetch's deadline passed. Worded in ``harvest``, not where it is raised: the fetch
    runs in a thread of its own, which does not have the caller's language."""

    def __init__(self, seconds):
        super().__init__(f"no complete answer within {seconds:g} s")
        self.seconds = seconds


@dataclass
class HarvestResult:
    ok: bool
    status: str
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    not_modified: bool = False
    skipped: bool = False  # not fetched in this run; the feed keeps its last result

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


# IPv6 prefixes whose addresses lead to an IPv4 host through a gateway or relay (6to4,
# 2002::/16, is recognised by ipaddress itself).
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052; the IPv4 address is the last 32 bits
TEREDO = ipaddress.ip_network("2001::/32")  # RFC 4380


def _ip(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def _is_public(ip):
    # is_global alone is not enough: Python 3.11 calls multicast, site-local and parts of the
    # reserved ranges (::/8, where ::127.0.0.1 lies) global.
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (ip.version == 6 and ip.is_site_local)
    )


def _is_public_address(ip):
    if ip.version == 6:
        if ip in TEREDO:
            # The Teredo relay, not this server, decides where the packets end up.
            return False
        if ip in NAT64:
            # A NAT64 gateway connects to the IPv4 address inside, so 64:ff9b::7f00:1 is its
            # 127.0.0.1. The prefix lies in ::/8, which ipaddress calls reserved, so it is
            # judged by the IPv4 address alone; on an IPv6-only host with DNS64 every IPv4
            # site has such an address.
            return _is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None and not _is_public(ip.sixtofour):
            return False
    return _is_public(ip)


def is_fetchable_address(address):
    """Whether the harvester may connect to this IP address: a public one, or one of the
    networks in ``LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS`` (e.g. a municipality's own
    intranet, or 127.0.0.1 in tests).

    An IPv6 address that carries an IPv4 address (NAT64, 6to4) is public only when that IPv4
    address is; the allow-list is matched against the address itself, not the IPv4 address
    inside, because the gateway that unpacks it may stand in another network than ours."""
    try:
        ip = _ip(address)
    except ValueError:
        return False
    allowed = leerkring_settings.HARVEST_ALLOWED_PRIVATE_NETWORKS
    if any(ip in ipaddress.ip_network(network, strict=False) for network in allowed):
        return True
    return _is_public_address(ip)


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


class _Deadline:
    """The time one fetch may take, redirects included, and the means to cut off the
    connections it opened when that time is up, from another thread than the one reading."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._handles = []

    def remaining(self):
        return max(0.0, self.ends_at - time.monotonic())

    def track(self, sock):
        # A duplicate descriptor, because wrapping the socket in TLS detaches the socket object
        # itself; shutting down any descriptor of a connection ends it for all of them.
        with self._lock:
            if self.expired:
                raise _TooSlow(self.seconds)
            self._handles.append(sock.dup())

    def expire(self):
        with self._lock:
            self.expired = True
            for handle in self._handles:
                try:
                    handle.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed by the other side

    def release(self):
        with self._lock:
            handles, self._handles = self._handles, []
        for handle in handles:
            handle.close()


class _GuardedConnectionMixin:
    """Resolve the host ourselves and connect only to addresses that passed the check, so
    that not even a TCP handshake reaches the local network (a redirect included)."""

    deadline = None  # a _Deadline, set by _guarded()

    def connect(self):
        infos = _resolve(self.host, self.port)
        last_error = None
        for family, kind, proto, _name, address in infos:
            left = self.deadline.remaining()
            if not left:
                raise _TooSlow(self.deadline.seconds)
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(min(self.timeout, left))
                sock.connect(address)
                sock.settimeout(self.timeout)
                self.deadline.track(sock)
            except OSError as error:
                sock.close()
                last_error = error
                continue
            except _TooSlow:
                sock.close()
                raise
            self.sock = sock
            return
        raise last_error or OSError("no address to connect to")


class _GuardedHTTPConnection(_GuardedConnectionMixin, http.client.HTTPConnection):
    pass


class _GuardedHTTPSConnection(http.client.HTTPSConnection, _GuardedHTTPConnection):
    # HTTPSConnection.connect() calls super().connect() for the bare socket, then does the
    # TLS handshake with the host name, so certificates are still checked against the name.
    pass


def _guarded(connection_class, deadline):
    # urllib builds each connection itself, with arguments of its own choosing.
    def build(*args, **kwargs):
        connection = connection_class(*args, **kwargs)
        connection.deadline = deadline
        return connection

    return build


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_guarded(_GuardedHTTPConnection, self.deadline), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(
            _guarded(_GuardedHTTPSConnection, self.deadline), req, context=self._context
        )


def _opener(deadline):
    # Built by hand instead of build_opener(), which would add file:, ftp: and data: handlers
    # and a proxy handler.
    opener = urllib.request.OpenerDirector()
    for handler in (
        _GuardedHTTPHandler(deadline),
        _GuardedHTTPSHandler(deadline),
        _SafeRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url, *, timeout=10, max_bytes=2_000_000, etag="", seconds=None):
    """Return ``(body, etag)``; ``body`` is None when the server answered 304 Not Modified.

    ``timeout`` bounds each connect and each read; ``seconds`` the whole fetch, redirects
    included (``LEERKRING_HARVEST_FETCH_SECONDS`` when not given).
    """
    if not is_allowed_url(url):
        raise HarvestError(REFUSED_SCHEME)
    if seconds is None:
        seconds = float(leerkring_settings.HARVEST_FETCH_SECONDS)
    deadline = _Deadline(seconds)
    outcome = {}

    def run():
        try:
            outcome["value"] = _fetch(url, timeout, max_bytes, etag, deadline)
        except Exception as error:
            outcome["error"] = error
        finally:
            deadline.release()

    # The fetch runs in a thread of its own so that this one keeps the deadline whatever the
    # fetch waits for: a name lookup, too, which no socket timeout bounds. At the deadline its
    # connections are shut down, which ends the thread's read as well.
    worker = threading.Thread(target=run, name="leerkring-harvest", daemon=True)
    worker.start()
    worker.join(deadline.remaining())
    if worker.is_alive():
        deadline.expire()
        raise _TooSlow(seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _fetch(url, timeout, max_bytes, etag, deadline):
    # The scheme is checked by fetch(), and the opener has no handlers for other schemes.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/feed+json, */*;q=0.5"}
    )
    if etag:
        request.add_header("If-None-Match", etag)
    try:
        with _opener(deadline).open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise HarvestError(f"feed larger than {max_bytes} bytes")
            chunks, size = [], 0
            while size <= max_bytes:
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


def harvest(feed, *, timeout=10, max_bytes=2_000_000, seconds=None):
    """Fetch ``feed`` and mirror its items; never raises on bad input. Returns a HarvestResult.

    ``seconds`` is the deadline of the fetch, ``LEERKRING_HARVEST_FETCH_SECONDS`` when not given.
    """
    return _harvest(feed, timeout=timeout, max_bytes=max_bytes, seconds=seconds)


def _harvest(feed, *, timeout, max_bytes, seconds, run_seconds=None):
    # run_seconds is given when ``seconds`` is what is left of a run's deadline rather than
    # the fetch's own: running out of it is then the run's doing, not the site's.
    now = timezone.now()
    try:
        body, etag = fetch(
            feed.url, timeout=timeout, max_bytes=max_bytes, etag=feed.etag, seconds=seconds
        )
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
    except _TooSlow as error:
        if run_seconds is not None:
            return _skipped(run_seconds)
        reason = gettext(
            "the site answered too slowly: no complete answer within %(seconds)s seconds"
        ) % {"seconds": f"{error.seconds:g}"}
        result = HarvestResult(False, f"error: {reason}")
    except HarvestError as error:
        result = HarvestResult(False, f"error: {error}")
    feed.last_fetched_at = now
    feed.last_status = result.status[:STATUS_MAX_LENGTH]
    feed.save(update_fields=["last_fetched_at", "last_status", "etag"])
    return result


def _skipped(run_seconds):
    reason = gettext(
        "the run's time limit of %(seconds)s seconds was reached; this feed is tried first "
        "in the next run"
    ) % {"seconds": f"{run_seconds:g}"}
    return HarvestResult(False, f"skipped: {reason}", skipped=True)


def _least_recently_fetched(feed):
    return (feed.last_fetched_at is not None, feed.last_fetched_at)


def harvest_feeds(feeds, *, timeout=10, max_bytes=2_000_000):
    """Harvest ``feeds`` one after another within ``LEERKRING_HARVEST_RUN_SECONDS``, yielding
    ``(feed, result)`` for each. A fetch still under way at the run's deadline is cut off, and
    it and the feeds after it are skipped: their results say so (``skipped``), and the feeds
    keep their last result and fetch time, for a skip says nothing about the site.

    Feeds fetched longest ago go first, so that the feeds one run skipped are first in the
    next instead of skipped every time.
    """
    run_seconds = float(leerkring_settings.HARVEST_RUN_SECONDS)
    fetch_seconds = float(leerkring_settings.HARVEST_FETCH_SECONDS)
    ends_at = time.monotonic() + run_seconds
    for feed in sorted(feeds, key=_least_recently_fetched):
        left = ends_at - time.monotonic()
        if left <= 0:
            yield feed, _skipped(run_seconds)
        elif left < fetch_seconds:
            yield (
                feed,
                _harvest(
                    feed,
                    timeout=timeout,
                    max_bytes=max_bytes,
                    seconds=left,
                    run_seconds=run_seconds,
                ),
            )
        else:
            yield feed, _harvest(feed, timeout=timeout, max_bytes=max_bytes, seconds=fetch_seconds)
