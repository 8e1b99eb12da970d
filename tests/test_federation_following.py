# ruff: noqa: F811
"""Federation, third slice on one site: what a network's inbox does with what it takes, what
its followers are told, and how deliveries go out (docs/architecture.md, "Federation").

The other server is Alice's, whose actor is in the cache beforehand (as in
test_federation_inbox); deliveries go to a real HTTP server on 127.0.0.1 that checks each
request's signature against the network's published key. The journey between two real
sites is tests/test_federation_two_sites.py.
"""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from leerkring.federation import actors, cavage, delivery, following, publishing
from leerkring.models import (
    LessonUptake,
    NetworkFollower,
    OutgoingActivity,
    PublishedArticle,
    RemoteFeed,
    RemoteLesson,
    Thread,
)

from .test_federation_documents import feature, publish_lesson

# The fixtures ``alice`` and ``keys`` are shared with the inbox's tests; pytest finds them by
# name here, which ruff cannot know.
from .test_federation_inbox import ALICE, alice, keys, post, signed  # noqa: F401

Status = OutgoingActivity.Status


def board_url(network):
    return reverse("leerkring_curation_board", args=[network.pk])


@pytest.fixture
def region_inbox(circles):
    return actors.with_key(actors.actor_for(circles.region))


def path_of(actor):
    return f"/ap/netwerk/{actor.username}/inbox/"


def deliver(client, actor, activity, keys, status=202):
    body = json.dumps({"@context": "https://www.w3.org/ns/activitystreams", **activity}).encode()
    path = path_of(actor)
    response = post(client, body, signed(keys["alice"], body, path=path), path=path)
    assert response.status_code == status, response.content
    return response


def queued(kind=None):
    rows = OutgoingActivity.objects.order_by("pk")
    if kind:
        rows = rows.filter(activity_type=kind)
    return [json.loads(row.body) for row in rows]


def article(number=1, **changes):
    document = {
        "id": f"https://remote.example/lessons/{number}",
        "type": "Article",
        "attributedTo": ALICE,
        "name": "Warmte uit de IJssel",
        "summary": "Riothermie voor veertig woningen.",
        "content": "<h3>Toepassing</h3><p>Begin klein<script>alert(1)</script>.</p>"
        '<p onclick="x()"><a href="javascript:alert(1)">klik</a></p>',
        "url": f"https://remote.example/netwerk/les-{number}/",
        "context": {"type": "Group", "name": "Kring Zutphen"},
        "tag": [
            {"type": "Hashtag", "name": "#Riothermie"},
            # Another Leerkring sends the theme as written along with the hashtag.
            {"type": "Hashtag", "name": "#MetDeGemeente", "nameMap": {"nl": "Met de gemeente"}},
        ],
        "published": "2026-11-01T10:00:00Z",
    }
    document.update(changes)
    return document


@pytest.fixture
def followed(circles, alice, region_inbox):
    """The region follows Alice's network, and she has accepted."""
    return RemoteFeed.objects.create(
        network=circles.region,
        url=ALICE,
        name="Netwerk Alice",
        kind=RemoteFeed.Kind.ACTIVITYPUB,
        remote_actor=alice,
        follow_state=RemoteFeed.FollowState.ACCEPTED,
        follow_activity_id=actors.actor_url(region_inbox) + "#follow-1",
    )


# --- Being followed ---------------------------------------------------------------------------


def test_a_follow_is_accepted_and_the_follower_counted(client, circles, alice, keys, region_inbox):
    follow = {"id": "https://remote.example/follows/1", "type": "Follow", "actor": ALICE}
    follow["object"] = actors.actor_url(region_inbox)
    deliver(client, region_inbox, follow, keys)
    assert NetworkFollower.objects.filter(actor=region_inbox, remote=alice).exists()
    (answer,) = queued("Accept")
    assert answer["object"]["id"] == follow["id"] and answer["actor"] == follow["object"]
    assert OutgoingActivity.objects.get().inbox == alice.inbox
    followers = client.get(f"/ap/netwerk/{region_inbox.username}/followers/").json()
    assert followers["totalItems"] == 1 and "orderedItems" not in followers
    # Undone: no longer a follower, and no longer counted.
    undo = {"id": "https://remote.example/undo/1", "type": "Undo", "actor": ALICE, "object": follow}
    deliver(client, region_inbox, undo, keys)
    assert not NetworkFollower.objects.exists()


