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


URI_MAX_LENGTH = 500
DOMAIN_MAX_LENGTH = 255
TYPE_MAX_LENGTH = 64


class RemoteActor(models.Model):
    """An actor on another server, as far as we need it: where its key is and what it is.

    A cache: filled from the actor's own document (``leerkring.federation.remote_actors``),
    fetched through the harvester's address rules, and read again when it is old or a
    signature fails against the key kept here (the key may have been rotated).
    """

    uri = models.URLField(_("actor address"), max_length=URI_MAX_LENGTH, unique=True)
    domain = models.CharField(_("server"), max_length=DOMAIN_MAX_LENGTH, db_index=True)
    key_id = models.URLField(_("key address"), max_length=URI_MAX_LENGTH, unique=True)
    public_key_pem = models.TextField(_("public key"))
    inbox = models.URLField(_("inbox"), max_length=URI_MAX_LENGTH, blank=True)
    preferred_username = models.CharField(_("username"), max_length=255, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"))

    class Meta:
        verbose_name = _("remote actor")
        verbose_name_plural = _("remote actors")

    def __str__(self):
        return self.uri


class ReceivedActivity(models.Model):
    """One activity a network's inbox accepted: the log that makes a replay harmless.

    Only what identifies the activity is kept (its id, type, actor, object id, the body's
    digest and a digest of the signature), never the rest of the body. An activity id is
    taken once per inbox and a signature once at all, so the same request, or a sender's
    retry of the same activity, is answered 202 and never acted on twice.
    """

    inbox = models.ForeignKey(
        NetworkActor,
        on_delete=models.CASCADE,
        related_name="received_activities",
        verbose_name=_("inbox"),
    )
    activity_id = models.URLField(_("activity address"), max_length=URI_MAX_LENGTH)
    activity_type = models.CharField(_("type"), max_length=TYPE_MAX_LENGTH)
    actor_uri = models.URLField(_("actor address"), max_length=URI_MAX_LENGTH)
    object_id = models.CharField(_("object"), max_length=URI_MAX_LENGTH, blank=True)
    body_digest = models.CharField(_("body digest"), max_length=100)
    # sha256 (hex) of the signature's bytes: the same signed request seen twice.
    signature_digest = models.CharField(max_length=64, unique=True, editable=False)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("received activity")
        verbose_name_plural = _("received activities")
        constraints = [
            models.UniqueConstraint(
                fields=["inbox", "activity_id"], name="leerkring_received_activity_once"
            )
        ]

    def __str__(self):
        return f"{self.activity_type} {self.activity_id}"
