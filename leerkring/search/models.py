"""One search document per thing a person can find, whatever its source model.

Searching practice stories, lessons, tips, circles, organisations, meetings, threads,
replies and the host site's other pages as one list with facets and permission filtering is
one query on one table, instead of nine searches merged in Python. Each document carries:

- what is shown: ``heading``, ``text`` (plain text, for the excerpt) and ``url``;
- who may find it: ``audience`` is ``"public"`` or ``"circle:<id>"`` for what only the readers
  of a closed circle may see (docs/architecture.md, "Roles"). Drafts, hidden replies and
  unapproved items get no document at all, so no filter can forget them;
- what it is filtered and faceted by: kind, network, circle, municipality, themes;
- the Dutch index terms of ``leerkring.search.dutch`` (stems, compound parts, spellings without
  diacritics), indexed next to the text so both database backends match Dutch word forms.

``leerkring.search.documents`` keeps the table in step with its sources.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

PUBLIC = "public"


def circle_audience(circle_id):
    return f"circle:{circle_id}"


class DocumentKind(models.TextChoices):
    STORY = "story", _("Practice story")
    LESSON = "lesson", _("Lesson")
    TIP = "tip", _("Tip")
    CIRCLE = "circle", _("Learning circle")
    ORGANISATION = "organisation", _("Organisation")
    MEETING = "meeting", _("Meeting")
    THREAD = "thread", _("Conversation")
    # A noun here; elsewhere "Reply" is the button (Dutch "Reageer", not "Reactie").
    REPLY = "reply", pgettext_lazy("kind of search result", "Reply")
    # Any other public page of the host site: its home page, a blog post, a contact page.
    PAGE = "page", _("Page")


class SearchDocument(index.Indexed, models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Not "object_id": Wagtail's database index annotates documents with a field of that name.
    source_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    heading = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    audience = models.CharField(_("audience"), max_length=40, default=PUBLIC)
    network = models.ForeignKey(
        "leerkring.NetworkPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("network"),
    )
    circle = models.ForeignKey(
        "leerkring.LearningCirclePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("learning circle"),
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    themes = models.ManyToManyField(
        "practices.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    featured = models.BooleanField(_("featured"), default=False)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    heading_terms = models.TextField(blank=True, editable=False)
    text_terms = models.TextField(blank=True, editable=False)
    # The distinct words of the title and the text, and the keys of the title's, by where and
    # what they are: not indexed, read to rank the best matches by how their words met the
    # query (search.ranking.words_for_ranking).
    ranking_words = models.TextField(blank=True, editable=False, default="", db_default="")
    # A digest of the title, body and suggestion as last written to the search index, so that
    # a rebuild can leave alone what the index already holds (search.documents.rebuild_all).
    index_digest = models.CharField(max_length=32, blank=True, editable=False)
    # The analysis the terms were made by (search.dutch.analysis): while it and the text stay
    # the same, a rebuild keeps the terms instead of analysing the text again.
    analysis = models.CharField(max_length=16, blank=True, editable=False)

    # search.documents indexes documents itself, once their themes are set too, and in bulk.
    search_auto_update = False

    search_fields = [
        # The backends give the field called "title" its own weight: title matches rank
        # above matches in the text.
        index.SearchField("title", boost=5),
        index.SearchField("body"),
        index.AutocompleteField("suggestion"),
        index.FilterField("id"),  # for filters through subqueries, e.g. on a theme
        index.FilterField("kind"),
        index.FilterField("audience"),
        index.FilterField("network"),
        index.FilterField("circle"),
        index.FilterField("municipality"),
        index.FilterField("themes"),
        index.FilterField("featured"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "source_id"], name="one_search_document_per_object"
            )
        ]
        indexes = [
            models.Index(fields=["audience", "kind"]),
            # Everything a search reads of a matched document, by key: on SQLite these columns
            # come after the long text in the row, and reading them from the table walks its
            # overflow pages for every match (search.matching).
            models.Index(
                fields=["id", "audience", "kind", "municipality", "network", "circle", "featured"],
                name="searchdocument_hit_columns",
            ),
        ]

    def __str__(self):
        return self.heading

    # What the search backends index; not stored separately.

    @property
    def title(self):
        if self.kind == DocumentKind.REPLY:
            # A reply is headed by its thread's title for context; matching it there would
            # rank every reply of a thread as a title match.
            return ""
        return f"{self.heading} {self.heading_terms}"

    @property
    def body(self):
        # The title too: search.matching matches the body alone, one indexed column.
        return f"{self.title} {self.text} {self.text_terms}"

    def digest_for_index(self):
        """A digest of what the search backends index of this document: its title, body and
        suggestion. The same digest, the same index entry."""
        from hashlib import blake2b

        digest = blake2b(digest_size=16)
        for value in (self.title, self.body, self.suggestion):
            digest.update(value.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    @property
    def suggestion(self):
        from .dutch import fold

        if self.kind == DocumentKind.REPLY:
            return ""  # the thread is suggested itself, under the same title
        folded = fold(self.heading)
        return self.heading if folded == self.heading.lower() else f"{self.heading} {folded}"


class SearchTermStat(models.Model):
    """How often a search term was used on a day, and how often it found nothing."""

    query_string = models.CharField(_("search term"), max_length=200)
    date = models.DateField(_("date"))
    searches = models.PositiveIntegerField(_("searches"), default=0)
    empty_searches = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            models.UniqueConstraint(fields=["query_string", "date"], name="one_stat_per_day")
        ]

    def __str__(self):
        return self.query_string


class Word(models.Model):
    """A word of the public documents and in how many of them it occurs: the vocabulary that
    "zocht je ...?" corrects typing against (search.spelling). Only public documents feed it,
    so a correction can never name a word of a closed circle."""

    word = models.CharField(max_length=64, unique=True)
    # A typed word whose stem some public word shares is a word form, not a typo.
    stem = models.CharField(max_length=64, db_index=True)
    documents = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("word")
        verbose_name_plural = _("words")

    def __str__(self):
        return self.word
