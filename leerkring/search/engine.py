"""Searching the documents a person may read: ranking, facets, excerpts, promotions.

Every search goes through Wagtail's search backend (the database backend on SQLite or
PostgreSQL, or Elasticsearch), on a queryset already narrowed to the audiences the person
belongs to. What a person may not read is therefore never matched, counted or suggested.

The number of SQL queries is fixed: the audiences, one statement that matches once and
returns both the best matches and the total and all facet counts (a second one only when no
document has every word), one per facet label kind, the documents of the page shown and the
promotions (``leerkring.search.matching`` says how the database backends keep each of them cheap).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.search.backends import get_search_backend

from leerkring.access import readable_closed_circle_ids
from leerkring.models import LearningCirclePage, NetworkPage
from leerkring.params import plain_text, positive_int
from practices.models import Theme

from . import dutch, spelling
from .matching import matcher_for
from .models import PUBLIC, DocumentKind, SearchDocument, circle_audience

MAX_QUERY_LENGTH = 200
MAX_RANKED = 500  # results ranked and paged; more matches are counted but not listed
PER_PAGE = 10
EXCERPT_LENGTH = 240
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
class Filters:
    """The facet choices of a request, validated: unknown values are dropped, not an error."""

    kind: str = ""
    theme: Theme | None = None
    municipality: str = ""
    network: int | None = None
    circle: int | None = None

    @classmethod
    def from_request(cls, params):
        def number(name):
            return positive_int(params.get(name, ""))

        kind = params.get("type", "")
        theme_slug = plain_text(params.get("theme", ""), 100)
        theme = Theme.objects.filter(slug=theme_slug).first() if theme_slug else None
        return cls(
            kind=kind if kind in DocumentKind.values else "",
            theme=theme,
            municipality=plain_text(params.get("municipality", ""), 100).strip(),
            network=number("network"),
            circle=number("circle"),
        )

    def apply(self, documents):
        if self.kind:
            documents = documents.filter(kind=self.kind)
        if self.theme:
            # The backends filter on the document's own fields only; the theme link is
            # reached through a subquery on the primary key.
            tagged = SearchDocument.themes.through.objects.filter(theme_id=self.theme.pk)
            documents = documents.filter(pk__in=tagged.values("searchdocument_id"))
        if self.municipality:
            documents = documents.filter(municipality=self.municipality)
        if self.network:
            documents = documents.filter(network=self.network)
        if self.circle:
            documents = documents.filter(circle=self.circle)
        return documents

    def params(self):
        values = {
            "type": self.kind,
            "theme": self.theme.slug if self.theme else "",
            "municipality": self.municipality,
            "network": self.network or "",
            "circle": self.circle or "",
        }
        return {name: value for name, value in values.items() if value}

    def is_empty(self):
        return not self.params()


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


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
    """Matches in order of relevance; among equally relevant ones, featured lessons first."""
    group, previous, keyed = 0, object(), []
    for position, match in enumerate(matches):
        score = round(match.score, 9)
        if score != previous:
            group += 1
            previous = score
        keyed.append(((group, not match.featured, position), match))
    keyed.sort(key=lambda pair: pair[0])
    return [match for _key, match in keyed]


def _facet_url(query, filters, name, value):
    params = {"q": query, **filters.params()}
    if value is None:
        params.pop(name, None)
    else:
        params[name] = value
    return "?" + urlencode(params)


def _facets(tally, query, filters):
    counts = {
        "type": tally.kind,
        "theme": tally.theme,
        "municipality": tally.municipality,
        "network": tally.network,
        "circle": tally.circle,
    }
    theme_ids = [pk for pk in counts["theme"] if pk]
    network_ids = [pk for pk in counts["network"] if pk]
    circle_ids = [pk for pk in counts["circle"] if pk]
    themes = {theme.pk: theme for theme in Theme.objects.filter(pk__in=theme_ids)}
    networks = dict(NetworkPage.objects.filter(pk__in=network_ids).values_list("pk", "title"))
    circles = dict(LearningCirclePage.objects.filter(pk__in=circle_ids).values_list("pk", "title"))
    kinds = dict(DocumentKind.choices)
    selected = filters.params()

    def values(name, items):
        listed = []
        for value, label, count in items:
            if not count or value in (None, ""):
                continue
            listed.append(
                FacetValue(
                    value=str(value),
                    label=str(label),
                    count=count,
                    selected=str(selected.get(name, "")) == str(value),
                    url=_facet_url(query, filters, name, value),
                )
            )
        return sorted(listed, key=lambda v: (-v.count, v.label.lower()))

    return {
        "type": values("type", [(k, kinds.get(k, k), c) for k, c in counts["type"].items()]),
        "theme": values(
            "theme",
            [
                (themes[pk].slug, themes[pk].name, c)
                for pk, c in counts["theme"].items()
                if pk in themes
            ],
        ),
        "municipality": values(
            "municipality", [(m, m, c) for m, c in counts["municipality"].items()]
        ),
        "network": values(
            "network",
            [(pk, networks[pk], c) for pk, c in counts["network"].items() if pk in networks],
        ),
        "circle": values(
            "circle",
            [(pk, circles[pk], c) for pk, c in counts["circle"].items() if pk in circles],
        ),
    }


_WORD = re.compile(r"[^\W_]+")


def _word_spans(text):
    return [match.span() for match in _WORD.finditer(text)]


def _marks(text, stems):
    """``text`` escaped, with the words whose stem or compound parts match in <mark>."""
    folded = dutch.fold(text)
    pieces, cursor = [], 0
    for start, end in _word_spans(folded):
        word = folded[start:end]
        if _matches(word, stems):
            pieces.append(escape(text[cursor:start]))
            pieces.append(f"<mark>{escape(text[start:end])}</mark>")
            cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)


def _matches(word, stems):
    if word in stems or dutch.stem(word) in stems:
        return True
    return any(dutch.stem(part) in stems or part in stems for part in dutch.compound_parts(word))


def excerpt(text, stems, length=EXCERPT_LENGTH):
    """A window of the text around the first match, with matches marked."""
    folded = dutch.fold(text)
    start = 0
    for word_start, word_end in _word_spans(folded):
        if _matches(folded[word_start:word_end], stems):
            start = max(0, word_start - length // 3)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    window = text[start:end]
    html = _marks(window, stems)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 (escaped in _marks)


def _stems(variants):
    stems = set()
    for group in variants:
        for keys in (group, *dutch.parts_of(group)):
            stems.update(keys)
            stems.update(dutch.stem(term) for term in keys)
    return stems


def _find(matcher, documents, variants):
    """The matches with every word; failing that, with some (and False)."""
    # The best matches, the total and every facet count: one statement on the databases.
    found = matcher.find(documents, variants, MAX_RANKED)
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
    ranked = _ranked(found.matches)
    if ranked:  # with no match there is nothing to count
        outcome.total = found.tally.total
        outcome.facets = _facets(found.tally, query, filters)
    outcome.capped = outcome.total > len(ranked)

    paginator = Paginator(ranked, per_page)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    outcome.page = page
    ids = [document.pk for document in page.object_list]
    full = SearchDocument.objects.select_related("network", "circle").in_bulk(ids)
    stems = _stems(variants)
    outcome.hits = [
        Hit(
            document=full[pk],
            heading=_marks(full[pk].heading, stems),
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


def facet_titles():
    from django.utils.translation import gettext as _

    return {
        "type": _("Type"),
        "theme": _("Theme"),
        "municipality": _("Municipality"),
        "network": _("Network"),
        "circle": _("Learning circle"),
    }


def removal_links(outcome):
    """For every active filter: its facet title, its label and the address without it."""
    titles = facet_titles()
    labels = {
        (name, value.value): value.label
        for name, values in outcome.facets.items()
        for value in values
    }
    return [
        {
            "title": titles[name],
            "label": labels.get((name, str(value)), str(value)),
            "url": _facet_url(outcome.query, outcome.filters, name, None),
        }
        for name, value in outcome.filters.params().items()
    ]
