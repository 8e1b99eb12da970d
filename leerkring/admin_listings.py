"""Admin listings of the plain models coordinators manage, built with wagtail-modeladmin.

These are not snippets: every snippet gets a chooser that any admin user can open, and these
records (who is in which closed circle, closed meetings, flagged replies, search terms) are
exactly what a closed circle promises to keep in. Every listing, inspect, edit, delete and
history view, and every form choice, asks the access policy (docs/architecture.md,
"Access"); an id outside the person's networks is a 404, as if it did not exist.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import DeleteView, EditView, HistoryView, InspectView

from practices.models import InitiativeReport

from . import (
    access,
    coordination,
    outbox,
    params,  # noqa: F401 - registers the <lk_id:...> route converter
)
from .federation import following
from .forms.remote import RemoteFeedForm
from .models import (
    Meeting,
    Membership,
    NetworkAccess,
    NetworkCoordinator,
    OutgoingEmail,
    RemoteFeed,
    ReplyFlag,
)

# --- Permissions: the policy, in the shape wagtail-modeladmin asks its questions ----------


class PolicyPermissionHelper(PermissionHelper):
    """Asks ``leerkring.access`` instead of model permissions.

    ``actions`` names what may be done at all in a listing. Which records a person reaches
    is the policy's ``admin_queryset``: the listing shows only those, and every view of one
    record answers 404 for any other (``InScopeMixin``), so the questions about one record
    here need no query of their own, row by row.
    """

    actions = frozenset({"inspect"})
    site_wide = False

    def user_can_list(self, user):
        if self.site_wide:
            return access.coordinates_site(user)
        return access.is_coordinator(user)

    def user_can_create(self, user):
        return "create" in self.actions and self.user_can_list(user)

    def user_can_inspect_obj(self, user, obj):
        return "inspect" in self.actions

    def user_can_edit_obj(self, user, obj):
        return "edit" in self.actions

    def user_can_delete_obj(self, user, obj):
        return "delete" in self.actions

    def user_can_copy_obj(self, user, obj):
        return False


def permissions(*actions, site_wide=False):
    """A permission helper for a listing in which these actions may be taken."""
    return type(
        "PolicyPermissionHelper",
        (PolicyPermissionHelper,),
        {"actions": frozenset(actions), "site_wide": site_wide},
    )


class InScopeMixin:
    """A record outside the person's networks does not exist for them."""

    def dispatch(self, request, *args, **kwargs):
        if not access.may_see_in_admin(request.user, self.instance):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedEditView(InScopeMixin, EditView):
    pass


class ScopedDeleteView(InScopeMixin, DeleteView):
    pass


class ScopedInspectView(InScopeMixin, InspectView):
    pass


class ScopedHistoryView(InScopeMixin, HistoryView):
    pass


class PolicyModelAdmin(ModelAdmin):
    inspect_view_enabled = True
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    list_select_related = ()

    def get_queryset(self, request):
        queryset = access.admin_queryset(super().get_queryset(request), request.user)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset


# --- Forms whose choices the policy narrows -----------------------------------------------


