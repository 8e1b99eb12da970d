from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from ..models import Answer, Meeting

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_local_input():
    """The browser's own date and time picker. Its value has no time zone: the form reads
    it in the site's (Europe/Amsterdam), and Django's ISO parsing accepts it as it is."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT)


class WebAddressField(forms.URLField):
    """A URL field for http and https only: a javascript: or data: link never reaches a page."""

    default_validators = [
        URLValidator(
            schemes=["http", "https"],
            message=_("Enter a web address that starts with https:// or http://."),
        )
    ]


class MeetingForm(forms.ModelForm):
    """Plan a meeting, or change it afterwards; the report is written once it has been held.

    The rules that hold everywhere (ends after it starts, a place or a link) live in
    ``Meeting.clean`` and reach this form through model validation.
    """

    online_url = WebAddressField(
        label=_("Online meeting link"),
        help_text=_("A link starting with https:// to the video call, if there is one."),
        max_length=Meeting._meta.get_field("online_url").max_length,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "capacity",
            "agenda",
            "report",
        ]
        labels = {
            "title": _("Title"),
            "starts_at": _("Starts"),
            "ends_at": _("Ends"),
            "location": _("Place"),
            "capacity": _("Places (optional)"),
            "agenda": _("Agenda"),
            "report": _("Report"),
        }
        help_texts = {
            "location": _("Address or building. Give a place, an online link, or both."),
            "agenda": _("What the meeting is about; one item per line."),
            "report": _("Written afterwards: what was discussed and agreed."),
        }
        widgets = {
            "starts_at": datetime_local_input(),
            "ends_at": datetime_local_input(),
            "capacity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "report": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            # Nothing to report on before the meeting exists.
            del self.fields["report"]


class AnswerForm(forms.Form):
    """A member's answer to whether they come; the button pressed names it."""

    answer = forms.ChoiceField(choices=Answer.choices)
