"""Dutch text analysis shared by the SQLite FTS5 and PostgreSQL search backends.

Why this exists: neither backend matches Dutch the way visitors search. SQLite's
FTS5 tokenizers do not stem at all, and PostgreSQL's ``dutch`` configuration
(old Snowball Dutch, up to PostgreSQL 18) stems "bewonersinitiatief" and
"bewonersinitiatieven" to different keys, leaves "coöperaties" unstemmed and
never looks inside a compound. So we compute the matching keys ourselves, in
Python, identically for both backends: the page's raw text is indexed as it
is, and :func:`index_terms` adds an extra field of normalised keys; a query is
turned into :func:`query_variants`, one set of acceptable keys per word. A page
matches when every word of the query meets one of its keys.

The pieces, and why each is shaped the way it is:

* :func:`fold` lowercases and strips diacritics one character at a time, so
  the folded text has exactly the length of the original and an offset found
  in one is valid in the other. Highlighting relies on that.

* :func:`stem` is Snowball's *old* Dutch algorithm (``dutch_porter``), followed
  by a few repairs. Snowball 3 renamed it when it made the Kraaij-Pohlmann
  algorithm its ``dutch``; we do not use the new one because it breaks the
  very pairs this search needs ("initiatief" -> "initieer" but "initiatieven"
  -> "initiatief") and strips prefixes and suffixes so eagerly that words lose
  their meaning ("gemeente" -> "meen", "gesprek" -> "sprek", "leerkring" ->
  "leerkr"), which also defeats matching compound parts. The old algorithm is
  conservative but only removes one suffix and leaves the stem's spelling
  alone, so plural and singular often still differ. The repairs undo Dutch
  spelling alternations after stemming: a doubled final consonant is single
  ("lessen" -> "less" -> "les"), a final v or z is the f or s of the singular
  ("initiatiev" -> "initiatief", "huiz" -> "huis"), the plural -s after an -e
  or -ie word is dropped ("coöperaties", "gemeentes"), and an -s is removed
  from what is left of "kansen" as it is from "kans". Since both the text
  and the query go through the same function, what matters is that related
  forms meet, not that the key is a real word.

* :func:`compound_parts` splits compounds. Dutch writes compounds as one
  word, so without this a search for "initiatief" never finds
  "bewonersinitiatief". A dictionary-free splitter would cut ordinary words
  into nonsense, so every part must be a known word. Two word lists know them:
  the hand-written ``lexicon_nl.txt`` (our domain's base words, and the
  corrections: where it splits a word, its split wins) and, for every other
  word, the Dutch word frequency list that ships with pyspellchecker (some
  43,000 words seen in running text, from subtitles). From that list a word is
  split the way Koehn and Knight split German: into the fewest known words,
  the most frequent split winning, and only when each part is more common than
  the whole word and the whole word is not common in its own right. So
  "zonnepanelenproject" is "zonnepanelen" + "project" and "keukentafel" is
  "keuken" + "tafel", while "planeten" ("plan" + "eten"), "eigenaren" and
  "fotograaf" stay whole.

* Queries and extra index terms only ever contain ``[a-z0-9]``, so they can be
  handed to any full-text engine without quoting or escaping surprises. They
  are finished keys: index and query them without further stemming or stop
  words (PostgreSQL's ``simple`` configuration), or the database's own Dutch
  rules would decide again what this module already decided.
"""

import math
import re
import threading
import unicodedata
from functools import lru_cache
from hashlib import blake2b
from importlib.metadata import version
from importlib.resources import files
from itertools import chain

import snowballstemmer
from spellchecker import SpellChecker

__all__ = [
    "STOPWORDS",
    "Variant",
    "compound_parts",
    "distinct_words",
    "analysis",
    "family",
    "fold",
    "index_terms",
    "only_stopwords",
    "parts_of",
    "query_variants",
    "searchable",
    "stem",
    "word_forms",
    "terms_of",
    "words",
]

