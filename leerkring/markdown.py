"""Markdown written by members, turned into HTML that is safe to show to everyone else.

Two locks on the door: Markdown is told not to pass raw HTML through at all (it is shown as
text), and whatever HTML Markdown produces is then cleaned by nh3 against a short list of
tags, attributes and URL schemes. Links get rel="nofollow ugc" so that spam earns nothing.
"""

import re
import threading

import markdown as markdown_lib
import nh3
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


def sanitise_html(html):
    """HTML from anywhere reduced to what a member's post may hold; marked safe."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just reduced it to the allow-list


def render_markdown(source):
    """Return sanitised HTML for a member's Markdown text, marked safe for templates."""
    source = bound_link_search((source or "")[:MAX_SOURCE_LENGTH])
    return sanitise_html(_converter().convert(source))


# Members' texts are rendered once, when they are written or edited, and the HTML is stored
# beside them (Thread.body_html, ReplyMeta.html): a page of replies reads HTML and renders
# no Markdown. RENDERING names the rules below; change it whenever they change, and
# ``manage.py rerender_texts`` renders every text stored under older rules again. Until it
# has run, such texts are rendered as they are shown, so nothing is ever shown by old rules.
RENDERING = "2"


def store_rendering(obj, source_field, html_field, rendering_field):
    """Render ``obj``'s Markdown field into its stored HTML field, before it is saved."""
    setattr(obj, html_field, str(render_markdown(getattr(obj, source_field))))
    setattr(obj, rendering_field, RENDERING)


def stored_or_rendered(source, html, rendering):
    """The stored HTML when it was made by today's rules, or the text rendered now."""
    if rendering == RENDERING:
        return mark_safe(html)  # noqa: S308 - stored by render_markdown, which cleaned it
    return render_markdown(source)
