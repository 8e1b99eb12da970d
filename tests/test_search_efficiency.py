"""What a search and a rebuild cost: the full-text match runs once per search, a search's
statements do not grow with the documents, and a rebuild of an unchanged site writes nothing.

The times are measured by ``bench/search.py``; these tests hold the shape that makes them.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from leerkring.search import dutch, engine
from leerkring.search.documents import rebuild_all
from leerkring.search.matching import matcher_for
from leerkring.search.models import SearchDocument
from practices.models import PracticeCasePage

from .factories import PracticeCasePageFactory, ThemeFactory
from .test_search import make_stories, publish

pytestmark = pytest.mark.django_db

# The audiences, the one statement that matches, ranks and counts, the facet labels (themes,
# networks, circles), the documents of the page and the promotions; a few to spare.
SEARCH_MAX_QUERIES = 8


def _stories(practice_index, count, **fields):
    make_stories(practice_index, count, municipalities=3, **fields)


def _index_statements(queries):
    table = IndexEntry._meta.db_table
    return [query["sql"] for query in queries if table in query["sql"]]


def _writes(queries):
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]


def _index_entries():
    content_type = ContentType.objects.get_for_model(SearchDocument)
    return list(
        IndexEntry.objects.filter(content_type=content_type)
        .order_by("pk")
        .values_list("pk", "object_id", "title", "body", "autocomplete", "title_norm")
    )


def test_a_search_runs_the_full_text_match_once(practice_index):
    _stories(practice_index, 4)
    engine.search("warmteplan", AnonymousUser())  # warm the caches
    with CaptureQueriesContext(connection) as captured:
        outcome = engine.search("warmteplan", AnonymousUser())
    assert outcome.total == 4 and len(outcome.hits) == 4
    assert len(_index_statements(captured)) == 1

    # A sentence that no document has all the words of: a second match, for some of them.
    with CaptureQueriesContext(connection) as captured:
        outcome = engine.search("warmteplan zeilboot", AnonymousUser())
    assert not outcome.every_word and outcome.total == 4
    assert len(_index_statements(captured)) == 2


@pytest.mark.parametrize("size", [3, 40])
def test_a_searchs_statements_do_not_grow_with_the_documents(
    practice_index, size, django_assert_max_num_queries
):
    warmte = ThemeFactory(name="Warmte", slug="warmte")
    _stories(practice_index, size, themes=[warmte])
    engine.search("warmteplan", AnonymousUser())  # warm the caches
    with django_assert_max_num_queries(SEARCH_MAX_QUERIES):
        outcome = engine.search("warmteplan", AnonymousUser())
    assert outcome.total == size
    assert {value.label: value.count for value in outcome.facets["theme"]} == {"Warmte": size}
    with django_assert_max_num_queries(SEARCH_MAX_QUERIES):
        engine.search("warmteplan", AnonymousUser(), page_number=2, per_page=2)


def test_one_statement_ranks_the_best_and_counts_them_all(practice_index):
    _stories(practice_index, 5)
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Warmteplan",
            summary="Over het warmteplan, het warmteplan en nog eens het warmteplan.",
            municipality="Gemeente 9",
        )
    )
    documents = engine.visible_documents(AnonymousUser())
    matcher = matcher_for(get_search_backend())
    found = matcher.find(documents, [{"warmteplan"}], 2)
    best = SearchDocument.objects.get(pk=found.matches[0].pk)
    # All six have the word in the title; this one has only that, and the word thrice more.
    assert best.heading == "Warmteplan"
    assert len(found.matches) == 2
    assert found.matches[0].score >= found.matches[1].score
    # The counts are of all six matches, not of the two ranked.
    assert found.tally.total == 6
    assert found.tally.kind == {"story": 6}
    assert found.tally.municipality == {
        "Gemeente 0": 2,
        "Gemeente 1": 2,
        "Gemeente 2": 1,
        "Gemeente 9": 1,
    }
    nothing = matcher.find(documents, [{"zeilboot"}], 2)
    assert nothing.matches == [] and nothing.tally.total == 0


def test_a_rebuild_of_an_unchanged_site_writes_nothing(practice_index):
    _stories(practice_index, 3, themes=[ThemeFactory(name="Warmte", slug="warmte")])
    rebuild_all()
    entries = _index_entries()
    documents = list(SearchDocument.objects.order_by("pk").values_list())
    with CaptureQueriesContext(connection) as captured:
        assert rebuild_all() == 3
    assert _writes(captured) == []
    assert _index_entries() == entries
    assert list(SearchDocument.objects.order_by("pk").values_list()) == documents


def test_a_rebuild_reindexes_only_the_changed_document(practice_index):
    _stories(practice_index, 2)
    changed = publish(PracticeCasePageFactory(parent=practice_index, title="De zonneweide"))
    # A queryset update sends no signal: the document and its index entry are the old ones.
    PracticeCasePage.objects.filter(pk=changed.pk).update(title="De windmolen")
    before = {entry[1]: entry for entry in _index_entries()}
    rebuild_all()
    after = {entry[1]: entry for entry in _index_entries()}
    key = str(SearchDocument.objects.get(source_id=changed.pk).pk)
    assert after[key] != before[key]
    assert {k: v for k, v in after.items() if k != key} == {
        k: v for k, v in before.items() if k != key
    }
    found = engine.search("windmolen", AnonymousUser())
    assert [hit.document.heading for hit in found.hits] == ["De windmolen"]
    assert engine.search("zonneweide", AnonymousUser()).total == 0


def test_a_rebuild_refills_an_emptied_index(practice_index):
    _stories(practice_index, 2)
    content_type = ContentType.objects.get_for_model(SearchDocument)
    IndexEntry.objects.filter(content_type=content_type).delete()
    assert engine.search("warmteplan", AnonymousUser()).total == 0
    rebuild_all()
    assert engine.search("warmteplan", AnonymousUser()).total == 2


def test_a_rebuild_follows_changed_themes_without_rewriting_the_rest(practice_index):
    warmte = ThemeFactory(name="Warmte", slug="warmte")
    zon = ThemeFactory(name="Zon", slug="zon")
    _stories(practice_index, 2, themes=[warmte])
    rebuild_all()
    story = PracticeCasePage.objects.order_by("pk").first()
    # Behind the signals' back, as an import would.
    PracticeCasePage.themes.through.objects.filter(practicecasepage_id=story.pk).update(
        theme_id=zon.pk
    )
    with CaptureQueriesContext(connection) as captured:
        rebuild_all()
    table = SearchDocument.themes.through._meta.db_table
    assert all(table in sql for sql in _writes(captured) if "ANALYZE" not in sql)
    outcome = engine.search("warmteplan", AnonymousUser())
    assert {value.label: value.count for value in outcome.facets["theme"]} == {
        "Warmte": 1,
        "Zon": 1,
    }


def test_a_rebuild_analyses_again_what_another_analysis_made(practice_index):
    _stories(practice_index, 2)
    assert engine.search("warmte", AnonymousUser()).total == 2  # a part of "warmteplan"
    # Documents written by an analysis that did not split compounds, as after an upgrade that
    # changed the rules or the lexicon: their keys are stale, and searching shows it.
    SearchDocument.objects.update(heading_terms="", text_terms="", analysis="ouder")
    stale = list(SearchDocument.objects.all())
    for document in stale:
        document.index_digest = document.digest_for_index()
        document.save(update_fields=["index_digest"])
    get_search_backend().add_bulk(SearchDocument, stale)
    assert engine.search("warmte", AnonymousUser()).total == 0
    rebuild_all()
    assert engine.search("warmte", AnonymousUser()).total == 2
    assert set(SearchDocument.objects.values_list("analysis", flat=True)) == {dutch.analysis()}


def test_rich_text_is_read_as_words_with_its_references_and_block_breaks(practice_index):
    story = publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Warmte en koude",
            body=[
                ("paragraph", "<p>Warmte &amp; koude</p><p>Isolatie<br>eerst</p>"),
                ("paragraph", "<p>Openbaar</p><script>geheimeCode()</script>"),
            ],
            lessons_learned="<ul><li>Zonnedak</li><li>Buurtbus &eacute;&eacute;n</li></ul>",
        )
    )
    text = SearchDocument.objects.get(source_id=story.pk, kind="story").text
    assert "Warmte & koude Isolatie eerst" in text
    assert "Zonnedak Buurtbus één" in text
    assert "Openbaar" in text and "geheimeCode" not in text
    assert "<" not in text and "&amp;" not in text
    assert engine.search("buurtbus", AnonymousUser()).total == 1
