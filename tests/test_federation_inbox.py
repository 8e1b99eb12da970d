"""The second slice of federation: HTTP signatures (draft-cavage) and a network's inbox,
which checks every POST in order and logs what it accepts, acting on nothing yet
(docs/architecture.md, "Federation").

No test touches the network: the signer's actor is put in the cache beforehand, and the
one test that fetches a key fetches it from a server on 127.0.0.1, allowed for that test.
"""

import base64
import dataclasses
import io
import json
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils import timezone
from http_message_signatures import HTTPMessageSigner, MappingKeyResolver, algorithms

from leerkring.federation import actors, cavage, remote_actors
from leerkring.models import LessonUptake, ReceivedActivity, RemoteActor, RemoteLesson, Thread

INBOX = "/ap/netwerk/home/inbox/"
ACTIVITY_JSON = "application/activity+json"
HOST = "testserver"  # the public host of the test settings (WAGTAILADMIN_BASE_URL)
ALICE = "https://remote.example/users/alice"
ALICE_KEY = ALICE + "#main-key"


def _pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def _public_pem(key):
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


@pytest.fixture(scope="module")
def keys():
    """Two keys, made once: Alice's, and one that is nobody's."""
    return {
        name: rsa.generate_private_key(public_exponent=65537, key_size=2048)
        for name in ("alice", "other")
    }


@pytest.fixture
def inbox(network):
    return actors.actor_for(network)


@pytest.fixture
def alice(db, keys):
    return RemoteActor.objects.create(
        uri=ALICE,
        domain="remote.example",
        key_id=ALICE_KEY,
        public_key_pem=_public_pem(keys["alice"]),
        inbox=ALICE + "/inbox",
        preferred_username="alice",
        fetched_at=timezone.now(),
    )


def follow(number=1, actor=ALICE, **changes):
    activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"https://remote.example/activities/{number}",
        "type": "Follow",
        "actor": actor,
        "object": "http://testserver/ap/netwerk/home/",
    }
    activity.update(changes)
    return json.dumps(activity).encode()


def signature_header(key, key_id, names, headers, path=INBOX, method="post"):
    """A Signature header over ``names``, made by hand, for the forged variants."""
    data = cavage.signing_string(names, method=method, path=path, headers=headers)
    value = base64.b64encode(key.sign(data, padding.PKCS1v15(), hashes.SHA256())).decode()
    return (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",signature="{value}"'
    )


def signed(key, body, *, key_id=ALICE_KEY, date=None, path=INBOX):
    """The headers Mastodon sends with a POST, signed with ``key``."""
    return cavage.sign(_pem(key), key_id, method="POST", path=path, host=HOST, body=body, date=date)


def post(client, body, headers, *, path=INBOX, content_type=ACTIVITY_JSON, **extra):
    meta = {f"HTTP_{name.upper()}": value for name, value in headers.items() if name != "Host"}
    meta["CONTENT_TYPE"] = content_type  # also for an empty body
    return client.generic("POST", path, body, content_type=content_type, **meta, **extra)


# --- draft-cavage-12, appendix C ------------------------------------------------------------

