from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import joining
from ..choices import CircleStatus, MembershipStatus
from ..forms.joining import (
    DecisionForm,
    JoinRequestForm,
    LeaveForm,
    PublicListingForm,
    RemoveMemberForm,
)
from ..models import Membership
from .base import (
    circle_access,
    circle_view,
    redirect_to_circle,
    render_circle,
    restored_text,
)
from .circles import who_reads_along


@circle_view
@require_http_methods(["GET", "POST"])
def request_to_join(request, circle):
    access = circle_access(request, circle, login=True)
    if access.is_member:
        messages.info(request, _("You are already a member of this circle."))
        return redirect_to_circle(circle)
    if circle.status == CircleStatus.CONCLUDED:
        messages.info(request, _("This circle has concluded and takes no new members."))
        return redirect_to_circle(circle)

    initial = restored_text(request) if request.method == "GET" else {}
    if access.has_pending_request and not initial:
        initial = {
            "motivation": access.membership.motivation,
            "listed_publicly": access.membership.listed_publicly,
        }
    form = JoinRequestForm(
        request.POST if request.method == "POST" else None, initial=initial, circle=circle
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                membership, _is_new = joining.request_to_join(
                    circle,
                    request.user,
                    motivation=form.cleaned_data["motivation"],
                    organisation=form.cleaned_data["organisation"],
                    listed_publicly=form.cleaned_data.get("listed_publicly"),
                )
            except joining.JoiningError as error:
                messages.info(request, str(error))
                return redirect_to_circle(circle)
            if membership.status == MembershipStatus.WAITING:
                messages.success(
                    request,
                    _(
                        "The circle is full. You are on the waiting list; "
                        "the facilitator lets you know when a place comes free."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("Your request has been sent. The facilitator will let you know by email."),
                )
            return redirect_to_circle(circle)
    return render_circle(
        request,
        circle,
        "leerkring/join_form.html",
        {
            "access": access,
            "form": form,
            "is_full": joining.places_left(circle) == 0,
            "readers_along": who_reads_along(circle),
        },
        status=400 if form.is_bound else 200,
    )


@circle_view
@require_POST
def set_public_listing(request, circle):
    """A member shows or hides their own name on the open circle's public member list.

    Acts on the signed-in person's own membership only, so nobody changes another's choice;
    sending the same form twice leaves the same state.
    """
    access = circle_access(request, circle, login=True, read=True)
    if not access.is_member:
        raise Http404
    form = PublicListingForm(request.POST)
    form.is_valid()  # a lone optional checkbox: always valid, absent means "no"
    listed = form.cleaned_data["listed_publicly"]
    joining.set_public_listing(access.membership, listed)
    if listed:
        messages.success(request, _("Your name now shows on the public member list."))
    else:
        messages.success(
            request,
            _("Your name no longer shows on the public member list; members still see it."),
        )
    return redirect_to_circle(circle, "members")


@circle_view
@require_POST
def withdraw_request(request, circle):
    access = circle_access(request, circle, login=True)
    if not access.has_pending_request:
        # A replayed form, or the facilitator decided first: nothing to take back.
        messages.info(request, _("You have no open request for this circle."))
        return redirect_to_circle(circle)
    was_waiting = access.membership.status == MembershipStatus.WAITING
    joining.withdraw_request(access.membership)
    if was_waiting:
        messages.success(request, _("You have left the waiting list."))
    else:
        messages.success(request, _("Your request to join has been withdrawn."))
    return redirect_to_circle(circle)


@circle_view
@require_http_methods(["GET", "POST"])
def leave_circle(request, circle):
    access = circle_access(request, circle, login=True)
    if not access.is_member:
        raise Http404
    form = LeaveForm(
        request.POST if request.method == "POST" else None, membership=access.membership
    )
    if request.method == "POST" and form.is_valid():
        try:
            joining.leave(access.membership, successor=form.cleaned_data.get("successor"))
        except joining.JoiningError as error:
            form.add_error("successor" if "successor" in form.fields else None, str(error))
        else:
            messages.success(request, _("You have left the circle."))
            return redirect_to_circle(circle)
    return render_circle(
        request,
        circle,
        "leerkring/leave_form.html",
        {"access": access, "form": form},
        status=400 if form.is_bound else 200,
    )


@circle_view
def request_list(request, circle):
    access = circle_access(request, circle, manage=True)
    return _render_requests(request, circle, access)


def _render_requests(request, circle, access, failed=None, form=None, status=200):
    """The open requests; ``failed`` is the one whose decision could not be saved, shown
    again with ``form``'s error and with what was typed."""
    pending = list(
        Membership.objects.pending()
        .filter(circle=circle)
        .select_related("user", "organisation")
        .order_by("status", "created_at")
    )
    if failed is not None and failed.pk not in {membership.pk for membership in pending}:
        messages.error(request, _("This request has already been decided."))
    return render_circle(
        request,
        circle,
        "leerkring/request_list.html",
        {
            "access": access,
            "pending": pending,
            "places_left": joining.places_left(circle),
            "decision_form": DecisionForm(),
            "failed_id": failed.pk if failed is not None else None,
            "failed_form": form,
        },
        status=status,
        noindex=True,
    )


@circle_view
@require_POST
def decide_request(request, circle, membership_id):
    access = circle_access(request, circle, manage=True)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, circle=circle
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        # Shown at the request itself, with the note that was typed; nothing is saved.
        return _render_requests(request, circle, access, membership, form, status=400)
    try:
        if form.cleaned_data["decision"] == DecisionForm.ACCEPT:
            joining.accept_request(membership, request.user, form.cleaned_data["note"])
            accepted = True
        else:
            joining.decline_request(membership, request.user, form.cleaned_data["note"])
            accepted = False
    except joining.JoiningError as error:
        messages.error(request, str(error))
        return redirect_to_circle(circle, "requests")
    if accepted:
        messages.success(
            request,
            _("%(name)s is now a member.") % {"name": joining.display_name(membership.user)},
        )
    else:
        messages.success(
            request,
            _("The request of %(name)s has been declined.")
            % {"name": joining.display_name(membership.user)},
        )
    return redirect_to_circle(circle, "requests")


@circle_view
@require_http_methods(["GET", "POST"])
def remove_member(request, circle, membership_id):
    access = circle_access(request, circle, manage=True)
    membership = get_object_or_404(
        Membership.objects.active().select_related("user"), pk=membership_id, circle=circle
    )
    form = RemoveMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            joining.remove(membership, request.user, form.cleaned_data["reason"])
        except joining.JoiningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is no longer a member.")
                % {"name": joining.display_name(membership.user)},
            )
            return redirect_to_circle(circle, "members")
    return render_circle(
        request,
        circle,
        "leerkring/remove_member_form.html",
        {"access": access, "form": form, "membership": membership},
        status=400 if form.is_bound else 200,
    )


@circle_view
@require_POST
def make_facilitator(request, circle, membership_id):
    """Share the facilitating: a facilitator or coordinator names another facilitator."""
    circle_access(request, circle, manage=True)
    membership = get_object_or_404(
        Membership.objects.active().select_related("user"), pk=membership_id, circle=circle
    )
    joining.make_facilitator(membership)
    messages.success(
        request,
        _("%(name)s now facilitates this circle too.")
        % {"name": joining.display_name(membership.user)},
    )
    return redirect_to_circle(circle, "members")
