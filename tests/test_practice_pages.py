"""Every public page of the practice journey renders, and hides what is not published."""

import pytest
from django.urls import reverse

from practices.choices import OrganisationKind

from .factories import (
    OrganisationFactory,
    PracticeCasePageFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_network_front_page_shows_latest_stories(client, network, practice_index):
    PracticeCasePageFactory(parent=practice_index, title="Klimaatstraatfeest in de Benedenbuurt")

    response = client.get(network.url)

    assert response.status_code == 200
    assert "Leernetwerk" in response.text
    assert "Klimaatstraatfeest in de Benedenbuurt" in response.text


def test_practice_list_shows_published_stories_newest_first(client, practice_index):
    older = PracticeCasePageFactory(parent=practice_index, title="Ouder verhaal")
    newer = PracticeCasePageFactory(parent=practice_index, title="Nieuwer verhaal")
    type(older).objects.filter(pk=older.pk).update(first_published_at="2025-01-01T10:00Z")

    response = client.get(practice_index.url)

    assert response.status_code == 200
    assert response.text.index(newer.title) < response.text.index(older.title)


def test_a_story_card_says_when_the_story_was_published(client, network, practice_index):
    story = PracticeCasePageFactory(parent=practice_index, title="Verhaal met een datum")
    type(story).objects.filter(pk=story.pk).update(first_published_at="2025-03-14T10:00Z")
    for url in (practice_index.url, network.url):
        response = client.get(url)
        assert '<time datetime="2025-03-14">14 maart 2025</time>' in response.text


def test_the_feed_link_says_what_a_feed_is_for(client, network):
    text = client.get(network.url).text
    assert "Volg deze lessen in je feedlezer" in text
    assert "nieuwsapp" in text


def test_story_page_shows_its_parts_and_related_stories(client, practice_index):
    theme = ThemeFactory(name="Warmtenet")
    cooperative = OrganisationFactory(name="Energiecoöperatie Benedenbuurt")
    municipality = OrganisationFactory(
        name="Gemeente Wageningen", kind=OrganisationKind.MUNICIPALITY
    )
    story = PracticeCasePageFactory(
        parent=practice_index,
        title="Een warmtenet tijdens de rioolvervanging",
        publisher=cooperative,
        organisations=[cooperative, municipality],
        themes=[theme],
        lessons_learned="<p>Blijf het initiatief steunen.</p>",
        contact_name="Anne de Vries",
    )
    related = PracticeCasePageFactory(
        parent=practice_index, title="Ook over warmte", themes=[theme]
    )
    unrelated = PracticeCasePageFactory(parent=practice_index, title="Iets anders")

    response = client.get(story.url)

    assert response.status_code == 200
    text = response.text
    for expected in (
        story.title,
        "Gemeente Wageningen",
        "Energiecoöperatie Benedenbuurt",
        "Warmtenet",
        "Blijf het initiatief steunen.",
        "Anne de Vries",
        related.title,
    ):
        assert expected in text
    assert unrelated.title not in text


def test_unpublished_story_is_invisible_to_the_public(client, practice_index):
    draft = PracticeCasePageFactory(parent=practice_index, title="Geheim concept", live=False)

    assert client.get(practice_index.url).text.count("Geheim concept") == 0
    assert client.get(draft.url_path.replace("/home", "", 1)).status_code == 404
    assert (
        "Geheim concept" not in client.get(reverse("leerkring_search:search"), {"q": "Geheim"}).text
    )


def test_organisation_directory_lists_only_public_organisations(client, organisation_index):
    OrganisationFactory(name="Grunneger Power", municipality="Groningen")
    OrganisationFactory(name="Nog niet goedgekeurd", is_public=False)

    response = client.get(organisation_index.url)

    assert response.status_code == 200
    assert "Grunneger Power" in response.text
    assert "Nog niet goedgekeurd" not in response.text


def test_organisation_detail_lists_its_published_stories(
    client, organisation_index, practice_index
):
    cooperative = OrganisationFactory(name="Grunneger Power", municipality="Groningen")
    PracticeCasePageFactory(
        parent=practice_index, title="Samen voor één doel", publisher=cooperative
    )
    PracticeCasePageFactory(
        parent=practice_index, title="Nog een concept", publisher=cooperative, live=False
    )

    response = client.get(f"{organisation_index.url}{cooperative.slug}/")

    assert response.status_code == 200
    assert "Samen voor één doel" in response.text
    assert "Nog een concept" not in response.text


def test_hidden_or_unknown_organisation_is_404(client, organisation_index):
    hidden = OrganisationFactory(name="Verborgen", is_public=False)

    assert client.get(f"{organisation_index.url}{hidden.slug}/").status_code == 404
    assert client.get(f"{organisation_index.url}bestaat-niet/").status_code == 404


def test_search_finds_published_story(client, practice_index):
    story = PracticeCasePageFactory(parent=practice_index, title="Huisarts als verbinder")
    story.save_revision().publish()

    response = client.get(reverse("leerkring_search:search"), {"q": "huisarts"})

    assert response.status_code == 200
    assert "<mark>Huisarts</mark> als verbinder" in response.text