# The draft's test key "Test" (1024 bits) and its request: POST /foo?param=value&pet=dog.
CAVAGE_PUBLIC = """-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCFENGw33yGihy92pDjZQhl0C3
6rPJj+CvfSC8+q28hxA161QFNUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6
Z4UMR7EOcpfdUE9Hf3m/hs+FUR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJw
oYi+1hqp1fIekaxsyQIDAQAB
-----END PUBLIC KEY-----
"""
CAVAGE_PRIVATE = """-----BEGIN RSA PRIVATE KEY-----
MIICXgIBAAKBgQDCFENGw33yGihy92pDjZQhl0C36rPJj+CvfSC8+q28hxA161QF
NUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6Z4UMR7EOcpfdUE9Hf3m/hs+F
UR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJwoYi+1hqp1fIekaxsyQIDAQAB
AoGBAJR8ZkCUvx5kzv+utdl7T5MnordT1TvoXXJGXK7ZZ+UuvMNUCdN2QPc4sBiA
QWvLw1cSKt5DsKZ8UETpYPy8pPYnnDEz2dDYiaew9+xEpubyeW2oH4Zx71wqBtOK
kqwrXa/pzdpiucRRjk6vE6YY7EBBs/g7uanVpGibOVAEsqH1AkEA7DkjVH28WDUg
f1nqvfn2Kj6CT7nIcE3jGJsZZ7zlZmBmHFDONMLUrXR/Zm3pR5m0tCmBqa5RK95u
412jt1dPIwJBANJT3v8pnkth48bQo/fKel6uEYyboRtA5/uHuHkZ6FQF7OUkGogc
mSJluOdc5t6hI1VsLn0QZEjQZMEOWr+wKSMCQQCC4kXJEsHAve77oP6HtG/IiEn7
kpyUXRNvFsDE0czpJJBvL/aRFUJxuRK91jhjC68sA7NsKMGg5OXb5I5Jj36xAkEA
gIT7aFOYBFwGgQAQkWNKLvySgKbAZRTeLBacpHMuQdl1DfdntvAyqpAZ0lY0RKmW
G6aFKaqQfOXKCyWoUiVknQJAXrlgySFci/2ueKlIE1QqIiLSZ8V8OlpFLRnb1pzI
7U1yQXnTAEFYM560yJlzUpOb1V4cScGd365tiSMvxLOvTA==
-----END RSA PRIVATE KEY-----
"""
CAVAGE_PATH = "/foo?param=value&pet=dog"
CAVAGE_HEADERS = {"host": "example.com", "date": "Sun, 05 Jan 2014 21:31:40 GMT"}
CAVAGE_DATE = datetime(2014, 1, 5, 21, 31, 40, tzinfo=UTC)
# C.2, "Basic Test": (request-target) host date.
BASIC_SIGNATURE = (
    "qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3"
    "HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0="
)
# C.1, "Default Test": the date alone (the draft's older default).
DEFAULT_SIGNATURE = (
    "SjWJWbWN7i0wzBvtPl8rbASWz5xQW6mcJmn+ibttBqtifLN7Sazz6m79cNfwwb8DMJ5cou1s7uEGKKCs+FLEEaDV"
    "5lp7q25WqS+lavg7T8hc0GppauB6hbgEKTwblDHYGEtbGmtdHgVCk9SuS13F0hZ8FD0k/5OxEPXe5WozsbM="
)


def test_cavage_basic_test_vector_verifies_and_signs_to_the_same_value():
    header = (
        'keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date",'
        f'signature="{BASIC_SIGNATURE}"'
    )
    signature = cavage.parse(header)
    assert signature.headers == ("(request-target)", "host", "date")
    cavage.verify(signature, CAVAGE_PUBLIC, method="POST", path=CAVAGE_PATH, headers=CAVAGE_HEADERS)
    # RSA PKCS#1 v1.5 is deterministic: our signer gives the draft's value exactly.
    made = cavage.sign(
        CAVAGE_PRIVATE, "Test", method="POST", path=CAVAGE_PATH, host="example.com",
        date=CAVAGE_DATE,
    )  # fmt: skip
    assert made["Date"] == CAVAGE_HEADERS["date"]
    assert made["Signature"] == header


def test_cavage_default_test_vector_verifies_over_the_date():
    signature = cavage.parse(
        f'keyId="Test",algorithm="rsa-sha256",headers="date",signature="{DEFAULT_SIGNATURE}"'
    )
    cavage.verify(signature, CAVAGE_PUBLIC, method="POST", path=CAVAGE_PATH, headers=CAVAGE_HEADERS)


@pytest.mark.parametrize(
    "change",
    [
        {"path": "/foo?param=value&pet=cat"},
        {"method": "GET"},
        {"headers": {**CAVAGE_HEADERS, "host": "example.org"}},
        {"headers": {**CAVAGE_HEADERS, "date": "Sun, 05 Jan 2014 21:31:41 GMT"}},
    ],
)
def test_cavage_vector_fails_on_any_change(change):
    signature = cavage.parse(
        'keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date",'
        f'signature="{BASIC_SIGNATURE}"'
    )
    request = {"method": "POST", "path": CAVAGE_PATH, "headers": CAVAGE_HEADERS, **change}
    with pytest.raises(cavage.SignatureError):
        cavage.verify(signature, CAVAGE_PUBLIC, **request)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        'keyId="Test",signature="not base64!"',
        'keyId="Test",algorithm="hmac-sha256",signature="AAAA"',
        'algorithm="rsa-sha256",signature="AAAA"',
        'keyId="Test",algorithm="rsa-sha256"',
        'keyId="Test",signature="AAAA",headers="' + "x " * 50 + '"',
        "x" * 5000,
    ],
)
def test_unreadable_signature_headers_are_refused(header):
    with pytest.raises(cavage.SignatureError):
        cavage.parse(header)