class MeetingForm(WagtailAdminModelForm):
    """A meeting can only be planned in, or moved to, a circle the person manages.

    A report written here for the first time is announced to the members, as one written on
    the site is (``leerkring.notifications.meetings.announce_report``), and those a raised
    cap gives a place are told, as on the site (``leerkring.attendance.capacity_changed``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "circle" in self.fields:
            self.fields["circle"].queryset = access.coordinated_circles(self.for_user).order_by(
                "title"
            )

    def save(self, commit=True):
        from . import attendance
        from .notifications.meetings import announce_report

        had_report = bool(self.initial.get("report"))
        before = None
        if commit and self.instance.pk and "capacity" in self.changed_data:
            # Read from the database: validation has already put the new cap on the instance.
            before = attendance.attendance(Meeting.objects.get(pk=self.instance.pk))
        meeting = super().save(commit=commit)
        if before is not None:
            attendance.capacity_changed(meeting, before)
        if commit and not had_report and meeting.report:
            announce_report(meeting, self.for_user)
        return meeting


class NetworkCoordinatorForm(WagtailAdminModelForm):
    """Names a coordinator of a network below the person's own, by username or address.

    The person is typed, not picked: a list of every account would show a coordinator
    everyone who has one.
    """

    person = forms.CharField(
        label=_("Username or email address"),
        max_length=254,
        help_text=_("The account must exist already; the person logs in with it."),
    )

    class Meta:
        model = NetworkCoordinator
        fields = ["network"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = access.nameable_networks(self.for_user).order_by("path")
        self.fields["network"].widget = forms.Select(choices=self.fields["network"].choices)

    def clean_person(self):
        typed = self.cleaned_data["person"].strip()
        users = get_user_model().objects.filter(is_active=True)
        user = users.filter(Q(username__iexact=typed) | Q(email__iexact=typed)).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this username or address."))
        return user

    def clean(self):
        cleaned = super().clean()
        network, user = cleaned.get("network"), cleaned.get("person")
        if network and user and NetworkCoordinator.objects.filter(network=network, user=user):
            raise forms.ValidationError(_("This person already coordinates this network."))
        return cleaned

    def save(self, commit=True):
        return coordination.name_coordinator(
            self.cleaned_data["network"], self.cleaned_data["person"], by=self.for_user
        )


class NetworkAccessForm(WagtailAdminModelForm):
    class Meta:
        model = NetworkAccess
        fields = ["coordinators_read_closed"]

    def save(self, commit=True):
        return coordination.set_coordinators_read_closed(
            self.instance.network, self.cleaned_data["coordinators_read_closed"], self.for_user
        )


# --- The listings -------------------------------------------------------------------------


class MembershipAdmin(PolicyModelAdmin):
    """Who is in which circle, with the reasons for removals and declined requests.

    Read-only: joining, accepting and removing happen on the circle's own pages.
    """

    model = Membership
    menu_label = _("Memberships")
    menu_icon = "user"
    permission_helper_class = permissions("inspect")
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
    list_select_related = ("user", "circle", "organisation")
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


class MeetingAdmin(PolicyModelAdmin):
    model = Meeting
    menu_label = _("Meetings")
    menu_icon = "date"
    permission_helper_class = permissions("inspect", "create", "edit", "delete")
    list_display = ["title", "circle", "starts_at", "location"]
    ordering = ["-starts_at"]
    list_select_related = ("circle",)
    edit_handler = ObjectList(
        [
            FieldPanel("circle", widget=forms.Select),
            FieldPanel("title"),
            FieldPanel("starts_at"),
            FieldPanel("ends_at"),
            FieldPanel("location"),
            FieldPanel("online_url"),
            FieldPanel("capacity"),
            FieldPanel("agenda"),
            FieldPanel("report"),
        ],
        base_form_class=MeetingForm,
    )


class ReplyFlagAdmin(PolicyModelAdmin):
    """Replies members flagged; the reply itself is moderated in its thread."""

    model = ReplyFlag
    menu_label = _("Flagged replies")
    menu_icon = "warning"
    permission_helper_class = permissions("inspect", "edit")
    list_display = ["reason", "user", "created_at", "resolved"]
    list_filter = ["resolved"]
    ordering = ["resolved", "-created_at"]
    list_select_related = ("user",)
    inspect_view_fields = ["reply", "user", "reason", "created_at", "resolved"]
    # Only whether it is dealt with: a flag cannot be pointed at another reply.
    edit_handler = ObjectList([FieldPanel("resolved")])


class RemoteFeedAdmin(PolicyModelAdmin):
    """Other sites' networks whose key lessons this network harvests as candidates."""

    model = RemoteFeed
    menu_label = _("Followed networks")
    menu_icon = "link-external"
    permission_helper_class = permissions("inspect", "create", "edit", "delete")
    list_display = ["name", "network", "url", "kind", "follow_state", "sub_network"]
    inspect_view_fields = [
        "name",
        "network",
        "url",
        "kind",
        "follow_state",
        "is_sub_network",
        "last_fetched_at",
        "last_status",
    ]
    list_select_related = ("network",)
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            # A plain list of the networks this coordinator curates, not a page explorer.
            FieldPanel("network", widget=forms.Select),
        ],
        base_form_class=RemoteFeedForm,
    )

    @admin.display(description=_("sub-network"))
    def sub_network(self, feed):
        # Words, not Wagtail's red cross: not being a sub-network is no fault.
        return _("yes") if feed.is_sub_network else _("no")