# Snowball's Dutch stop word list (the one PostgreSQL's dutch configuration uses
# too), folded. Written out so that it cannot change under us with an upgrade.
STOPWORDS: frozenset[str] = frozenset(
    """
    aan al alles als altijd andere ben bij daar dan dat de der deze die dit
    doch doen door dus een eens en er ge geen geweest haar had heb hebben
    heeft hem het hier hij hoe hun iemand iets ik in is ja je kan kon kunnen
    maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat
    onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor
    want waren was wat werd wezen wie wil worden wordt zal ze zelf zich
    zij zijn zo zonder zou
    """.split()
)

# Words longer than this are not language (hashes, base64, runs of garbage):
# they are left unstemmed and kept out of the extra index terms, so a hostile
# text cannot fill the caches with huge keys.
MAX_WORD_LENGTH = 64
# Longest word compound_parts tries to split; real Dutch compounds fit, and the
# cap keeps the split search small whatever the input.
MAX_COMPOUND_LENGTH = 40
# Shortest part of a compound, so short words ("de", "al") cannot glue into one.
MIN_PART_LENGTH = 3
MAX_QUERY_WORDS = 12

# Letters that can't be NFD-decomposed but have an obvious one-letter base.
_EXTRA_FOLDS = {"ø": "o", "ł": "l", "đ": "d", "ı": "i", "ŀ": "l"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Combining marks that survive fold() when the input was decomposed (NFD).
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = re.compile(r"[^\W_]+")
_SEARCHABLE = re.compile(r"[a-z0-9]+")
_LETTERS = re.compile(r"[a-z]+")
# Query operators of FTS5 and websearch_to_tsquery, dropped while their case
# still shows they are operators ("OR") rather than words.
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT|NEAR)\b")

_VOWELS = frozenset("aeiouy")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")
_LINKING_ELEMENTS = ("", "s", "e", "en")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    lower = char.lower()
    # U+0130 (İ) is the only character whose lowercase is two characters long.
    lower = lower[0]
    if lower in _EXTRA_FOLDS:
        return _EXTRA_FOLDS[lower]
    decomposed = unicodedata.normalize("NFD", lower)
    if len(decomposed) > 1 and all(unicodedata.combining(mark) for mark in decomposed[1:]):
        return decomposed[0]
    return lower


# Texts of Latin letters, with diacritics or without, and the general punctuation: folded by
# decomposing them (NFD) and dropping the marks, both in C. Dutch texts have a diacritic or
# a curly quote in nearly every paragraph ("coöperatie", "ideeën"), and a Python function
# per such character made folding a tenth of indexing. None of these characters decomposes
# into anything but a letter and its marks (U+2000 and U+2001, two spaces, are left out).
_OUTSIDE_LATIN = re.compile("[^\x00-\u024f\u2002-\u206f]")


def fold(text: str) -> str:
    """Lowercase ``text`` and strip its diacritics, one character for one.

    Guarantee: ``len(fold(text)) == len(text)`` and ``fold(text)[i]`` is the
    folded ``text[i]``, so an offset found in the folded text points at the
    same character of the original (used for highlighting). For that reason
    the ligature "ĳ" stays one character here; :func:`words` spells it "ij".
    Decomposed input keeps its combining marks here for the same reason.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        # Only "İ" grows when lowercased; go character by character instead.
        return "".join(_fold_char(char) for char in text)
    if lowered.isascii():
        return lowered
    if not _OUTSIDE_LATIN.search(lowered):
        folded = lowered
        for char, base in _EXTRA_FOLDS.items():
            if char in folded:
                folded = folded.replace(char, base)
        folded = _COMBINING_MARKS.sub("", unicodedata.normalize("NFD", folded))
        if len(folded) == len(lowered):  # every letter decomposed into itself and marks
            return folded
    return _NON_ASCII.sub(lambda match: _fold_char(match.group()), lowered)


def words(text: str) -> list[str]:
    """The folded words of ``text``: runs of letters and digits.

    Everything else separates words, inner apostrophes and hyphens included
    ("zonne-energie" -> ["zonne", "energie"], "auto's" -> ["auto", "s"]).
    """
    return _WORD.findall(_word_text(text))


def _word_text(text: str) -> str:
    """``text`` folded the way :func:`words` reads it: its runs of letters and digits are
    the words. Not always of the original's length (an "ĳ" becomes "ij"), so for finding
    words, not offsets."""
    folded = fold(text)
    if not folded.isascii():
        folded = _COMBINING_MARKS.sub("", folded).replace("ĳ", "ij")
    return folded


def _make_stemmer():
    try:
        return snowballstemmer.stemmer("dutch_porter")
    except KeyError:
        # With PyStemmer installed, snowballstemmer hands out its stemmers; an
        # old PyStemmer has no "dutch_porter", so use the pure Python one.
        from snowballstemmer.dutch_porter_stemmer import DutchPorterStemmer

        return DutchPorterStemmer()


_snowball = _make_stemmer()
# A Snowball stemmer keeps the word being stemmed on the instance.
_snowball_lock = threading.Lock()


def _r1(word: str) -> int:
    """Start of Snowball's region R1: after the first consonant that follows a vowel."""
    for index in range(1, len(word)):
        if word[index] not in _VOWELS and word[index - 1] in _VOWELS:
            return max(index + 1, 3)
    return len(word)