def test_a_follow_of_another_network_is_refused(client, circles, alice, keys, region_inbox):
    follow = {"id": "https://remote.example/follows/2", "type": "Follow", "actor": ALICE}
    follow["object"] = actors.actor_url(actors.actor_for(circles.other_network))
    deliver(client, region_inbox, follow, keys, status=422)
    assert not NetworkFollower.objects.exists() and not OutgoingActivity.objects.exists()


# --- Following: Accept, and the lessons that arrive -------------------------------------------


def test_an_accept_of_our_follow_makes_the_follow_count(client, circles, alice, keys, region_inbox):
    feed = RemoteFeed.objects.create(
        network=circles.region, url=ALICE, name="Alice", kind=RemoteFeed.Kind.ACTIVITYPUB,
        remote_actor=alice,
    )  # fmt: skip
    following.follow(feed)
    (sent,) = queued("Follow")
    assert sent["object"] == ALICE and sent["actor"] == actors.actor_url(region_inbox)
    feed.refresh_from_db()
    assert feed.follow_state == RemoteFeed.FollowState.PENDING
    # An Accept of some other Follow changes nothing.
    wrong = {"id": "https://remote.example/accept/0", "type": "Accept", "actor": ALICE}
    wrong["object"] = {"id": "https://remote.example/follows/9", "type": "Follow"}
    deliver(client, region_inbox, wrong, keys, status=422)
    feed.refresh_from_db()
    assert feed.follow_state == RemoteFeed.FollowState.PENDING
    accept = {"id": "https://remote.example/accept/1", "type": "Accept", "actor": ALICE}
    accept["object"] = sent
    deliver(client, region_inbox, accept, keys)
    feed.refresh_from_db()
    assert feed.follow_state == RemoteFeed.FollowState.ACCEPTED


def test_a_lesson_from_a_followed_network_becomes_a_candidate_made_safe(
    client, circles, keys, region_inbox, followed
):
    create = {"id": "https://remote.example/create/1", "type": "Create", "actor": ALICE}
    create["object"] = article()
    deliver(client, region_inbox, create, keys)
    lesson = RemoteLesson.objects.get()
    assert (lesson.feed, lesson.title, lesson.circle_name) == (
        followed,
        "Warmte uit de IJssel",
        "Kring Zutphen",
    )
    assert lesson.tags == ["Riothermie", "Met de gemeente"]
    assert "<script" not in lesson.content_html and "onclick" not in lesson.content_html
    assert "javascript:" not in lesson.content_html and "Begin klein" in lesson.content_html
    circles.login(client, "coordinator")
    board = client.get(board_url(circles.region)).content.decode()
    assert "Warmte uit de IJssel" in board and "leerkring Kring Zutphen" in board
    # An Update changes it; a Delete takes it away.
    update = {"id": "https://remote.example/update/1", "type": "Update", "actor": ALICE}
    update["object"] = article(name="Warmte uit de IJssel (herzien)")
    deliver(client, region_inbox, update, keys)
    assert RemoteLesson.objects.get().title == "Warmte uit de IJssel (herzien)"
    delete = {"id": "https://remote.example/delete/1", "type": "Delete", "actor": ALICE}
    delete["object"] = {"id": article()["id"], "type": "Tombstone"}
    deliver(client, region_inbox, delete, keys)
    assert not RemoteLesson.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"object": article(id="https://elsewhere.example/lessons/1")}, 400),
        ({"object": article(attributedTo="https://remote.example/users/bob")}, 400),
        ({"object": article(type="Note")}, 400),
        ({"object": article(name="")}, 400),
        ({"object": "https://remote.example/lessons/1"}, 400),
    ],
    ids=["on another server", "someone else's", "not an article", "no title", "by address"],
)
def test_lessons_that_are_not_what_they_claim_are_refused(
    client, circles, keys, region_inbox, followed, changes, status
):
    create = {"id": "https://remote.example/create/2", "type": "Create", "actor": ALICE, **changes}
    deliver(client, region_inbox, create, keys, status=status)
    assert not RemoteLesson.objects.exists()


