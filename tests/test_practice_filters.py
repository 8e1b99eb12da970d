"""Filtering 'Uit de praktijk' and the directory through the query string."""

import html
import re

import pytest

from practices.choices import ApproachPhase, OrganisationKind, Track

from .factories import OrganisationFactory, PracticeCasePageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(practice_index):
    heat = ThemeFactory(name="Warmtenet", slug="warmtenet")
    schools = ThemeFactory(name="Scholen", slug="scholen")
    cooperative = OrganisationFactory(kind=OrganisationKind.ENERGY_COOPERATIVE)
    village = OrganisationFactory(name="Dorpsraad", kind=OrganisationKind.VILLAGE_COUNCIL)
    return {
        "wageningen": PracticeCasePageFactory(
            parent=practice_index,
            title="Warmtenet Benedenbuurt",
            municipality="Wageningen",
            themes=[heat],
            publisher=cooperative,
            phase=ApproachPhase.PLANNING,
            track=Track.B,
        ),
        "tilburg": PracticeCasePageFactory(
            parent=practice_index,
            title="Elektrische modelauto in De Kuil",
            municipality="Tilburg",
            themes=[schools],
            phase=ApproachPhase.CHARACTERISING,
            track=Track.A,
        ),
        "haringvliet": PracticeCasePageFactory(
            parent=practice_index,
            title="Dorpsraad vanaf het begin",
            municipality="Goeree-Overflakkee",
            themes=[schools, heat],
            organisations=[village],
            phase=ApproachPhase.EXPLORING,
            track=Track.A,
        ),
    }


def titles_in(response, stories):
    return {key for key, story in stories.items() if story.title in response.text}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"theme": "warmtenet"}, {"wageningen", "haringvliet"}),
        ({"municipality": "Tilburg"}, {"tilburg"}),
        ({"kind": "energiecooperatie"}, {"wageningen"}),
        ({"kind": "dorpsraad"}, {"haringvliet"}),
        ({"phase": "2-karakteriseren"}, {"tilburg"}),
        ({"theme": "scholen", "phase": "1-verkennen"}, {"haringvliet"}),
        ({"theme": "warmtenet", "municipality": "Tilburg"}, set()),
        ({"track": "A"}, {"tilburg", "haringvliet"}),
        ({"track": "B", "theme": "warmtenet"}, {"wageningen"}),
        ({"track": "C"}, set()),
    ],
)
def test_filters_narrow_the_list(client, practice_index, stories, query, expected):
    response = client.get(practice_index.url, query)

    assert response.status_code == 200
    assert titles_in(response, stories) == expected


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"theme": "", "municipality": "", "kind": "", "phase": "", "track": "", "order": ""},
        {"page": ""},
    ],
)
def test_empty_filters_give_the_full_list(client, practice_index, stories, query):
    response = client.get(practice_index.url, query)

    assert response.status_code == 200
    assert titles_in(response, stories) == set(stories)
    assert "niet geldig" not in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "bestaat-niet"},
        {"municipality": "Atlantis"},
        {"kind": "<script>alert(1)</script>"},
        {"phase": "99"},
        {"track": "Z"},
        {"order": "-pk"},
        {"order": "title; DROP TABLE practices_practicecasepage"},
        {"theme": "'; DROP TABLE practices_theme; --"},
        {"municipality": "🏘️" * 50},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "999999999999999999999"},
    ],
)
def test_invalid_filters_are_ignored_with_a_message(client, practice_index, stories, query):
    response = client.get(practice_index.url, query)

    assert response.status_code == 200
    assert titles_in(response, stories) == set(stories)
    assert "<script>alert(1)</script>" not in response.text
    if "page" not in query:
        assert "niet geldig" in response.text


def test_the_track_filter_offers_the_three_tracks_by_name(client, practice_index, stories):
    response = client.get(practice_index.url)

    assert '<select name="track"' in response.text
    assert "Spoor A: bewoners en draagvlak" in response.text


def test_stories_can_be_sorted_by_municipality_and_newest_is_the_default(client, practice_index):
    PracticeCasePageFactory(parent=practice_index, title="Eerst in Arnhem", municipality="Arnhem")
    PracticeCasePageFactory(parent=practice_index, title="Later in Zwolle", municipality="Zwolle")

    def order_of(response):
        return sorted(["Eerst in Arnhem", "Later in Zwolle"], key=response.text.index)

    newest = client.get(practice_index.url)
    by_municipality = client.get(practice_index.url, {"order": "gemeente"})

    assert order_of(newest) == ["Later in Zwolle", "Eerst in Arnhem"]
    assert order_of(by_municipality) == ["Eerst in Arnhem", "Later in Zwolle"]
    assert 'value="gemeente" selected' in by_municipality.text


def test_the_default_order_is_not_an_active_filter(client, practice_index, stories):
    response = client.get(practice_index.url, {"order": "nieuwste"})

    assert "Wis alle filters" not in response.text
    assert "Wis alle filters" in client.get(practice_index.url, {"order": "gemeente"}).text


def test_reading_on_by_municipality_shows_every_story_once_in_that_order(
    client, practice_index, settings
):
    from practices.models import PracticeCasePage

    settings.PRACTICES_PAGE_SIZE = 2
    for number, municipality in enumerate(["Zwolle", "Arnhem", "Ede", "Apeldoorn", "Ede"]):
        PracticeCasePageFactory(
            parent=practice_index, title=f"Verhaal {number}", municipality=municipality
        )
    expected = list(
        PracticeCasePage.objects.live()
        .order_by("municipality", "title", "pk")
        .values_list("title", flat=True)
    )

    seen, query = [], "order=gemeente"
    while query:
        page = client.get(f"{practice_index.url}?{query}").text
        seen += [title for title in expected if f">{title}<" in page]
        query = _next_link(page)
        assert query is None or ("order=gemeente" in query and "na=" not in query)

    assert seen == expected


