"""Confirming that an account is to be deleted."""

from django import forms
from django.utils.translation import gettext_lazy as _

KEEP = "keep"
DELETE = "delete"


class DeleteAccountForm(forms.Form):
    """What happens to the replies, and the password: typing it shows it is the person
    themselves at the keyboard, not someone at a computer they left signed in."""

    replies = forms.ChoiceField(
        label=_("Your replies in conversations"),
        choices=[
            (
                KEEP,
                _(
                    "Keep them for the conversation's sake, shown as written by “a former "
                    "member”, without my name or email address"
                ),
            ),
            (DELETE, _("Delete them too")),
        ],
        initial=KEEP,
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you who deletes the account."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password

    @property
    def keep_replies(self):
        return self.cleaned_data["replies"] == KEEP
