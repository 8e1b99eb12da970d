"""Following buttons and the member's email settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import NotificationSettings

FOLLOW_ACTIONS = [
    ("follow", _("Follow")),
    ("unfollow", _("Stop following")),
    ("mute", _("Mute")),
    ("unmute", _("Unmute")),
]


class FollowForm(forms.Form):
    """The follow and mute buttons of a thread or a circle; the button names the action."""

    action = forms.ChoiceField(choices=FOLLOW_ACTIONS)
    next = forms.CharField(required=False, max_length=2000)


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["instant_email", "digest", "meeting_reminders"]
        labels = {
            "instant_email": _("Email me about each new reply and mention"),
            "digest": _("Digest"),
            "meeting_reminders": _("Remind me the day before a meeting"),
        }
        help_texts = {
            "instant_email": _(
                "Only for conversations and circles you follow, and only while you are a "
                "member of the circle."
            ),
            "digest": _(
                "One email that sums up the new replies in what you follow. You can have "
                "both, or only the digest."
            ),
            "meeting_reminders": _(
                "An email the day before each meeting of your circles, unless you said you "
                "are not coming."
            ),
        }
        widgets = {"digest": forms.RadioSelect}
