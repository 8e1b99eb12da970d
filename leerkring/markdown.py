"""Markdown written by members, turned into HTML that is safe to show to everyone else.

Two locks on the door: Markdown is told not to pass raw HTML through at all (it is shown as
text), and whatever HTML Markdown produces is then cleaned by nh3 against a short list of
tags, attributes and URL schemes. Links get rel="nofollow ugc" so that spam earns nothing.
"""

import hashlib
import re
import threading

import markdown as markdown_lib
import nh3
from django.core.cache import cache
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h3", "h4",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"
MAX_SOURCE_LENGTH = 20_000

# Python-Markdown looks for the closing bracket of every "[" to the end of its paragraph, so
# a text of thousands of unclosed brackets takes minutes to render (20,000 "[" took 65 s).
# The same holds for the "(" of "[text](". A "[" that is not closed within a short distance
# on its line, or whose link address is not, is escaped first: it is shown as written and
# costs nothing. Code is left as it is; it is never searched for links.
LINK_OPENING = re.compile(r"\[(?=[^\[\]\n]{0,500}\](?!\()|[^\[\]\n]{0,500}\]\([^()\n]{0,500}\))")
CODE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]+`)", re.DOTALL)
UNESCAPED_BRACKET = re.compile(r"(?<!\\)\[")


def _escape_stray_brackets(text):
    return UNESCAPED_BRACKET.sub(
        lambda match: match.group(0) if LINK_OPENING.match(text, match.start()) else "\\[",
        text,
    )


def bound_link_search(source):
    """The source with every "[" outside code that is not closed nearby escaped."""
    if "[" not in source:
        return source
    parts = CODE.split(source)
    # re.split with one group: even items are prose, odd items the code between them.
    return "".join(
        part if index % 2 else _escape_stray_brackets(part) for index, part in enumerate(parts)
    )


def _markdown_without_raw_html():
    converter = markdown_lib.Markdown(extensions=["sane_lists", "nl2br"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


_local = threading.local()


def _converter():
    # Building a Markdown instance costs more than converting a short reply; keep one per
    # thread and reset it between texts.
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = _markdown_without_raw_html()
    return converter.reset()


def render_markdown(source):
    """Return sanitised HTML for a member's Markdown text, marked safe for templates."""
    source = bound_link_search((source or "")[:MAX_SOURCE_LENGTH])
    html = _converter().convert(source)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just reduced it to the allow-list


# Rendered HTML is kept in the default cache (shared by every worker in production), keyed
# by the text itself: a reply is rendered once, when it is written, and a page of 500
# replies reads them with one cache call instead of rendering each again. An edited text
# has a new key; a change to the rendering rules changes RENDERING.
RENDERING = "1"
RENDERED_SECONDS = 60 * 60 * 24 * 90


def _rendered_key(source):
    digest = hashlib.sha256((source or "").encode("utf-8", "surrogatepass")).hexdigest()
    return f"leerkring:md:{RENDERING}:{digest}"


def render_many(sources):
    """Sanitised HTML for each Markdown text, in order, from the store where rendered before."""
    keys = [_rendered_key(source) for source in sources]
    stored = cache.get_many(set(keys))
    fresh = {}
    rendered = []
    for key, source in zip(keys, sources, strict=True):
        html = stored.get(key) or fresh.get(key)
        if html is None:
            html = fresh[key] = str(render_markdown(source))
        rendered.append(mark_safe(html))  # noqa: S308 - rendered (and cleaned) above
    if fresh:
        cache.set_many(fresh, RENDERED_SECONDS)
    return rendered


def render_stored(source):
    """``render_many`` for one text; also what writing a text calls, to store it."""
    return render_many([source])[0]
