from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkActor(models.Model):
    """A network's identity in the fediverse (docs/architecture.md, "Federation").

    Kept outside the page's revisions, like ``NetworkCoordinator``: publishing, moving or
    reverting a network page never changes who it is to other servers. ``username`` is
    taken from the page's slug when the row is made and never follows the slug afterwards,
    since remote servers key their follows on it. The key pair is made on first need
    (``leerkring.federation.actors.with_key``). The private key sits in the database
    unencrypted, as Mastodon keeps ``accounts.private_key``: it signs, and anyone who can
    read the database could also change what the network publishes.
    """

    network = models.OneToOneField(
        "leerkring.NetworkPage",
        on_delete=models.CASCADE,
        related_name="actor",
        verbose_name=_("network"),
    )
    username = models.CharField(_("username"), max_length=64, unique=True, editable=False)
    private_key_pem = models.TextField(blank=True, editable=False)
    public_key_pem = models.TextField(blank=True, editable=False)
    key_created_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network actor")
        verbose_name_plural = _("network actors")

    def __str__(self):
        return self.username
