"""Markdown written by members, turned into HTML that is safe to show to everyone else.

Two locks on the door: Markdown is told not to pass raw HTML through at all (it is shown as
text), and whatever HTML Markdown produces is then cleaned by nh3 against a short list of
tags, attributes and URL schemes. Links get rel="nofollow ugc" so that spam earns nothing.
"""

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
    source = (source or "")[:MAX_SOURCE_LENGTH]
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
