from django import forms
from django.utils.translation import gettext_lazy as _

from .models import InitiativeReport


class InitiativeReportForm(forms.ModelForm):
    """The public 'initiatiefkaart': report an initiative that exists in your neighbourhood."""

    honeypot_field = "homepage"
    # A field people never see; bots that fill every input give themselves away.
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = InitiativeReport
        fields = [
            "name",
            "kind",
            "municipality",
            "neighbourhood",
            "website",
            "description",
            "reporter_name",
            "reporter_email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6, "maxlength": 4000})}
        help_texts = {
            "description": _(
                "What does the initiative do, and since when? At most 4,000 characters."
            ),
            "reporter_email": _("Only the coordinators see this, to ask a question if needed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind")), *self.fields["kind"].choices[1:]]

    def is_spam(self):
        return bool(self.cleaned_data.get(self.honeypot_field))

    def existing_report(self):
        """An earlier report of the same initiative, so a repeated post adds nothing."""
        return (
            InitiativeReport.objects.filter(
                name__iexact=self.cleaned_data["name"].strip(),
                municipality__iexact=self.cleaned_data["municipality"].strip(),
            )
            .exclude(status=InitiativeReport.Status.REJECTED)
            .first()
        )
