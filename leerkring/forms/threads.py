from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import Theme

from ..models import Thread

# Shown under every text area people write Markdown in, with or without the toolbar that
# writing.js adds: the three things most people need, written as they are typed.
FORMATTING_HINT = _("Formatting: **bold**, *italic*, [link](https://…)")


class ThreadForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Thread
        fields = ["title", "body", "themes"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"body": FORMATTING_HINT}


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        help_text=FORMATTING_HINT,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def _reason(label, help_text=""):
    return forms.CharField(
        label=label, help_text=help_text, widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


class HideForm(forms.Form):
    reason = _reason(_("Reason (the author sees it)"))


class FlagForm(forms.Form):
    reason = _reason(_("What is wrong?"), _("Only the circle's facilitators read this."))


class TipForm(forms.Form):
    title = forms.CharField(label=_("The tip in a few words"), max_length=160)
    text = forms.CharField(
        label=_("A sentence or two more (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,
    )
