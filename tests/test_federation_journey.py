"""The federation journey between two real Leerkring sites (tests/two_sites.py): a province's
hub (site A, the live server) follows a municipality's network (site B, a second process
with its own database), takes up its lesson, and each side sees what the other did; and a
network on B that names the hub as its parent sends it its lessons by itself
(docs/architecture.md, "Federation").

Everything between the sites goes over HTTP, signed, through each site's own inbox; the
test only acts as each site's coordinator would (A through A's admin, B through B's code)
and looks at what each site then shows.
"""

import json
import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from leerkring.federation import actors, cavage
from leerkring.models import NetworkPage, RemoteFeed, RemoteLesson

from .factories import NetworkCoordinatorFactory, UserFactory
from .two_sites import public_network

pytest_plugins = ["tests.two_sites"]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ACTIVITY_JSON = "application/activity+json"
ADD_URL = reverse("leerkring_remotefeed_modeladmin_create")

# Site B's coordinator acting on B: make them, then feature, edit or withdraw a lesson.
B_COORDINATOR = """
from django.contrib.auth import get_user_model
from leerkring import curation
from leerkring.models import LessonNomination, LessonPage, NetworkCoordinator, NetworkPage
network = NetworkPage.objects.get(pk={network_id})
user, _ = get_user_model().objects.get_or_create(username="wethouder")
NetworkCoordinator.objects.get_or_create(network=network, user=user)
lesson = LessonPage.objects.get(pk={lesson_id})
"""
B_FEATURE = B_COORDINATOR + "curation.feature(lesson, network, user)\n"
B_EDIT = B_COORDINATOR + "lesson.title = {title!r}\nlesson.save_revision().publish()\n"
B_WITHDRAW = (
    B_COORDINATOR
    + "curation.unfeature(LessonNomination.objects.get(lesson=lesson, network=network), user)\n"
)
B_COUNTS = """
import json
from leerkring.models import LessonUptake, NetworkFollower, ReceivedActivity
print(json.dumps({
    "followers": NetworkFollower.objects.count(),
    "uptakes": list(LessonUptake.objects.values_list("network_name", flat=True)),
    "received": list(
        ReceivedActivity.objects.order_by("pk").values_list("activity_type", flat=True)
    ),
}))
"""


def board_url(network_id):
    return reverse("leerkring_curation_board", args=[network_id])


@pytest.fixture
def hub(site_a, client):
    """Site A's network, the province's hub, with its coordinator signed in."""
    hub = public_network(slug="gelderland", title="Gelders Energieakkoord")
    coordinator = UserFactory(username="provincie")
    NetworkCoordinatorFactory(network=NetworkPage.objects.get(pk=hub["id"]), user=coordinator)
    client.force_login(coordinator)
    return hub


@pytest.fixture
def zutphen(site_b):
    """Site B's network, the municipality's, with a lesson not yet featured."""
    network = site_b.call(
        "tests.two_sites:public_network", slug="zutphen", title="Gemeente Zutphen"
    )
    network["lesson"] = site_b.call(
        "tests.two_sites:published_lesson",
        network_id=network["id"],
        title="Warmte uit de IJssel",
        featured=False,
    )
    return network


def b_code(template, zutphen, **values):
    return template.format(
        network_id=zutphen["id"], lesson_id=zutphen["lesson"]["lesson_id"], **values
    )


