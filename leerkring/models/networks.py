from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from practices.models import PracticeCasePage, PracticeIndexPage, Theme
from practices.slugs import AsciiSlugMixin

from ..choices import MembershipStatus


class NetworkPage(AsciiSlugMixin, RoutablePageMixin, Page):
    """A network of learning circles; the site root is the largest one.

    A network may hold sub-networks (regions), its circles, and the practice stories and
    the organisation directory that its members publish. Its coordinators have facilitator
    rights in every circle below it, sub-networks included.

    Who coordinates a network is not page content: it is named outside the page's revisions
    (``NetworkCoordinator``), by the coordinators of the network above, so that nobody can
    make themselves coordinator by editing, publishing or reverting a page
    (docs/architecture.md, "Access").
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ul"]
    )

    parent_elsewhere = models.CharField(
        _("parent network on another site"),
        max_length=500,
        blank=True,
        help_text=_(
            "The handle (such as @gelderland@leerkring.gelderland.nl) or address of a network "
            "on another Leerkring site that this network belongs to. Its key lessons then "
            "become candidates on that network's curation board."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("parent_elsewhere")]

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

    def serve(self, request, view=None, args=None, kwargs=None):
        # The front page is also the network's ActivityPub actor, for whoever asks for
        # ActivityStreams (docs/architecture.md, "Federation"); both answers vary by Accept.
        front_page = getattr(view, "__name__", None) == "index_route"
        if front_page:
            from ..federation.views import page_actor_response

            response = page_actor_response(request, self)
            if response is not None:
                return response
        response = super().serve(request, view, args, kwargs)
        if front_page:
            patch_vary_headers(response, ["Accept"])
        return response

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
        from ..tips import shown
        from .lessons import Tip

        return list(
            shown(Tip.objects.visible_outside())
            .filter(circle__path__startswith=self.path)
            .select_related("circle")
            .ranked()[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from ..curation import featured_remote

        context.update(
            featured_lessons=self.featured_lessons(),
            featured_elsewhere=featured_remote(self),
            top_tips=self.top_tips(),
            latest_cases=self.latest_practice_cases(),
            practice_index=PracticeIndexPage.objects.live().descendant_of(self).first(),
            sub_networks=NetworkPage.objects.live().public().child_of(self),
            circles=self.circles(),
        )
        return context


class NetworkCoordinator(Orderable):
    """A user who coordinates a network, and through it every circle below it.

    Named and removed only through ``leerkring.coordination`` by those the access policy
    allows: the coordinators of a network above it, or a superuser.
    """

    network = models.ForeignKey(
        NetworkPage,
        on_delete=models.CASCADE,
        related_name="coordinator_links",
        verbose_name=_("network"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinated_network_links",
        verbose_name=_("user"),
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named by"),
    )
    named_at = models.DateTimeField(_("named"), auto_now_add=True, null=True)

    class Meta(Orderable.Meta):
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="unique_network_coordinator")
        ]

    def __str__(self):
        return f"{self.user} – {self.network}"


class NetworkAccess(models.Model):
    """How a network's coordinators reach its pages and circles.

    Kept apart from the page for the same reason as ``NetworkCoordinator``: a setting that
    widens what a coordinator may read must not be changeable through the page's own
    revisions. ``admin_group`` is the Wagtail group that holds the page rights on this
    network's sub-tree; its members are exactly the network's coordinators.
    """

    network = models.OneToOneField(
        NetworkPage, on_delete=models.CASCADE, related_name="access", verbose_name=_("network")
    )
    coordinators_read_closed = models.BooleanField(
        _("coordinators read closed circles"),
        default=True,
        help_text=_(
            "When on, the coordinators of this network and of the networks above it can read "
            "the conversations, members and meetings of its closed circles; the circles say so."
        ),
    )
    admin_group = models.OneToOneField(
        "auth.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("network access")
        verbose_name_plural = _("network access")

    def __str__(self):
        return str(self.network)
