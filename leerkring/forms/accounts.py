"""What a signed-in person can change about themselves on the front end."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from practices.models import Organisation

from ..models import Profile

User = get_user_model()

BIO_MAX_LENGTH = Profile._meta.get_field("bio").max_length


class ProfileForm(forms.ModelForm):
    """Name, organisation and a short bio: the account's user row and its leerkring profile.

    The name lives on the user so the admin, emails and allauth show the same name;
    the rest lives on :class:`~leerkring.models.Profile`, created on the first save.
    """

    first_name = forms.CharField(
        label=_("First name"),
        max_length=User._meta.get_field("first_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=User._meta.get_field("last_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    class Meta:
        model = Profile
        fields = ["organisation", "bio"]
        labels = {"organisation": _("Organisation or initiative"), "bio": _("Short bio")}
        help_texts = {
            "organisation": _(
                "Members of your circles see where you work or what initiative you are part of."
            ),
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    field_order = ["first_name", "last_name", "organisation", "bio"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        initial = {"first_name": user.first_name, "last_name": user.last_name}
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        # Only organisations in the public directory: an unapproved report is nobody's
        # employer yet, and an id that is not offered here fails as an invalid choice.
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.public()
        organisation.empty_label = _("No organisation")
        organisation.required = False
        # Interpolated here, in the language of the request, not once at import time.
        self.fields["bio"].help_text = _(
            "Plain text: who you are and what you want to learn. At most %(max)d characters."
        ) % {"max": BIO_MAX_LENGTH}

    def save(self, commit=True):
        """Store the name on the user and the rest on the profile, in one transaction.

        The profile row is created on the first save; ``update_or_create`` keeps two
        first saves at the same moment (a double-clicked button) from colliding.
        """
        if not commit:
            raise ValueError("ProfileForm saves the user and the profile together.")
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        with transaction.atomic():
            self.user.save(update_fields=["first_name", "last_name"])
            self.instance, _created = Profile.objects.update_or_create(
                user=self.user,
                defaults={
                    "organisation": self.cleaned_data["organisation"],
                    "bio": self.cleaned_data["bio"],
                },
            )
        return self.instance
