"""Searching the documents a person may read: matching, ranking and paging.

The facets are ``leerkring.search.facets``, the marked titles and excerpts
``leerkring.search.highlighting``.

Every search goes through Wagtail's search backend (the database backend on SQLite or
PostgreSQL, or Elasticsearch), on a queryset already narrowed to the audiences the person
belongs to. What a person may not read is therefore never matched, counted or suggested.

The results are ordered by relevance, and the best of them by the tiers of
``leerkring.search.ranking``: where and how the words met them.

The number of SQL queries is fixed: the audiences, one statement that matches once and
returns the best matches (with what their tiers are read from) and the total and all facet
counts (a second one only when no document has every word), one per facet label kind, the
documents of the page shown and the promotions (``leerkring.search.matching`` says how the
database backends keep each of them cheap).
"""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, Paginator
from wagtail.search.backends import get_search_backend

from leerkring.access import readable_closed_circle_ids
from leerkring.models import LearningCirclePage, NetworkPage

from . import dutch, ranking, spelling
from .facets import Filters, facet_values
from .highlighting import excerpt, marked, stems_of
from .matching import matcher_for
from .models import PUBLIC, DocumentKind, SearchDocument, circle_audience

MAX_QUERY_LENGTH = 200
MAX_RANKED = 500  # results ranked and paged; more matches are counted but not listed
PER_PAGE = 10
AUTOCOMPLETE_LIMIT = 8


def readable_audiences(user):
    """The audiences whose documents this user may find, or None for all (superusers)."""
    circles = readable_closed_circle_ids(user)
    if circles is None:
        return None
    return [PUBLIC, *(circle_audience(pk) for pk in sorted(circles))]


def visible_documents(user):
    documents = SearchDocument.objects.all()
    audiences = readable_audiences(user)
    if audiences is not None:
        documents = documents.filter(audience__in=audiences)
    return documents


@dataclass
class Hit:
    document: SearchDocument
    heading: str
    excerpt: str
    network: NetworkPage | None = None
    circle: LearningCirclePage | None = None


@dataclass
class Outcome:
    query: str
    filters: Filters
    hits: list = field(default_factory=list)
    page: object = None
    total: int = 0
    facets: dict = field(default_factory=dict)
    searched: bool = False
    capped: bool = False
    common_words_only: bool = False
    every_word: bool = True  # False: nothing had all the words; these have some
    typed_query: str = ""  # set when these are the results of a corrected query


def _ranked(matches):
    """Matches in the order given; among equally relevant ones next to each other, featured
    lessons first."""
    group, previous, keyed = 0, object(), []
    for position, match in enumerate(matches):
        score = round(match.score, 9)
        if score != previous:
            group += 1
            previous = score
        keyed.append(((group, not match.featured, position), match))
    keyed.sort(key=lambda pair: pair[0])
    return [match for _key, match in keyed]


def _find(matcher, documents, variants):
    """The matches with every word; failing that, with some (and False)."""
    # The best matches, the total and every facet count: one statement on the databases.
    found = matcher.find(documents, variants, MAX_RANKED, words_for=ranking.RERANKED)
    if found.matches or len(variants) < 2:
        return found, True
    # A question typed as a sentence ("wat doen anderen met een energiecoöperatie?") rarely
    # has all its words in one text: then show what has some of them, best first. Not on a
    # letter or digit alone: "<script>alert(1)</script>" is no search for everything with 1.
    telling = [variant for variant in variants if max(map(len, variant)) > 1]
    if not telling:
        return found, True
    return matcher.find(documents, telling, MAX_RANKED, every_word=False), False


def search(query, user, filters=None, page_number=1, per_page=PER_PAGE, correct=True):
    """Search what ``user`` may read. Never raises on what a visitor types.

    With ``correct``, a query that finds nothing, or only texts with some of its words, is
    searched again with its mistyped words corrected (``spelling``) when that finds more;
    the outcome then carries the corrected query and, in ``typed_query``, the typed one.
    """
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    filters = filters or Filters()
    outcome = Outcome(query=query, filters=filters)
    variants = dutch.query_variants(query)
    if not variants:
        outcome.common_words_only = dutch.only_stopwords(query)
        return outcome
    outcome.searched = True
    documents = filters.apply(visible_documents(user))
    matcher = matcher_for(get_search_backend())
    found, outcome.every_word = _find(matcher, documents, variants)
    if correct and not (found.matches and outcome.every_word):
        corrected = spelling.corrected_query(query)
        better_variants = dutch.query_variants(corrected) if corrected else []
        if better_variants:
            again, every_word = _find(matcher, documents, better_variants)
            if again.matches and (every_word or not found.matches):
                found, outcome.every_word, variants = again, every_word, better_variants
                outcome.typed_query, outcome.query = query, corrected
                query = corrected
    matches = found.matches
    if outcome.every_word:
        # In the statement's order, whose best rows came with their ranking words.
        matches = ranking.in_tiers(matches, variants, found.documents)
    ranked = _ranked(matches)
    if ranked:  # with no match there is nothing to count
        outcome.total = found.tally.total
        outcome.facets = facet_values(found.tally, query, filters)
    outcome.capped = outcome.total > len(ranked)

    paginator = Paginator(ranked, per_page)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    outcome.page = page
    ids = [document.pk for document in page.object_list]
    full = SearchDocument.objects.select_related("network", "circle").in_bulk(ids)
    stems = stems_of(variants)
    outcome.hits = [
        Hit(
            document=full[pk],
            heading=marked(full[pk].heading, stems),
            excerpt=excerpt(full[pk].text, stems),
            network=full[pk].network,
            circle=full[pk].circle,
        )
        for pk in ids
        if pk in full
    ]
    return outcome


def suggestions(query, user, limit=AUTOCOMPLETE_LIMIT):
    """Titles that start with what was typed, for the search box; only what the user may
    read."""
    typed = dutch.words((query or "")[:MAX_QUERY_LENGTH])
    words = [word for word in typed if dutch.searchable(word)][:6]
    if not words:
        return []
    matcher = matcher_for(get_search_backend())
    seen, found = set(), []
    for heading, url, kind in matcher.completions(visible_documents(user), words, limit * 3):
        if (heading, url) in seen:
            continue
        seen.add((heading, url))
        found.append({"title": heading, "url": url, "type": str(DocumentKind(kind).label)})
        if len(found) == limit:
            break
    return found
