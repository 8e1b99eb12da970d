"""Atom and JSON Feed 1.1 feeds of lessons: a network's key lessons and a circle's lessons.

Feeds carry only what a lesson page shows everyone: title, summary, the lesson's own text
and themes, its circle and that circle's network. Never where a lesson came from (its
source conversations), nor anything else of a circle's conversations: those may be closed.
Each feed costs the same number of queries however many lessons it holds.
"""

import json
import uuid

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from practices.models import Theme

from .models.lessons import LessonNomination, LessonPage, NominationStatus
from .public import absolute_url, page_url

ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
JSON_FEED_CONTENT_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
MAX_ITEMS = 100

# Only these fields of a lesson are ever read for a feed.
LESSON_FIELDS = [
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "slug",
    "live",
    "locale_id",
    "content_type_id",
    "number",
    "summary",
    "application",
    "in_practice",
    "next_step",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
]


class LessonAtomFeed(Atom1Feed):
    """Atom with the lesson's text as <content type="html"> besides its <summary>, and a
    feed-level <updated> that may be later than every entry (a lesson taken off the list)."""

    def latest_post_date(self):
        latest = super().latest_post_date()
        changed = self.feed.get("changed_at")
        return max(latest, changed) if changed else latest

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def _lessons():
    return (
        LessonPage.objects.live()
        .public()
        .only(*LESSON_FIELDS)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("name", "slug")))
    )


def network_lessons(network):
    """The network's featured lessons, in the coordinator's order (position, nulls last)."""
    featured = LessonNomination.objects.filter(
        lesson=OuterRef("pk"), network=network, status=NominationStatus.FEATURED
    )
    return (
        _lessons()
        .filter(Exists(featured))
        .annotate(
            feed_position=Subquery(featured.values("position")[:1]),
            feed_updated=Subquery(featured.values("updated_at")[:1]),
        )
        .order_by(F("feed_position").asc(nulls_last=True), F("feed_updated").desc(), "path")
    )


def circle_lessons(circle):
    """The circle's published lessons by number (unnumbered last), then in tree order."""
    return _lessons().child_of(circle).order_by(F("number").asc(nulls_last=True), "path")


def _entries(lessons):
    """Each lesson with what its feed entry needs, in three queries for any number of lessons.

    Lessons whose circle is not live are left out: they are out of sight on the site too.
    """
    lessons = list(lessons[:MAX_ITEMS])
    if not lessons:
        return []
    steplen = Page.steplen
    circle_paths = {lesson.path[:-steplen] for lesson in lessons}
    network_paths = {path[:-steplen] for path in circle_paths}
    ancestors = {
        page.path: page
        for page in Page.objects.filter(path__in=circle_paths | network_paths).only(
            "path", "title", "live"
        )
    }
    # The lessons' rich text expanded in one go, so that links cost one query in all.
    marker = f"<!--leerkring-feed-{uuid.uuid4().hex}-->"
    sections = []
    for lesson in lessons:
        sections.extend([lesson.application, lesson.in_practice, lesson.next_step])
    expanded = expand_db_html(marker.join(sections)).split(marker)
    if len(expanded) != len(sections):  # the marker did not survive: expand one by one
        expanded = [expand_db_html(section) for section in sections]

    entries = []
    for index, lesson in enumerate(lessons):
        circle = ancestors.get(lesson.path[:-steplen])
        if circle is None or not circle.live:
            continue
        network = ancestors.get(circle.path[:-steplen])
        content_html = "\n".join(
            html for html in expanded[index * 3 : index * 3 + 3] if strip_tags(html).strip()
        )
        url = page_url(lesson)
        if not url:
            continue
        entries.append(
            {
                "lesson": lesson,
                "url": url,
                "title": lesson.title,
                "summary": lesson.summary,
                "content_html": content_html,
                # The three sections apart (application, in practice, next step), each
                # expanded, for documents that give them headings (leerkring.federation).
                "sections": expanded[index * 3 : index * 3 + 3],
                "published": lesson.first_published_at,
                # Featuring a lesson changes the network's feed as much as editing it does:
                # readers that go by this date would otherwise miss a newly featured one.
                "modified": _latest(
                    lesson.last_published_at,
                    lesson.first_published_at,
                    getattr(lesson, "feed_updated", None),
                ),
                "tags": [theme.name for theme in lesson.themes.all()],
                "circle": circle.title,
                "network": network.title if network else "",
            }
        )
    return entries


