"""Lessons harvested from other networks' JSON Feeds (see ``leerkring.harvest``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

REMOTE_ID_MAX_LENGTH = 500
URL_MAX_LENGTH = 1000
TITLE_MAX_LENGTH = 300
SUMMARY_MAX_LENGTH = 2000
ORIGIN_MAX_LENGTH = 200
STATUS_MAX_LENGTH = 500


class RemoteFeed(models.Model):
    """Another site's network whose key lessons this network follows as candidates: by
    harvesting its JSON Feed, or as an ActivityPub follower of its actor."""

    class Kind(models.TextChoices):
        JSON_FEED = "json", _("JSON Feed")
        ACTIVITYPUB = "activitypub", _("ActivityPub")

    class FollowState(models.TextChoices):
        NONE = "", _("not applicable")
        PENDING = "pending", _("waiting for the other site")
        ACCEPTED = "accepted", _("following")
        REJECTED = "rejected", _("refused by the other site")

    network = models.ForeignKey(
        "leerkring.NetworkPage",
        on_delete=models.CASCADE,
        related_name="remote_feeds",
        verbose_name=_("network"),
    )
    url = models.URLField(_("feed address"), max_length=URL_MAX_LENGTH)
    name = models.CharField(_("name"), max_length=200)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_status = models.CharField(
        _("last result"), max_length=STATUS_MAX_LENGTH, blank=True, editable=False
    )
    etag = models.CharField(_("ETag"), max_length=255, blank=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.JSON_FEED, editable=False
    )
    remote_actor = models.ForeignKey(
        "leerkring.RemoteActor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_as",
        editable=False,
        verbose_name=_("remote network"),
    )
    follow_state = models.CharField(
        _("follow"), max_length=10, choices=FollowState.choices, blank=True, editable=False
    )
    follow_activity_id = models.URLField(max_length=URL_MAX_LENGTH, blank=True, editable=False)
    # Followed because the remote network named this one as its parent network: its key
    # lessons are candidates here as a sub-network's are.
    is_sub_network = models.BooleanField(_("sub-network"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        # Followed by ActivityPub or harvested as a feed, to a coordinator it is the same.
        verbose_name = _("followed network")
        verbose_name_plural = _("followed networks")

    def __str__(self):
        return self.name


class RemoteLesson(models.Model):
    """One lesson from a remote feed, as last harvested. Only what the feed published."""

    feed = models.ForeignKey(
        RemoteFeed, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("feed")
    )
    remote_id = models.CharField(_("remote id"), max_length=REMOTE_ID_MAX_LENGTH)
    url = models.URLField(_("address"), max_length=URL_MAX_LENGTH)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    modified_at = models.DateTimeField(_("modified"), null=True, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    origin_name = models.CharField(_("origin"), max_length=ORIGIN_MAX_LENGTH, blank=True)
    circle_name = models.CharField(_("circle"), max_length=ORIGIN_MAX_LENGTH, blank=True)
    # The lesson's sections, as sanitised HTML (ActivityPub only; feeds give a summary).
    content_html = models.TextField(_("content"), blank=True)
    harvested_at = models.DateTimeField(_("harvested"))
    # Featured by this network's coordinators on its front page and in its feeds.
    featured_at = models.DateTimeField(_("featured"), null=True, blank=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("featured by"),
    )

    class Meta:
        ordering = ["feed", "-published_at", "pk"]
        verbose_name = _("remote lesson")
        verbose_name_plural = _("remote lessons")
        constraints = [
            models.UniqueConstraint(fields=["feed", "remote_id"], name="unique_remote_lesson")
        ]

    def __str__(self):
        return self.title
