from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from practices.models import PracticeCasePage, PracticeIndexPage, Theme

from ..choices import MembershipStatus


class NetworkPage(RoutablePageMixin, Page):
    """A network of learning circles; the site root is the largest one.

    A network may hold sub-networks (regions), its circles, and the practice stories and
    the organisation directory that its members publish. Its coordinators have facilitator
    rights in every circle below it, sub-networks included.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ul"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("coordinator_links", label=_("Coordinators")),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    subpage_types = [
        "leerkring.NetworkPage",
        "leerkring.LearningCirclePage",
        "practices.PracticeIndexPage",
        "practices.OrganisationIndexPage",
    ]

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    @property
    def coordinators(self):
        return [link.user for link in self.coordinator_links.select_related("user")]

    def latest_practice_cases(self, limit=3):
        return (
            PracticeCasePage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("publisher")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("name", "slug")))
            .order_by("-first_published_at")[:limit]
        )

    def circles(self):
        """The live circles directly in this network, with their number of active members."""
        from .circles import LearningCirclePage

        return (
            LearningCirclePage.objects.live()
            .public()
            .child_of(self)
            .annotate(
                active_member_count=Count(
                    "memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)
                )
            )
            .order_by("path")
        )

    # The front page itself is RoutablePageMixin's default index route.

    @path("feed/atom/")
    def atom_feed(self, request):
        from ..feeds import network_atom_feed

        return network_atom_feed(request, self)

    @path("feed/json/")
    def json_feed(self, request):
        from ..feeds import network_json_feed

        return network_json_feed(request, self)

    def featured_lessons(self):
        """The key lessons in the coordinators' order, each with the circle it came from."""
        from .circles import LearningCirclePage
        from .lessons import LessonNomination, NominationStatus

        nominations = list(
            LessonNomination.objects.filter(
                network=self,
                status=NominationStatus.FEATURED,
                lesson__live=True,
            ).select_related("lesson")
        )
        parent_paths = {n.lesson.path[: -self.steplen] for n in nominations}
        circles = {
            c.path: c for c in LearningCirclePage.objects.live().filter(path__in=parent_paths)
        }
        lessons = []
        for nomination in nominations:
            lesson = nomination.lesson
            lesson.origin_circle = circles.get(lesson.path[: -self.steplen])
            if lesson.origin_circle is not None:  # not of an unpublished circle
                lessons.append(lesson)
        return lessons

    def top_tips(self, limit=10):
        from .lessons import Tip

        return list(
            Tip.objects.visible_outside()
            .filter(circle__path__startswith=self.path)
            .select_related("circle")
            .ranked()[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            featured_lessons=self.featured_lessons(),
            top_tips=self.top_tips(),
            latest_cases=self.latest_practice_cases(),
            practice_index=PracticeIndexPage.objects.live().descendant_of(self).first(),
            sub_networks=NetworkPage.objects.live().public().child_of(self),
            circles=self.circles(),
        )
        return context


class NetworkCoordinator(Orderable):
    """A user who coordinates a network, and through it every circle below it."""

    network = ParentalKey(NetworkPage, on_delete=models.CASCADE, related_name="coordinator_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinated_network_links",
        verbose_name=_("user"),
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="unique_network_coordinator")
        ]

    def __str__(self):
        return f"{self.user} – {self.network}"