def _undouble(word: str) -> str:
    # Dutch never writes a doubled consonant at the end of a word, so a doubled
    # one is always left over from a plural ("lessen" -> "less").
    if len(word) > 2 and word[-1] == word[-2] and word[-1] in _CONSONANTS:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    # Plurals the old algorithm leaves alone: -ieën/-eeën ("ideeën",
    # "strategieën") and -ies ("coöperaties", "subsidies").
    if len(word) > 5 and word.endswith(("ieen", "eeen")):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("ies"):
        word = word[:-1]
    with _snowball_lock:
        key = _snowball.stemWord(word)
    key = _undouble(key)
    # -s plural of a word ending in -e ("gemeentes"): remove the "e" where
    # Snowball would have removed it from the singular ("gemeente" -> "gemeent").
    if len(key) > 4 and key.endswith("es") and key[-3] in _CONSONANTS and len(key) - 2 >= _r1(key):
        key = _undouble(key[:-2])
    # The singular's f and s become v and z between vowels ("initiatieven",
    # "huizen"); stemming leaves the v or z at the end of the key.
    if key.endswith("v"):
        key = key[:-1] + "f"
    elif key.endswith("z"):
        key = key[:-1] + "s"
    # Snowball removes only one suffix: "kansen" -> "kans" but "kans" -> "kan".
    # Remove a final -s the way it would have from the singular.
    if (
        len(key) > 3
        and key.endswith("s")
        and key[-2] in _CONSONANTS
        and key[-2] != "j"
        and len(key) - 1 >= _r1(key)
    ):
        key = key[:-1]
    return key


def stem(word: str) -> str:
    """The search key of one folded word: Snowball Dutch, repaired for plurals.

    Singular and plural get the same key ("initiatief"/"initiatieven" ->
    "initiatief", "huis"/"huizen" -> "huis"). The key need not be a word.
    """
    # Snowball never changes a word of one or two letters (its regions start
    # at the third), and neither should the repairs ("zz" is not "zs").
    if not 2 < len(word) <= MAX_WORD_LENGTH:
        return word
    return _stem(word)


# Word families the stemmer leaves apart: the person who does something ("-er", "bewoner",
# "deelnemer") and the doing ("-ing", "opening") share the key of the verb ("bewonen",
# "openen"); forms of "nemen" whose vowel changes ("deelname", "deelneemt") are "nemen" too.
# Each ending needs a rest of at least so many letters before it: "water", "letters",
# "moeder" and "woning" are no such derivations ("wat", "let" and "moed" are other words).
# ending -> (what replaces it to make the verb, the shortest rest)
_FAMILY_ENDINGS = (
    ("neemster", "nemen", 3),
    ("neemt", "nemen", 3),
    ("namen", "nemen", 3),
    ("name", "nemen", 3),
    ("ingen", "en", 4),
    ("ing", "en", 4),
    ("ers", "en", 5),
    ("er", "en", 5),
)
# What ends like that and is not: "kring" and "ring" are words, not the doing of a verb
# ("leerkring"); "eer", "ier", "aar", "oor", "uur" end other words ("sfeer", "manier").
_FAMILY_EXCEPTIONS = ("ring", "eer", "ier", "aar", "oor", "uur")


