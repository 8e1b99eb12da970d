"""What a result shows of its text: the words that matched marked, and an excerpt around
the first of them.

A word is marked when it, its stem or one of its compound parts is among the query's keys,
the same way the index matched it (``leerkring.search.dutch``). Every piece of text is
escaped before it is marked.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import dutch

EXCERPT_LENGTH = 240

_WORD = re.compile(r"[^\W_]+")


def stems_of(variants):
    """The keys a text's words are matched against: the query words, their parts and stems."""
    stems = set()
    for group in variants:
        for keys in (group, *dutch.parts_of(group)):
            stems.update(keys)
            stems.update(dutch.stem(term) for term in keys)
    return stems


def _word_spans(text):
    return [match.span() for match in _WORD.finditer(text)]


def marked(text, stems):
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
    html = marked(window, stems)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 (escaped in marked)