def test_a_signature_from_our_own_network_key_verifies(inbox):
    actor = actors.with_key(inbox)
    body = b'{"type": "Follow"}'
    headers = cavage.sign(
        actor.private_key_pem, actors.key_id(actor), method="POST", path="/inbox",
        host="remote.example", body=body,
    )  # fmt: skip
    assert headers["Digest"] == cavage.digest(body)
    signature = cavage.parse(headers["Signature"])
    assert signature.headers == ("(request-target)", "host", "date", "digest")
    lowered = {name.lower(): value for name, value in headers.items()}
    cavage.verify(signature, actor.public_key_pem, method="POST", path="/inbox", headers=lowered)


# --- The inbox: accepted ----------------------------------------------------------------------


def test_a_signed_follow_from_a_known_actor_is_accepted_and_logged(client, inbox, alice, keys):
    body = follow()
    response = post(client, body, signed(keys["alice"], body))
    assert response.status_code == 202, response.content
    received = ReceivedActivity.objects.get()
    assert received.inbox == inbox
    assert (received.activity_id, received.activity_type, received.actor_uri) == (
        "https://remote.example/activities/1",
        "Follow",
        ALICE,
    )
    assert received.object_id == "http://testserver/ap/netwerk/home/"
    assert received.body_digest == cavage.digest(body)
    assert received.received_at is not None


def test_ld_json_with_the_activitystreams_profile_is_taken(client, inbox, alice, keys):
    body = follow()
    content_type = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
    response = post(client, body, signed(keys["alice"], body), content_type=content_type)
    assert response.status_code == 202


def test_the_inbox_answers_in_a_fixed_number_of_queries(
    client, inbox, alice, keys, django_assert_max_num_queries
):
    # A Follow is acted on: the follower is kept, and the Accept queued for delivery.
    body = follow()
    headers = signed(keys["alice"], body)
    with django_assert_max_num_queries(15):
        assert post(client, body, headers).status_code == 202
    body = follow(2)
    headers = signed(keys["alice"], body)
    with django_assert_max_num_queries(15):
        assert post(client, body, headers).status_code == 202


def test_a_replayed_request_is_answered_but_not_logged_again(client, inbox, alice, keys):
    body = follow()
    headers = signed(keys["alice"], body)
    assert post(client, body, headers).status_code == 202
    assert post(client, body, headers).status_code == 202
    # The sender's retry of the same activity, signed anew (a new Date): the same.
    later = signed(keys["alice"], body, date=timezone.now() + timedelta(seconds=5))
    assert post(client, body, later).status_code == 202
    assert ReceivedActivity.objects.count() == 1


# --- Refused: signatures ----------------------------------------------------------------------


def _forged(keys, body):
    """Requests that must each be refused with 401, by name."""
    now = timezone.now()
    date = format_datetime(now, usegmt=True)
    good = {"host": HOST, "date": date, "digest": cavage.digest(body)}
    alice = keys["alice"]

    def header(names, key=alice, values=good):
        return signature_header(key, ALICE_KEY, names, values)

    full = ("(request-target)", "host", "date", "digest")
    other_body = follow(99)
    return {
        "another key": {**signed(keys["other"], body)},
        "altered body": {**signed(alice, other_body), "Digest": cavage.digest(body)},
        "altered digest": {**signed(alice, body), "Digest": cavage.digest(other_body)},
        "digest of nothing": {**signed(alice, body), "Digest": "SHA-256=AAAA"},
        "altered date": {
            **signed(alice, body, date=now),
            "Date": format_datetime(now + timedelta(seconds=1), usegmt=True),
        },
        "another inbox": {**signed(alice, body, path="/ap/netwerk/other/inbox/")},
        "another host": {
            "Date": date,
            "Digest": good["digest"],
            "Signature": header(full, values={**good, "host": "evil.example"}),
        },
        "digest not signed": {
            "Date": date,
            "Digest": good["digest"],
            "Signature": header(("(request-target)", "host", "date")),
        },
        "date not signed": {
            "Date": date,
            "Digest": good["digest"],
            "Signature": header(("(request-target)", "host", "digest")),
        },
        "target not signed": {
            "Date": date,
            "Digest": good["digest"],
            "Signature": header(("host", "date", "digest")),
        },
        "host not signed": {
            "Date": date,
            "Digest": good["digest"],
            "Signature": header(("(request-target)", "date", "digest")),
        },
        "no headers named": {
            "Date": date,
            "Digest": good["digest"],
            "Signature": header(("date",)).replace('headers="date",', ""),
        },
        "no signature": {"Date": date, "Digest": good["digest"]},
        "no headers at all": {},
        "unknown algorithm": {
            **signed(alice, body),
            "Signature": signed(alice, body)["Signature"].replace("rsa-sha256", "rsa-sha1"),
        },
    }