def test_lessons_from_a_network_not_followed_are_refused(
    client, circles, alice, keys, region_inbox
):
    create = {"id": "https://remote.example/create/3", "type": "Create", "actor": ALICE}
    create["object"] = article()
    deliver(client, region_inbox, create, keys, status=403)
    assert not RemoteLesson.objects.exists()


# --- Featuring a remote lesson ------------------------------------------------------------


def test_featuring_a_remote_lesson_shows_it_with_its_origin_and_tells_the_origin(
    client, circles, keys, region_inbox, followed
):
    create = {"id": "https://remote.example/create/4", "type": "Create", "actor": ALICE}
    create["object"] = article()
    deliver(client, region_inbox, create, keys)
    lesson = RemoteLesson.objects.get()
    circles.login(client, "coordinator")
    board = board_url(circles.region)
    response = client.post(board, {"action": "feature_remote", "remote_lesson": lesson.pk})
    assert response.status_code == 302
    (announce,) = queued("Announce")
    assert announce["object"] == lesson.remote_id and ALICE in announce["to"]
    front = client.get(circles.region.url).content.decode()
    assert "Warmte uit de IJssel" in front and f'href="{lesson.url}"' in front
    assert "Netwerk Alice" in front or "remote.example" in front
    feed = json.loads(client.get(circles.region.url + "feed/json/").content)
    item = next(i for i in feed["items"] if i["title"] == "Warmte uit de IJssel")
    assert item["url"] == lesson.url and item["_leerkring"]["origin_site"] == "remote.example"
    atom = client.get(circles.region.url + "feed/atom/").content.decode()
    assert "Warmte uit de IJssel" in atom
    # Who featured it is the coordinator's own record, in their export.
    exported = client.post("/accounts/profiel/gegevens/").json()["remote_lessons_featured"]
    assert [(row["lesson"], row["from"]) for row in exported] == [
        ("Warmte uit de IJssel", lesson.feed.name)
    ]
    # Replayed: featured once, announced once.
    client.post(board, {"action": "feature_remote", "remote_lesson": lesson.pk})
    assert len(queued("Announce")) == 1
    client.post(board, {"action": "unfeature_remote", "remote_lesson": lesson.pk})
    (undo,) = queued("Undo")
    assert undo["object"]["type"] == "Announce"
    assert f'href="{lesson.url}"' not in client.get(circles.region.url).content.decode()


def test_another_networks_remote_lesson_cannot_be_featured(client, circles, followed):
    lesson = RemoteLesson.objects.create(
        feed=followed, remote_id="https://remote.example/lessons/7", url="https://remote.example/",
        title="Niet van jou", harvested_at=timezone.now(),
    )  # fmt: skip
    circles.login(client, "other_coordinator")
    board = board_url(circles.other_network)
    response = client.post(board, {"action": "feature_remote", "remote_lesson": lesson.pk})
    assert response.status_code == 404
    lesson.refresh_from_db()
    assert lesson.featured_at is None and not OutgoingActivity.objects.exists()


# --- Being taken up: Announce ---------------------------------------------------------------


def test_an_announce_of_a_key_lesson_shows_where_it_was_taken_up(
    client,
    circles,
    alice,
    keys,
    region_inbox,
):
    lesson = publish_lesson(circles.open_circle, "Samen de wijk in")
    nomination = feature(lesson, circles.region, position=1)
    alice.name, alice.url = "Provincie Alice", "https://remote.example/netwerk/"
    alice.save()
    announce = {"id": "https://remote.example/announce/1", "type": "Announce", "actor": ALICE}
    announce["object"] = actors.article_url(region_inbox, nomination.pk)
    deliver(client, region_inbox, announce, keys)
    page = client.get(lesson.url).content.decode()
    assert "Provincie Alice" in page and "remote.example" in page
    # Undone: no longer shown.
    undo = {"id": "https://remote.example/undo/2", "type": "Undo", "actor": ALICE}
    undo["object"] = {"type": "Announce", "object": announce["object"]}
    deliver(client, region_inbox, undo, keys)
    assert not LessonUptake.objects.exists()