def test_the_hub_follows_the_municipality_takes_up_its_lesson_and_both_see_it(
    site_a, site_b, client, hub, zutphen
):
    # On A: "Gevolgde netwerken" → add, with the municipality's handle.
    response = client.post(
        ADD_URL, {"name": "", "url": f"@zutphen@{site_b.host}", "network": hub["id"]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    feed = RemoteFeed.objects.get()
    # B accepted at once; A's listing says so.
    assert (feed.name, feed.kind, feed.follow_state) == (
        "Gemeente Zutphen",
        RemoteFeed.Kind.ACTIVITYPUB,
        RemoteFeed.FollowState.ACCEPTED,
    )
    listing = client.get(reverse("leerkring_remotefeed_modeladmin_index")).content.decode()
    assert "Gemeente Zutphen" in listing and "gevolgd" in listing
    assert site_b.run(B_COUNTS)["followers"] == 1
    followers = site_b.get(zutphen["actor"] + "followers/", accept=ACTIVITY_JSON).json()
    assert followers["totalItems"] == 1

    # On B: the coordinator features the lesson. It arrives on A's board as a candidate.
    site_b.run(b_code(B_FEATURE, zutphen))
    board = client.get(board_url(hub["id"])).content.decode()
    assert "Warmte uit de IJssel" in board
    remote = RemoteLesson.objects.get()
    assert remote.url == zutphen["lesson"]["url"]
    assert remote.origin_name == "Gemeente Zutphen"

    # On A: feature it. The hub's front page and feeds show it with its origin …
    client.post(board_url(hub["id"]), {"action": "feature_remote", "remote_lesson": remote.pk})
    front = client.get(hub["url"]).content.decode()
    assert "Warmte uit de IJssel" in front
    assert f"Uit Gemeente Zutphen op {site_b.host}" in front
    assert f'href="{zutphen["lesson"]["url"]}"' in front
    items = json.loads(client.get(hub["url"] + "feed/json/").content)["items"]
    assert [(item["url"], item["_leerkring"]["origin_site"]) for item in items] == [
        (zutphen["lesson"]["url"], site_b.host)
    ]
    assert "Warmte uit de IJssel" in client.get(hub["url"] + "feed/atom/").content.decode()
    # … and B's lesson page says who took it up, where.
    lesson_page = site_b.get(zutphen["lesson"]["url"]).text
    assert "Elders opgenomen" in lesson_page
    assert f"Gelders Energieakkoord</a> op {site_a.host}" in lesson_page
    assert site_b.run(B_COUNTS)["uptakes"] == ["Gelders Energieakkoord"]

    # On B: the lesson is edited. The change reaches A's front page.
    site_b.run(b_code(B_EDIT, zutphen, title="Warmte uit de IJssel, een jaar later"))
    assert RemoteLesson.objects.get().title == "Warmte uit de IJssel, een jaar later"
    assert "Warmte uit de IJssel, een jaar later" in client.get(hub["url"]).content.decode()

    # On B: the lesson is no longer featured. It leaves A's board, front page and feeds.
    site_b.run(b_code(B_WITHDRAW, zutphen))
    assert not RemoteLesson.objects.exists()
    assert "Warmte uit de IJssel" not in client.get(hub["url"]).content.decode()
    assert json.loads(client.get(hub["url"] + "feed/json/").content)["items"] == []
    article = site_b.get(
        zutphen["actor"] + f"lessen/{_nomination_of(site_b, zutphen)}/", accept=ACTIVITY_JSON
    )
    assert article.status == 410 and article.json()["type"] == "Tombstone"
    # What B took in, in order: the Follow and the Announce.
    assert site_b.run(B_COUNTS)["received"] == ["Follow", "Announce"]


def _nomination_of(site_b, zutphen):
    return site_b.run(
        "from leerkring.models import LessonNomination\n"
        f"print(LessonNomination.objects.get(lesson_id={zutphen['lesson']['lesson_id']}).pk)"
    )


def test_a_network_that_names_the_hub_as_parent_brings_its_lessons_to_the_hub_board(
    site_a, site_b, client, hub, zutphen
):
    site_b.run(b_code(B_FEATURE, zutphen))
    site_b.run(
        "from leerkring.models import NetworkPage\n"
        f"network = NetworkPage.objects.get(pk={zutphen['id']})\n"
        f"network.parent_elsewhere = '@gelderland@{site_a.host}'\n"
        "network.save_revision().publish()\n"
    )
    feed = RemoteFeed.objects.get()
    assert feed.is_sub_network and feed.follow_state == RemoteFeed.FollowState.ACCEPTED
    # What it featured before is read from its outbox: a candidate, marked as a sub-network's.
    board = client.get(board_url(hub["id"])).content.decode()
    assert "Warmte uit de IJssel" in board
    assert f"van het subnetwerk Gemeente Zutphen op {site_b.host}" in board
    assert site_b.run(B_COUNTS)["followers"] == 1


# --- Refused across the two servers ---------------------------------------------------------


def _post(inbox, body, headers):
    request = urllib.request.Request(  # noqa: S310 - our loopback test server
        inbox,
        data=body,
        method="POST",
        headers={**headers, "Content-Type": ACTIVITY_JSON},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _signed(actor, inbox, activity, private_key_pem=None):
    body = activity if isinstance(activity, bytes) else json.dumps(activity).encode()
    parts = urllib.parse.urlsplit(inbox)
    headers = cavage.sign(
        private_key_pem or actor.private_key_pem,
        actors.key_id(actor),
        method="post",
        path=parts.path,
        host=parts.netloc,
        body=body,
    )
    return body, headers


def test_forged_replayed_oversized_and_closed_activities_are_refused_by_the_other_site(
    site_a, site_b, hub, zutphen
):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    a_actor = actors.with_key(actors.find("gelderland"))
    closed = site_b.run(
        "from leerkring.models import LearningCirclePage, LessonNomination, NetworkPage\n"
        "from tests.factories import LearningCirclePageFactory\n"
        "from tests.two_sites import published_lesson\n"
        f"network = NetworkPage.objects.get(pk={zutphen['id']})\n"
        "LearningCirclePageFactory(parent=network, slug='dicht', title='Dicht',"
        " visibility='closed')\n"
        f"lesson = published_lesson({zutphen['id']}, 'Binnenskamers', circle_slug='dicht',"
        " featured=False)\n"
        "print(LessonNomination.objects.create(lesson_id=lesson['lesson_id'],"
        " network=network, status='nominated').pk)\n"
    )
    inbox = zutphen["inbox"]
    announce = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": actors.actor_url(a_actor) + "#announce-closed",
        "type": "Announce",
        "actor": actors.actor_url(a_actor),
        "object": zutphen["actor"] + f"lessen/{closed}/",
    }
    # About a lesson that is not a public key lesson there: 422, nothing kept.
    assert _post(inbox, *_signed(a_actor, inbox, announce)) == 422
    # Signed with a key that is not A's: 401.
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged_pem = other_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    follow = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": actors.actor_url(a_actor) + "#follow-forged",
        "type": "Follow",
        "actor": actors.actor_url(a_actor),
        "object": zutphen["actor"],
    }
    assert _post(inbox, *_signed(a_actor, inbox, follow, forged_pem)) == 401
    # Too large: 413 before anything is read.
    huge = {**follow, "id": actors.actor_url(a_actor) + "#follow-huge", "x": "a" * 300_000}
    assert _post(inbox, *_signed(a_actor, inbox, huge)) == 413
    # Not JSON: 400.
    assert _post(inbox, *_signed(a_actor, inbox, b"{not json")) == 400
    body, headers = _signed(a_actor, inbox, follow)
    counts = site_b.run(B_COUNTS)
    assert counts == {"followers": 0, "uptakes": [], "received": []}
    # A good Follow, then the very same request again: taken once.
    assert _post(inbox, body, headers) == 202
    assert _post(inbox, body, headers) == 202
    assert site_b.run(B_COUNTS)["received"] == ["Follow"]