FORGERIES = [
    "another key",
    "altered body",
    "altered digest",
    "digest of nothing",
    "altered date",
    "another inbox",
    "another host",
    "digest not signed",
    "date not signed",
    "target not signed",
    "host not signed",
    "no headers named",
    "no signature",
    "no headers at all",
    "unknown algorithm",
]


@pytest.mark.parametrize("forgery", FORGERIES)
def test_forged_or_incomplete_signatures_are_refused_and_nothing_is_stored(
    client, inbox, alice, keys, forgery
):
    body = follow()
    headers = _forged(keys, body)[forgery]
    response = post(client, body, headers)
    assert response.status_code == 401, response.content
    assert ReceivedActivity.objects.count() == 0
    assert RemoteActor.objects.count() == 1  # nothing fetched or changed


@pytest.mark.parametrize(
    "shift",
    [timedelta(hours=-12, minutes=-1), timedelta(days=-30), timedelta(minutes=6)],
    ids=["13 hours old", "a month old", "6 minutes ahead"],
)
def test_a_date_outside_the_window_is_refused(client, inbox, alice, keys, shift):
    body = follow()
    response = post(client, body, signed(keys["alice"], body, date=timezone.now() + shift))
    assert response.status_code == 401
    assert ReceivedActivity.objects.count() == 0


def test_a_date_within_the_window_is_taken(client, inbox, alice, keys):
    body = follow()
    headers = signed(keys["alice"], body, date=timezone.now() - timedelta(hours=11))
    assert post(client, body, headers).status_code == 202


def test_the_window_is_a_setting(client, inbox, alice, keys, settings):
    settings.LEERKRING_FEDERATION_SIGNATURE_MAX_AGE_SECONDS = 60
    body = follow()
    headers = signed(keys["alice"], body, date=timezone.now() - timedelta(minutes=2))
    assert post(client, body, headers).status_code == 401


def test_an_unknown_key_on_a_local_address_is_not_fetched(client, inbox, keys):
    body = follow(actor="https://127.0.0.1/users/mallory")
    headers = signed(keys["other"], body, key_id="https://127.0.0.1/users/mallory#main-key")
    response = post(client, body, headers)
    assert response.status_code == 401
    assert b"private or local network" in response.content
    assert not RemoteActor.objects.exists()
    assert not ReceivedActivity.objects.exists()


# --- Refused: before the signature -------------------------------------------------------------


def test_an_unknown_network_is_404(client, network, alice, keys):
    body = follow()
    path = "/ap/netwerk/nobody/inbox/"
    assert post(client, body, signed(keys["alice"], body, path=path), path=path).status_code == 404


def test_other_methods_are_405(client, inbox):
    response = client.get(INBOX)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert client.put(INBOX, b"{}", content_type=ACTIVITY_JSON).status_code == 405


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "application/ld+json"])
def test_other_content_types_are_415(client, inbox, alice, keys, content_type):
    body = follow()
    response = post(client, body, signed(keys["alice"], body), content_type=content_type)
    assert response.status_code == 415
    assert not ReceivedActivity.objects.exists()