def family(word: str) -> str | None:
    """The key of the verb a folded word derives from, where the stemmer does not give it
    ("deelnemer", "deelname", "deelneemt" -> "deelnem", the key of "deelnemen"), else None.
    A verb's own key is its stem."""
    if not _LETTERS.fullmatch(word) or word.endswith(_FAMILY_EXCEPTIONS):
        return None
    for ending, verb_ending, shortest_rest in _FAMILY_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= shortest_rest:
            rest = word[: -len(ending)]
            if verb_ending == "en" and rest[-1] not in _CONSONANTS:
                return None  # "-ing" or "-er" after a vowel ("zeeer", "koeing"): not these
            key = stem(rest + verb_ending)
            return None if key == stem(word) else key
    return None


class _Lexicon:
    """The base words of lexicon_nl.txt, indexed for compound splitting."""

    def __init__(self, entries: list[str]):
        self.by_stem: dict[str, str] = {}
        # Surface forms a word takes as the first part of a compound
        # ("huizen" in "huizenmarkt", "scholen" in "scholengemeenschap"),
        # matched without stemming to keep splitting cheap.
        self.by_form: dict[str, str] = {}
        for entry in entries:
            self.by_stem.setdefault(stem(entry), entry)
            for form in _forms(entry):
                self.by_form.setdefault(form, entry)
        self.longest_form = max((len(form) for form in self.by_form), default=0)

    def starts_with_form(self, text: str) -> bool:
        # Every inflection of a lexicon word begins with one of its forms
        # ("initiatieven", "panelen", "netten"), so a text that does not cannot
        # stem to a lexicon word. Checking this first saves the (slow) stemmer.
        longest = min(len(text), self.longest_form)
        return any(text[:end] in self.by_form for end in range(MIN_PART_LENGTH, longest + 1))


def _forms(base: str) -> list[str]:
    forms = [base]
    plural_stem = base
    # Long vowel before the last consonant is written single in an open
    # syllable: "raad" -> "raden", "school" -> "scholen".
    if (
        len(base) > 3
        and base[-1] in _CONSONANTS
        and base[-2] == base[-3]
        and base[-2] in "aeou"
        and base[-4] in _CONSONANTS
    ):
        plural_stem = base[:-2] + base[-1]
    if plural_stem.endswith("f"):
        plural_stem = plural_stem[:-1] + "v"
    elif plural_stem.endswith("s") and plural_stem[-2:-1] in {*_VOWELS, "j"}:
        plural_stem = plural_stem[:-1] + "z"
    if plural_stem != base:
        forms += [plural_stem + "en", plural_stem + "e"]
    return forms


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    text = files(__package__).joinpath("lexicon_nl.txt").read_text(encoding="utf-8")
    entries = []
    for line in text.splitlines():
        entry = fold(line.split("#", 1)[0].strip())
        if len(entry) >= MIN_PART_LENGTH and _LETTERS.fullmatch(entry):
            entries.append(entry)
    return _Lexicon(entries)


def _linking_elements(word: str, end: int):
    yield from _LINKING_ELEMENTS
    # "zon" + "ne" + "panelen": the short vowel's consonant doubles before -e(n).
    if end < len(word) and word[end] == word[end - 1] and word[end] in _CONSONANTS:
        yield word[end] + "e"
        yield word[end] + "en"


