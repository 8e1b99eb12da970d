"""Mistyped searches: "Resultaten voor *warmtepomp*; zocht je toch *wamtepomp*?".

The vocabulary corrections come from is made of public texts only (docs/architecture.md,
"Search"), so no correction can name a word that only a closed circle uses, whoever searches.
"""

import pytest
from django.urls import reverse

from leerkring import conversations
from leerkring.search import spelling
from leerkring.search.documents import rebuild_all
from leerkring.search.models import SearchTermStat, Word

from .factories import MeetingFactory, PracticeCasePageFactory
from .test_search import found_titles, publish, search_page

pytestmark = pytest.mark.django_db

SEARCH = reverse("leerkring_search:search")
HEAT_PUMP_STORY = "Een warmtepomp voor het dorpshuis"
NEIGHBOURS_STORY = "De buurtvereniging neemt het voortouw"
SECRET = "kwartelkoning"


@pytest.fixture
def stories(circles, practice_index):
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title=HEAT_PUMP_STORY,
            summary="De warmtepomp draait sinds de winter op eigen stroom.",
        )
    )
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title=NEIGHBOURS_STORY,
            summary="Bewoners gingen met hun buurtvereniging langs de deuren.",
        )
    )
    thread = conversations.start_thread(
        circles.closed_circle,
        circles.users["member"],
        title="Vertrouwelijk",
        body=f"De {SECRET} zit in het riet.",
    )
    conversations.post_reply(thread, circles.users["facilitator"], "Dat blijft onder ons.")
    rebuild_all()
    return circles


@pytest.mark.parametrize(
    "typed,meant,title",
    [
        ("wamtepomp", "warmtepomp", HEAT_PUMP_STORY),  # a letter dropped
        ("buurtverenging", "buurtvereniging", NEIGHBOURS_STORY),  # a letter dropped
        ("warmtepopm", "warmtepomp", HEAT_PUMP_STORY),  # two letters swapped
        ("warmtepommp", "warmtepomp", HEAT_PUMP_STORY),  # a letter doubled
        ("buurtverwniging", "buurtvereniging", NEIGHBOURS_STORY),  # a neighbouring key
    ],
)
def test_a_mistyped_word_finds_what_was_meant_and_says_so(client, stories, typed, meant, title):
    response = search_page(client, typed)
    outcome = response.context["outcome"]
    assert found_titles(response)[0] == title
    assert (outcome.query, outcome.typed_query) == (meant, typed)
    page = response.content.decode()
    assert f"Resultaten voor <strong>{meant}</strong>; zocht je toch" in page
    assert "precies=1" in page


def test_the_link_under_a_correction_searches_as_typed(client, stories):
    response = search_page(client, "wamtepomp", precies="1")
    outcome = response.context["outcome"]
    assert outcome.hits == [] and outcome.typed_query == ""
    assert outcome.query == "wamtepomp"
    assert "zocht je toch" not in response.content.decode()


def test_a_correction_is_only_tried_for_words_no_text_has(client, stories):
    # "warmtepompen" is a plural of a known word: searched as it is, nothing corrected.
    outcome = search_page(client, "warmtepompen").context["outcome"]
    assert outcome.typed_query == "" and found_titles_of(outcome) == [HEAT_PUMP_STORY]
    # A word far from every public word is left as typed: nothing found, nothing guessed.
    outcome = search_page(client, "blauwvintonijn").context["outcome"]
    assert outcome.typed_query == "" and outcome.total == 0


def test_of_two_words_only_the_mistyped_one_is_corrected(client, stories):
    outcome = search_page(client, "buurtverenging deuren").context["outcome"]
    assert outcome.query == "buurtvereniging deuren"
    assert found_titles_of(outcome) == [NEIGHBOURS_STORY]
    assert outcome.every_word


def found_titles_of(outcome):
    return [hit.document.heading for hit in outcome.hits]


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator", "coordinator"])
def test_a_closed_circles_word_is_never_offered_as_a_correction(client, stories, role):
    """Not even to its members (who may still find the thread by a form of its own word):
    the vocabulary is public, so no correction hints at a closed word."""
    if role != "anonymous":
        client.force_login(stories.users[role])
    for typo in ("kwartelkonin", "kwartelkonnig", "kwatrelkoning"):
        response = search_page(client, typo)
        assert response.context["outcome"].typed_query == ""
        if role == "anonymous":
            assert SECRET not in response.content.decode()
    assert not Word.objects.filter(word=SECRET).exists()
    assert spelling.correction("kwartelkonin") is None


def test_the_vocabulary_follows_what_is_published(client, stories, practice_index):
    assert Word.objects.filter(word="warmtepomp").exists()
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Riothermie onder de markt",
            summary="Warmte uit het riool verwarmt het stadhuis.",
        )
    )
    # Saved and published: its words can be corrected to at once, before any rebuild.
    outcome = search_page(client, "riotermie").context["outcome"]
    assert outcome.query == "riothermie"
    assert found_titles_of(outcome) == ["Riothermie onder de markt"]
    # A rebuild counts again from what is there: the closed thread's words stay out.
    rebuild_all()
    assert Word.objects.get(word="warmtepomp").documents == 1
    assert not Word.objects.filter(word=SECRET).exists()


def test_the_search_report_counts_what_was_typed(client, stories):
    search_page(client, "wamtepomp")
    stat = SearchTermStat.objects.get()
    assert (stat.query_string, stat.searches, stat.empty_searches) == ("wamtepomp", 1, 0)


def test_a_script_tag_is_no_search_for_everything_with_a_1(client, circles):
    for number in range(4):
        MeetingFactory(circle=circles.open_circle, title=f"Bijeenkomst {number}", agenda="1")
    rebuild_all()
    response = search_page(client, "<script>alert(1)</script>")
    assert response.context["outcome"].total == 0
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # A number on its own is still a search.
    assert search_page(client, "1").context["outcome"].total == 4


@pytest.mark.parametrize(
    "query",
    ["", " ", "a" * 500, "wamtepomp " * 40, "ẅåḿţëṗøṁṗ", "\u200bwamtepomp", "%_", "'; DROP"],
)
def test_odd_queries_with_corrections_never_fail(client, stories, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200


def test_postgresql_finds_near_words_through_a_trigram_index(stories):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's; SQLite compares word lengths")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'leerkring_search_word_trigrams'"
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
    assert spelling.correction("wamtepomp") == "warmtepomp"


def test_a_search_server_is_asked_for_near_spellings_below_the_typed_words():
    """Elasticsearch and OpenSearch match within their edit distance themselves
    ("fuzziness": AUTO); such a match weighs less than the word as typed."""
    from wagtail.search.query import Boost, Fuzzy, Or, PlainText

    from leerkring.search import dutch
    from leerkring.search.matching import BackendMatcher

    query = BackendMatcher.query(dutch.query_variants("wamtepomp"))
    assert isinstance(query, Or)
    exact = [part.query_string for part in query.subqueries if isinstance(part, PlainText)]
    assert "wamtepomp" in exact
    (near,) = [part for part in query.subqueries if isinstance(part, Boost)]
    assert isinstance(near.subquery, Fuzzy) and near.subquery.query_string == "wamtepomp"
    assert near.boost < 1