class CountingStream(io.RawIOBase):
    """An endless body that counts what was read of it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = 65536 if size is None or size < 0 else size
        self.read_bytes += size
        return b" " * size

    def readline(self, size=-1):
        return self.read(size)


def test_a_body_over_the_limit_is_413_before_it_is_read(client, inbox, alice, keys):
    stream = CountingStream()
    body = follow()
    headers = signed(keys["alice"], body)
    response = post(
        client, body, headers, CONTENT_LENGTH=str(50 * 1024 * 1024), **{"wsgi.input": stream}
    )
    assert response.status_code == 413
    assert stream.read_bytes == 0
    assert not ReceivedActivity.objects.exists()


def test_a_body_one_byte_over_the_limit_is_413(client, inbox, alice, keys, settings):
    body = follow()
    settings.LEERKRING_FEDERATION_MAX_ACTIVITY_BYTES = len(body) - 1
    assert post(client, body, signed(keys["alice"], body)).status_code == 413
    settings.LEERKRING_FEDERATION_MAX_ACTIVITY_BYTES = len(body)
    assert post(client, body, signed(keys["alice"], body)).status_code == 202


@pytest.mark.parametrize(
    "blocked", [["remote.example"], ["example"], ["REMOTE.example"], [".remote.example"]]
)
def test_a_blocked_server_is_403(client, inbox, alice, keys, settings, blocked):
    settings.LEERKRING_FEDERATION_BLOCKED_DOMAINS = blocked
    body = follow()
    assert post(client, body, signed(keys["alice"], body)).status_code == 403
    assert not ReceivedActivity.objects.exists()


def test_a_block_of_another_server_does_not_touch_this_one(client, inbox, alice, keys, settings):
    settings.LEERKRING_FEDERATION_BLOCKED_DOMAINS = ["mote.example", "evil.remote.example"]
    body = follow()
    assert post(client, body, signed(keys["alice"], body)).status_code == 202


def test_too_many_posts_from_one_address_are_429(client, inbox, alice, keys, settings):
    settings.LEERKRING_FEDERATION_INBOX_POSTS_PER_MINUTE = 2
    for number in (1, 2):
        body = follow(number)
        assert post(client, body, signed(keys["alice"], body)).status_code == 202
    body = follow(3)
    response = post(client, body, signed(keys["alice"], body))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert ReceivedActivity.objects.count() == 2


# --- Refused: the activity ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"type":',
        b"[]",
        b'"Follow"',
        b"",
        b"[" * 100_000,
        follow(type=None),
        follow(id=None),
        follow(actor=None),
        follow(type=["Follow"]),
        follow(id=42),
        follow(actor="https://remote.example/users/bob"),
        follow(actor={"id": "https://remote.example/users/bob"}),
        follow(id="https://elsewhere.example/activities/1"),
        follow(id="https://remote.example/" + "x" * 600),
    ],
    ids=[
        "malformed",
        "array",
        "string",
        "empty",
        "deeply nested",
        "no type",
        "no id",
        "no actor",
        "type a list",
        "id a number",
        "another actor",
        "another actor as object",
        "id on another server",
        "id too long",
    ],
)
def test_malformed_activities_are_400(client, inbox, alice, keys, body):
    response = post(client, body, signed(keys["alice"], body))
    assert response.status_code == 400, response.content
    assert not ReceivedActivity.objects.exists()


def test_an_actor_given_as_an_object_is_taken(client, inbox, alice, keys):
    body = follow(actor={"id": ALICE, "type": "Person"})
    assert post(client, body, signed(keys["alice"], body)).status_code == 202


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        # Not a public key lesson of this network: the same unknown as a made-up address.
        ("Announce", 422),
        ("Like", 202),  # no use for it: logged, nothing else
        # A note from a network this one does not follow.
        ("Create", 403),
    ],
)
def test_an_activity_about_a_closed_circle_changes_nothing(
    client, circles, alice, keys, kind, status
):
    secret = Thread.objects.create(
        circle=circles.closed_circle,
        title="Geheim gesprek",
        body="Vertrouwelijk.",
        author=circles.users["member"],
    )
    url = "http://testserver" + circles.closed_circle.thread_path(secret.pk)
    region = actors.actor_for(circles.region)
    path = f"/ap/netwerk/{region.username}/inbox/"
    before = Thread.objects.filter(pk=secret.pk).values().get()
    obj = url if kind != "Create" else {"type": "Note", "inReplyTo": url, "content": "hoi"}
    body = follow(type=kind, object=obj)
    response = post(client, body, signed(keys["alice"], body, path=path), path=path)
    assert response.status_code == status, response.content
    assert b"Geheim" not in response.content
    assert Thread.objects.filter(pk=secret.pk).values().get() == before
    assert Thread.objects.count() == 1
    # Only what was taken is logged (so that a replay is known); nothing of the thread.
    assert list(ReceivedActivity.objects.values_list("activity_type", flat=True)) == (
        [kind] if status == 202 else []
    )
    assert not LessonUptake.objects.exists() and not RemoteLesson.objects.exists()
    # The thread is as closed as it was.
    assert client.get(circles.closed_circle.thread_path(secret.pk)).status_code in (302, 404)


# --- Fetching a key: the harvester's rules ----------------------------------------------------


@pytest.mark.parametrize(
    "key_id",
    [
        "https://127.0.0.1/users/a#main-key",
        "https://10.1.2.3/users/a#main-key",
        "https://localhost/users/a#main-key",
        "https://[::1]/users/a#main-key",
        "http://remote.example/users/a#main-key",  # plain http: refused before any lookup
        "ftp://remote.example/users/a#main-key",
    ],
)
def test_a_key_fetch_into_the_local_network_is_refused(db, key_id):
    with pytest.raises(remote_actors.KeyUnavailable):
        remote_actors.fetch(key_id)
    assert not RemoteActor.objects.exists()


@pytest.fixture
def actor_server(keys):
    """A server on 127.0.0.1 that serves one actor document."""
    served = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", served["redirect"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            document = served.get(self.path)
            body = json.dumps(document).encode() if document else b"{}"
            self.send_response(200 if document else 404)
            self.send_header("Content-Type", ACTIVITY_JSON)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    uri = base + "/users/carol"

    def actor(key):
        served["/users/carol"] = {
            "id": uri,
            "type": "Person",
            "preferredUsername": "carol",
            "inbox": uri + "/inbox",
            "publicKey": {"id": uri + "#main-key", "owner": uri, "publicKeyPem": _public_pem(key)},
        }

    actor(keys["alice"])
    served["redirect"] = f"http://localhost:{server.server_port}/users/carol"
    yield {"uri": uri, "key_id": uri + "#main-key", "serve": actor, "base": base}
    server.shutdown()
    server.server_close()


def test_an_unknown_signer_is_fetched_on_an_allowed_address_and_kept(
    client, inbox, keys, settings, actor_server
):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    uri, key_id = actor_server["uri"], actor_server["key_id"]
    body = follow(actor=uri, id=uri.rsplit("/", 2)[0] + "/activities/1")
    assert post(client, body, signed(keys["alice"], body, key_id=key_id)).status_code == 202
    carol = RemoteActor.objects.get()
    assert (carol.uri, carol.key_id, carol.preferred_username) == (uri, key_id, "carol")
    assert carol.domain == uri.split("/")[2]
    # A rotated key: the cached one fails, the actor is read again (the cache is old enough).
    actor_server["serve"](keys["other"])
    RemoteActor.objects.update(fetched_at=timezone.now() - timedelta(minutes=10))
    body = follow(actor=uri, id=uri.rsplit("/", 2)[0] + "/activities/2")
    assert post(client, body, signed(keys["other"], body, key_id=key_id)).status_code == 202
    assert RemoteActor.objects.get().public_key_pem == _public_pem(keys["other"])


def test_without_the_allowance_the_same_signer_is_refused(client, inbox, keys, actor_server):
    uri, key_id = actor_server["uri"], actor_server["key_id"]
    body = follow(actor=uri, id=uri.rsplit("/", 2)[0] + "/activities/1")
    assert post(client, body, signed(keys["alice"], body, key_id=key_id)).status_code == 401
    assert not RemoteActor.objects.exists()


def test_a_fetched_key_that_is_not_the_actors_is_refused(db, keys, settings, actor_server):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    with pytest.raises(remote_actors.KeyUnavailable):
        remote_actors.fetch(actor_server["uri"] + "#other-key")
    assert not RemoteActor.objects.exists()


# --- RFC 9421, as Mastodon 4.5 profiles it ---------------------------------------------------


@dataclasses.dataclass
class Message:
    method: str
    url: str
    headers: dict


def rfc9421_signed(key, body, *, key_id=ALICE_KEY, url="http://testserver" + INBOX, **options):
    """Headers for a POST signed by http-message-signatures' own signer."""
    message = Message("POST", url, {})
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.RSA_V1_5_SHA256,
        key_resolver=MappingKeyResolver(public_keys={}, private_keys={key_id: key}),
    )
    options.setdefault("covered_component_ids", ("@method", "@target-uri"))
    signer.sign(message, key_id=key_id, label="sig1", body=body, **options)
    return message.headers


