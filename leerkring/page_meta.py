"""What a page says about itself to search engines and link previews (docs/architecture.md,
"Host sites"): a description, its canonical address and the OpenGraph properties.

A shared link to a story in a municipality's newsletter, a chat or a Mastodon post shows a
card made from these; without them the card is the site's name and nothing else. The text
is what the page already shows its readers: the editor's search description where there is
one, otherwise the page's own summary or introduction. Everything comes from the page a
visitor is on, never from what it contains for members, so a closed circle's card says
what its public page says.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import Truncator
from django.utils.translation import get_language, to_locale
from wagtail.fields import RichTextField
from wagtail.models import Site
from wagtail.rich_text import get_text_for_indexing

from practices.models import PracticeCasePage

from .models import LessonPage
from .public import absolute_url

# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 200
# The fields a page's own summary can be read from, in order of preference.
SUMMARY_FIELDS = ("summary", "intro", "description")
# Pages that are one piece of writing; the rest are lists and places.
ARTICLE_TYPES = (PracticeCasePage, LessonPage)
# OpenGraph names a locale by language and country.
OPENGRAPH_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def _summary(page):
    for name in SUMMARY_FIELDS:
        value = getattr(page, name, None)
        if not (isinstance(value, str) and value.strip()):
            continue
        try:
            rich = isinstance(page._meta.get_field(name), RichTextField)
        except FieldDoesNotExist:
            rich = False
        # A plain text field is shown as written, "<" and all; rich text is read as text.
        return " ".join((get_text_for_indexing(value) if rich else value).split())
    return ""


def page_meta(page, request=None, subject=None):
    """The description, canonical address and OpenGraph properties of ``page`` (a Wagtail
    page, or None for views outside the page tree) as seen at ``request``'s address.

    ``subject`` is ``(title, text)`` of what a view on one of the page's routes shows, a
    conversation or a meeting; its view passes it only where anyone may read that, so a
    closed circle's card stays the circle's.

    ``host_description`` is True when the host's base already writes the description from
    the page's search description, as a ``wagtail start`` base does, so it is not written
    twice.
    """
    specific = getattr(page, "specific", page)
    search_description = (getattr(specific, "search_description", "") or "").strip()
    description = search_description or _summary(specific)
    description = Truncator(description).chars(DESCRIPTION_LENGTH)
    path = request.path if request is not None else (page.url if page is not None else "/")
    canonical = absolute_url(path or "/")
    title = ""
    if specific is not None:
        title = getattr(specific, "seo_title", "") or getattr(specific, "title", "")
    if subject is not None:
        title, text = subject
        description = Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH) or description
    site = Site.find_for_request(request) if request is not None else None
    language = get_language() or "nl"
    return {
        "site_name": (site.site_name if site else "") or getattr(settings, "WAGTAIL_SITE_NAME", ""),
        "description": description,
        "host_description": bool(search_description),
        "canonical": canonical,
        "title": title,
        "type": "article" if isinstance(specific, ARTICLE_TYPES) else "website",
        "locale": OPENGRAPH_LOCALES.get(language, to_locale(language)),
    }
