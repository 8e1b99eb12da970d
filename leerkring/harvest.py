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

The address rules and the guarded transport live in ``leerkring.safe_http``, shared with
federation.
"""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC
from http.client import HTTPException

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

# The harvester's address rules, now shared with federation; the names stay importable here.
from .safe_http import (  # noqa: F401
    REFUSED_PRIVATE,
    REFUSED_SCHEME,
    REFUSED_UNKNOWN_HOST,
    is_allowed_url,
    is_fetchable_address,
    opener,
    refused_host_reason,
    run_within,
)
from .safe_http import FetchError as HarvestError
from .safe_http import TooSlow as _TooSlow

MAX_ITEMS = 500
MAX_TAGS = 20
TAG_MAX_LENGTH = 100
CHUNK_SIZE = 64 * 1024
USER_AGENT = "Leerkring-harvester/1.0 (+https://jsonfeed.org)"


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


def fetch(url, *, timeout=10, max_bytes=2_000_000, etag="", seconds=None):
    """Return ``(body, etag)``; ``body`` is None when the server answered 304 Not Modified.

    ``timeout`` bounds each connect and each read; ``seconds`` the whole fetch, redirects
    included (``LEERKRING_HARVEST_FETCH_SECONDS`` when not given).
    """
    if not is_allowed_url(url):
        raise HarvestError(REFUSED_SCHEME)
    if seconds is None:
        seconds = float(leerkring_settings.HARVEST_FETCH_SECONDS)
    return run_within(
        seconds,
        lambda deadline: _fetch(url, timeout, max_bytes, etag, deadline),
        name="leerkring-harvest",
    )


def _fetch(url, timeout, max_bytes, etag, deadline):
    # The scheme is checked by fetch(), and the opener has no handlers for other schemes.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/feed+json, */*;q=0.5"}
    )
    if etag:
        request.add_header("If-None-Match", etag)
    try:
        with opener(deadline).open(request, timeout=timeout) as response:
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