def test_an_announce_of_a_closed_or_unfeatured_lesson_is_refused(
    client,
    circles,
    alice,
    keys,
    region_inbox,
):
    lesson = publish_lesson(circles.closed_circle, "Vertrouwelijke les")
    nominated = feature(lesson, circles.region, status="nominated")
    for number, object_id in enumerate(
        [
            actors.article_url(region_inbox, nominated.pk),
            actors.article_url(region_inbox, 99999),
            "http://testserver" + circles.closed_circle.url,
            "https://remote.example/lessons/1",
        ]
    ):
        announce = {"id": f"https://remote.example/announce/x{number}", "type": "Announce"}
        announce.update(actor=ALICE, object=object_id)
        deliver(client, region_inbox, announce, keys, status=422)
    assert not LessonUptake.objects.exists()


# --- Sub-networks on other sites: Add --------------------------------------------------------


def test_a_network_that_adds_itself_is_followed_as_a_sub_network(
    client,
    circles,
    alice,
    keys,
    region_inbox,
):
    add = {"id": "https://remote.example/add/1", "type": "Add", "actor": ALICE, "object": ALICE}
    add["target"] = actors.actor_url(region_inbox)
    deliver(client, region_inbox, add, keys)
    feed = RemoteFeed.objects.get()
    assert feed.is_sub_network and feed.remote_actor_id == alice.pk
    assert queued("Follow")[0]["object"] == ALICE
    # Adding someone else, or to another network, is refused.
    other = {**add, "id": "https://remote.example/add/2", "object": "https://remote.example/x"}
    deliver(client, region_inbox, other, keys, status=422)
    elsewhere = {**add, "id": "https://remote.example/add/3"}
    elsewhere["target"] = actors.actor_url(actors.actor_for(circles.other_network))
    deliver(client, region_inbox, elsewhere, keys, status=422)
    assert RemoteFeed.objects.count() == 1


# --- Publishing: what followers are told -------------------------------------------------------


def test_followers_hear_of_a_new_changed_and_withdrawn_key_lesson_once_each(
    client,
    circles,
    alice,
    region_inbox,
):
    NetworkFollower.objects.create(
        actor=region_inbox, remote=alice, follow_activity_id=ALICE + "/f"
    )
    lesson = publish_lesson(circles.open_circle, "Begin bij de buren")
    nomination = feature(lesson, circles.region, position=1)
    assert publishing.publish(circles.region) == 1
    (create,) = queued("Create")
    assert create["object"]["name"] == "Begin bij de buren"
    assert OutgoingActivity.objects.get().inbox == alice.inbox
    assert publishing.publish(circles.region) == 0  # nothing changed: nothing sent
    lesson.title = "Begin bij de buren, en luister"
    lesson.save_revision().publish()
    assert publishing.publish(circles.region) == 1
    assert queued("Update")[0]["object"]["name"] == "Begin bij de buren, en luister"
    nomination.status = "nominated"
    nomination.save()
    assert publishing.publish(circles.region) == 1
    (delete,) = queued("Delete")
    article_url = actors.article_url(region_inbox, nomination.pk)
    assert delete["object"] == {"id": article_url, "type": "Tombstone", "formerType": "Article"}
    gone = client.get(
        article_url.removeprefix("http://testserver"), HTTP_ACCEPT="application/activity+json"
    )
    assert gone.status_code == 410 and gone.json()["type"] == "Tombstone"
    # Featured again: a new Create, with a new id.
    nomination.status = "featured"
    nomination.save()
    assert publishing.publish(circles.region) == 1
    creates = queued("Create")
    assert len(creates) == 2 and creates[0]["id"] != creates[1]["id"]
    assert PublishedArticle.objects.get().withdrawn_at is None


