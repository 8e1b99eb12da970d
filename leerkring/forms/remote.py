"""The admin form with which a coordinator follows another site's network.

A handle (``@gelderland@leerkring.gelderland.nl``) is followed over ActivityPub: the form
looks it up (WebFinger, then the actor), so that a handle that does not exist is said at
once, and saving sends the ``Follow`` (``leerkring.federation.following``). An address is a
JSON Feed, harvested as before.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .. import harvest
from ..federation import actors, following, remote_actors
from ..models import RemoteFeed

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
    url = forms.CharField(
        label=_("Handle or feed address"),
        max_length=1000,
        help_text=_(
            "A network's handle, such as @gelderland@leerkring.gelderland.nl, to follow it "
            "over ActivityPub; or the address of its JSON Feed."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.remote_actor = None
        if self.for_user is not None and "network" in self.fields:
            from ..access import coordinated_networks

            self.fields["network"].queryset = coordinated_networks(self.for_user).order_by("path")
        if "name" in self.fields:
            self.fields["name"].required = False
            self.fields["name"].help_text = _("Left empty, the network's own name is used.")
        if self.instance.pk and self.instance.kind == RemoteFeed.Kind.ACTIVITYPUB:
            # Following another network is a new follow, not an edit of this one.
            self.fields["url"].disabled = True

    def clean_url(self):
        url = (self.cleaned_data.get("url") or "").strip()
        if self.fields["url"].disabled:
            return self.instance.url
        if remote_actors.HANDLE_RE.match(url):
            try:
                self.remote_actor = remote_actors.resolve(url)
            except remote_actors.KeyUnavailable:
                raise forms.ValidationError(
                    _(
                        "No network with this handle could be found on that site. Check the "
                        "handle, or ask the other site's coordinator for it."
                    )
                ) from None
            return self.remote_actor.uri
        reason = harvest.refused_host_reason(url)
        if reason:
            raise forms.ValidationError(REFUSALS.get(reason, reason))
        return url

    def clean(self):
        cleaned = super().clean()
        actor, network = self.remote_actor, cleaned.get("network")
        if actor is not None and network is not None:
            if not actors.federated_networks().filter(pk=network.pk).exists():
                # The other site checks our signature against our actor, which only a
                # published network without a view restriction has.
                self.add_error(
                    "network",
                    _("Only a published, public network can follow others over ActivityPub."),
                )
            elif actor.uri == actors.actor_url(actors.actor_for(network)):
                self.add_error("url", _("A network cannot follow itself."))
            elif (
                RemoteFeed.objects.filter(network=network, remote_actor=actor)
                .exclude(pk=self.instance.pk)
                .exists()
            ):
                self.add_error("url", _("This network already follows that network."))
        if not (cleaned.get("name") or "").strip():
            if actor is not None:
                cleaned["name"] = (actor.name or actor.preferred_username or actor.domain)[:200]
            elif self.instance.pk and self.instance.name:
                cleaned["name"] = self.instance.name
            else:
                self.add_error("name", _("Give the followed network a name."))
        return cleaned

    def save(self, commit=True):
        feed = super().save(commit=False)
        if self.remote_actor is not None:
            feed.kind = RemoteFeed.Kind.ACTIVITYPUB
            feed.remote_actor = self.remote_actor
        if commit:
            feed.save()
            if self.remote_actor is not None:
                following.follow(feed)
        return feed
