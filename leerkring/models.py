from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from practices.models import PracticeCasePage, PracticeIndexPage, Theme


class NetworkPage(Page):
    """A network of learning circles; the site root is the largest one.

    A network may hold sub-networks (regions), and the practice stories and the
    organisation directory that its members publish.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    subpage_types = [
        "leerkring.NetworkPage",
        "practices.PracticeIndexPage",
        "practices.OrganisationIndexPage",
    ]

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def latest_practice_cases(self, limit=3):
        return (
            PracticeCasePage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("publisher")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("name", "slug")))
            .order_by("-first_published_at")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            latest_cases=self.latest_practice_cases(),
            practice_index=PracticeIndexPage.objects.live().descendant_of(self).first(),
            sub_networks=self.get_children().live().public().type(NetworkPage).specific(),
        )
        return context