def compound_parts(word: str) -> list[str]:
    """The words a folded compound is made of, or [] if it is not one.

    First from the hand-written lexicon: "bewonersinitiatieven" -> ["bewoner",
    "initiatief"], "dorpsraad" -> ["dorp", "raad"], each part returned as its
    lexicon entry (the base word), linking elements ("s", "e", "en") dropped.
    At least two parts of at least three letters each; the last part may be
    inflected, the others must be a lexicon word or its plural. Of the possible
    splits the one with the fewest parts wins, so "wijkaanpak" is "wijk" +
    "aanpak", not three words. A word the lexicon cannot split is split by the
    word frequency list instead (:func:`_frequent_parts`), its parts returned
    as they are written in the word ("keuken", "tafel"). Words shorter than 6
    or longer than ``MAX_COMPOUND_LENGTH`` letters are not split.
    """
    if not 2 * MIN_PART_LENGTH <= len(word) <= MAX_COMPOUND_LENGTH:
        return []
    return list(_compound_parts(word) or _frequent_parts(word))


@lru_cache(maxsize=65536)
def _compound_parts(word: str) -> tuple[str, ...]:
    if not _LETTERS.fullmatch(word):
        return ()
    lexicon = _lexicon()
    length = len(word)
    splits: dict[int, tuple[str, ...] | None] = {}

    def best_split(start: int) -> tuple[str, ...] | None:
        # The split of word[start:] with the fewest parts (None: no split).
        if start in splits:
            return splits[start]
        best = None
        if start > 0 and lexicon.starts_with_form(word[start:]):
            # The last part may be inflected ("initiatieven"), so compare stems.
            last = lexicon.by_stem.get(stem(word[start:]))
            best = (last,) if last else None
        if best is None:
            longest_end = min(length - MIN_PART_LENGTH, start + lexicon.longest_form)
            # Longest part first, so it wins ties.
            for end in range(longest_end, start + MIN_PART_LENGTH - 1, -1):
                part = lexicon.by_form.get(word[start:end])
                if part is None:
                    continue
                for link in _linking_elements(word, end):
                    if not word.startswith(link, end):
                        continue
                    rest_start = end + len(link)
                    if length - rest_start < MIN_PART_LENGTH:
                        continue
                    rest = best_split(rest_start)
                    if rest is not None and (best is None or len(rest) + 1 < len(best)):
                        best = (part, *rest)
        splits[start] = best
        return best

    return best_split(0) or ()


# From the frequency list: a part is at least this long (shorter parts, "zon", "gas",
# "net", come from the hand lexicon only: from a list of 43,000 words, three letters
# cut almost any word somewhere) ...
MIN_FREQUENT_PART_LENGTH = 4
# ... and a word seen more often than this in the list's texts is a word of its own
# ("planeten", "fotograaf", "achtergrond"), whatever it might be made of.
LEXICALISED_COUNT = 1000
# Words the list knows that end Dutch words without being their head: derivational
# suffixes ("mogelijkheid" is no kind of "heid"), verb endings ("inventariseren") and the
# noun of "nemen" ("deelname" is no "name", as in "met name": family() joins it to "deelnemen").
_NOT_HEADS = frozenset(
    "heid heden schap schappen lijk lijke baar bare ling lingen loos loze zaam zame "
    "achtig achtige isme eren eert erde erden eerde eerden name".split()
)


@lru_cache(maxsize=1)
def _word_counts() -> dict[str, int]:
    """How often each word of pyspellchecker's Dutch list was seen, folded; only words
    that can be parts (letters, no stop words) and were seen in running text (the list
    gives every word it merely knows the same floor count, 50)."""
    counts: dict[str, int] = {}
    floor = 50
    for entry, count in SpellChecker(language="nl", distance=1).word_frequency.items():
        word = fold(entry)
        if (
            count > floor
            and MIN_FREQUENT_PART_LENGTH <= len(word) <= MAX_COMPOUND_LENGTH
            and _LETTERS.fullmatch(word)
            and word not in STOPWORDS
        ):
            counts[word] = max(count, counts.get(word, 0))
    return counts


