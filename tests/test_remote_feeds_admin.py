"""Coordinators follow other sites' networks in the admin; what is harvested shows on the
curation board as candidates, marked with where it came from."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leerkring.models import RemoteFeed, RemoteLesson

from .factories import UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("leerkring_remotefeed_modeladmin_index")
ADD_URL = reverse("leerkring_remotefeed_modeladmin_create")
PUBLIC_FEED = "https://93.184.215.14/feed/json/"  # a public address; nothing is fetched here


def edit_url(feed):
    return reverse("leerkring_remotefeed_modeladmin_edit", args=[feed.pk])


def board_url(network):
    return reverse("leerkring_curation_board", args=[network.pk])


@pytest.fixture
def people(circles):
    from practices.roles import COORDINATORS_GROUP, ensure_groups

    group = ensure_groups()[COORDINATORS_GROUP]
    for role in ("coordinator", "other_coordinator"):
        circles.users[role].groups.add(group)
    circles.users["superuser"] = UserFactory(username="super", is_superuser=True, is_staff=True)
    return circles.users


@pytest.fixture
def feeds(circles):
    return {
        "region": RemoteFeed.objects.create(
            network=circles.region, name="Netwerk Overijssel", url=PUBLIC_FEED
        ),
        "other": RemoteFeed.objects.create(
            network=circles.other_network, name="Netwerk Brabant", url=PUBLIC_FEED + "b/"
        ),
    }


def harvested(feed, number, **fields):
    return RemoteLesson.objects.create(
        feed=feed,
        remote_id=f"{feed.url}{number}",
        url=f"https://elders.example.org/lessen/{number}/",
        title=fields.pop("title", f"Les van elders {number}"),
        harvested_at=timezone.now(),
        published_at=timezone.now(),
        **fields,
    )


# Who reaches the listing of followed networks, and which feeds they see there.
LISTING = {
    "anonymous": (302, set()),
    "outsider": (302, set()),
    "member": (302, set()),
    "facilitator": (302, set()),
    "coordinator": (200, {"Netwerk Overijssel"}),
    "other_coordinator": (200, {"Netwerk Brabant"}),
    "superuser": (200, {"Netwerk Overijssel", "Netwerk Brabant"}),
}


@pytest.mark.parametrize("role,expected", LISTING.items())
def test_listing_shows_only_the_feeds_of_coordinated_networks(
    client, people, feeds, role, expected
):
    status, names = expected
    if role != "anonymous":
        client.force_login(people[role])
    response = client.get(LIST_URL)
    assert response.status_code == status
    page = response.content.decode()
    for name in ("Netwerk Overijssel", "Netwerk Brabant"):
        assert (name in page) == (name in names)


def test_another_networks_feed_cannot_be_opened_or_changed_by_id(client, people, feeds):
    client.force_login(people["coordinator"])
    assert client.get(edit_url(feeds["other"])).status_code == 404
    response = client.post(
        edit_url(feeds["other"]),
        {"name": "Gekaapt", "url": PUBLIC_FEED, "network": feeds["other"].network_id},
    )
    assert response.status_code == 404
    feeds["other"].refresh_from_db()
    assert feeds["other"].name == "Netwerk Brabant"
    delete = reverse("leerkring_remotefeed_modeladmin_delete", args=[feeds["other"].pk])
    assert client.post(delete).status_code == 404
    assert RemoteFeed.objects.filter(pk=feeds["other"].pk).exists()


def test_coordinator_follows_a_network_for_their_own_network_only(client, people, circles):
    client.force_login(people["coordinator"])
    form = client.get(ADD_URL).content.decode()
    assert "Regio Gelderland" in form
    assert "Regio Utrecht" not in form

    response = client.post(
        ADD_URL,
        {"name": "Netwerk Brabant", "url": PUBLIC_FEED, "network": circles.other_network.pk},
    )
    assert response.status_code == 200  # the form again, with the choice refused
    assert not RemoteFeed.objects.exists()

    response = client.post(
        ADD_URL, {"name": "Netwerk Drenthe", "url": PUBLIC_FEED, "network": circles.region.pk}
    )
    assert response.status_code == 302
    feed = RemoteFeed.objects.get()
    assert (feed.name, feed.url, feed.network_id) == (
        "Netwerk Drenthe",
        PUBLIC_FEED,
        circles.region.pk,
    )


@pytest.mark.parametrize(
    "url,message",
    [
        ("http://127.0.0.1:8000/feed/json/", "privé- of lokaal netwerk"),
        ("http://localhost/feed/json/", "privé- of lokaal netwerk"),
        ("http://169.254.169.254/latest/meta-data/", "privé- of lokaal netwerk"),
        ("http://[::1]/feed/", "privé- of lokaal netwerk"),
        ("http://10.0.0.7/feed/", "privé- of lokaal netwerk"),
        ("ftp://93.184.215.14/feed.json", "Alleen http- en https-adressen"),
        ("javascript:alert(1)", "Alleen http- en https-adressen"),
        ("", "Dit is een verplicht veld"),
        ("https://" + "a" * 2000 + ".nl/", "niet meer dan 1000 tekens"),
        ("http://no-such-host.invalid/feed.json", "kon niet worden gevonden"),
    ],
)
def test_bad_addresses_are_refused_with_a_clear_message(client, people, circles, url, message):
    client.force_login(people["coordinator"])
    response = client.post(ADD_URL, {"name": "Netwerk X", "url": url, "network": circles.region.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Netwerk X" in page  # what was typed is kept
    assert not RemoteFeed.objects.exists()


@pytest.mark.parametrize(
    "handle",
    [
        "@gelderland@no-such-host.invalid",
        "@gelderland@10.0.0.7",  # a private network: never asked
        "@gelderland@127.0.0.1:8000",
        "gelderland@testserver",  # this very site, over plain http
        "@<script>@example.org",
    ],
)
def test_a_handle_that_cannot_be_found_is_said_and_nothing_is_followed(
    client, people, circles, handle
):
    client.force_login(people["coordinator"])
    response = client.post(ADD_URL, {"name": "", "url": handle, "network": circles.region.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>" not in page
    assert ("geen netwerk met deze handle" in page) or ("Alleen http- en https-adressen" in page)
    assert not RemoteFeed.objects.exists()


def test_hostile_name_is_shown_as_text(client, people, circles):
    client.force_login(people["coordinator"])
    client.post(
        ADD_URL,
        {"name": "<script>alert(1)</script>", "url": PUBLIC_FEED, "network": circles.region.pk},
    )
    page = client.get(LIST_URL).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_board_shows_harvested_lessons_of_this_network_with_their_origin(
    client, people, circles, feeds
):
    harvested(feeds["region"], 1, origin_name="Netwerk Zwolle", tags=["Participatie"])
    harvested(feeds["other"], 2, title="Les uit Brabant")
    client.force_login(people["coordinator"])

    page = client.get(board_url(circles.region)).content.decode()

    assert "Les van elders 1" in page
    assert "van Netwerk Zwolle, gevolgd als Netwerk Overijssel" in page
    assert 'href="https://elders.example.org/lessen/1/"' in page
    assert "Participatie" in page
    assert "Les uit Brabant" not in page  # another network follows that one


def test_board_queries_do_not_grow_with_harvested_lessons(
    client, people, circles, feeds, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["coordinator"])
    harvested(feeds["region"], 0)
    client.get(board_url(circles.region))  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(board_url(circles.region))
    for number in range(1, 80):
        harvested(feeds["region"], number)
    with django_assert_max_num_queries(len(few)):
        page = client.get(board_url(circles.region)).content.decode()
    assert page.count("Les van elders") == 50  # the newest fifty are shown


def test_listing_names_followed_networks_and_says_in_words_which_are_sub_networks(
    client, people, feeds
):
    client.force_login(people["coordinator"])
    page = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Gevolgde netwerken" in page and "Externe feeds" not in page
    row = page[page.index("Netwerk Overijssel") :]
    row = row[: row.index("</tr>")]
    assert ">nee<" in row.replace(" ", "").replace("\n", "")
