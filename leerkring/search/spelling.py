"""Corrections for mistyped search words: "Resultaten voor *warmtepomp*; zocht je toch
*wamtepomp*?".

A search that finds nothing, or only texts with some of its words, is tried once more with
each word that no public text contains replaced by the public word closest to it: at most
one letter dropped, added, changed or two swapped for words of up to five letters, two for
longer words; of equally close words the most common. The vocabulary (``models.Word``) is
made of the words of public documents only, so a correction can never name, or hint at, a
word that only a closed circle uses; and the corrected search is the visitor's own, so it
shows only what they may read. See docs/architecture.md, "Search".

Finding the near words: on PostgreSQL through a trigram index of the vocabulary (pg_trgm,
added by migration 0006 where the database allows), elsewhere by reading the words of
about the same length; either way the edit distance itself comes from rapidfuzz.
"""

from collections import Counter
from functools import cache

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Length
from rapidfuzz.distance import OSA

from . import dutch
from .models import PUBLIC, SearchDocument, Word

MIN_WORD_LENGTH = 4  # "gas" has too many neighbours one letter away to guess which was meant
MAX_CORRECTED_WORDS = 4
TRIGRAM_CANDIDATES = 50


def vocabulary_words(text):
    """The distinct words of ``text`` that can be corrected to: folded, searchable, not a
    stop word, not a number, at least ``MIN_WORD_LENGTH`` letters."""
    return vocabulary_of(dutch.distinct_words(text))


def vocabulary_of(*distinct):
    """:func:`vocabulary_words` of texts whose :func:`search.dutch.distinct_words` are
    ``distinct``: read once while indexing, so that counting the vocabulary reads no text
    again."""
    return {
        word
        for words in distinct
        for word in words
        if len(word) >= MIN_WORD_LENGTH and not word.isdigit()
    }


def count_words(texts):
    """In how many of ``texts`` each vocabulary word occurs."""
    counts = Counter()
    for text in texts:
        counts.update(vocabulary_words(text))
    return counts


def _document_words(document):
    # _apply leaves the words it found on the document; one it kept as stored has none.
    words = getattr(document, "_vocabulary", None)
    if words is None:
        words = vocabulary_words(f"{document.heading} {document.text}")
    return words


def _public_texts():
    documents = SearchDocument.objects.filter(audience=PUBLIC)
    for heading, text in documents.values_list("heading", "text").iterator(chunk_size=2000):
        yield f"{heading} {text}"


def recount(documents=None):
    """Make the vocabulary anew from the public ``documents`` (all stored ones by default),
    after a rebuild changed some."""
    if documents is None:
        counts = count_words(_public_texts())
    else:
        counts = Counter()
        for document in documents:
            if document.audience == PUBLIC:
                counts.update(_document_words(document))
    with transaction.atomic():
        Word.objects.all().delete()
        Word.objects.bulk_create(
            [
                Word(word=word, stem=dutch.stem(word), documents=count)
                for word, count in counts.items()
            ],
            batch_size=1000,
        )


def record(document):
    """Add the words of a public document that was just written. Counts are corrected by
    the next rebuild; a word a document no longer has stays until then, and a correction
    to it finds nothing and is not offered."""
    if document.audience != PUBLIC:
        return
    words = _document_words(document)
    Word.objects.bulk_create(
        [Word(word=word, stem=dutch.stem(word)) for word in sorted(words)],
        batch_size=1000,
        ignore_conflicts=True,
    )


def max_distance(word):
    return 1 if len(word) <= 5 else 2


@cache
def _has_trigrams(alias):
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def _near_words(word):
    """(word, documents) of the vocabulary that may be within reach of ``word``."""
    table = connection.ops.quote_name(Word._meta.db_table)
    if _has_trigrams(connection.alias):
        sql = (
            f"SELECT word, documents FROM {table} WHERE word %% %s "  # noqa: S608 (values are parameters)
            f"ORDER BY similarity(word, %s) DESC LIMIT {TRIGRAM_CANDIDATES}"
        )
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [word, word])
                return cursor.fetchall()
        except DatabaseError:
            pass  # the extension was removed after the check: compare lengths instead
    reach = max_distance(word)
    return (
        Word.objects.annotate(length=Length("word"))
        .filter(length__gte=len(word) - reach, length__lte=len(word) + reach)
        .values_list("word", "documents")
    )


def correction(word):
    """The vocabulary word ``word`` most likely stands for, or None."""
    reach = max_distance(word)
    scored = [
        (OSA.distance(word, candidate, score_cutoff=reach), -documents, candidate)
        for candidate, documents in _near_words(word)
        if candidate != word
    ]
    scored = [entry for entry in scored if entry[0] <= reach]
    return min(scored)[2] if scored else None


def corrected_query(query):
    """``query`` with its words that no public text has, in any form, replaced by their
    corrections, as folded words; None when nothing could be corrected.

    A word is known when a public word has it or its stem: "warmtenetten" is a plural of
    "warmtenet", not a typo of anything."""
    typed = [word for word in dutch.words(query) if dutch.searchable(word)]
    correctable = [word for word in dict.fromkeys(typed) if word in vocabulary_words(word)]
    stems = {word: dutch.stem(word) for word in correctable}
    known = Word.objects.filter(Q(word__in=correctable) | Q(stem__in=set(stems.values())))
    known_words, known_stems = set(), set()
    for word, stem in known.values_list("word", "stem"):
        known_words.add(word)
        known_stems.add(stem)
    unknown = [
        word for word in correctable if word not in known_words and stems[word] not in known_stems
    ]
    replacements = {}
    for word in unknown[:MAX_CORRECTED_WORDS]:
        better = correction(word)
        if better:
            replacements[word] = better
    if not replacements:
        return None
    return " ".join(replacements.get(word, word) for word in typed)
