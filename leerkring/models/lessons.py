from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from practices.slugs import AsciiSlugMixin, SlugPageForm

from .threads import REPLY_MODEL

LESSON_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class CollaborationPhase(models.TextChoices):
    """Phases of working together, as a circle's outcomes are grouped (before, establishing,
    during the collaboration)."""

    BEFORE = "1-before", _("Before the collaboration")
    ESTABLISHING = "2-establishing", _("Establishing the collaboration")
    DURING = "3-during", _("During the collaboration")


class LessonPageForm(SlugPageForm):
    """Offers only the conversations of the lesson's own circle to distil it from: the
    titles of other circles' threads, closed ones among them, are not the editor's to see."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if "source_threads" not in self.fields:
            return
        from .threads import Thread

        circle = self.instance.get_parent() if self.instance.pk else parent_page
        threads = Thread.objects.filter(circle_id=circle.pk if circle else None)
        self.fields["source_threads"].queryset = threads.order_by("-created_at")


class LessonPage(AsciiSlugMixin, Page):
    """A lesson a circle distilled from its conversations, shaped like "#4: Werk samen met
    bestaande groepen in een wijk": the application, in practice, and the next step."""

    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Its number within the circle's outcomes.")
    )
    summary = models.TextField(_("summary"), max_length=600)
    application = RichTextField(_("the application"), blank=True, features=LESSON_TEXT_FEATURES)
    in_practice = RichTextField(_("in practice"), blank=True, features=LESSON_TEXT_FEATURES)
    practice_cases = ParentalManyToManyField(
        "practices.PracticeCasePage",
        blank=True,
        related_name="lessons",
        verbose_name=_("practice stories"),
    )
    next_step = RichTextField(
        _("the next step"),
        blank=True,
        features=LESSON_TEXT_FEATURES,
        help_text=_("Further reading and where to go from here."),
    )
    themes = ParentalManyToManyField(
        "practices.Theme", blank=True, related_name="lessons", verbose_name=_("themes")
    )
    phase = models.CharField(
        _("phase of the collaboration"),
        max_length=20,
        choices=CollaborationPhase.choices,
        blank=True,
    )
    source_threads = ParentalManyToManyField(
        "leerkring.Thread",
        blank=True,
        related_name="lessons",
        verbose_name=_("distilled from conversations"),
        help_text=_("Shown as links only to those who may read the conversations."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("number"), FieldPanel("phase")]),
        FieldPanel("summary"),
        FieldPanel("application"),
        MultiFieldPanel(
            [FieldPanel("in_practice"), FieldPanel("practice_cases")], heading=_("In practice")
        ),
        FieldPanel("next_step"),
        FieldPanel("themes"),
        FieldPanel("source_threads"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("application"),
        index.SearchField("in_practice"),
        index.SearchField("next_step"),
        index.FilterField("phase"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    parent_page_types = ["leerkring.LearningCirclePage"]
    subpage_types = []
    base_form_class = LessonPageForm

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def shown_practice_cases(self):
        """The live, public stories this lesson links to. Asked through the stories' own
        table, since in a preview or an old revision the links are held in memory only."""
        from practices.models import PracticeCasePage

        linked = [case.pk for case in self.practice_cases.all()]
        return PracticeCasePage.objects.filter(pk__in=linked).live().public().specific()

    def get_context(self, request, *args, **kwargs):
        from ..access import CircleAccess

        context = super().get_context(request, *args, **kwargs)
        circle = self.get_parent().specific
        access = CircleAccess(request.user, circle)
        context.update(
            circle=circle,
            themes=self.themes.all(),
            cases=self.shown_practice_cases(),
            # Where a lesson came from is part of the circle's private talk when it is closed.
            source_threads=list(self.source_threads.all()) if access.can_read else [],
            # Networks on other sites that feature this lesson (their Announce).
            uptakes=list(self.uptakes.select_related("remote")),
        )
        return context


class TipQuerySet(models.QuerySet):
    def ranked(self):
        """The coordinator's order first, then the replies the members found most useful."""
        from .threads import ReactionKind

        return self.annotate(
            useful_count=models.Count(
                "source_reply__reactions",
                filter=models.Q(source_reply__reactions__kind=ReactionKind.USEFUL),
            )
        ).order_by(models.F("position").asc(nulls_last=True), "-useful_count", "-created_at")

    def visible_outside(self):
        """Tips that may appear beyond their own circle."""
        return self.filter(
            models.Q(circle__visibility="open") | models.Q(shareable=True), circle__live=True
        )


class Tip(models.Model):
    """A short tip, often promoted from a reply ("Tips (top 10) uit de chat")."""

    circle = models.ForeignKey(
        "leerkring.LearningCirclePage",
        on_delete=models.CASCADE,
        related_name="tips",
        verbose_name=_("learning circle"),
    )
    title = models.CharField(_("tip"), max_length=160)
    text = models.TextField(_("explanation"), max_length=2000, blank=True)
    source_reply = models.ForeignKey(
        REPLY_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("promoted from reply"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("from"),
    )
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promoted by"),
    )
    shareable = models.BooleanField(
        _("may be shown outside the circle"),
        default=False,
        help_text=_("Tips from a closed circle appear elsewhere only when this is ticked."),
    )
    position = models.PositiveSmallIntegerField(_("position"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TipQuerySet.as_manager()

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self):
        return self.title


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    FEATURED = "featured", _("Featured")
    DECLINED = "declined", _("Declined")


class LessonNomination(models.Model):
    """A lesson put forward to a network; featured ones are that network's key lessons."""

    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("lesson")
    )
    network = models.ForeignKey(
        "leerkring.NetworkPage",
        on_delete=models.CASCADE,
        related_name="nominations",
        verbose_name=_("network"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
    )
    note = models.TextField(_("note"), blank=True, max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("position").asc(nulls_last=True), "-updated_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "network"], name="one_nomination_per_network")
        ]

    def __str__(self):
        return f"{self.lesson} → {self.network}"