def test_a_closed_circles_conversations_never_go_out(circles, alice, region_inbox):
    NetworkFollower.objects.create(
        actor=region_inbox, remote=alice, follow_activity_id=ALICE + "/f"
    )
    thread = Thread.objects.create(
        circle=circles.closed_circle, title="Geheim gesprek", body="Alleen voor leden.",
        author=circles.users["member"],
    )  # fmt: skip
    lesson = publish_lesson(circles.closed_circle, "Les uit een gesloten kring")
    lesson.source_threads.add(thread)
    feature(lesson, circles.region, position=1)
    publishing.publish(circles.region)
    (create,) = queued("Create")
    text = json.dumps(create)
    # The lesson itself is public, and names its circle; nothing of the conversation goes.
    assert "Les uit een gesloten kring" in text
    assert "Geheim gesprek" not in text
    assert "Alleen voor leden" not in text
    assert circles.closed_circle.thread_path(thread.pk) not in text


# --- Delivery: signed, retried, given up ------------------------------------------------------


class Inbox:
    """A real HTTP inbox on 127.0.0.1 that answers with the status it is told to, and checks
    every request's signature against the sending network's key."""

    def __init__(self, public_key_pem):
        self.public_key_pem = public_key_pem
        self.status = 202
        self.received = []
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                signature = cavage.parse(headers["signature"])
                cavage.verify(
                    signature, inbox.public_key_pem, method="POST", path=self.path,
                    headers=headers,
                )  # fmt: skip
                assert cavage.digest_matches(headers["digest"], body)
                inbox.received.append(json.loads(body))
                self.send_response(inbox.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/inbox"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def remote_inbox(settings, region_inbox):
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.0/8"]
    inbox = Inbox(region_inbox.public_key_pem)
    yield inbox
    inbox.server.shutdown()


def queue_one(actor, inbox_url):
    activity = {"id": actors.actor_url(actor) + "#test-1", "type": "Update", "actor": actor.pk}
    (row,) = delivery.send(actor, activity, [inbox_url])
    return row


def test_a_delivery_is_signed_and_marked_sent(region_inbox, remote_inbox):
    row = queue_one(region_inbox, remote_inbox.url)
    assert delivery.deliver([row.pk]) == {"sent": 1, "failed": 0}
    row.refresh_from_db()
    assert row.status == Status.SENT and row.attempts == 1
    assert remote_inbox.received[0]["id"].endswith("#test-1")
    assert delivery.deliver([row.pk]) == {"sent": 0, "failed": 0}  # never twice


def test_a_server_error_is_retried_later_and_a_refusal_given_up(region_inbox, remote_inbox):
    remote_inbox.status = 503
    row = queue_one(region_inbox, remote_inbox.url)
    before = timezone.now()
    assert delivery.deliver([row.pk]) == {"sent": 0, "failed": 1}
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.QUEUED, 1, "HTTP 503")
    assert row.next_attempt_at >= before + timedelta(minutes=1)
    # Not due yet: the sweeper leaves it; once due, it goes (and the server is back).
    assert delivery.sweep() == {"sent": 0, "failed": 0}
    remote_inbox.status = 202
    assert delivery.sweep(now=row.next_attempt_at + timedelta(seconds=1))["sent"] == 0
    OutgoingActivity.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert delivery.sweep() == {"sent": 1, "failed": 0}
    # A 4xx will not change by trying again.
    remote_inbox.status = 401
    refused = queue_one(region_inbox, remote_inbox.url)
    delivery.deliver([refused.pk])
    refused.refresh_from_db()
    assert (refused.status, refused.last_error) == (Status.FAILED, "HTTP 401")


def test_an_inbox_in_a_private_network_is_never_posted_to(region_inbox):
    row = queue_one(region_inbox, "http://10.0.0.1/inbox")
    delivery.deliver([row.pk])
    row.refresh_from_db()
    assert row.status == Status.FAILED and "refused" in row.last_error


def test_the_last_attempt_gives_up(region_inbox, remote_inbox, settings):
    settings.LEERKRING_FEDERATION_DELIVERY_MAX_ATTEMPTS = 2
    remote_inbox.status = 500
    row = queue_one(region_inbox, remote_inbox.url)
    delivery.deliver([row.pk])
    OutgoingActivity.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    delivery.deliver([row.pk])
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 2)
