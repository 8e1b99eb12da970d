"""Atom and JSON Feed of a network's key lessons and of a circle's lessons."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from leerkring import feeds
from leerkring.models import LessonNomination, LessonPage, NominationStatus, Thread

ATOM = "{http://www.w3.org/2005/Atom}"


def publish_lesson(circle, title, number=None, summary="Begin bij wat er al is in de wijk."):
    lesson = circle.add_child(
        instance=LessonPage(
            title=title,
            number=number,
            summary=summary,
            application="<p>Zoek de groepen op die al actief zijn.</p>",
        )
    )
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def feature(lesson, network, position=None, status=NominationStatus.FEATURED):
    return LessonNomination.objects.create(
        lesson=lesson, network=network, status=status, position=position
    )


def get(rf, view, page, suffix):
    request = rf.get(page.url + suffix)
    return view(request, page)


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 (the feed under test, not untrusted input)


def atom_entries(response):
    root = parse_xml(response.content)
    assert root.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "link": entry.find(f"{ATOM}link").get("href"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def curated(circles):
    """Key lessons of the region from both circles, with a secret thread in the closed one."""
    region = circles.region
    secret = Thread.objects.create(
        circle=circles.closed_circle,
        title="Geheim gesprek over de wethouder",
        body="Vertrouwelijk: de wethouder twijfelt.",
        author=circles.users["member"],
    )
    lessons = {
        "third": publish_lesson(circles.open_circle, "Werk samen met bestaande groepen", 4),
        "first": publish_lesson(circles.closed_circle, "Neem de tijd voor vertrouwen", 1),
        "second": publish_lesson(circles.open_circle, "Maak de wijk zichtbaar", 2),
        "unordered": publish_lesson(circles.open_circle, "Vier kleine successen", 5),
        "nominated": publish_lesson(circles.open_circle, "Alleen voorgedragen les", 6),
        "declined": publish_lesson(circles.open_circle, "Afgewezen les", 7),
    }
    lessons["first"].source_threads.add(secret)
    lessons["first"].save_revision().publish()
    feature(lessons["first"], region, position=1)
    feature(lessons["second"], region, position=2)
    feature(lessons["third"], region, position=3)
    feature(lessons["unordered"], region, position=None)
    feature(lessons["nominated"], region, status=NominationStatus.NOMINATED)
    feature(lessons["declined"], region, status=NominationStatus.DECLINED)
    # Featured elsewhere only: not a key lesson of this region.
    elsewhere = publish_lesson(circles.open_circle, "Kernles van Utrecht", 8)
    feature(elsewhere, circles.other_network, position=1)
    # A featured lesson that is still a draft.
    draft = circles.open_circle.add_child(
        instance=LessonPage(title="Conceptles", summary="Nog niet klaar.", live=False)
    )
    draft.save_revision()
    feature(draft, region, position=0)
    return lessons


def test_network_atom_is_well_formed_and_in_the_coordinators_order(rf, circles, curated):
    response = get(rf, feeds.network_atom_feed, circles.region, "feed/atom/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    entries = atom_entries(response)
    assert [entry["title"] for entry in entries] == [
        "Neem de tijd voor vertrouwen",
        "Maak de wijk zichtbaar",
        "Werk samen met bestaande groepen",
        "Vier kleine successen",
    ]
    first_url = curated["first"].get_full_url()
    assert entries[0]["id"] == first_url
    assert entries[0]["link"] == first_url


def test_network_json_feed_has_the_required_fields(rf, circles, curated):
    response = get(rf, feeds.network_json_feed, circles.region, "feed/json/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json"
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "Regio Gelderland"
    assert data["home_page_url"] == circles.region.get_full_url()
    assert data["feed_url"].endswith("/gelderland/feed/json/")
    assert [item["title"] for item in data["items"]] == [
        "Neem de tijd voor vertrouwen",
        "Maak de wijk zichtbaar",
        "Werk samen met bestaande groepen",
        "Vier kleine successen",
    ]
    first = data["items"][0]
    assert first["id"] == first["url"] == curated["first"].get_full_url()
    assert first["summary"] == "Begin bij wat er al is in de wijk."
    assert "Zoek de groepen op" in first["content_html"]
    assert first["date_published"]
    assert first["date_modified"]
    assert first["_leerkring"] == {
        "circle": "Vertrouwelijke kring",
        "origin_network": "Regio Gelderland",
    }


@pytest.mark.parametrize("view", [feeds.network_atom_feed, feeds.network_json_feed])
def test_only_featured_live_lessons_and_nothing_of_closed_threads(rf, circles, curated, view):
    content = get(rf, view, circles.region, "feed/").content.decode()

    assert "Neem de tijd voor vertrouwen" in content  # a closed circle's lesson is public
    for absent in ["Alleen voorgedragen les", "Afgewezen les", "Kernles van Utrecht", "Conceptles"]:
        assert absent not in content
    for secret in ["Geheim gesprek", "wethouder", "gesprekken/"]:
        assert secret not in content


def test_themes_become_tags(rf, circles, curated):
    from tests.factories import ThemeFactory

    lesson = curated["second"]
    lesson.themes.add(ThemeFactory(name="Participatie", slug="participatie"))
    lesson.save_revision().publish()

    data = json.loads(get(rf, feeds.network_json_feed, circles.region, "feed/json/").content)
    atom = parse_xml(get(rf, feeds.network_atom_feed, circles.region, "feed/atom/").content)

    assert data["items"][1]["tags"] == ["Participatie"]
    categories = atom.findall(f"{ATOM}entry")[1].findall(f"{ATOM}category")
    assert [category.get("term") for category in categories] == ["Participatie"]


def test_lessons_of_an_unpublished_circle_are_left_out(rf, circles, curated):
    # As when only the circle is unpublished and its lessons are left live.
    Page.objects.filter(pk=circles.closed_circle.pk).update(live=False)

    entries = atom_entries(get(rf, feeds.network_atom_feed, circles.region, "feed/atom/"))

    assert "Neem de tijd voor vertrouwen" not in [entry["title"] for entry in entries]


def test_circle_atom_lists_its_published_lessons_by_number(rf, circles, curated):
    response = get(rf, feeds.circle_atom_feed, circles.open_circle, "feed/atom/")

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    titles = [entry["title"] for entry in atom_entries(response)]
    assert titles == [
        "Maak de wijk zichtbaar",
        "Werk samen met bestaande groepen",
        "Vier kleine successen",
        "Alleen voorgedragen les",
        "Afgewezen les",
        "Kernles van Utrecht",
    ]
    assert "Conceptles" not in response.content.decode()


def test_closed_circle_feed_shows_lessons_but_not_threads(rf, circles, curated):
    content = get(rf, feeds.circle_atom_feed, circles.closed_circle, "feed/atom/").content
    root = parse_xml(content)

    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == [
        "Neem de tijd voor vertrouwen"
    ]
    assert b"Geheim gesprek" not in content
    assert b"wethouder" not in content


def test_empty_feeds_are_valid(rf, circles):
    assert atom_entries(get(rf, feeds.network_atom_feed, circles.other_network, "")) == []
    data = json.loads(get(rf, feeds.network_json_feed, circles.other_network, "").content)
    assert data["items"] == []


@pytest.mark.parametrize(
    "view,page",
    [
        (feeds.network_atom_feed, "region"),
        (feeds.network_json_feed, "region"),
        (feeds.circle_atom_feed, "open_circle"),
    ],
)
def test_feeds_cost_a_constant_number_of_queries(rf, circles, view, page):
    page = getattr(circles, page)

    def count():
        request = rf.get("/feed/")
        with CaptureQueriesContext(connection) as queries:
            view(request, page)
        return len(queries)

    for n in range(2):
        lesson = publish_lesson(circles.open_circle, f"Les {n}", n + 1)
        feature(lesson, circles.region, position=n)
    count()  # fills the cache of site root paths
    few = count()
    for n in range(2, 8):
        lesson = publish_lesson(circles.open_circle, f"Les {n}", n + 1)
        feature(lesson, circles.region, position=n)
    assert count() == few
    assert few <= 6  # 6 for a network: the other sites' lessons it features are one query


def test_feeds_are_served_at_their_addresses(client, circles):
    network = circles.region
    atom = client.get(network.url + "feed/atom/")
    json_feed = client.get(network.url + "feed/json/")
    circle_feed = client.get(circles.closed_circle.url + "feed/atom/")

    assert atom.status_code == json_feed.status_code == circle_feed.status_code == 200
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert json_feed["Content-Type"].startswith("application/feed+json")
    assert 'type="application/atom+xml"' in client.get(network.url).content.decode()
