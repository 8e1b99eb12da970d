"""The facets of a search: the filters a request chose, the counts of every value among the
matches, and the addresses that select or drop a value.

The counts come with the matches (``leerkring.search.matching``), over the documents the
searcher may read only; here they get their labels, one query for each of themes, networks
and circles.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from leerkring.models import LearningCirclePage, NetworkPage
from leerkring.params import plain_text, positive_int
from practices.models import Theme

from .models import DocumentKind, SearchDocument


@dataclass
class Filters:
    """The facet choices of a request, validated: unknown values are dropped, not an error."""

    kind: str = ""
    theme: Theme | None = None
    municipality: str = ""
    network: int | None = None
    circle: int | None = None

    @classmethod
    def from_request(cls, params):
        def number(name):
            return positive_int(params.get(name, ""))

        kind = params.get("type", "")
        theme_slug = plain_text(params.get("theme", ""), 100)
        theme = Theme.objects.filter(slug=theme_slug).first() if theme_slug else None
        return cls(
            kind=kind if kind in DocumentKind.values else "",
            theme=theme,
            municipality=plain_text(params.get("municipality", ""), 100).strip(),
            network=number("network"),
            circle=number("circle"),
        )

    def apply(self, documents):
        if self.kind:
            documents = documents.filter(kind=self.kind)
        if self.theme:
            # The backends filter on the document's own fields only; the theme link is
            # reached through a subquery on the primary key.
            tagged = SearchDocument.themes.through.objects.filter(theme_id=self.theme.pk)
            documents = documents.filter(pk__in=tagged.values("searchdocument_id"))
        if self.municipality:
            documents = documents.filter(municipality=self.municipality)
        if self.network:
            documents = documents.filter(network=self.network)
        if self.circle:
            documents = documents.filter(circle=self.circle)
        return documents

    def params(self):
        values = {
            "type": self.kind,
            "theme": self.theme.slug if self.theme else "",
            "municipality": self.municipality,
            "network": self.network or "",
            "circle": self.circle or "",
        }
        return {name: value for name, value in values.items() if value}

    def is_empty(self):
        return not self.params()


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


def facet_url(query, filters, name, value):
    params = {"q": query, **filters.params()}
    if value is None:
        params.pop(name, None)
    else:
        params[name] = value
    return "?" + urlencode(params)


def facet_values(tally, query, filters):
    """The values of every facet with their counts, most common first, each with the
    address that selects it."""
    counts = {
        "type": tally.kind,
        "theme": tally.theme,
        "municipality": tally.municipality,
        "network": tally.network,
        "circle": tally.circle,
    }
    theme_ids = [pk for pk in counts["theme"] if pk]
    network_ids = [pk for pk in counts["network"] if pk]
    circle_ids = [pk for pk in counts["circle"] if pk]
    themes = {theme.pk: theme for theme in Theme.objects.filter(pk__in=theme_ids)}
    networks = dict(NetworkPage.objects.filter(pk__in=network_ids).values_list("pk", "title"))
    circles = dict(LearningCirclePage.objects.filter(pk__in=circle_ids).values_list("pk", "title"))
    kinds = dict(DocumentKind.choices)
    selected = filters.params()

    def values(name, items):
        listed = []
        for value, label, count in items:
            if not count or value in (None, ""):
                continue
            listed.append(
                FacetValue(
                    value=str(value),
                    label=str(label),
                    count=count,
                    selected=str(selected.get(name, "")) == str(value),
                    url=facet_url(query, filters, name, value),
                )
            )
        return sorted(listed, key=lambda v: (-v.count, v.label.lower()))

    return {
        "type": values("type", [(k, kinds.get(k, k), c) for k, c in counts["type"].items()]),
        "theme": values(
            "theme",
            [
                (themes[pk].slug, themes[pk].name, c)
                for pk, c in counts["theme"].items()
                if pk in themes
            ],
        ),
        "municipality": values(
            "municipality", [(m, m, c) for m, c in counts["municipality"].items()]
        ),
        "network": values(
            "network",
            [(pk, networks[pk], c) for pk, c in counts["network"].items() if pk in networks],
        ),
        "circle": values(
            "circle",
            [(pk, circles[pk], c) for pk, c in counts["circle"].items() if pk in circles],
        ),
    }


def facet_titles():
    return {
        "type": _("Type"),
        "theme": _("Theme"),
        "municipality": _("Municipality"),
        "network": _("Network"),
        "circle": _("Learning circle"),
    }


def removal_links(outcome):
    """For every active filter: its facet title, its label and the address without it."""
    titles = facet_titles()
    labels = {
        (name, value.value): value.label
        for name, values in outcome.facets.items()
        for value in values
    }
    return [
        {
            "title": titles[name],
            "label": labels.get((name, str(value)), str(value)),
            "url": facet_url(outcome.query, outcome.filters, name, None),
        }
        for name, value in outcome.filters.params().items()
    ]
