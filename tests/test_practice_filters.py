"""Filtering 'Uit de praktijk' and the directory through the query string."""

import pytest

from practices.choices import ApproachPhase, OrganisationKind

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
        ),
        "tilburg": PracticeCasePageFactory(
            parent=practice_index,
            title="Elektrische modelauto in De Kuil",
            municipality="Tilburg",
            themes=[schools],
            phase=ApproachPhase.CHARACTERISING,
        ),
        "haringvliet": PracticeCasePageFactory(
            parent=practice_index,
            title="Dorpsraad vanaf het begin",
            municipality="Goeree-Overflakkee",
            themes=[schools, heat],
            organisations=[village],
            phase=ApproachPhase.EXPLORING,
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
        {"theme": "", "municipality": "", "kind": "", "phase": ""},
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
