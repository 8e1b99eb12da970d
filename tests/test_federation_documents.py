"""The first slice of federation: a network's actor, WebFinger, outbox, followers and lesson
documents (docs/architecture.md, "Federation"). Nothing is sent; no test touches the network.

JSON-LD is checked with pyld and its frozen document loader, which holds the
ActivityStreams and security contexts and refuses every other address. The AS context maps
unknown terms to blank-node IRIs (``"@vocab": "_:"``) instead of dropping them, so a
document is only valid when its expansion has no key and no type that starts with ``_:``.
"""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.test import Client
from pyld import FrozenDocumentLoader, jsonld
from wagtail.models import PageViewRestriction

from leerkring.federation import actors
from leerkring.models import LessonNomination, LessonPage, NetworkActor, NominationStatus, Thread

from .factories import LearningCirclePageFactory, ThemeFactory

ACTIVITY_JSON = "application/activity+json"
AS_LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
MASTODON_ACCEPT = f"{ACTIVITY_JSON}, {AS_LD}, text/html;q=0.1"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACTOR = "/ap/netwerk/gelderland/"
OUTBOX = ACTOR + "outbox/"
FOLLOWERS = ACTOR + "followers/"
HOST = "testserver"


@pytest.fixture(scope="module")
def loader():
    # pyld's default loader would fetch contexts over the network with requests; the frozen
    # one is set for the whole module and also passed to every call.
    frozen = FrozenDocumentLoader()
    previous = jsonld.get_document_loader()
    jsonld.set_document_loader(frozen)
    yield frozen
    jsonld.set_document_loader(previous)