class NamingPermissionHelper(PolicyPermissionHelper):
    """Coordinators are named for the networks below one's own, and removed there."""

    actions = frozenset({"create", "delete"})

    def user_can_create(self, user):
        return access.nameable_networks(user).exists()

    def user_can_delete_obj(self, user, obj):
        return access.may_name_coordinators(user, obj.network)


class ReadingAlongPermissionHelper(PolicyPermissionHelper):
    """Seen for one's networks; changed only by those who name the network's coordinators."""

    def user_can_edit_obj(self, user, obj):
        return access.may_name_coordinators(user, obj.network)


class NetworkCoordinatorAdmin(PolicyModelAdmin):
    """Who coordinates which network. Coordinators name those of the networks below theirs;
    nobody names or removes the coordinators of their own network or one above it."""

    model = NetworkCoordinator
    menu_label = _("Coordinators")
    menu_icon = "crosshairs"
    permission_helper_class = NamingPermissionHelper
    inspect_view_enabled = False
    list_display = ["user", "network", "named_by", "named_at"]
    list_select_related = ("user", "network", "named_by")
    ordering = ["network__path", "sort_order"]
    edit_handler = ObjectList(
        [FieldPanel("network"), FieldPanel("person")], base_form_class=NetworkCoordinatorForm
    )


class CoordinatorRemovalView(ScopedDeleteView):
    def delete_instance(self):
        coordination.remove_coordinator(self.instance, by=self.request.user)


NetworkCoordinatorAdmin.delete_view_class = CoordinatorRemovalView


class UnfollowView(ScopedDeleteView):
    """Deleting a network followed over ActivityPub tells it (``Undo`` of the ``Follow``)."""

    def delete_instance(self):
        following.unfollow(self.instance)
        super().delete_instance()


RemoteFeedAdmin.delete_view_class = UnfollowView


class NetworkAccessAdmin(PolicyModelAdmin):
    """Whether the coordinators above read a network's closed circles; its circles say so."""

    model = NetworkAccess
    menu_label = _("Reading along")
    menu_icon = "view"
    permission_helper_class = ReadingAlongPermissionHelper
    list_display = ["network", "coordinators_read_closed"]
    list_select_related = ("network",)
    ordering = ["network__path"]
    inspect_view_fields = ["network", "coordinators_read_closed"]
    edit_handler = ObjectList(
        [FieldPanel("coordinators_read_closed")], base_form_class=NetworkAccessForm
    )


class InitiativeReportAdmin(PolicyModelAdmin):
    """The moderation queue of initiatives reported through the public form; the top
    network's coordinators review it, since the directory is the whole site's."""

    model = InitiativeReport
    menu_label = _("Reported initiatives")
    menu_icon = "help"
    permission_helper_class = permissions("inspect", site_wide=True)
    list_filter = ["status", "kind"]
    search_fields = ["name", "municipality", "description", "reporter_name"]
    ordering = ["status", "-created_at"]
    list_display = ["name", "municipality", "kind", "status", "created_at", "review_link"]
    inspect_view_fields = [
        "name",
        "kind",
        "municipality",
        "neighbourhood",
        "website",
        "description",
        "reporter_name",
        "reporter_email",
        "status",
        "created_at",
        "reviewed_at",
        "reviewed_by",
    ]

    def review_url_name(self):
        return self.url_helper.get_action_url_name("review")

    def review_link(self, obj):
        label = _("Review") if obj.status == InitiativeReport.Status.PENDING else _("View")
        return format_html(
            '<a class="button button-small" href="{}">{}</a>',
            reverse(self.review_url_name(), args=[obj.pk]),
            label,
        )

    review_link.short_description = _("Review")

    def review_view(self, request, pk):
        from practices.admin_views import review_initiative_report

        if not access.coordinates_site(request.user):
            raise PermissionDenied
        return review_initiative_report(
            request, pk, index_url_name=self.url_helper.get_action_url_name("index")
        )

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path(
                f"{self.opts.app_label}/{self.opts.model_name}/review/<lk_id:pk>/",
                self.review_view,
                name=self.review_url_name(),
            ),
        )