def remote_entries(network):
    """The other sites' lessons this network features, as feed entries: they link to where
    they were written and name the network they came from."""
    from .curation import featured_remote

    return [
        {
            "lesson": None,
            "url": lesson.url,
            "title": lesson.title,
            "summary": lesson.summary,
            "content_html": lesson.content_html,
            "sections": [],
            "published": lesson.published_at,
            "modified": _latest(lesson.modified_at, lesson.published_at, lesson.featured_at),
            "tags": lesson.tags,
            "circle": lesson.circle_name or lesson.origin_name,
            "network": lesson.origin_name,
            "site": lesson.feed.remote_actor.domain if lesson.feed.remote_actor else "",
        }
        for lesson in featured_remote(network)
    ]


def _latest(*moments):
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def _in_site_language(text):
    """Feeds say they are in the site's language, whoever's browser fetched them."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _feed_url(request):
    return absolute_url(request.path)


def _atom(page, entries, request, *, title, subtitle, changed_at=None):
    home = page_url(page) or absolute_url("/")
    feed = LessonAtomFeed(
        title=title,
        link=home,
        description=subtitle,
        subtitle=subtitle,
        feed_url=_feed_url(request),
        feed_guid=home,
        language=settings.LANGUAGE_CODE,
        changed_at=changed_at,
    )
    for entry in entries:
        feed.add_item(
            title=entry["title"],
            link=entry["url"],
            description=entry["summary"],
            content=entry["content_html"],
            unique_id=entry["url"],
            pubdate=entry["published"],
            updateddate=entry["modified"],
            categories=entry["tags"],
            author_name=entry["circle"],
        )
    response = HttpResponse(content_type=ATOM_CONTENT_TYPE)
    feed.write(response, "utf-8")
    return response


def network_atom_feed(request, network):
    """The network's key lessons as Atom (route ``feed/atom/``), those taken up from other
    sites after its own."""
    entries = _entries(network_lessons(network)) + remote_entries(network)
    return _atom(
        network,
        entries,
        request,
        title=network.title,
        subtitle=_in_site_language(_("Key lessons of %(network)s")) % {"network": network.title},
        changed_at=LessonNomination.objects.filter(network=network).aggregate(
            latest=Max("updated_at")
        )["latest"],
    )


def network_json_feed(request, network):
    """The network's key lessons as JSON Feed 1.1 (route ``feed/json/``)."""
    entries = _entries(network_lessons(network)) + remote_entries(network)
    home = page_url(network) or absolute_url("/")
    items = []
    for entry in entries:
        item = {
            "id": entry["url"],
            "url": entry["url"],
            "title": entry["title"],
            "summary": entry["summary"],
            "_leerkring": {"circle": entry["circle"], "origin_network": entry["network"]},
        }
        if entry.get("site"):
            item["_leerkring"]["origin_site"] = entry["site"]
        if entry["content_html"]:
            item["content_html"] = entry["content_html"]
        else:
            item["content_text"] = entry["summary"]
        if entry["published"]:
            item["date_published"] = entry["published"].isoformat()
        if entry["modified"]:
            item["date_modified"] = entry["modified"].isoformat()
        if entry["tags"]:
            item["tags"] = entry["tags"]
        items.append(item)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": network.title,
        "home_page_url": home,
        "feed_url": _feed_url(request),
        "description": _in_site_language(_("Key lessons of %(network)s"))
        % {"network": network.title},
        "language": settings.LANGUAGE_CODE,
        "items": items,
    }
    return HttpResponse(
        json.dumps(feed, ensure_ascii=False, indent=1), content_type=JSON_FEED_CONTENT_TYPE
    )


def circle_atom_feed(request, circle):
    """The circle's published lessons as Atom (route ``lessen/feed/`` on the circle)."""
    entries = _entries(circle_lessons(circle))
    return _atom(
        circle,
        entries,
        request,
        title=circle.title,
        subtitle=_in_site_language(_("Lessons of %(circle)s")) % {"circle": circle.title},
    )