def _blank_terms(node):
    """Every key or type of the expanded document that no context defined."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("_:"):
                found.append(key)
            if key == "@type":
                found.extend(t for t in value if isinstance(t, str) and t.startswith("_:"))
            found.extend(_blank_terms(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_blank_terms(item))
    return found


def assert_valid_json_ld(document, loader):
    expanded = jsonld.expand(document, options={"documentLoader": loader})
    assert expanded, "the document expanded to nothing"
    assert _blank_terms(expanded) == []
    return expanded


def publish_lesson(circle, title, number=None, themes=()):
    lesson = circle.add_child(
        instance=LessonPage(
            title=title,
            number=number,
            summary="Begin bij wat er al is in de wijk.",
            application="<p>Zoek de groepen op die al actief zijn.</p>",
            next_step="<p>Lees verder<script>alert(1)</script> bij de buren.</p>",
        )
    )
    if themes:
        lesson.themes.set(themes)
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def feature(lesson, network, position=None, status=NominationStatus.FEATURED):
    return LessonNomination.objects.create(
        lesson=lesson, network=network, status=status, position=position
    )


def get_json(client, url, accept=ACTIVITY_JSON, status=200):
    response = client.get(url, HTTP_ACCEPT=accept)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/activity+json; charset=utf-8"
    assert "Accept" in response["Vary"]
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    return json.loads(response.content)


@pytest.fixture
def curated(circles):
    """Key lessons of the region, one from its closed circle (whose conversations stay
    closed), and lessons that must not go out: nominated, declined, a draft, one featured
    by another network, one under a login restriction, one of an unpublished circle."""
    region = circles.region
    secret = Thread.objects.create(
        circle=circles.closed_circle,
        title="Geheim gesprek over de wethouder",
        body="Vertrouwelijk: de wethouder twijfelt.",
        author=circles.users["member"],
    )
    theme = ThemeFactory(name="Energie en klimaat", slug="energie-en-klimaat")
    lessons = {
        "closed": publish_lesson(circles.closed_circle, "Neem de tijd voor vertrouwen", 1),
        "open": publish_lesson(circles.open_circle, "Maak de wijk zichtbaar", 2, [theme]),
        "nominated": publish_lesson(circles.open_circle, "Alleen voorgedragen les", 6),
        "declined": publish_lesson(circles.open_circle, "Afgewezen les", 7),
        "elsewhere": publish_lesson(circles.open_circle, "Kernles van Utrecht", 8),
    }
    lessons["closed"].source_threads.add(secret)
    lessons["closed"].save_revision().publish()
    nominations = {
        "closed": feature(lessons["closed"], region, position=1),
        "open": feature(lessons["open"], region, position=2),
    }
    feature(lessons["nominated"], region, status=NominationStatus.NOMINATED)
    nominations["declined"] = feature(lessons["declined"], region, status=NominationStatus.DECLINED)
    nominations["elsewhere"] = feature(lessons["elsewhere"], circles.other_network, position=1)
    draft = circles.open_circle.add_child(
        instance=LessonPage(title="Conceptles", summary="Nog niet klaar.", live=False)
    )
    draft.save_revision()
    nominations["draft"] = feature(draft, region, position=0)
    restricted_circle = LearningCirclePageFactory(
        parent=region, title="Alleen ingelogd", slug="alleen-ingelogd"
    )
    PageViewRestriction.objects.create(
        page=restricted_circle, restriction_type=PageViewRestriction.LOGIN
    )
    restricted = publish_lesson(restricted_circle, "Les achter een login", 3)
    nominations["restricted"] = feature(restricted, region, position=3)
    gone_circle = LearningCirclePageFactory(parent=region, title="Gestopt", slug="gestopt")
    gone = publish_lesson(gone_circle, "Les van een gestopte kring", 4)
    nominations["unpublished_circle"] = feature(gone, region, position=4)
    gone_circle.unpublish()
    return nominations


# The actor


def test_the_actor_has_the_shape_mastodon_expects_and_valid_json_ld(client, circles, loader):
    actor = get_json(client, ACTOR)

    assert_valid_json_ld(actor, loader)
    assert actor["@context"][:2] == [
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
    ]
    actor_id = f"http://{HOST}{ACTOR}"
    assert actor["id"] == actor_id
    assert actor["type"] == "Group"
    assert actor["preferredUsername"] == "gelderland"
    assert actor["name"] == "Regio Gelderland"
    assert actor["summary"] == "<p>Kleine groepen die samen een groot netwerk vormen.</p>"
    assert actor["url"] == circles.region.get_full_url()
    assert actor["inbox"] == actor_id + "inbox/"
    assert actor["outbox"] == actor_id + "outbox/"
    assert actor["followers"] == actor_id + "followers/"
    # Follows are taken at once: the network federates only what anyone may read.
    assert actor["manuallyApprovesFollowers"] is False
    assert actor["discoverable"] is True
    key = actor["publicKey"]
    assert key["id"] == actor_id + "#main-key"
    assert key["owner"] == actor_id
    public_key = load_pem_public_key(key["publicKeyPem"].encode())
    assert isinstance(public_key, rsa.RSAPublicKey)
    assert public_key.key_size == 2048


def test_the_key_is_made_once_on_first_need_and_stays(client, circles):
    client.get(f"/.well-known/webfinger?resource=acct:gelderland@{HOST}")
    stored = NetworkActor.objects.get(network=circles.region)
    assert stored.public_key_pem == ""  # WebFinger needs no key

    first = get_json(client, ACTOR)["publicKey"]["publicKeyPem"]
    second = get_json(client, ACTOR)["publicKey"]["publicKeyPem"]

    stored.refresh_from_db()
    assert first == second == stored.public_key_pem
    assert stored.private_key_pem.startswith("-----BEGIN PRIVATE KEY-----")
    assert stored.key_created_at is not None
    assert "PRIVATE" not in first


def test_two_requests_making_the_key_at_once_end_with_one_key(circles):
    first = actors.actor_for(circles.region)
    second = NetworkActor.objects.get(pk=first.pk)  # read before either made a key

    made = actors.with_key(first).public_key_pem
    raced = actors.with_key(second).public_key_pem

    assert made == raced == NetworkActor.objects.get(pk=first.pk).public_key_pem


def test_the_actor_summary_is_the_introduction_made_safe(client, circles):
    region = circles.region
    region.intro = '<p onclick="steal()">Samen <b>leren</b><script>steal()</script></p>'
    region.save_revision().publish()

    summary = get_json(client, ACTOR)["summary"]

    assert summary == "<p>Samen <b>leren</b></p>"


def test_the_username_and_addresses_stay_when_the_slug_changes(client, circles):
    before = get_json(client, ACTOR)
    region = circles.region
    region.slug = "gelderland-oost"
    region.save_revision().publish()

    after = get_json(client, ACTOR)

    assert after["id"] == before["id"]
    assert after["preferredUsername"] == "gelderland"
    assert after["publicKey"] == before["publicKey"]
    assert after["url"].endswith("/gelderland-oost/")
    assert client.get("/ap/netwerk/gelderland-oost/", HTTP_ACCEPT=ACTIVITY_JSON).status_code == 404


def test_usernames_are_mastodon_safe_and_unique(circles):
    twin = circles.other_network.add_child(
        instance=type(circles.region)(title="Ook Gelderland", slug="gelderland")
    )
    twin.save_revision().publish()
    unicode_network = circles.region.add_child(
        instance=type(circles.region)(title="Coöperatie", slug="coöperatie-één")
    )
    unicode_network.save_revision().publish()

    assert actors.actor_for(circles.region).username == "gelderland"
    assert actors.actor_for(twin).username == "gelderland-2"
    assert actors.actor_for(unicode_network).username == "cooperatie-een"
    assert actors.actor_for(twin).username == "gelderland-2"  # asked again: the same row
    assert NetworkActor.objects.filter(network=twin).count() == 1


# Content negotiation on the network page


@pytest.mark.parametrize("accept", [ACTIVITY_JSON, AS_LD, MASTODON_ACCEPT, "application/ld+json"])
def test_the_network_page_answers_activitystreams_with_the_actor(client, circles, accept):
    actor = get_json(client, circles.region.url, accept=accept)

    assert actor["id"] == f"http://{HOST}{ACTOR}"
    assert actor["type"] == "Group"


@pytest.mark.parametrize("accept", [None, "*/*", BROWSER_ACCEPT, "text/html", "application/json"])
def test_the_network_page_is_html_by_default(client, circles, accept):
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    response = client.get(circles.region.url, **headers)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]
    assert b"Regio Gelderland" in response.content


def test_the_actor_address_sends_a_browser_to_the_network_page(client, circles):
    response = client.get(ACTOR, HTTP_ACCEPT=BROWSER_ACCEPT)

    assert response.status_code == 302
    assert response["Location"] == circles.region.get_full_url()
    assert "Accept" in response["Vary"]


# The outbox and the lessons


def test_the_outbox_holds_the_featured_lessons_only(client, circles, curated, loader):
    outbox = get_json(client, OUTBOX)

    assert_valid_json_ld(outbox, loader)
    assert outbox["type"] == "OrderedCollection"
    assert outbox["id"] == f"http://{HOST}{OUTBOX}"
    assert outbox["totalItems"] == 2
    items = outbox["orderedItems"]
    assert [item["type"] for item in items] == ["Create", "Create"]
    assert [item["object"]["name"] for item in items] == [
        "Neem de tijd voor vertrouwen",
        "Maak de wijk zichtbaar",
    ]
    body = json.dumps(outbox)
    for absent in [
        "Alleen voorgedragen",
        "Afgewezen",
        "Conceptles",
        "Kernles van Utrecht",
        "Les achter een login",
        "Gestopte kring",
        "Geheim gesprek",
        "wethouder",
        "gesprekken",
        "<script",
        "Graag!",  # a join request's motivation
        "requester",
        "facilitator",
    ]:
        assert absent.lower() not in body.lower()


def test_each_article_has_its_own_address_and_the_shape_mastodon_shows(
    client, circles, curated, loader
):
    items = get_json(client, OUTBOX)["orderedItems"]
    create = items[1]
    article = create["object"]
    actor_id = f"http://{HOST}{ACTOR}"

    assert create["actor"] == article["attributedTo"] == actor_id
    assert create["id"].startswith(article["id"])
    assert create["to"] == article["to"] == ["https://www.w3.org/ns/activitystreams#Public"]
    assert article["cc"] == [actor_id + "followers/"]
    assert article["id"] == f"{actor_id}lessen/{curated['open'].pk}/"
    assert article["type"] == "Article"
    assert article["url"] == curated["open"].lesson.get_full_url()
    assert article["summary"] == "Begin bij wat er al is in de wijk."
    assert "<h3>De toepassing</h3>" in article["content"]
    assert "Zoek de groepen op" in article["content"]
    assert "<h3>In de praktijk</h3>" not in article["content"]  # an empty section
    assert article["published"].endswith("Z")
    assert article["updated"].endswith("Z")
    assert article["tag"] == [
        {"type": "Hashtag", "name": "#EnergieEnKlimaat", "nameMap": {"nl": "Energie en klimaat"}}
    ]
    assert article["context"] == {
        "type": "Group",
        "name": "Samenspel",
        "url": circles.open_circle.get_full_url(),
        "context": {
            "type": "Group",
            "name": "Regio Gelderland",
            "url": circles.region.get_full_url(),
        },
    }

    own = get_json(client, article["id"].removeprefix(f"http://{HOST}"))
    assert_valid_json_ld(own, loader)
    assert own["@context"]
    assert {key: value for key, value in own.items() if key != "@context"} == article


@pytest.mark.parametrize(
    "which", ["declined", "draft", "elsewhere", "restricted", "unpublished_circle"]
)
def test_a_lesson_that_does_not_go_out_has_no_article(client, curated, which):
    response = client.get(f"{ACTOR}lessen/{curated[which].pk}/", HTTP_ACCEPT=ACTIVITY_JSON)

    assert response.status_code == 404


def test_a_network_whose_circles_are_all_closed_still_shows_its_key_lessons(client, circles):
    from leerkring.choices import CircleVisibility

    for circle in (circles.open_circle, circles.closed_circle):
        circle.visibility = CircleVisibility.CLOSED
        circle.save_revision().publish()
    lesson = publish_lesson(circles.open_circle, "Les uit een gesloten kring", 1)
    feature(lesson, circles.region, position=1)

    outbox = get_json(client, OUTBOX)

    assert [item["object"]["name"] for item in outbox["orderedItems"]] == [
        "Les uit een gesloten kring"
    ]


def test_a_long_outbox_comes_in_pages(client, circles, loader):
    for number in range(1, 26):
        feature(publish_lesson(circles.open_circle, f"Les {number}", number), circles.region)

    outbox = get_json(client, OUTBOX)
    assert outbox["totalItems"] == 25
    assert "orderedItems" not in outbox
    assert outbox["first"] == f"http://{HOST}{OUTBOX}?page=1"
    assert outbox["last"] == f"http://{HOST}{OUTBOX}?page=2"
    assert_valid_json_ld(outbox, loader)

    first = get_json(client, OUTBOX + "?page=1")
    assert_valid_json_ld(first, loader)
    assert first["type"] == "OrderedCollectionPage"
    assert first["partOf"] == f"http://{HOST}{OUTBOX}"
    assert len(first["orderedItems"]) == 20
    assert first["next"] == f"http://{HOST}{OUTBOX}?page=2"
    assert "prev" not in first
    second = get_json(client, OUTBOX + "?page=2")
    assert len(second["orderedItems"]) == 5
    assert second["prev"] == f"http://{HOST}{OUTBOX}?page=1"
    assert "next" not in second
    names = [item["object"]["name"] for item in first["orderedItems"] + second["orderedItems"]]
    assert len(set(names)) == 25

    for page in ["3", "0", "-1", "abc", "²", "1" * 40, ""]:
        assert client.get(OUTBOX, {"page": page}, HTTP_ACCEPT=ACTIVITY_JSON).status_code == 404


@pytest.mark.parametrize("size", [2, 40])
def test_the_outbox_costs_the_same_queries_at_any_size(
    client, circles, size, django_assert_max_num_queries
):
    for number in range(1, size + 1):
        feature(publish_lesson(circles.open_circle, f"Les {number}", number), circles.region)
    client.get(OUTBOX, HTTP_ACCEPT=ACTIVITY_JSON)  # the actor row exists from here on

    with django_assert_max_num_queries(6):
        assert client.get(OUTBOX, HTTP_ACCEPT=ACTIVITY_JSON).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(OUTBOX + "?page=1", HTTP_ACCEPT=ACTIVITY_JSON).status_code == 200


def test_the_followers_collection_counts_and_names_nobody(client, circles, loader):
    followers = get_json(client, FOLLOWERS)

    assert_valid_json_ld(followers, loader)
    assert followers["id"] == f"http://{HOST}{FOLLOWERS}"
    assert followers["type"] == "OrderedCollection"
    assert followers["totalItems"] == 0
    assert "orderedItems" not in followers
    assert "items" not in followers


# The inbox


def test_the_inbox_takes_only_posts_and_no_csrf_token_but_a_signature(circles):
    client = Client(enforce_csrf_checks=True)  # as a remote server posts: no CSRF token

    assert client.get(ACTOR + "inbox/").status_code == 405
    response = client.post(
        ACTOR + "inbox/",
        data=json.dumps({"type": "Follow", "actor": "https://b.example/x", "object": ACTOR}),
        content_type=ACTIVITY_JSON,
    )

    # Not CSRF's 403: the unsigned post reaches the inbox's own checks
    # (tests/test_federation_inbox.py), which refuse it.
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/activity+json")
    assert json.loads(response.content)["status"] == 401
    unknown = client.post("/ap/netwerk/onbekend/inbox/", data="{}", content_type=ACTIVITY_JSON)
    assert unknown.status_code == 404


# WebFinger


def webfinger(client, resource, status):
    params = {} if resource is None else {"resource": resource}
    response = client.get("/.well-known/webfinger", params)
    assert response.status_code == status, response.content[:300]
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


@pytest.mark.parametrize(
    "resource",
    [
        f"acct:gelderland@{HOST}",
        f"acct:Gelderland@{HOST.upper()}",
        f"ACCT:GELDERLAND@{HOST}",
        f"http://{HOST}{ACTOR}",
        "network page",
    ],
)
def test_webfinger_finds_the_network(client, circles, resource):
    if resource == "network page":
        resource = circles.region.get_full_url()

    response = webfinger(client, resource, 200)

    assert response["Content-Type"] == "application/jrd+json; charset=utf-8"
    jrd = json.loads(response.content)
    assert jrd["subject"] == f"acct:gelderland@{HOST}"
    links = {link["rel"]: link for link in jrd["links"]}
    assert links["self"] == {
        "rel": "self",
        "type": "application/activity+json",
        "href": f"http://{HOST}{ACTOR}",
    }
    assert links["http://webfinger.net/rel/profile-page"]["href"] == circles.region.get_full_url()


def test_webfinger_and_the_actor_lead_to_each_other(client, circles):
    jrd = json.loads(webfinger(client, f"acct:gelderland@{HOST}", 200).content)
    self_link = next(link["href"] for link in jrd["links"] if link["rel"] == "self")

    actor = get_json(client, self_link.removeprefix(f"http://{HOST}"))

    assert actor["id"] == self_link
    assert f"acct:{actor['preferredUsername']}@{HOST}" == jrd["subject"]


@pytest.mark.parametrize(
    "resource, status",
    [
        (None, 400),
        ("", 400),
        ("gelderland@testserver", 400),
        ("acct:gelderland", 400),
        ("acct:@testserver", 400),
        ("acct:gelderland@", 400),
        ("mailto:gelderland@testserver", 400),
        ("acct:gelderland@other.example", 404),
        ("acct:gelderland@testserver.other.example", 404),
        ("acct:onbekend@testserver", 404),
        ("acct:samenspel@testserver", 404),  # a circle, not a network
        ("acct:gëlderland@testserver", 404),
        ("acct:../../etc/passwd@testserver", 404),
        ("acct:gelderland/../home@testserver", 404),
        ("acct:<script>@testserver", 404),
        ("acct:gelderland\x00@testserver", 400),
        ("acct:" + "a" * 5000 + "@testserver", 400),
        ("http://other.example/ap/netwerk/gelderland/", 404),
        ("http://testserver/ap/netwerk/onbekend/", 404),
        ("http://testserver/gelderland/samenspel/", 404),
        ("http://testserver/../../etc/passwd", 404),
    ],
)
def test_webfinger_refuses_what_it_cannot_answer(client, circles, resource, status):
    webfinger(client, resource, status)


def test_webfinger_takes_only_reads(circles):
    response = Client().post("/.well-known/webfinger?resource=acct:gelderland@testserver")

    assert response.status_code == 405


# Networks that do not federate


@pytest.mark.parametrize(
    "username", ["..", "%2e%2e", "GELDERLAND%00", "gëlderland", "a" * 300, "gelderland.."]
)
def test_impossible_usernames_are_not_found(client, circles, username):
    for suffix in ["", "outbox/", "followers/", "inbox/", "lessen/1/"]:
        response = client.get(f"/ap/netwerk/{username}/{suffix}", HTTP_ACCEPT=ACTIVITY_JSON)
        assert response.status_code == 404


def _assert_not_federated(client, circles):
    assert client.get(ACTOR, HTTP_ACCEPT=ACTIVITY_JSON).status_code == 404
    assert client.get(OUTBOX, HTTP_ACCEPT=ACTIVITY_JSON).status_code == 404
    assert client.get(FOLLOWERS, HTTP_ACCEPT=ACTIVITY_JSON).status_code == 404
    webfinger(client, f"acct:gelderland@{HOST}", 404)
    webfinger(client, f"http://{HOST}{circles.region.url}", 404)
    page = client.get(circles.region.url, HTTP_ACCEPT=ACTIVITY_JSON)
    assert not page["Content-Type"].startswith("application/activity+json")


def test_an_unpublished_network_does_not_federate(client, circles):
    get_json(client, ACTOR)  # it had an actor before
    circles.region.unpublish()

    _assert_not_federated(client, circles)


def test_a_network_behind_a_login_does_not_federate(client, circles):
    PageViewRestriction.objects.create(
        page=circles.region, restriction_type=PageViewRestriction.LOGIN
    )

    _assert_not_federated(client, circles)
    # Not even for someone who may read the page.
    client.force_login(circles.users["member"])
    page = client.get(circles.region.url, HTTP_ACCEPT=ACTIVITY_JSON)
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")


def test_a_check_warns_when_webfinger_is_not_at_the_root(settings):
    from leerkring.checks import check_urls

    assert check_urls() == []
    settings.ROOT_URLCONF = "tests.host_urls_under_a_prefix"

    assert [message.id for message in check_urls()] == ["leerkring.W011"]