class UndeliveredEmailButtons(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        buttons.append(
            {
                "url": reverse(self.url_helper.get_action_url_name("retry"), args=[obj.pk]),
                "label": _("Try again"),
                "classname": self.finalise_classname(["button-secondary"]),
                "title": _("Try to deliver this email once more"),
            }
        )
        return buttons


class UndeliveredEmailAdmin(PolicyModelAdmin):
    """Emails the mail server did not take after every attempt (leerkring.outbox), for the
    coordinators of the circle each is about. The body is not shown: it may hold a closed
    circle's words, and the subject, recipient and error say what a coordinator can act on.
    """

    model = OutgoingEmail
    menu_label = _("Undelivered email")
    menu_icon = "mail"
    permission_helper_class = permissions()
    button_helper_class = UndeliveredEmailButtons
    inspect_view_enabled = False
    history_view_enabled = False
    list_display = [
        "recipient_list",
        "kind_label",
        "subject",
        "circle",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
    ]
    list_select_related = ("circle",)
    ordering = ["-last_attempt_at", "-pk"]
    search_fields = ["subject", "recipient_index"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=OutgoingEmail.Status.FAILED)

    def retry_view(self, request, pk):
        return retry_undelivered_email(request, pk, self)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path(
                f"{self.opts.app_label}/{self.opts.model_name}/retry/<lk_id:pk>/",
                self.retry_view,
                name=self.url_helper.get_action_url_name("retry"),
            ),
        )


@require_http_methods(["GET", "POST"])
def retry_undelivered_email(request, pk, model_admin):
    """GET asks, POST queues the email again. Any email outside the person's circles is a
    404, whatever its state; one that is not undelivered (any more) says so."""
    if not model_admin.permission_helper.user_can_list(request.user):
        raise PermissionDenied
    in_scope = access.admin_queryset(OutgoingEmail.objects.all(), request.user)
    email = get_object_or_404(in_scope.select_related("circle"), pk=pk)
    index_url = model_admin.url_helper.index_url
    if request.method == "POST":
        if outbox.retry_undelivered(email):
            messages.success(
                request,
                gettext("The email to %(recipients)s is being delivered again.")
                % {"recipients": email.recipient_list()},
            )
        else:
            messages.info(request, gettext("This email was no longer waiting to be tried again."))
        return redirect(index_url)
    return TemplateResponse(
        request,
        "leerkring/admin/retry_email.html",
        {
            "email": email,
            "undelivered": email.status == OutgoingEmail.Status.FAILED,
            "index_url": index_url,
        },
    )


# Other apps add their listings to the Leerkring menu through this Wagtail hook: a function
# returning ModelAdmin classes (the search app adds its search terms this way).
ADMIN_LISTINGS_HOOK = "register_leerkring_admin_listings"


class LeerkringAdminGroup(ModelAdminGroup):
    """One Leerkring menu for every listing, ours and those other apps add by the hook."""

    menu_label = _("Leerkring")
    menu_icon = "group"
    menu_order = 210

    def __init__(self):
        # The listings are made on first use, when every app's wagtail_hooks has run.
        pass

    @cached_property
    def modeladmin_instances(self):
        added = [cls for hook in hooks.get_hooks(ADMIN_LISTINGS_HOOK) for cls in hook()]
        return [cls(parent=self) for cls in (*self.items, *added)]

    items = (
        MembershipAdmin,
        MeetingAdmin,
        ReplyFlagAdmin,
        RemoteFeedAdmin,
        NetworkCoordinatorAdmin,
        NetworkAccessAdmin,
        InitiativeReportAdmin,
        UndeliveredEmailAdmin,
    )
