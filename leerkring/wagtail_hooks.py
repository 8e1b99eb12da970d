"""Admin listings of what members create on the front end, scoped to the coordinator's networks.

A coordinator sees the memberships (with the reasons for removals and declined requests) and
meetings of the circles below the networks they coordinate, and nothing of other networks:
not in the listing, and not by guessing an id in the address bar.
"""

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .access import coordinated_network_paths
from .forms.remote import RemoteFeedForm
from .models import Meeting, Membership, RemoteFeed, ReplyFlag, Thread


def scope_to_coordinated_circles(queryset, user):
    if user.is_superuser:
        return queryset
    paths = coordinated_network_paths(user)
    if not paths:
        return queryset.none()
    from django.db.models import Q

    in_network = Q()
    for path in paths:
        in_network |= Q(circle__path__startswith=path)
    if queryset.model is RemoteFeed:
        in_networks = Q()
        for path in paths:
            in_networks |= Q(network__path__startswith=path)
        return queryset.filter(in_networks)
    if queryset.model is ReplyFlag:
        # A flag hangs on a reply, and a reply on its thread through a text object_pk.
        thread_ids = Thread.objects.filter(in_network).values_list("pk", flat=True)
        return queryset.filter(reply__object_pk__in=[str(pk) for pk in thread_ids])
    return queryset.filter(in_network)


class CircleScopedObjectMixin:
    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        visible = scope_to_coordinated_circles(
            type(instance).objects.filter(pk=instance.pk), self.request.user
        )
        if not visible.exists():
            raise Http404
        return instance


def scoped(view_class):
    return type(f"CircleScoped{view_class.__name__}", (CircleScopedObjectMixin, view_class), {})


class CircleScopedViewSet(SnippetViewSet):
    inspect_view_enabled = True
    edit_view_class = scoped(snippet_views.EditView)
    delete_view_class = scoped(snippet_views.DeleteView)
    usage_view_class = scoped(snippet_views.UsageView)
    history_view_class = scoped(snippet_views.HistoryView)
    inspect_view_class = scoped(snippet_views.InspectView)
    copy_view_class = scoped(snippet_views.CopyView)

    def get_queryset(self, request):
        return scope_to_coordinated_circles(self.model.objects.all(), request.user)


class MembershipViewSet(CircleScopedViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = [
        "user",
        "circle",
        "organisation",
        "role",
        "status",
        "decision_note",
        "updated_at",
    ]
    list_filter = ["status", "role"]
    inspect_view_fields = [
        "user",
        "circle",
        "organisation",
        "role",
        "status",
        "motivation",
        "decision_note",
        "decided_by",
        "created_at",
        "joined_at",
        "ended_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organisation")


class MeetingViewSet(CircleScopedViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Meetings")
    list_display = ["title", "circle", "starts_at", "location"]
    ordering = ["-starts_at"]


class ReplyFlagViewSet(CircleScopedViewSet):
    model = ReplyFlag
    icon = "warning"
    menu_label = _("Flagged replies")
    list_display = ["reason", "user", "created_at", "resolved"]
    list_filter = ["resolved"]
    ordering = ["resolved", "-created_at"]
    inspect_view_fields = ["reply", "user", "reason", "created_at", "resolved"]


class RemoteFeedViewSet(CircleScopedViewSet):
    """Other sites' networks whose key lessons this network harvests as candidates."""

    model = RemoteFeed
    icon = "link-external"
    menu_label = _("Followed networks")
    list_display = ["name", "network", "url", "last_fetched_at", "last_status"]
    inspect_view_fields = ["name", "network", "url", "last_fetched_at", "last_status"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            # A plain list of the networks this coordinator curates, not a page explorer.
            FieldPanel("network", widget=forms.Select),
        ],
        base_form_class=RemoteFeedForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("network")


class CirclesAdminGroup(SnippetViewSetGroup):
    menu_label = _("Learning circles")
    menu_icon = "group"
    menu_order = 210
    items = (MembershipViewSet, MeetingViewSet, ReplyFlagViewSet, RemoteFeedViewSet)


register_snippet(CirclesAdminGroup)


# The curation board: coordinators feature, order and decline the lessons of their networks.

from django.urls import path as url_path  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402


class CurationMenuItem(MenuItem):
    def is_shown(self, request):
        from .admin_views import may_curate

        return may_curate(request.user)


@hooks.register("register_admin_urls")
def register_curation_urls():
    from .admin_views import BOARD_URL_NAME, INDEX_URL_NAME, curation_board, curation_index

    return [
        url_path("leerkring/curatie/", curation_index, name=INDEX_URL_NAME),
        url_path("leerkring/curatie/<int:network_id>/", curation_board, name=BOARD_URL_NAME),
    ]


@hooks.register("register_admin_menu_item")
def register_curation_menu_item():
    return CurationMenuItem(
        _("Curation"),
        reverse("leerkring_curation_index"),
        name="curation",
        icon_name="pick",
        order=220,
    )
