"""Ranking you can explain: the best matches put in tiers by where and how the words met them.

``leerkring.search.matching`` ranks every match in its one statement by relevance (bm25 on
SQLite, ts_rank on PostgreSQL, the server's own score with Elasticsearch), a document with
the words in its title above every other. Here the best ``RERANKED`` of those are ordered by
tiers, each above everything in the tiers after it (docs/architecture.md, "Search"):

1. the title: with every word as typed, then with every word at least by stem or word
   family ("subsidies", "deelnemers" for "deelname"), then with a word only inside a
   compound ("Netwerk" for "werk") or a compound typed met by its parts;
2. a lesson's or story's summary with every word as typed or by stem or family;
3. the whole text with every word as typed, then with every word at least by stem or family,
   then the rest: a word only inside a compound ("subsidie" in a text about a
   "warmtepompsubsidie"), a compound typed met by its parts, and with Elasticsearch a near
   spelling.

Within a tier the relevance order stays, and a featured lesson comes first among equals. A
corrected search ranks below all of these because it only runs when the typed one found
nothing (``leerkring.search.engine``).

Why after the statement, and not in it: the index cannot tell a text's own word from a key
derived from it (both databases index the stems next to the words; PostgreSQL stems the
words once more), and marking the keys in the index made every stored vector larger, which
every match unpacks: on PostgreSQL that doubled the time of a search. So the index stays as
it is, and each document stores, unindexed, its ranking words (:func:`words_for_ranking`),
which the search statement returns for its best ``RERANKED`` rows: the cost is that of so
many short rows, whatever the number of matches. Reading the texts themselves was measured
too slow: folding and scanning a hundred of them took as long as the search. The tests are
substring tests on those words: a word between spaces; for a stem or family, only the words
that start like one of the query's keys are stemmed (:meth:`_QueryWord.level`); and a word
met neither as typed nor as a form was met in another way, since the document matched.

A search that found only texts with some of its words (``every_word=False``) keeps the
relevance order: how many of the words a text has matters more there than how.
"""

from typing import NamedTuple

from . import dutch
from .models import DocumentKind, SearchDocument

# The matches ordered by tiers; those after them keep the relevance order. Five pages of
# results: the tiers cost reading the ranking words of this many documents per search.
RERANKED = 50

# How well one query word met a field (higher is better).
EXACT, STEM, PART, NONE = 3, 2, 1, 0

# Kinds whose text starts with their summary, on a line of its own (search.documents).
KINDS_WITH_SUMMARY = frozenset({DocumentKind.STORY, DocumentKind.LESSON})
# Kinds whose heading is not their title in the index: a reply is headed by its thread's
# title, which it does not match on (SearchDocument.title).
KINDS_WITHOUT_TITLE = frozenset({DocumentKind.REPLY})

# Of a key this many letters at the end may differ in a word that has it as its stem or
# family: the stemmer removes an ending and may change the last letter of what is left
# ("initiatieven" -> "initiatief"), a family changes the verb's ending ("deelname" ->
# "deelnem"). So every such word starts with the key's first letters but these.
_CHANGED_ENDING = 3
_SHORTEST_PREFIX = 3


def words_for_ranking(kind, heading, text, text_words=None, heading_words=None):
    """What a document stores for ranking (``SearchDocument.ranking_words``), one line each:
    the distinct words of its title, the keys they give as words (stems, families), the keys
    they give as compounds (parts), the distinct words of a summary and those of the rest
    of the text. Each line starts and ends with a space, so that `` word `` finds a word.
    A reply has no title in the index, so none here. ``text_words``: the text's
    :func:`search.dutch.distinct_words`, and ``heading_words`` the heading's, when they are
    at hand."""
    if kind in KINDS_WITHOUT_TITLE:
        title_words = []
    elif heading_words is not None:
        title_words = heading_words
    else:
        title_words = dutch.distinct_words(heading)
    as_word, as_part = {}, {}
    for word in title_words:
        keys, parts = dutch.word_forms(word)
        as_word.update(dict.fromkeys(sorted(keys)))
        as_part.update(dict.fromkeys(sorted(parts)))
    summary, rest = "", text
    if kind in KINDS_WITH_SUMMARY:
        summary, _, rest = text.partition("\n")
    summary_words = dutch.distinct_words(summary)
    seen = set(summary_words)
    if text_words is None:
        text_words = dutch.distinct_words(rest)
    others = [word for word in text_words if word not in seen]
    lines = (title_words, as_word, [key for key in as_part if key not in as_word])
    return "\n".join(f" {' '.join(line)} " for line in (*lines, summary_words, others))


