"""The search page and the suggestions behind its search box."""

from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query

from ..params import plain_text, positive_int
from . import engine, facets
from .models import SearchTermStat

MAX_QUERY_LENGTH = 500


def _page_number(value):
    return positive_int(value, maximum=99_999) or 1


def _query(request):
    return plain_text(request.GET.get("q", ""), MAX_QUERY_LENGTH)


def promotions(query):
    """Results a coordinator pinned for this search term, as far as they are public."""
    picks = Query.get(query).editors_picks.select_related("page").order_by("sort_order")
    pinned = []
    for pick in picks:
        page = pick.page
        if page is not None:
            if page.live and not page.get_view_restrictions().exists():
                pinned.append(
                    {"title": page.title, "url": page.url, "description": pick.description}
                )
        elif pick.external_link_url:
            pinned.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                }
            )
    return pinned


def record(query, found):
    """Count the search term for the coordinators' reports, and whether it found nothing."""
    Query.get(query).add_hit()
    today = timezone.localdate()
    term = query.lower()[:200]
    empty = 0 if found else 1

    def count():
        return SearchTermStat.objects.filter(query_string=term, date=today).update(
            searches=F("searches") + 1, empty_searches=F("empty_searches") + empty
        )

    if count():
        return
    try:
        with transaction.atomic():
            SearchTermStat.objects.create(
                query_string=term, date=today, searches=1, empty_searches=empty
            )
    except IntegrityError:  # someone else counted the first search of the day just now
        count()


@require_GET
def search(request):
    filters = facets.Filters.from_request(request.GET)
    page_number = _page_number(request.GET.get("page", ""))
    # "precies=1": the link under a corrected search ("zocht je toch ...?") searches as typed.
    as_typed = request.GET.get("precies") == "1"
    outcome = engine.search(
        _query(request), request.user, filters, page_number, correct=not as_typed
    )
    pinned = []
    if outcome.searched:
        pinned = promotions(outcome.query)
        if page_number == 1 and filters.is_empty():
            # What people type, not what it was corrected to, tells coordinators what they seek.
            record(outcome.typed_query or outcome.query, bool(outcome.total))
    active = {"q": outcome.query, **filters.params()} if outcome.query else {}
    if as_typed and active:
        active["precies"] = "1"
    as_typed_url = ""
    if outcome.typed_query:
        as_typed_params = {"q": outcome.typed_query, **filters.params(), "precies": "1"}
        as_typed_url = f"{reverse('leerkring_search:search')}?{urlencode(as_typed_params)}"
    return TemplateResponse(
        request,
        "leerkring_search/search.html",
        {
            "search_query": outcome.query,
            "outcome": outcome,
            "page_obj": outcome.page,
            "pinned": pinned,
            "active_filters": urlencode(active),
            "facet_titles": facets.facet_titles(),
            "filters_removal": facets.removal_links(outcome),
            "as_typed_url": as_typed_url,
            "query_too_short": bool(_query(request).strip()) and not outcome.searched,
        },
    )


@require_GET
def suggest(request):
    """Up to eight titles for the search box; the page works the same without them."""
    return JsonResponse(
        {"suggestions": engine.suggestions(_query(request), request.user)},
        headers={"Cache-Control": "private, max-age=60"},
    )
