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
    # The remote parent network (its actor address) last told that this one belongs to it.
    parent_uri = models.URLField(max_length=500, blank=True, editable=False)

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
    name = models.CharField(_("name"), max_length=255, blank=True)
    # The actor's page for people (its ``url``), where a link to it leads.
    url = models.URLField(_("page"), max_length=URI_MAX_LENGTH, blank=True)
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


class NetworkFollower(models.Model):
    """A remote actor that follows one of our networks: its inbox gets the key lessons.

    Follows are accepted at once: a network federates only what anyone may read, so there
    is nothing a follower could see that a visitor could not.
    """

    actor = models.ForeignKey(
        NetworkActor, on_delete=models.CASCADE, related_name="followers", verbose_name=_("network")
    )
    remote = models.ForeignKey(
        RemoteActor, on_delete=models.CASCADE, related_name="follows", verbose_name=_("follower")
    )
    follow_activity_id = models.URLField(_("follow activity"), max_length=URI_MAX_LENGTH)
    created_at = models.DateTimeField(_("following since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["actor", "remote"], name="leerkring_follower_once")
        ]

    def __str__(self):
        return f"{self.remote} → {self.actor}"


class OutgoingActivity(models.Model):
    """One activity on its way to one inbox: signed and posted by the worker, with retries.

    Made in the transaction of what caused it, delivered after it commits, exactly as the
    email outbox does (``leerkring.federation.delivery``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("undelivered")

    sender = models.ForeignKey(
        NetworkActor, on_delete=models.CASCADE, related_name="+", verbose_name=_("network")
    )
    inbox = models.URLField(_("inbox"), max_length=URI_MAX_LENGTH)
    activity_id = models.URLField(_("activity address"), max_length=URI_MAX_LENGTH)
    activity_type = models.CharField(_("type"), max_length=TYPE_MAX_LENGTH)
    body = models.TextField(_("activity"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing activity")
        verbose_name_plural = _("outgoing activities")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outgoing_activity_due"),
        ]

    def __str__(self):
        return f"{self.activity_type} → {self.inbox}"


class PublishedArticle(models.Model):
    """What a network last told its followers about one featured lesson.

    The publisher compares the key lessons as they are now with these rows and sends only
    the difference: ``Create`` for a new one, ``Update`` when its document changed,
    ``Delete`` when it is no longer featured (the row stays, ``withdrawn_at`` set, so that
    its address answers with a ``Tombstone``).
    """

    actor = models.ForeignKey(
        NetworkActor, on_delete=models.CASCADE, related_name="articles", verbose_name=_("network")
    )
    nomination_id = models.PositiveIntegerField(_("nomination"))
    digest = models.CharField(_("document digest"), max_length=64)
    published_at = models.DateTimeField(_("first sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last sent"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("published article")
        verbose_name_plural = _("published articles")
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "nomination_id"], name="leerkring_published_article_once"
            )
        ]

    def __str__(self):
        return f"{self.actor} #{self.nomination_id}"


class LessonUptake(models.Model):
    """A network on another site that features one of our lessons (its ``Announce``)."""

    lesson = models.ForeignKey(
        "leerkring.LessonPage",
        on_delete=models.CASCADE,
        related_name="uptakes",
        verbose_name=_("lesson"),
    )
    remote = models.ForeignKey(
        RemoteActor, on_delete=models.CASCADE, related_name="uptakes", verbose_name=_("network")
    )
    announce_id = models.URLField(_("announce activity"), max_length=URI_MAX_LENGTH)
    network_name = models.CharField(_("network name"), max_length=255)
    network_url = models.URLField(_("network address"), max_length=URI_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("taken up"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("lesson taken up elsewhere")
        verbose_name_plural = _("lessons taken up elsewhere")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "remote"], name="leerkring_uptake_once")
        ]

    def __str__(self):
        return f"{self.lesson} ← {self.network_name}"
