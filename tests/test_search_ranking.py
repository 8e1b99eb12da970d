"""Ranking you can explain: for each pair of tiers a search where the higher one must win.

The order (docs/architecture.md, "Search"): the words in the title (as typed, then by stem
or word family, then only inside a compound), then in a lesson's or story's summary, then in
the rest of the text (as typed, by stem, inside a compound); a corrected search only when the
typed one finds nothing. In each pair the lower document mentions the word more often, so
that plain relevance alone would put it first: the tier, not the counting, decides.
"""

import pytest

from .factories import PracticeCasePageFactory
from .test_search import add_lesson, found_titles, publish, search_page

pytestmark = pytest.mark.django_db

NEUTRAL = "Bewoners en gemeente trokken vanaf het begin samen op."


def story(practice_index, title, summary=NEUTRAL, body=""):
    paragraphs = [("paragraph", f"<p>{body}</p>")] if body else []
    return publish(
        PracticeCasePageFactory(
            parent=practice_index, title=title, summary=summary, body=paragraphs
        )
    )


def ranks(client, query, *titles):
    found = found_titles(search_page(client, query))
    assert set(titles) <= set(found), found
    return [found.index(title) for title in titles]


def test_a_word_as_typed_ranks_above_its_other_forms_above_it_inside_a_compound(
    client, practice_index
):
    story(practice_index, "Verslag een", body="De buurt kreeg een subsidie.")
    story(
        practice_index,
        "Verslag twee",
        body="Subsidies, subsidies en nog eens subsidies voor de buurt.",
    )
    story(
        practice_index,
        "Verslag drie",
        body="Een warmtepompsubsidie, nog een warmtepompsubsidie, warmtepompsubsidie.",
    )
    exact, stem, part = ranks(client, "subsidie", "Verslag een", "Verslag twee", "Verslag drie")
    assert exact < stem < part
    # And the other way round: typed in the plural, the plural is the word as typed.
    plural, singular = ranks(client, "subsidies", "Verslag twee", "Verslag een")
    assert plural < singular


def test_a_word_family_ranks_as_a_stem_below_the_word_as_typed(client, practice_index):
    story(practice_index, "Avond een", body="Veel deelnemers, deelnemers van overal.")
    story(practice_index, "Avond twee", body="De deelname was goed.")
    typed, family = ranks(client, "deelname", "Avond twee", "Avond een")
    assert typed < family


def test_in_the_title_the_word_as_typed_above_its_stem_above_a_compound(client, practice_index):
    story(practice_index, "Een warmtepompsubsidie")
    story(practice_index, "Twee subsidies")
    story(practice_index, "De subsidie")
    exact, stem, part = ranks(
        client, "subsidie", "De subsidie", "Twee subsidies", "Een warmtepompsubsidie"
    )
    assert exact < stem < part


def test_the_title_above_the_summary_above_the_rest_of_the_text(client, practice_index):
    story(
        practice_index,
        "In de tekst",
        body="De klimaatstraat, de klimaatstraat en weer de klimaatstraat.",
    )
    story(
        practice_index,
        "In de samenvatting",
        summary="Over de klimaatstraat, en nog eens de klimaatstraat.",
    )
    story(practice_index, "De klimaatstraat")
    title, summary, text = ranks(
        client, "klimaatstraat", "De klimaatstraat", "In de samenvatting", "In de tekst"
    )
    assert title < summary < text


def test_a_compound_in_the_title_ranks_above_the_word_as_typed_in_the_text(client, practice_index):
    # The field comes first: a story called after a "warmtepompsubsidie" is about a subsidy.
    story(practice_index, "Verslag", body="Subsidie, subsidie: de subsidie kwam.")
    story(practice_index, "De warmtepompsubsidie")
    title, text = ranks(client, "subsidie", "De warmtepompsubsidie", "Verslag")
    assert title < text


def test_a_lessons_summary_ranks_above_a_lesson_with_the_word_only_in_its_text(client, circles):
    add_lesson(
        circles.open_circle,
        "Les in de tekst",
        "Over samenwerken.",
        application="De dorpsraad, de dorpsraad, altijd de dorpsraad.",
    )
    add_lesson(circles.open_circle, "Les in de samenvatting", "Begin bij de dorpsraad.")
    summary, text = ranks(client, "dorpsraad", "Les in de samenvatting", "Les in de tekst")
    assert summary < text


def test_a_word_found_inside_a_compound_is_not_corrected_to_another_word(client, practice_index):
    # A correction is the last tier: it is only tried when the typed words find nothing,
    # so a word met inside a compound keeps its results ("romp" is one letter away).
    story(practice_index, "Een nieuwe warmtepomp")
    story(practice_index, "De romp van het schip")
    outcome = search_page(client, "pomp").context["outcome"]
    assert [hit.document.heading for hit in outcome.hits] == ["Een nieuwe warmtepomp"]
    assert outcome.typed_query == ""
    # A word no text has is corrected, and the corrected search ranks by the same tiers.
    outcome = search_page(client, "warmtepmop").context["outcome"]
    assert outcome.typed_query == "warmtepmop"
    assert outcome.query == "warmtepomp"
    assert [hit.document.heading for hit in outcome.hits] == ["Een nieuwe warmtepomp"]


def test_a_summary_edit_moves_the_story_between_tiers(client, practice_index):
    # The summary is read from the document's text, and follows an edit of the summary.
    moved = story(practice_index, "Verslag een", summary="Een avond over de wijkraad.")
    story(practice_index, "Verslag twee", body="De wijkraad, de wijkraad, de wijkraad.")
    assert ranks(client, "wijkraad", "Verslag een", "Verslag twee") == [0, 1]
    moved.summary = NEUTRAL
    moved.body = [("paragraph", "<p>Ook de wijkraad.</p>")]
    publish(moved)
    story(practice_index, "Verslag drie", summary="De wijkraad vergaderde.")
    summary, text = ranks(client, "wijkraad", "Verslag drie", "Verslag een")
    assert summary < text
