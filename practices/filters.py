"""Filters for the practice list and the organisation directory.

Filter values live in the query string so a filtered list can be shared. Invalid values are
reported on the form and ignored, so the visitor still gets the rest of the list.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ApproachPhase, DevelopmentStage, OrganisationKind, Track
from .models import Organisation, PracticeCasePage, Theme


def _municipalities_of(queryset):
    def choices():
        # DISTINCT in the database: the list of 10,000 stories is not read to make 30 choices.
        names = (
            queryset()
            .exclude(municipality="")
            .order_by("municipality")
            .values_list("municipality", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    return choices


class ShareableFilterSet(django_filters.FilterSet):
    defaults = {}

    def active_filter_query(self):
        """The query string of the valid, non-empty filters, for pagination links."""
        if not self.is_bound or not hasattr(self.form, "cleaned_data"):
            self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        pairs = []
        for name in self.filters:
            value = cleaned.get(name)
            if value in (None, "", [], ()) or value == self.defaults.get(name):
                continue
            pairs.append((name, getattr(value, "slug", value)))
        return urlencode(pairs)


class StoryOrder(models.TextChoices):
    NEWEST = "nieuwste", _("Newest first")
    MUNICIPALITY = "gemeente", _("By municipality")

    @classmethod
    def ordering(cls, order):
        if order == cls.MUNICIPALITY:
            return ("municipality", "title", "pk")
        return ("-first_published_at", "-pk")


class PracticeCaseFilter(ShareableFilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("All themes"),
    )
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        choices=_municipalities_of(lambda: PracticeCasePage.objects.live().public()),
        empty_label=_("All municipalities"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        choices=OrganisationKind.choices,
        method="filter_kind",
        empty_label=_("All kinds"),
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=ApproachPhase.choices, empty_label=_("All phases")
    )
    track = django_filters.ChoiceFilter(
        label=_("Track"), choices=Track.choices, empty_label=_("All tracks")
    )
    order = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=StoryOrder.choices,
        method="order_by",
        empty_label=None,
    )
    # The order a list has when nobody chose one: not a filter to clear or carry along.
    defaults = {"order": StoryOrder.NEWEST}

    class Meta:
        model = PracticeCasePage
        fields = ["theme", "municipality", "kind", "phase", "track", "order"]

    def order_by(self, queryset, name, order):
        return queryset.order_by(*StoryOrder.ordering(order))

    def is_newest_first(self):
        """Whether the list is in its default order, the one the keyset pager knows."""
        if not self.is_bound or not hasattr(self.form, "cleaned_data"):
            self.form.is_valid()
        order = getattr(self.form, "cleaned_data", {}).get("order")
        return order in (None, "", StoryOrder.NEWEST)

    def filter_theme(self, queryset, name, theme):
        matching = PracticeCasePage.themes.through.objects.filter(theme=theme)
        return queryset.filter(pk__in=matching.values("practicecasepage_id"))

    def filter_kind(self, queryset, name, kind):
        involved = PracticeCasePage.organisations.through.objects.filter(organisation__kind=kind)
        return queryset.filter(
            Q(publisher__kind=kind) | Q(pk__in=involved.values("practicecasepage_id"))
        )


class OrganisationFilter(ShareableFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("All kinds")
    )
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        choices=_municipalities_of(lambda: Organisation.objects.public()),
        empty_label=_("All municipalities"),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage of development"),
        choices=DevelopmentStage.choices,
        empty_label=_("All stages"),
    )
    q = django_filters.CharFilter(
        label=_("Name contains"),
        field_name="name",
        lookup_expr="icontains",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = Organisation
        fields = ["kind", "municipality", "stage", "q"]
