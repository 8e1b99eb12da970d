"""The site's public map: ``/robots.txt`` for crawlers and ``/overzicht/`` for people.

The footer's "Sitemap" used to open the XML sitemap, which is written for search engines
and shows a visitor a wall of addresses. The overview is the same site as a person reads
it: the networks, their learning circles and the sections (stories, lessons,
organisations), each section with the number of items in it rather than every item, so the
page stays one screen whatever the size of the archive. Only live pages without a view
restriction are named, the same pages the XML sitemap names.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Length, Substr
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from practices.models import PracticeCasePage

from ..models import LessonPage
from ..public import absolute_url

# Kept out of search engines: accounts, the admin, search results (endless and thin) and
# the members' notification links.
ROBOTS_DISALLOWED = ("/admin/", "/django-admin/", "/accounts/", "/zoeken/", "/meldingen/")
# Counted under their section instead of listed one by one: there are thousands.
ITEM_MODELS = (PracticeCasePage, LessonPage)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED)]
    lines.append(f"Sitemap: {absolute_url('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@dataclass
class Section:
    page: Page
    # "9 practice stories", "8 lessons": what is directly below it and not listed.
    items: list = field(default_factory=list)
    children: list = field(default_factory=list)


def _count_label(model, number):
    meta = model._meta
    return f"{number} {meta.verbose_name if number == 1 else meta.verbose_name_plural}"


def _sections(root):
    """The live, public pages below ``root`` that are not single items, as a tree, each with
    the number of live, public items directly below it. One query for the pages, one per
    item type for the counts, and Wagtail's per type for the specific pages."""
    counts = {}
    for model in ITEM_MODELS:
        items = model.objects.live().public().descendant_of(root)
        # The parent's path is the item's path less its last step.
        parents = items.annotate(
            parent_path=Substr("path", 1, Length("path") - Page.steplen)
        ).values("parent_path")
        for row in parents.annotate(number=Count("pk")).order_by():
            label = _count_label(model, row["number"])
            counts.setdefault(row["parent_path"], []).append(label)
    pages = root.get_descendants(inclusive=True).live().public().not_type(*ITEM_MODELS)
    by_path, top = {}, []
    for page in pages.specific().order_by("path"):
        section = Section(page, counts.get(page.path, []))
        by_path[page.path] = section
        parent = by_path.get(page.path[: -Page.steplen])
        (parent.children if parent else top).append(section)
    return top


@require_safe
def site_overview(request):
    site = Site.find_for_request(request)
    sections = _sections(site.root_page) if site is not None else []
    return TemplateResponse(request, "leerkring/site_overview.html", {"sections": sections})