def _needles(words):
    return tuple(f" {word} " for word in sorted(words))


def _prefixes(keys):
    prefixes = sorted(
        {key[: max(_SHORTEST_PREFIX, len(key) - _CHANGED_ENDING)] for key in keys}, key=len
    )
    shortest = []
    for prefix in prefixes:
        if not any(prefix.startswith(kept) for kept in shortest):
            shortest.append(prefix)
    return tuple(f" {prefix}" for prefix in shortest)


def _has(needles, listed):
    for needle in needles:
        if needle in listed:
            return True
    return False


class _QueryWord:
    """One word of the query, as the tiers test it: each form between spaces, as found in
    ranking words."""

    def __init__(self, variant):
        typed = getattr(variant, "typed", None)
        self.keys = frozenset(variant)  # the word in any of its forms
        self.typed = _needles([typed] if typed else variant)  # a plain set: all as typed
        self.forms = _needles(variant)
        # For a compound, the keys of each of its parts.
        self.parts = tuple(_needles(part) for part in dutch.parts_of(variant))
        self.prefixes = _prefixes(variant)  # how every word with one of the keys starts
        self._as_word = {}  # a word of a text -> whether it gives one of the keys as a word

    def title_level(self, words, as_word, as_part):
        if _has(self.typed, words):
            return EXACT
        if _has(self.forms, words) or _has(self.forms, as_word):
            return STEM
        if _has(self.forms, as_part):
            return PART
        if self.parts:
            every_key = words + as_word + as_part
            if all(_has(part, every_key) for part in self.parts):
                return PART
        return NONE

    def level(self, listed):
        """EXACT when ``listed`` (ranking words) has the word as typed, STEM when it has a
        word with one of its keys as its stem or family, else PART."""
        if _has(self.typed, listed):
            return EXACT
        if _has(self.forms, listed):
            return STEM
        for prefix in self.prefixes:
            start = listed.find(prefix)
            while start >= 0:
                end = listed.index(" ", start + 1)
                found = listed[start + 1 : end]
                met = self._as_word.get(found)
                if met is None:
                    met = self._as_word[found] = bool(self.keys & dutch.word_forms(found)[0])
                if met:
                    return STEM
                start = listed.find(prefix, end)
        return PART

    def text_level(self, every_word, title_as_word):
        found = self.level(every_word)
        if found == PART and _has(self.forms, title_as_word):
            return STEM
        return found


class Tier(NamedTuple):
    """Where and how a document met the query; compared field by field, higher is better."""

    title: int
    summary: bool
    text: int


LOWEST = Tier(NONE, False, NONE)


def tier_of(query_words, ranking_words):
    """The tier of one document, from its ``ranking_words``: each field is met as well as its
    worst met query word."""
    words, as_word, as_part, summary, other = ranking_words.split("\n", 4)
    # The body holds the title too: its words, and the keys they give as words.
    every_word = words + summary + other
    title, in_summary, text = EXACT, summary != "  ", EXACT
    for word in query_words:
        title = min(title, word.title_level(words, as_word, as_part))
        in_summary = in_summary and word.level(summary) >= STEM
        text = min(text, word.text_level(every_word, as_word))
    return Tier(title, in_summary, text)


def in_tiers(matches, variants, read=None):
    """``matches`` (in relevance order) with the first ``RERANKED`` ordered by their tiers,
    the relevance order kept within each. ``read`` holds ``{pk: ranking_words}`` of
    documents already read (``matching.Found.documents``); the others are read here."""
    if len(matches) < 2 or not variants:
        return matches
    best, rest = matches[:RERANKED], matches[RERANKED:]
    read = dict(read or {})
    missing = [match.pk for match in best if match.pk not in read]
    if missing:
        documents = SearchDocument.objects.filter(pk__in=missing)
        read.update(documents.values_list("pk", "ranking_words"))
    query_words = [_QueryWord(variant) for variant in variants]
    tiers = {
        match.pk: tier_of(query_words, read[match.pk]) if read.get(match.pk) else LOWEST
        for match in best
    }
    # sorted() is stable, also in reverse: within a tier the matches keep their order.
    return sorted(best, key=lambda match: tiers[match.pk], reverse=True) + rest
