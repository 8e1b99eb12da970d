"""The admin form with which a coordinator follows another site's network."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .. import harvest

REFUSALS = {
    harvest.REFUSED_SCHEME: _("Only http and https addresses can be followed."),
    harvest.REFUSED_PRIVATE: _(
        "This address points into a private or local network; the harvester does not "
        "fetch from there. Use the public address of the other site's feed."
    ),
    harvest.REFUSED_UNKNOWN_HOST: _(
        "The host name of this address could not be found. Check it for typing errors."
    ),
}


class RemoteFeedForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "network" in self.fields:
            from ..access import coordinated_networks

            self.fields["network"].queryset = coordinated_networks(self.for_user).order_by("path")

    def clean_url(self):
        url = (self.cleaned_data.get("url") or "").strip()
        reason = harvest.refused_host_reason(url)
        if reason:
            raise forms.ValidationError(REFUSALS.get(reason, reason))
        return url
