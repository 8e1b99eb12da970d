"""Page links that stay fast however deep a visitor reads into a long list.

``?page=400`` with an offset makes the database read and skip 399 pages of rows. The links
this pager writes also carry the story a page starts after (``na``) or ends before
(``voor``), so the next page is read from there through the ordering's index. A page
number without such a key (typed or shared by hand) still works, by offset. A key that is
not in the list (someone else's id, a story since unpublished) is ignored in the same way.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q


def _key(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


class KeysetPage(Page):
    """A page that knows the keys its previous and next links start from."""

    keyed = True

    def query(self, direction):
        if not self.keyed:
            return ""
        if direction == "next":
            return f"page={self.next_page_number()}&na={self.object_list[-1].pk}"
        return f"page={self.previous_page_number()}&voor={self.object_list[0].pk}"

    def next_query(self):
        return self.query("next") if self.has_next() and self.object_list else ""

    def previous_query(self):
        return self.query("previous") if self.has_previous() and self.object_list else ""


def keyset_page(queryset, params, per_page, date_field="first_published_at", keyed=True):
    """The requested page of ``queryset``, ordered newest first by ``date_field`` then pk.

    ``keyed=False`` for a queryset in another order: its pages are read by offset.
    """
    paginator = Paginator(queryset, per_page)
    # As Paginator.get_page: page 1 for what is not a number, the last for what is too far.
    try:
        number = paginator.validate_number(params.get("page") or 1)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    after, before = _key(params.get("na")), _key(params.get("voor"))
    key_id = after or before
    key = queryset.filter(pk=key_id).values(date_field, "pk").first() if key_id and keyed else None
    if key is None or key[date_field] is None:
        bottom = (number - 1) * per_page
        page = KeysetPage(list(queryset[bottom : bottom + per_page]), number, paginator)
        page.keyed = keyed
        return page
    moment, pk = key[date_field], key["pk"]
    same_moment = Q(**{date_field: moment})
    if after:
        rows = queryset.filter(Q(**{f"{date_field}__lt": moment}) | same_moment & Q(pk__lt=pk))
        found = list(rows[:per_page])
    else:
        rows = queryset.filter(Q(**{f"{date_field}__gt": moment}) | same_moment & Q(pk__gt=pk))
        found = list(rows.reverse()[:per_page])[::-1]
    return KeysetPage(found, number, paginator)