def test_an_rfc9421_signature_is_accepted(client, inbox, alice, keys):
    body = follow()
    headers = rfc9421_signed(keys["alice"], body)
    assert set(headers) == {"Signature-Input", "Signature", "Content-Digest"}
    assert "created=" in headers["Signature-Input"]
    response = post(client, body, headers)
    assert response.status_code == 202, response.content
    assert ReceivedActivity.objects.get().activity_type == "Follow"


def test_an_rfc9421_replay_is_not_logged_twice(client, inbox, alice, keys):
    body = follow()
    headers = rfc9421_signed(keys["alice"], body)
    assert post(client, body, headers).status_code == 202
    assert post(client, body, headers).status_code == 202
    assert ReceivedActivity.objects.count() == 1


def _rfc9421_forgeries(keys, body):
    alice = keys["alice"]
    other_body = follow(99)
    now = timezone.now()
    two = rfc9421_signed(alice, body)
    return {
        "another key": rfc9421_signed(keys["other"], body),
        "altered body": {**rfc9421_signed(alice, other_body)},
        "another inbox": rfc9421_signed(alice, body, url="http://testserver/ap/netwerk/x/inbox/"),
        "another host": rfc9421_signed(alice, body, url="http://evil.example" + INBOX),
        "digest not covered": {
            **rfc9421_signed(alice, None, covered_component_ids=("@method", "@target-uri")),
            "Content-Digest": cavage.digest(body),
        },
        "target not covered": rfc9421_signed(
            alice, body, covered_component_ids=("@method", "@authority")
        ),
        "13 hours old": rfc9421_signed(alice, body, created=now - timedelta(hours=13)),
        "6 minutes ahead": rfc9421_signed(alice, body, created=now + timedelta(minutes=6)),
        "two signatures": {
            **two,
            "Signature-Input": two["Signature-Input"]
            + ", "
            + two["Signature-Input"].replace("sig1=", "sig2="),
            "Signature": two["Signature"] + ", " + two["Signature"].replace("sig1=", "sig2="),
        },
        "unreadable": {**two, "Signature-Input": "sig1=(((", "Signature": "sig1=:AAAA:"},
    }