def test_pagination_links_keep_the_filters(client, practice_index, settings):
    settings.PRACTICES_PAGE_SIZE = 2
    theme = ThemeFactory(slug="warmtenet")
    for number in range(5):
        PracticeCasePageFactory(parent=practice_index, title=f"Verhaal {number}", themes=[theme])
    PracticeCasePageFactory(parent=practice_index, title="Zonder thema")

    response = client.get(practice_index.url, {"theme": "warmtenet"})

    assert "theme=warmtenet&amp;page=2" in response.text
    assert (
        "Zonder thema" not in client.get(practice_index.url, {"theme": "warmtenet", "page": 3}).text
    )


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ({"kind": "gemeente"}, "Gemeente Zeist", "Grunneger Power"),
        ({"municipality": "Groningen"}, "Grunneger Power", "Gemeente Zeist"),
        ({"q": "grunneger"}, "Grunneger Power", "Gemeente Zeist"),
        ({"stage": "professional"}, "Grunneger Power", "Gemeente Zeist"),
    ],
)
def test_directory_filters(client, organisation_index, query, shown, hidden):
    OrganisationFactory(name="Gemeente Zeist", kind="gemeente", municipality="Zeist")
    OrganisationFactory(name="Grunneger Power", municipality="Groningen", stage="professional")

    response = client.get(organisation_index.url, query)

    assert response.status_code == 200
    assert shown in response.text
    assert hidden not in response.text


@pytest.mark.parametrize(
    "query", [{"kind": "ufo"}, {"municipality": "<b>x</b>"}, {"q": "x" * 5000}, {"page": "zz"}]
)
def test_directory_survives_invalid_filters(client, organisation_index, query):
    OrganisationFactory(name="Gemeente Zeist", kind="gemeente", municipality="Zeist")

    response = client.get(organisation_index.url, query)

    assert response.status_code == 200
    assert "Gemeente Zeist" in response.text
    assert "<b>x</b>" not in response.text


def _next_link(page):
    found = re.search(r'<a rel="next" href="\?([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def test_reading_on_page_by_page_shows_every_story_once_in_order(client, practice_index, settings):
    from datetime import timedelta

    from django.utils import timezone

    from practices.models import PracticeCasePage

    settings.PRACTICES_PAGE_SIZE = 3
    theme = ThemeFactory(slug="warmtenet")
    same_day = timezone.now() - timedelta(days=3)
    for number in range(8):
        PracticeCasePageFactory(parent=practice_index, title=f"Verhaal {number}", themes=[theme])
    # Three published at the same moment: the key still orders them, by id.
    PracticeCasePage.objects.filter(title__in=["Verhaal 2", "Verhaal 3", "Verhaal 4"]).update(
        first_published_at=same_day
    )
    expected = list(
        PracticeCasePage.objects.live()
        .order_by("-first_published_at", "-pk")
        .values_list("title", flat=True)
    )

    seen, query = [], "theme=warmtenet"
    while query:
        page = client.get(f"{practice_index.url}?{query}").text
        seen += [title for title in expected if f">{title}<" in page]
        query = _next_link(page)
        assert query is None or ("theme=warmtenet" in query and "na=" in query)

    assert sorted(seen, key=expected.index) == seen == expected


def test_a_deep_page_is_read_from_its_key_not_by_skipping_rows(client, practice_index, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PRACTICES_PAGE_SIZE = 2
    for number in range(7):
        PracticeCasePageFactory(parent=practice_index, title=f"Verhaal {number}")
    query = _next_link(client.get(practice_index.url).text)
    second = client.get(f"{practice_index.url}?{query}").text
    query = _next_link(second)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"{practice_index.url}?{query}")

    assert page.status_code == 200 and "Pagina 3 van 4" in page.text
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
    back = re.search(r'<a rel="prev" href="\?([^"]+)"', page.text).group(1)
    assert "voor=" in back
    again = client.get(f"{practice_index.url}?{html.unescape(back)}").text
    shown = re.compile(r">Verhaal \d<")
    assert shown.findall(again) == shown.findall(second)


@pytest.mark.parametrize("key", ["abc", "999999", "-5", "9" * 40, "<script>", ""])
def test_a_wrong_key_falls_back_to_the_page_number(client, practice_index, settings, key):
    settings.PRACTICES_PAGE_SIZE = 2
    for number in range(5):
        PracticeCasePageFactory(parent=practice_index, title=f"Verhaal {number}")

    for name in ("na", "voor"):
        response = client.get(practice_index.url, {"page": "2", name: key})
        assert response.status_code == 200
        assert "Pagina 2 van 3" in response.text


def test_the_municipality_choices_list_each_municipality_once(client, practice_index):
    for number in range(6):
        PracticeCasePageFactory(
            parent=practice_index, title=f"Verhaal {number}", municipality="Zwolle"
        )
    PracticeCasePageFactory(parent=practice_index, title="Elders", municipality="Apeldoorn")

    page = client.get(practice_index.url).text

    assert page.count('<option value="Zwolle">') == 1
    assert page.index('value="Apeldoorn"') < page.index('value="Zwolle"')


def test_a_restricted_story_s_municipality_is_not_offered(client, practice_index):
    from wagtail.models import PageViewRestriction

    PracticeCasePageFactory(parent=practice_index, title="Open", municipality="Zwolle")
    hidden = PracticeCasePageFactory(parent=practice_index, title="Dicht", municipality="Ede")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")

    page = client.get(practice_index.url).text

    assert 'value="Zwolle"' in page and 'value="Ede"' not in page
