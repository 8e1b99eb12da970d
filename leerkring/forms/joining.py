from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import Organisation

from ..joining import display_name
from ..models import Membership


class JoinRequestForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why would you like to join?"),
        help_text=_("A few sentences for the facilitator: who you are and what you bring."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=True,
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.public(),
        required=False,
        empty_label=_("(no organisation)"),
        help_text=_("The municipality or initiative you take part for."),
    )
    listed_publicly = forms.BooleanField(
        label=_("Show my name on the public member list"),
        help_text=_(
            "Visitors of the site then see your name and organisation on the member list of "
            "this open circle. You can change this later on the member list."
        ),
        required=False,
    )

    def __init__(self, *args, circle, **kwargs):
        super().__init__(*args, **kwargs)
        if circle.is_closed:
            # A closed circle's member list is never public: nothing to choose.
            del self.fields["listed_publicly"]


class PublicListingForm(forms.Form):
    """A member's own choice whether their name shows on an open circle's member list."""

    listed_publicly = forms.BooleanField(
        label=_("Show my name on the public member list"), required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DecisionForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to accept or decline the request."),
            "invalid_choice": _("Choose whether to accept or decline the request."),
        },
    )
    note = forms.CharField(
        label=_("Note to the requester"),
        help_text=_("Sent with the outcome; a reason helps when you decline."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class RemoveMemberForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Kept in the admin for the coordinators; not shown to the member."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class LeaveForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Who takes over as facilitator?"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("(choose a member)"),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        if membership.is_facilitator:
            self.fields["successor"].queryset = (
                Membership.objects.active()
                .filter(circle_id=membership.circle_id)
                .exclude(pk=membership.pk)
                .select_related("user")
            )
            self.fields["successor"].label_from_instance = lambda m: display_name(m.user)
        else:
            del self.fields["successor"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    message = forms.CharField(
        label=_("Personal message"),
        help_text=_("Optional; included in the invitation email."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
