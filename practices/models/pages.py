from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import StoryBodyBlock
from ..choices import ApproachPhase, Track
from ..conf import practices_settings
from ..slugs import AsciiSlugMixin
from .organisations import Organisation
from .themes import Theme


class PracticeIndexPage(AsciiSlugMixin, Page):
    """'Uit de praktijk': the filterable, paginated list of published practice stories."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    subpage_types = ["practices.PracticeCasePage"]

    class Meta:
        verbose_name = _("practice story index")

    def published_cases(self):
        return (
            PracticeCasePage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("publisher")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("name", "slug")))
            .order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        from ..filters import PracticeCaseFilter
        from ..paging import keyset_page

        context = super().get_context(request, *args, **kwargs)
        case_filter = PracticeCaseFilter(request.GET or None, queryset=self.published_cases())
        context.update(
            filter=case_filter,
            page_obj=keyset_page(
                case_filter.qs,
                request.GET,
                practices_settings.PAGE_SIZE,
                keyed=case_filter.is_newest_first(),
            ),
            active_filters=case_filter.active_filter_query(),
        )
        return context


class PracticeCasePage(AsciiSlugMixin, Page):
    """A practice story ('praktijkverhaal'): what an initiative did, with whom, and learned."""

    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Two or three sentences shown in lists.")
    )
    place = models.CharField(_("place or neighbourhood"), max_length=120, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publishing initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_cases",
    )
    organisations = ParentalManyToManyField(
        Organisation,
        verbose_name=_("organisations involved"),
        blank=True,
        related_name="practice_cases",
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="practice_cases"
    )
    phase = models.CharField(
        _("phase of the neighbourhood approach"),
        max_length=32,
        choices=ApproachPhase.choices,
        blank=True,
    )
    track = models.CharField(_("track"), max_length=4, choices=Track.choices, blank=True)
    body = StreamField(StoryBodyBlock(), verbose_name=_("story"), blank=True)
    lessons_learned = RichTextField(
        _("lessons learned"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_role = models.CharField(_("role of the contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email address"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("place"), FieldPanel("municipality")]),
                FieldPanel("publisher"),
                FieldPanel("organisations", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Where and with whom"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("phase"), FieldPanel("track")]),
            ],
            heading=_("Classification"),
        ),
        FieldPanel("body"),
        FieldPanel("lessons_learned"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")],
            heading=_("Contact"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("lessons_learned"),
        index.SearchField("place"),
        index.SearchField("municipality"),
        index.FilterField("municipality"),
        index.FilterField("phase"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("publisher", [index.SearchField("name")]),
    ]

    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice story")
        verbose_name_plural = _("practice stories")

    def related_cases(self, themes=None, limit=3):
        """Other published stories sharing the most themes with this one."""
        theme_ids = [theme.pk for theme in (self.themes.all() if themes is None else themes)]
        if not theme_ids:
            return PracticeCasePage.objects.none()
        return (
            PracticeCasePage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .filter(themes__in=theme_ids)
            .annotate(shared_themes=Count("themes"))
            .order_by("-shared_themes", "-first_published_at")
            .select_related("publisher")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        themes = list(self.themes.all())
        context.update(
            themes=themes,
            organisations=list(self.organisations.filter(is_public=True)),
            related_cases=list(self.related_cases(themes)),
            directory=OrganisationIndexPage.objects.live().first(),
        )
        return context


class OrganisationIndexPage(AsciiSlugMixin, RoutablePageMixin, Page):
    """The public directory of organisations and initiatives, and the form to report one."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    report_intro = RichTextField(
        _("introduction to the report form"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("report_intro")]

    subpage_types = []

    class Meta:
        verbose_name = _("organisation directory")

    def organisation_url(self, organisation):
        return self.url + self.reverse_subpage("organisation", args=[organisation.slug])

    @path("")
    def directory(self, request):
        from ..filters import OrganisationFilter

        organisations = (
            Organisation.objects.public()
            .annotate(
                story_count=Count(
                    "published_cases", filter=models.Q(published_cases__live=True), distinct=True
                )
            )
            .order_by("name")
        )
        organisation_filter = OrganisationFilter(request.GET or None, queryset=organisations)
        paginator = Paginator(organisation_filter.qs, practices_settings.PAGE_SIZE * 2)
        return self.render(
            request,
            context_overrides={
                "filter": organisation_filter,
                "page_obj": paginator.get_page(request.GET.get("page")),
                "active_filters": organisation_filter.active_filter_query(),
            },
        )

    @path("melden/", name="report")
    def report(self, request):
        from ..views import report_initiative

        return report_initiative(request, self)

    @path("melden/bedankt/", name="report_thanks")
    def report_thanks(self, request):
        return TemplateResponse(
            request, "practices/initiative_report_thanks.html", {"page": self, "self": self}
        )

    @path("<slug:slug>/", name="organisation")
    def organisation(self, request, slug):
        organisation = get_object_or_404(Organisation.objects.public(), slug=slug)
        stories = (
            PracticeCasePage.objects.live()
            .public()
            .filter(models.Q(publisher=organisation) | models.Q(organisations=organisation))
            .distinct()
            .order_by("-first_published_at")
        )
        return self.render(
            request,
            context_overrides={"organisation": organisation, "stories": stories},
            template="practices/organisation_detail.html",
        )

    def report_thanks_redirect(self):
        return redirect(self.url + self.reverse_subpage("report_thanks"))
