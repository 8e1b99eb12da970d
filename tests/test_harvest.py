"""Harvesting other networks' JSON Feeds, against a real HTTP server on 127.0.0.1."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from leerkring.harvest import harvest, harvest_feeds, refused_host_reason
from leerkring.models import RemoteFeed, RemoteLesson


class Responses:
    """What the test server answers, per path: (status, headers, body, delay in seconds, drip).

    With ``drip`` (seconds) the answer is sent one byte at a time, the body or, with
    ``drip_headers``, the whole response from its status line on; ``hung_up`` is set when the
    client closed the connection while it dripped."""

    DRIPPED_BYTES = 24  # then the rest at once, so that a harvester that waits is not kept long

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.hung_up = threading.Event()

    def set(self, path, body, status=200, headers=None, delay=0, drip=0, drip_headers=False):
        if isinstance(body, dict):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        self.routes[path] = (
            status,
            headers or {"Content-Type": "application/feed+json"},
            body,
            delay,
            (drip, drip_headers),
        )


def make_handler(responses):
    class Handler(BaseHTTPRequestHandler):
        def drip(self, status, headers, body, interval, drip_headers):
            if drip_headers:
                lines = [f"HTTP/1.0 {status} OK", *(f"{k}: {v}" for k, v in headers.items())]
                lines.append(f"Content-Length: {len(body)}")
                answer = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
            else:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                answer = body
            try:
                for position in range(min(len(answer), responses.DRIPPED_BYTES)):
                    self.wfile.write(answer[position : position + 1])
                    time.sleep(interval)
                self.wfile.write(answer[responses.DRIPPED_BYTES :])
            except (BrokenPipeError, ConnectionResetError):
                responses.hung_up.set()

        def do_GET(self):  # noqa: N802 (http.server's name)
            responses.requests.append((self.path, dict(self.headers)))
            status, headers, body, delay, (drip, drip_headers) = responses.routes.get(
                self.path, (404, {}, b"not found", 0, (0, False))
            )
            if delay:
                time.sleep(delay)
            if drip:
                self.drip(status, headers, body, drip, drip_headers)
                return
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers and "X-Omit-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture(autouse=True)
def allow_the_local_test_server(settings):
    # The test server listens on 127.0.0.1, which the harvester refuses by default; the
    # tests of that refusal below switch this back off.
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]


@pytest.fixture
def server():
    responses = Responses()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(responses))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    responses.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield responses
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def item(n, **extra):
    return {
        "id": f"https://elders.example.org/lessen/{n}/",
        "url": f"https://elders.example.org/lessen/{n}/",
        "title": f"Les {n}",
        "summary": f"Samenvatting {n}",
        "date_published": "2026-03-01T10:00:00+01:00",
        "date_modified": "2026-03-02T10:00:00Z",
        "tags": ["Participatie"],
        "_leerkring": {"circle": "Kring", "origin_network": "Netwerk Utrecht"},
        **extra,
    }


def json_feed(*items, **extra):
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Kernlessen Utrecht",
        "items": list(items),
        **extra,
    }


@pytest.fixture
def remote(network, server):
    return RemoteFeed.objects.create(
        network=network, name="Utrecht", url=f"{server.base}/feed/json/"
    )


def lessons(feed):
    return {lesson.remote_id: lesson for lesson in RemoteLesson.objects.filter(feed=feed)}


def test_good_feed_is_harvested(remote, server):
    server.set("/feed/json/", json_feed(item(1), item(2), item(3, unknown_field={"x": 1})))

    result = harvest(remote, timeout=2)

    assert result.ok
    assert (result.created, result.updated, result.deleted) == (3, 0, 0)
    remote.refresh_from_db()
    assert remote.last_status == "ok: 3 items"
    assert remote.last_fetched_at is not None
    harvested = lessons(remote)
    first = harvested["https://elders.example.org/lessen/1/"]
    assert first.url == "https://elders.example.org/lessen/1/"
    assert first.title == "Les 1"
    assert first.summary == "Samenvatting 1"
    assert first.tags == ["Participatie"]
    assert first.origin_name == "Netwerk Utrecht"
    assert first.published_at.isoformat() == "2026-03-01T09:00:00+00:00"
    assert first.modified_at.isoformat() == "2026-03-02T10:00:00+00:00"


def test_rerun_is_idempotent(remote, server):
    server.set("/feed/json/", json_feed(item(1), item(2)))
    harvest(remote, timeout=2)
    before = {key: (lesson.pk, lesson.harvested_at) for key, lesson in lessons(remote).items()}

    result = harvest(remote, timeout=2)

    assert result.ok
    assert (result.created, result.updated, result.deleted, result.unchanged) == (0, 0, 0, 2)
    after = {key: (lesson.pk, lesson.harvested_at) for key, lesson in lessons(remote).items()}
    assert after == before


def test_changed_feed_updates_and_deletes(remote, server):
    server.set("/feed/json/", json_feed(item(1), item(2), item(3)))
    harvest(remote, timeout=2)
    kept_pk = lessons(remote)["https://elders.example.org/lessen/1/"].pk

    server.set("/feed/json/", json_feed(item(1, title="Les 1, herzien"), item(3)))
    result = harvest(remote, timeout=2)

    assert (result.created, result.updated, result.deleted, result.unchanged) == (0, 1, 1, 1)
    harvested = lessons(remote)
    assert set(harvested) == {
        "https://elders.example.org/lessen/1/",
        "https://elders.example.org/lessen/3/",
    }
    assert harvested["https://elders.example.org/lessen/1/"].title == "Les 1, herzien"
    assert harvested["https://elders.example.org/lessen/1/"].pk == kept_pk
    remote.refresh_from_db()
    assert remote.last_status == "ok: 2 items"


def test_items_without_id_url_or_title_are_skipped_and_lengths_clamped(remote, server):
    server.set(
        "/feed/json/",
        json_feed(
            item(1, title="x" * 1000, summary="y" * 5000, tags=["a" * 500, 7, "b"] + ["c"] * 3),
            {"url": "https://elders.example.org/zonder-id/", "title": "Zonder id"},
            {"id": "geen-url", "title": "Zonder adres"},
            {"id": "js", "url": "javascript:alert(1)", "title": "Script"},
            {"id": "geen-titel", "url": "https://elders.example.org/geen-titel/"},
            {"id": "x" * 600, "url": "https://elders.example.org/lang/", "title": "Lange id"},
            "geen object",
            item(1, title="Dubbel"),
        ),
    )

    result = harvest(remote, timeout=2)

    assert result.ok
    harvested = lessons(remote)
    assert list(harvested) == ["https://elders.example.org/lessen/1/"]
    lesson = harvested["https://elders.example.org/lessen/1/"]
    assert len(lesson.title) == 300
    assert len(lesson.summary) == 2000
    assert lesson.tags == ["a" * 100, "b", "c"]


def test_malformed_json_is_reported_and_keeps_what_was_there(remote, server):
    server.set("/feed/json/", json_feed(item(1)))
    harvest(remote, timeout=2)

    server.set("/feed/json/", '{"version": "https://jsonfeed.org/version/1.1", "items": [')
    result = harvest(remote, timeout=2)

    assert not result.ok
    remote.refresh_from_db()
    assert remote.last_status.startswith("error: malformed JSON")
    assert list(lessons(remote)) == ["https://elders.example.org/lessen/1/"]


@pytest.mark.parametrize(
    "body",
    [
        "[1, 2, 3]",
        '{"title": "Geen versie", "items": []}',
        '{"version": "https://jsonfeed.org/version/1.1", "items": "geen lijst"}',
        b"\xff\xfe\x00 niet utf-8",
    ],
)
def test_documents_that_are_no_json_feed_are_refused(remote, server, body):
    server.set("/feed/json/", body)

    result = harvest(remote, timeout=2)

    assert not result.ok
    remote.refresh_from_db()
    assert remote.last_status.startswith("error: ")


def test_oversized_body_is_refused(remote, server):
    big = json_feed(*(item(n, summary="z" * 1000) for n in range(50)))
    server.set("/feed/json/", big)

    result = harvest(remote, timeout=2, max_bytes=10_000)

    assert not result.ok
    assert "larger than 10000 bytes" in result.status
    assert lessons(remote) == {}


def test_oversized_body_without_content_length_is_refused(remote, server):
    body = json.dumps(json_feed(*(item(n, summary="z" * 1000) for n in range(50)))).encode()
    # No Content-Length: the size limit holds while reading, not only by the header.
    server.set("/feed/json/", body, headers={"X-Omit-Length": "1"})

    result = harvest(remote, timeout=2, max_bytes=len(body) - 1)

    assert not result.ok
    assert "larger than" in result.status
    assert lessons(remote) == {}


def test_body_of_exactly_the_limit_is_accepted(remote, server):
    body = json.dumps(json_feed(item(1))).encode()
    server.set("/feed/json/", body, headers={"X-Omit-Length": "1"})

    assert harvest(remote, timeout=2, max_bytes=len(body)).ok


def test_slow_server_times_out(remote, server):
    server.set("/feed/json/", json_feed(item(1)), delay=3)

    started = time.monotonic()
    result = harvest(remote, timeout=1)

    assert time.monotonic() - started < 2.5
    assert not result.ok
    remote.refresh_from_db()
    assert "timed out" in remote.last_status


TOO_SLOW = "error: the site answered too slowly: no complete answer within 2 seconds"


@pytest.mark.parametrize("drip_headers", [False, True], ids=["body", "headers"])
def test_server_that_drips_is_cut_off_at_the_fetch_deadline(remote, server, settings, drip_headers):
    # One byte every 0.5 s never lets a read time out (5 s); only the deadline ends it.
    server.set("/feed/json/", json_feed(item(1)))
    harvest(remote, timeout=5)
    settings.LEERKRING_HARVEST_FETCH_SECONDS = 2
    server.set("/feed/json/", json_feed(item(2)), drip=0.5, drip_headers=drip_headers)

    started = time.monotonic()
    with translation.override("en"):
        result = harvest(remote, timeout=5)

    assert time.monotonic() - started < 3
    assert not result.ok
    remote.refresh_from_db()
    assert remote.last_status == TOO_SLOW
    assert list(lessons(remote)) == ["https://elders.example.org/lessen/1/"]
    # The harvester hung up, instead of leaving a thread behind that goes on reading.
    assert server.hung_up.wait(timeout=3)


def test_fetch_deadline_spans_the_redirects(remote, server, settings):
    # Each hop is well within the read timeout; together they are over the deadline.
    settings.LEERKRING_HARVEST_FETCH_SECONDS = 2
    server.set("/feed/json/", "", status=302, headers={"Location": "/stap-2/"}, delay=1.2)
    server.set("/stap-2/", json_feed(item(1)), delay=1.2)

    started = time.monotonic()
    with translation.override("en"):
        result = harvest(remote, timeout=5)

    assert time.monotonic() - started < 3
    assert result.status == TOO_SLOW
    assert [path for path, _headers in server.requests] == ["/feed/json/", "/stap-2/"]
    assert lessons(remote) == {}


def test_http_errors_are_reported(remote, server):
    server.set("/feed/json/", "kapot", status=500)

    result = harvest(remote, timeout=2)

    assert not result.ok
    assert result.status == "error: HTTP 500"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/feed.json", "data:,{}", "gopher://x/", "/feed"]
)
def test_other_schemes_are_refused(network, url):
    feed = RemoteFeed.objects.create(network=network, name="Fout", url=url)

    result = harvest(feed, timeout=1)

    assert not result.ok
    feed.refresh_from_db()
    assert feed.last_status == "error: only http and https addresses are fetched"
    assert lessons(feed) == {}


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/feed.json", "file:///etc/passwd"])
def test_redirect_to_another_scheme_is_refused(remote, server, target):
    server.set("/feed/json/", "", status=302, headers={"Location": target})

    result = harvest(remote, timeout=2)

    assert not result.ok
    assert lessons(remote) == {}
    if target.startswith("ftp"):  # urllib itself would follow this one
        assert "redirect to a refused address" in result.status


def test_redirect_to_http_is_followed(remote, server):
    server.set("/feed/json/", "", status=301, headers={"Location": "/nieuw/feed.json"})
    server.set("/nieuw/feed.json", json_feed(item(1)))

    assert harvest(remote, timeout=2).ok
    assert len(lessons(remote)) == 1


def test_etag_is_sent_and_not_modified_keeps_the_lessons(remote, server):
    server.set(
        "/feed/json/",
        json_feed(item(1)),
        headers={"Content-Type": "application/feed+json", "ETag": '"v1"'},
    )
    harvest(remote, timeout=2)
    remote.refresh_from_db()
    assert remote.etag == '"v1"'

    server.set("/feed/json/", b"", status=304)
    result = harvest(remote, timeout=2)

    assert result.ok and result.not_modified
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert len(lessons(remote)) == 1


def test_command_harvests_all_feeds_or_one_network(network, server):
    from tests.factories import NetworkPageFactory

    region = NetworkPageFactory(parent=network, title="Regio", slug="regio")
    server.set("/a/", json_feed(item(1)))
    server.set("/b/", "geen json")
    RemoteFeed.objects.create(network=network, name="Feed A", url=f"{server.base}/a/")
    RemoteFeed.objects.create(network=region, name="Feed B", url=f"{server.base}/b/")

    out = StringIO()
    call_command("harvest_remote_lessons", "--timeout", "2", stdout=out, stderr=StringIO())
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2
    assert "Feed A" in lines[0] and "ok: 1 items" in lines[0]
    assert "Feed B" in lines[1] and "error: malformed JSON" in lines[1]

    out = StringIO()
    call_command(
        "harvest_remote_lessons", "--network", str(region.pk), stdout=out, stderr=StringIO()
    )
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1 and "Feed B" in lines[0]


SKIPPED = (
    "skipped: the run's time limit of 1.5 seconds was reached; this feed is tried first in the "
    "next run"
)


def test_run_deadline_skips_the_remaining_feeds_without_marking_them(network, server, settings):
    settings.LEERKRING_HARVEST_RUN_SECONDS = 1.5
    settings.LEERKRING_HARVEST_FETCH_SECONDS = 10
    server.set("/a/", json_feed(item(1)))
    server.set("/b/", json_feed(item(2)), delay=4)
    server.set("/c/", json_feed(item(3)))
    a = RemoteFeed.objects.create(network=network, name="A", url=f"{server.base}/a/")
    b = RemoteFeed.objects.create(network=network, name="B", url=f"{server.base}/b/")
    c = RemoteFeed.objects.create(network=network, name="C", url=f"{server.base}/c/")
    harvest(c, timeout=5)  # fetched before: it goes after the two that never were
    c.refresh_from_db()
    c_before = (c.last_status, c.last_fetched_at)

    started = time.monotonic()
    with translation.override("en"):
        results = list(harvest_feeds(RemoteFeed.objects.order_by("name"), timeout=5))

    assert time.monotonic() - started < 2.5
    assert [(feed.name, result.ok, result.skipped) for feed, result in results] == [
        ("A", True, False),
        ("B", False, True),  # cut off at the run's deadline, which is not the site's fault
        ("C", False, True),
    ]
    assert [result.status for _feed, result in results[1:]] == [SKIPPED, SKIPPED]
    assert [path for path, _headers in server.requests] == ["/c/", "/a/", "/b/"]
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert a.last_status == "ok: 1 items"
    assert (b.last_status, b.last_fetched_at) == ("", None)
    assert (c.last_status, c.last_fetched_at) == c_before
    assert len(lessons(c)) == 1

    # The next run starts with the feeds this one skipped.
    settings.LEERKRING_HARVEST_RUN_SECONDS = 30
    server.set("/b/", json_feed(item(2)))
    results = list(harvest_feeds(RemoteFeed.objects.order_by("name"), timeout=5))
    assert [(feed.name, result.ok) for feed, result in results] == [
        ("B", True),
        ("C", True),
        ("A", True),
    ]


def test_a_slow_site_within_the_run_is_an_error_of_that_feed(network, server, settings):
    # The fetch's own deadline is the site's doing, also inside a run: the feed shows it.
    settings.LEERKRING_HARVEST_RUN_SECONDS = 30
    settings.LEERKRING_HARVEST_FETCH_SECONDS = 2
    server.set("/traag/", json_feed(item(1)), drip=0.5)
    server.set("/vlot/", json_feed(item(2)))
    slow = RemoteFeed.objects.create(network=network, name="Traag", url=f"{server.base}/traag/")
    RemoteFeed.objects.create(network=network, name="Vlot", url=f"{server.base}/vlot/")

    with translation.override("en"):
        results = list(harvest_feeds(RemoteFeed.objects.order_by("name"), timeout=5))

    assert [(feed.name, result.status) for feed, result in results] == [
        ("Traag", TOO_SLOW),
        ("Vlot", "ok: 1 items"),
    ]
    slow.refresh_from_db()
    assert slow.last_status == TOO_SLOW


# Feed addresses are typed in by coordinators: the server's own network is out of bounds.


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_is_refused_before_anything_is_sent(network, server, settings, host):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = []
    server.set("/feed/json/", json_feed(item(1)))
    port = server.base.rsplit(":", 1)[1]
    feed = RemoteFeed.objects.create(
        network=network, name="Eigen server", url=f"http://{host}:{port}/feed/json/"
    )

    result = harvest(feed, timeout=2)

    assert not result.ok
    assert result.status == "error: the address points into a private or local network"
    assert server.requests == []
    assert lessons(feed) == {}


def test_redirect_into_the_local_network_is_refused(remote, server):
    # 127.0.0.1 (the test server) is allowed; 127.0.0.2, where it redirects, is not.
    port = server.base.rsplit(":", 1)[1]
    server.set("/feed/json/", "", status=302, headers={"Location": f"http://127.0.0.2:{port}/"})

    result = harvest(remote, timeout=2)

    assert result.status == "error: the address points into a private or local network"
    assert [path for path, _headers in server.requests] == ["/feed/json/"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed.json",
        "http://localhost/feed.json",
        "http://10.1.2.3/feed.json",
        "http://172.16.0.5/feed.json",
        "http://192.168.1.10/feed.json",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/feed.json",
        "http://0.0.0.0/feed.json",
        "http://[::1]/feed.json",
        "http://[::ffff:127.0.0.1]/feed.json",
        "http://[fd00::1]/feed.json",
        "http://224.0.0.1/feed.json",
    ],
)
def test_form_check_refuses_local_and_private_addresses(settings, url):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = []
    assert refused_host_reason(url) == "the address points into a private or local network"


def test_allowed_private_networks_are_let_through(settings):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = ["10.0.0.0/8"]
    assert refused_host_reason("http://10.1.2.3/feed.json") == ""
    assert refused_host_reason("http://192.168.1.10/feed.json") != ""


def test_form_check_accepts_a_public_address_and_refuses_other_schemes(settings):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = []
    assert refused_host_reason("https://93.184.215.14/feed/json/") == ""
    assert refused_host_reason("ftp://93.184.215.14/feed.json") == (
        "only http and https addresses are fetched"
    )
    assert refused_host_reason("http://no-such-host.invalid/feed.json") == (
        "the host name could not be found"
    )


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::7f00:1",  # the local-use NAT64 prefix
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:c0a8:10a::1",  # 6to4 of 192.168.1.10
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:7f00:1",  # the same, in hexadecimal
        "::ffff:10.1.2.3",
        "::127.0.0.1",  # IPv4-compatible
        "::93.184.215.14",  # IPv4-compatible, deprecated whatever it carries
        "::ffff:0:7f00:1",  # IPv4-translated
        "2001::1",  # Teredo
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo with a public server
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",  # site-local, deprecated
        "ff02::1",
        "ff0e::1",  # global multicast
        "100::1",
        "2001:db8::1",
    ],
)
def test_ipv6_forms_that_reach_local_or_private_hosts_are_refused(settings, address):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = []
    assert refused_host_reason(f"http://[{address}]/feed.json") == (
        "the address points into a private or local network"
    )


@pytest.mark.parametrize(
    "host",
    [
        "93.184.215.14",
        "[2606:4700::1111]",
        "[2a00:1450:4001:82b::200e]",
        "[64:ff9b::5db8:d70e]",  # NAT64 of 93.184.215.14, as DNS64 gives an IPv6-only host
        "[2002:5db8:d70e::1]",  # 6to4 of 93.184.215.14
        "[::ffff:93.184.215.14]",
    ],
)
def test_public_addresses_are_accepted(settings, host):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = []
    assert refused_host_reason(f"https://{host}/feed/json/") == ""


def test_the_allow_list_covers_the_address_not_what_it_carries(settings):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32", "fd00:10::/32"]
    assert refused_host_reason("http://127.0.0.1/feed.json") == ""
    assert refused_host_reason("http://[::ffff:127.0.0.1]/feed.json") == ""  # the same host
    assert refused_host_reason("http://[fd00:10::5]/feed.json") == ""
    # A NAT64 gateway's or 6to4 relay's own 127.0.0.1 is not the one that was allowed.
    for address in ("64:ff9b::7f00:1", "2002:7f00:1::"):
        assert refused_host_reason(f"http://[{address}]/feed.json") == (
            "the address points into a private or local network"
        )


def test_nat64_address_of_the_server_itself_is_refused_before_anything_is_sent(
    network, server, settings
):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = []
    server.set("/feed/json/", json_feed(item(1)))
    port = server.base.rsplit(":", 1)[1]
    feed = RemoteFeed.objects.create(
        network=network, name="Via NAT64", url=f"http://[64:ff9b::7f00:1]:{port}/feed/json/"
    )

    result = harvest(feed, timeout=2)

    assert result.status == "error: the address points into a private or local network"
    assert server.requests == []