@lru_cache(maxsize=65536)
def _frequent_parts(word: str) -> tuple[str, ...]:
    """The split of a folded word into words of the frequency list, or ().

    Fewest parts first, then the split whose parts are most common together (the
    largest product of their counts). Kept only when every part is more common than
    the word itself and the word is no common word of its own."""
    if not _LETTERS.fullmatch(word):
        return ()
    counts = _word_counts()
    whole = counts.get(word, 0)
    if whole > LEXICALISED_COUNT:
        return ()
    length = len(word)
    shortest = MIN_FREQUENT_PART_LENGTH
    # start -> (parts, sum of log counts) of the best split of word[start:], or None.
    splits: dict[int, tuple[tuple[str, ...], float] | None] = {}

    def best_split(start: int):
        if start in splits:
            return splits[start]
        best = None
        rest = word[start:]
        if start > 0 and rest in counts and rest not in _NOT_HEADS:
            best = ((rest,), math.log(counts[rest]))
        for end in range(length - shortest, start + shortest - 1, -1):
            part = word[start:end]
            if part not in counts:
                continue
            for link in _LINKING_ELEMENTS:
                if not word.startswith(link, end) or length - end - len(link) < shortest:
                    continue
                tail = best_split(end + len(link))
                if tail is None:
                    continue
                candidate = ((part, *tail[0]), math.log(counts[part]) + tail[1])
                if best is None or (len(candidate[0]), -candidate[1]) < (len(best[0]), -best[1]):
                    best = candidate
        splits[start] = best
        return best

    found = best_split(0)
    if found is None or any(counts[part] <= whole for part in found[0]):
        return ()
    return found[0]


def _all_parts(word: str) -> list[str]:
    # Parts can be compounds themselves ("aardgas" in "aardgasvrij"); a search
    # for "gas" should find the whole word too.
    parts: list[str] = []
    pending = list(compound_parts(word))
    while pending:
        part = pending.pop(0)
        if part not in parts:
            parts.append(part)
            pending.extend(compound_parts(part))
    return parts


