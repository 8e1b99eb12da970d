from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from practices.slugs import AsciiSlugMixin

from .. import params  # noqa: F401 - registers the <lk_id:...> route converter
from ..choices import CircleStatus, CircleVisibility

DEFAULT_MEMBER_CAP = 12
MIN_MEMBER_CAP = 3
MAX_MEMBER_CAP = 25


def reply_anchor(reply_id):
    """The id of a reply's element on the thread page, and the fragment of links to it."""
    return f"reactie-{int(reply_id)}"


class LearningCirclePage(AsciiSlugMixin, RoutablePageMixin, Page):
    """A small learning group (leerkring) with a member cap.

    The circle page itself is public so that people can find it and ask to join; what is
    said and who takes part in a closed circle is for its members and the coordinators
    above it only (see ``leerkring.access``).
    """

    central_question = models.CharField(_("central question"), max_length=300)
    description = RichTextField(
        _("description"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ul", "ol"]
    )
    themes = ParentalManyToManyField(
        "practices.Theme", blank=True, related_name="circles", verbose_name=_("themes")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CircleStatus.choices, default=CircleStatus.FORMING
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=CircleVisibility.choices,
        default=CircleVisibility.OPEN,
    )
    member_cap = models.PositiveSmallIntegerField(
        _("maximum number of members"),
        default=DEFAULT_MEMBER_CAP,
        validators=[MinValueValidator(MIN_MEMBER_CAP), MaxValueValidator(MAX_MEMBER_CAP)],
        help_text=_("Keep circles small so that everyone can speak: between 3 and 25."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("central_question"),
        FieldPanel("description"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("visibility")]),
                FieldPanel("member_cap"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("How the circle works"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("central_question", boost=2),
        index.SearchField("description"),
        index.FilterField("visibility"),
        index.FilterField("status"),
    ]

    parent_page_types = ["leerkring.NetworkPage"]
    subpage_types = ["leerkring.LessonPage"]

    class Meta:
        verbose_name = _("learning circle")
        verbose_name_plural = _("learning circles")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date lies before the start date.")})

    @property
    def is_closed(self):
        return self.visibility == CircleVisibility.CLOSED

    # Routes. Each hands over to a view in leerkring.views so that the page class stays a map
    # of the circle's addresses.

    @path("")
    def circle(self, request):
        from ..views import circles

        return circles.circle_home(request, self)

    @path("leden/")
    def members(self, request):
        from ..views import circles

        return circles.member_list(request, self)

    @path("leden/namen/")
    def member_names(self, request):
        from ..views import writing

        return writing.member_names(request, self)

    @path("aanmelden/")
    def join(self, request):
        from ..views import joining

        return joining.request_to_join(request, self)

    @path("aanmelden/intrekken/")
    def withdraw_request(self, request):
        from ..views import joining

        return joining.withdraw_request(request, self)

    @path("verlaten/")
    def leave(self, request):
        from ..views import joining

        return joining.leave_circle(request, self)

    @path("aanmeldingen/")
    def requests(self, request):
        from ..views import joining

        return joining.request_list(request, self)

    @path("aanmeldingen/<lk_id:membership_id>/")
    def decide(self, request, membership_id):
        from ..views import joining

        return joining.decide_request(request, self, membership_id)

    @path("leden/<lk_id:membership_id>/verwijderen/")
    def remove(self, request, membership_id):
        from ..views import joining

        return joining.remove_member(request, self, membership_id)

    @path("leden/<lk_id:membership_id>/begeleider/")
    def promote(self, request, membership_id):
        from ..views import joining

        return joining.make_facilitator(request, self, membership_id)

    @path("leden/mijn-vermelding/")
    def public_listing(self, request):
        from ..views import joining

        return joining.set_public_listing(request, self)

    @path("uitnodigen/")
    def invite(self, request):
        from ..views import invitations

        return invitations.invite(request, self)

    @path("uitnodiging/<str:token>/")
    def invitation(self, request, token):
        from ..views import invitations

        return invitations.accept_invitation(request, self, token)

    @path("gesprekken/")
    def thread_list(self, request):
        from ..views import threads

        return threads.thread_list(request, self)

    @path("gesprekken/nieuw/")
    def thread_create(self, request):
        from ..views import threads

        return threads.thread_create(request, self)

    @path("gesprekken/<lk_id:thread_id>/")
    def thread(self, request, thread_id):
        from ..views import threads

        return threads.thread_detail(request, self, thread_id)

    @path("gesprekken/<lk_id:thread_id>/volgen/")
    def thread_follow(self, request, thread_id):
        from ..views import follows

        return follows.toggle_follow_thread(request, self, thread_id)

    @path("volgen/")
    def follow(self, request):
        from ..views import follows

        return follows.toggle_follow_circle(request, self)

    @path("gesprekken/<lk_id:thread_id>/beheer/")
    def thread_moderate(self, request, thread_id):
        from ..views import threads

        return threads.moderate_thread(request, self, thread_id)

    @path("gesprekken/<lk_id:thread_id>/reacties/<lk_id:reply_id>/", name="reply")
    def reply(self, request, thread_id, reply_id):
        from ..views import threads

        return threads.reply_permalink(request, self, thread_id, reply_id)

    @path("gesprekken/<lk_id:thread_id>/reacties/<lk_id:reply_id>/<slug:action>/")
    def reply_action(self, request, thread_id, reply_id, action):
        from ..views import threads

        return threads.reply_action_view(action)(request, self, thread_id, reply_id)

    # Addresses of the conversations, replies and meetings, for every module that links to
    # them. ``circle_url``: this page's address, when the caller already knows it (a rebuild
    # of the search documents addresses thousands of replies of the same circle).

    def subpage_path(self, route, *args):
        """The address of one of this page's own routes (``requests``, ``invitation``…)."""
        return self.url + self.reverse_subpage(route, args=args)

    def thread_path(self, thread_id, *, page=1, reply_id=None, circle_url=None):
        """A conversation's address; with ``page``, that page of its replies, and with
        ``reply_id``, the place of that reply on it. Links that should find a reply
        wherever it is now go to ``reply_path``."""
        subpage = self.reverse_subpage("thread", args=[int(thread_id)])
        query = f"?page={int(page)}" if page > 1 else ""
        fragment = f"#{reply_anchor(reply_id)}" if reply_id else ""
        return f"{circle_url or self.url}{subpage}{query}{fragment}"

    def reply_path(self, thread_id, reply_id, circle_url=None):
        """The lasting address of one reply. A long conversation runs over several pages and
        a reply moves between them as others are added or deleted, so links in emails,
        search results and exports go here, and this finds the page it is on now."""
        subpage = self.reverse_subpage("reply", args=[int(thread_id), int(reply_id)])
        return f"{circle_url or self.url}{subpage}#{reply_anchor(reply_id)}"

    def replies_path(self, thread_id):
        """The address the replies of a conversation are under, as ``<reply id>/``, with
        their actions as ``<reply id>/<action>/`` (the two routes above): a thread page
        writes a hundred of them and adds the ids itself rather than reverse each."""
        return self.thread_path(thread_id) + "reacties/"

    def meeting_path(self, meeting_id, route="meeting", circle_url=None):
        """A meeting's address; ``route`` "meeting_ics", "meeting_edit", "meeting_answer",
        "meeting_attendees" or "meeting_attendees_csv" for its download, its form, where a
        member answers whether they come, and the facilitator's list of who does."""
        return (circle_url or self.url) + self.reverse_subpage(route, args=[int(meeting_id)])

    @path("feed/atom/")
    def lessons_feed(self, request):
        from ..feeds import circle_atom_feed

        return circle_atom_feed(request, self)

    @path("lessen/<lk_id:lesson_id>/voordragen/")
    def nominate(self, request, lesson_id):
        from ..views import lessons

        return lessons.nominate_lesson(request, self, lesson_id)

    # Not named "meetings": that is the reverse relation from Meeting.
    @path("bijeenkomsten/")
    def meeting_list(self, request):
        from ..views import meetings

        return meetings.meeting_list(request, self)

    @path("bijeenkomsten/nieuw/")
    def meeting_create(self, request):
        from ..views import meetings

        return meetings.meeting_form(request, self)

    @path("bijeenkomsten/<lk_id:meeting_id>/")
    def meeting(self, request, meeting_id):
        from ..views import meetings

        return meetings.meeting_detail(request, self, meeting_id)

    @path("bijeenkomsten/<lk_id:meeting_id>/bewerken/")
    def meeting_edit(self, request, meeting_id):
        from ..views import meetings

        return meetings.meeting_form(request, self, meeting_id)

    @path("bijeenkomsten/<lk_id:meeting_id>/aanwezigheid/")
    def meeting_answer(self, request, meeting_id):
        from ..views import meetings

        return meetings.meeting_answer(request, self, meeting_id)

    @path("bijeenkomsten/<lk_id:meeting_id>/deelnemers/")
    def meeting_attendees(self, request, meeting_id):
        from ..views import meetings

        return meetings.meeting_attendees(request, self, meeting_id)

    @path("bijeenkomsten/<lk_id:meeting_id>/deelnemers/csv/")
    def meeting_attendees_csv(self, request, meeting_id):
        from ..views import meetings

        return meetings.meeting_attendees_csv(request, self, meeting_id)

    # Wagtail routes page paths by slash-terminated segments, so no ".ics" suffix here; the
    # download names the file through Content-Disposition instead.
    @path("bijeenkomsten/<lk_id:meeting_id>/ics/")
    def meeting_ics(self, request, meeting_id):
        from ..views import meetings

        return meetings.meeting_ics(request, self, meeting_id)

    @path("agenda/<slug:token>/")
    def calendar_feed(self, request, token):
        from ..views import meetings

        return meetings.calendar_feed(request, self, token)