@pytest.mark.parametrize(
    "forgery",
    [
        "another key",
        "altered body",
        "another inbox",
        "another host",
        "digest not covered",
        "target not covered",
        "13 hours old",
        "6 minutes ahead",
        "two signatures",
        "unreadable",
    ],
)
def test_forged_or_incomplete_rfc9421_signatures_are_refused(client, inbox, alice, keys, forgery):
    body = follow()
    response = post(client, body, _rfc9421_forgeries(keys, body)[forgery])
    assert response.status_code == 401, response.content
    assert not ReceivedActivity.objects.exists()


def test_an_rfc9421_signature_from_a_blocked_server_is_403(client, inbox, alice, keys, settings):
    settings.LEERKRING_FEDERATION_BLOCKED_DOMAINS = ["remote.example"]
    body = follow()
    assert post(client, body, rfc9421_signed(keys["alice"], body)).status_code == 403


def test_a_key_fetch_judges_where_a_redirect_led(db, keys, settings, actor_server):
    """The redirect goes to the same server under a name, not an allowed IP address: plain
    http from there is refused, though the document claims the address asked for."""
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    with pytest.raises(remote_actors.KeyUnavailable, match="refused address"):
        remote_actors.fetch(actor_server["base"] + "/redirect#main-key")
    assert not RemoteActor.objects.exists()


def test_hs2019_and_the_authorization_header_are_taken(client, inbox, alice, keys):
    body = follow()
    headers = signed(keys["alice"], body)
    hs2019 = {**headers, "Signature": headers["Signature"].replace("rsa-sha256", "hs2019")}
    assert post(client, body, hs2019).status_code == 202
    body = follow(2)
    headers = signed(keys["alice"], body)
    value = headers.pop("Signature")
    authorization = {**headers, "Authorization": "Signature " + value}
    assert post(client, body, authorization).status_code == 202
    assert ReceivedActivity.objects.count() == 2
