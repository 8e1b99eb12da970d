from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Named, not imported: leerkring.conversations is the module that knows django-comments-xtd.
REPLY_MODEL = "django_comments_xtd.XtdComment"


class ThreadQuerySet(models.QuerySet):
    def in_list_order(self):
        """Pinned threads first, then the liveliest."""
        return self.order_by("-pinned", "-last_activity_at", "-pk")


class Thread(models.Model):
    """A conversation (gesprek) in a circle; its replies are django-comments-xtd comments."""

    circle = models.ForeignKey(
        "leerkring.LearningCirclePage",
        on_delete=models.CASCADE,
        related_name="threads",
        verbose_name=_("learning circle"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("opening post"), max_length=20_000, help_text=_("You can use Markdown.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="threads",
        verbose_name=_("author"),
    )
    themes = models.ManyToManyField(
        "practices.Theme", blank=True, related_name="threads", verbose_name=_("themes")
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("A locked conversation takes no new replies.")
    )
    archived = models.BooleanField(_("archived"), default=False)
    # The opening post as sanitised HTML, made when it is saved (leerkring.markdown; see
    # docs/architecture.md, Speed). ``body_rendering`` names the rules it was made with.
    body_html = models.TextField(editable=False, blank=True, default="")
    body_rendering = models.CharField(editable=False, max_length=8, blank=True, default="")

    # Deleting a thread deletes its replies. object_pk is text in django_comments, so this
    # relation is for cascading only; queries go through content type and object_pk.
    replies = GenericRelation(REPLY_MODEL, object_id_field="object_pk")

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-last_activity_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["circle", "-pinned", "-last_activity_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from ..markdown import store_rendering

        store_rendering(self, "body", "body_html", "body_rendering")
        super().save(*args, **kwargs)

    @property
    def is_open_for_replies(self):
        return not (self.locked or self.archived)


class ReplyMeta(models.Model):
    """What a reply needs beyond django-comments-xtd: edits and moderation."""

    reply = models.OneToOneField(
        REPLY_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="leerkring_meta"
    )
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    # Set while a deleted reply can still be brought back by its author (a few minutes).
    removed_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    # The reply's text as sanitised HTML, made when it is written or edited, so that a page
    # of replies renders no Markdown. ``rendering`` names the rules it was made with; the
    # command rerender_texts brings older ones up to date (docs/architecture.md, Speed).
    html = models.TextField(editable=False, blank=True, default="")
    rendering = models.CharField(editable=False, max_length=8, blank=True, default="")

    class Meta:
        verbose_name = _("reply details")
        verbose_name_plural = _("reply details")

    def __str__(self):
        return f"reply {self.reply_id}"


class ReactionKind(models.TextChoices):
    THUMBS_UP = "duim", _("Thumbs up")
    USEFUL = "nuttig", _("Useful")


class Reaction(models.Model):
    reply = models.ForeignKey(REPLY_MODEL, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reply_reactions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["reply", "user", "kind"], name="one_reaction_per_kind")
        ]

    def __str__(self):
        return f"{self.kind} on reply {self.reply_id}"


class ReplyFlag(models.Model):
    """A member's report that a reply needs a facilitator's eye."""

    reply = models.ForeignKey(REPLY_MODEL, on_delete=models.CASCADE, related_name="member_flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reply_flags"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(_("dealt with"), default=False)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["reply", "user"], name="one_flag_per_member")
        ]

    def __str__(self):
        return f"flag on reply {self.reply_id}: {self.reason[:40]}"


class ThreadVisit(models.Model):
    """When a member last read a thread, for the unread markers in the list."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_visits"
    )
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_visit_row")]

    def __str__(self):
        return f"{self.user_id} saw {self.thread_id} at {self.seen_at:%Y-%m-%d %H:%M}"