@lru_cache(maxsize=65536)
def _keys_by_how(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # In a fixed order: the stored index terms must be the same text in every process.
    as_word = [stem(word)]
    related = family(word)
    if related:
        as_word.append(related)
    as_part = []
    for part in _all_parts(word):
        as_part += [part, stem(part)]
    return tuple(as_word), tuple(as_part)


@lru_cache(maxsize=65536)
def _word_terms(word: str) -> tuple[str, ...]:
    as_word, as_part = _keys_by_how(word)
    return as_word + as_part


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """The keys a folded word of a text meets a query with, by how: as a word (the word, its
    stem and word family) and only as a compound (its parts and their stems), the keys
    :func:`index_terms` indexes for it. A search ranks by the difference
    (``search.ranking``)."""
    keys, parts = _keys_by_how(word)
    as_word = frozenset((word, *keys))
    return as_word, frozenset(parts) - as_word


def searchable(word: str) -> bool:
    """Whether ``word`` can be a key: ``[a-z0-9]`` only, and not absurdly long."""
    return len(word) <= MAX_WORD_LENGTH and _SEARCHABLE.fullmatch(word) is not None


def index_terms(text: str) -> str:
    """Extra keys to index next to ``text``, space separated.

    For every word that is not a stop word its stem, and for a compound its
    parts and their stems. Only ``[a-z0-9]`` terms, each once. The raw text is
    indexed separately, so the words themselves are not repeated here.
    """
    return terms_of(distinct_words(text))


def terms_of(distinct: list[str]) -> str:
    """:func:`index_terms` of a text whose :func:`distinct_words` are ``distinct``."""
    return " ".join(dict.fromkeys(chain.from_iterable(map(_word_terms, distinct))))


def distinct_words(text: str) -> list[str]:
    """The folded words of ``text`` that can be keys and are no stop words, each once, in
    the order they first appear: the words :func:`index_terms` analyses."""
    return [
        word for word in dict.fromkeys(words(text)) if word not in STOPWORDS and searchable(word)
    ]


@lru_cache(maxsize=1)
def analysis() -> str:
    """A name for the analysis :func:`index_terms` does: a digest of this module, its lexicon,
    the ranking words' rules and the versions of the stemmer and of the word frequency list.

    Stored keys made under another name are stale. Derived from the code and data rather than
    a version number someone must remember to raise: any edit here makes the next rebuild
    analyse every text again (``search.documents``), which costs time, never correctness.
    """
    digest = blake2b(digest_size=8)
    digest.update(files(__package__).joinpath("dutch.py").read_bytes())
    # What a document stores for ranking is derived from the same words (search.ranking).
    digest.update(files(__package__).joinpath("ranking.py").read_bytes())
    digest.update(files(__package__).joinpath("lexicon_nl.txt").read_bytes())
    digest.update(version("snowballstemmer").encode())
    digest.update(version("pyspellchecker").encode())
    return digest.hexdigest()


def _query_words(query: str) -> list[str]:
    return [word for word in words(_OPERATORS.sub(" ", query)) if searchable(word)]


class Variant(frozenset):
    """The keys that may match one word of a query, and for a compound the keys of each of
    its parts: a text matches the word when it has one of the keys, or every part.

    A set of keys like any other (``"warmtepompsubsidie" in variant``); ``parts`` holds one
    set per part, empty when the word is no compound the lexicon can split; ``typed`` is the
    word as typed (folded), which a search ranks above its other forms.
    """

    parts: tuple[frozenset[str], ...]
    typed: str | None

    def __new__(cls, keys, parts=(), typed=None):
        variant = super().__new__(cls, keys)
        variant.parts = tuple(frozenset(part) for part in parts)
        variant.typed = typed
        return variant


def parts_of(variant) -> tuple[frozenset[str], ...]:
    """The key sets of a query word's compound parts; none for a plain set of keys (as
    tests and the benchmark pass)."""
    return getattr(variant, "parts", ())


def _query_parts(word: str) -> list[str]:
    """The parts a query word must all meet to match as a compound: the hand lexicon's
    split, or the frequency list's when it has two parts. A typo inside a compound often
    leaves real words behind ("buurtverenging": "buurt" + "veren" + "ging"); matching those
    would find unrelated texts and keep the correction to "buurtvereniging" from being
    offered, while a real compound of three parts is nearly always written in full in the
    texts that have it, and found by its own keys."""
    if not 2 * MIN_PART_LENGTH <= len(word) <= MAX_COMPOUND_LENGTH:
        return []
    parts = _compound_parts(word)
    if not parts:
        parts = _frequent_parts(word)
        if len(parts) != 2:
            return []
    return list(parts)


def _part_keys(part: str) -> set[str]:
    return {part, stem(part)}


def query_variants(query: str) -> list[Variant]:
    """For each word of a search query, the keys that may match it (a :class:`Variant`).

    Each holds the folded word and its stem, all ``[a-z0-9]``; everything else
    (punctuation, quotes, FTS operators, emoji) is dropped, and so are stop
    words: PostgreSQL's ``dutch`` configuration never indexes them, and on SQLite
    "de" would match nearly every document. A query of stop words only gets no
    variants (see :func:`only_stopwords`).
    A compound also matches a text that has all of its parts ("warmtepompsubsidie":
    a "subsidie" for a "warmtepomp"), which ranks below the compound itself, since a
    text with the compound has its parts as keys too. One part alone is not enough:
    a search for "bewonersinitiatief" should not match every "initiatief". At most
    ``MAX_QUERY_WORDS`` words; a repeated word counts once.
    """
    candidates = list(dict.fromkeys(_query_words(query)))
    content = [word for word in candidates if word not in STOPWORDS]
    return [
        Variant(
            {word, stem(word)} | ({related} if (related := family(word)) else set()),
            [_part_keys(part) for part in _query_parts(word)],
            typed=word,
        )
        for word in content[:MAX_QUERY_WORDS]
    ]


def only_stopwords(query: str) -> bool:
    """Whether ``query`` has words, all of them stop words ("de", "het is een")."""
    found = _query_words(query)
    return bool(found) and all(word in STOPWORDS for word in found)
