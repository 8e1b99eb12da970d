"""Keep ``SearchDocument`` in step with what it describes.

``describe(obj)`` says what the document of an object should be, or None when the object is
not to be found (a draft, a hidden reply, an organisation not yet approved, anything of a
circle that is not published, a page behind a view restriction). ``sync(obj)`` writes that
to the table and the search index; ``rebuild_all()`` does so for everything, for
``manage.py rebuild_search_documents``.

The signal handlers in ``leerkring.search.signals`` call ``sync`` whenever a source changes. Who may
read a closed circle is decided when searching, from the memberships of that moment, so a
membership change needs no reindexing; a circle turning closed changes the audience of its
documents at once (``sync_circle``).

The host site's other pages (its home page, its blog, any page type that is not one of ours
and has search fields) are documents of kind "page", public only: a page behind a Wagtail
view restriction, on itself or above, has no document, so nothing of it can leak through a
result, a count or a suggestion.
"""

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import django_comments
import nh3
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail import blocks
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from leerkring.conversations import replies_of_threads
from leerkring.models import (
    LearningCirclePage,
    LessonNomination,
    LessonPage,
    Meeting,
    NetworkPage,
    NominationStatus,
    Thread,
    Tip,
)
from leerkring.tips import is_shown
from practices.models import Organisation, OrganisationIndexPage, PracticeCasePage

from . import dutch, ranking, spelling
from .matching import DatabaseIndexMatcher, matcher_for
from .models import PUBLIC, DocumentKind, SearchDocument, Word, circle_audience
from .pause import paused

# Never "page" documents: their page types have kinds of their own, or (networks, indexes)
# are not results at all.
OUR_APPS = ("leerkring", "practices")
TEXT_MAX_LENGTH = 20_000  # enough for an excerpt and for ranking; keeps huge pages cheap
HEADING_MAX_LENGTH = 300


@dataclass
class Description:
    kind: str
    heading: str
    url: str
    text: str = ""
    audience: str = PUBLIC
    network: NetworkPage | None = None
    circle: LearningCirclePage | None = None
    municipality: str = ""
    featured: bool = False
    date: object = None
    theme_ids: list = field(default_factory=list)


# Where one block of rich text ends and the next begins, a word ends too.
_BLOCK_END = re.compile(r"(</(?:p|h\d|li|blockquote)>|<(?:br|hr)\s*/?>)", re.IGNORECASE)


def _without_markup(text):
    """``text`` with its tags removed and its character references read, a word break where
    a block of rich text ends: what Wagtail's ``get_text_for_indexing`` does, with nh3 (Rust)
    for Django's ``strip_tags`` (Python's HTML parser, run until nothing changes), which took
    a fifth of a rebuild. The contents of a script or style element are dropped too."""
    if "<" not in text:
        return html.unescape(text) if "&" in text else text
    return html.unescape(nh3.clean(_BLOCK_END.sub(r"\1 ", text), tags=set()))


def _searchable_parts(block, value):
    """The searchable texts of a block's value, as ``block.get_searchable_content`` gives
    them, with rich text read by :func:`_without_markup`."""
    if not isinstance(block, blocks.RichTextBlock | blocks.StreamBlock | blocks.StructBlock):
        return block.get_searchable_content(value)
    if not block.search_index:
        return []
    if isinstance(block, blocks.RichTextBlock):
        return [value.source]
    if isinstance(block, blocks.StreamBlock):
        return [part for child in value for part in _searchable_parts(child.block, child.value)]
    return [
        part
        for name, child_block in block.child_blocks.items()
        for part in _searchable_parts(child_block, value.get(name, child_block.get_default()))
    ]


def plain(value):
    """Plain text of a rich text or stream field value, or of a string with markup."""
    if value is None:
        return ""
    if hasattr(value, "stream_block"):
        parts = _searchable_parts(value.stream_block, value)
        return " ".join(" ".join(_without_markup(str(part)).split()) for part in parts)
    return " ".join(_without_markup(str(value)).split())


def _join(*parts):
    return "\n".join(part for part in (plain(p) for p in parts) if part)


class Lookups:
    """What many documents share, looked up once per sync, circle or rebuild.

    Describing a circle's hundreds of replies must not ask the database for the same
    network, thread or restriction hundreds of times.
    """

    def __init__(self, whole_site=False):
        self._whole_site = whole_site
        self._story_relations = None
        self._networks = {}
        self._circles = {}
        self._threads = {}
        self._directory = None
        self._restricted_paths = None
        self._featured_lessons = None
        self._urls = {}

    def network_of(self, circle):
        """The network a circle (or its lessons, threads, ...) belongs to: the nearest one."""
        if circle.pk not in self._networks:
            self._networks[circle.pk] = (
                NetworkPage.objects.ancestor_of(circle).order_by("-depth").first()
            )
        return self._networks[circle.pk]

    def circle_of(self, lesson):
        parent_path = lesson.path[: -LessonPage.steplen]
        if parent_path not in self._circles:
            self._circles[parent_path] = LearningCirclePage.objects.filter(path=parent_path).first()
        return self._circles[parent_path]

    def thread_of(self, reply):
        if reply.object_pk not in self._threads:
            self._threads[reply.object_pk] = (
                Thread.objects.select_related("circle").filter(pk=reply.object_pk).first()
            )
        return self._threads[reply.object_pk]

    def remember_threads(self, threads):
        self._threads.update((str(thread.pk), thread) for thread in threads)

    def is_featured(self, lesson):
        """Whether any network features this lesson among its key lessons."""
        if self._featured_lessons is None:
            self._featured_lessons = set(
                LessonNomination.objects.filter(status=NominationStatus.FEATURED).values_list(
                    "lesson_id", flat=True
                )
            )
        return lesson.pk in self._featured_lessons

    def story_relations(self, story):
        """A story's theme ids and the names of its organisations (in name order).

        For the whole site, all stories' at once, as plain values: prefetching them builds
        two related managers per story, a second for every five thousand stories.
        """
        if not self._whole_site:
            return _theme_ids(story), [o.name for o in story.organisations.all()]
        if self._story_relations is None:
            themes, names = defaultdict(list), defaultdict(list)
            theme_links = PracticeCasePage.themes.through.objects
            for story_id, theme_id in theme_links.values_list("practicecasepage_id", "theme_id"):
                themes[story_id].append(theme_id)
            organisation_links = PracticeCasePage.organisations.through.objects.order_by(
                "practicecasepage_id", "organisation__name"
            )
            for story_id, name in organisation_links.values_list(
                "practicecasepage_id", "organisation__name"
            ):
                names[story_id].append(name)
            self._story_relations = themes, names
        themes, names = self._story_relations
        return themes.get(story.pk, []), names.get(story.pk, [])

    def url_of(self, page):
        """A page's address; Wagtail works it out anew each time, from the sites' roots."""
        if page.pk not in self._urls:
            self._urls[page.pk] = page.url or ""
        return self._urls[page.pk]

    def directory(self):
        if self._directory is None:
            self._directory = OrganisationIndexPage.objects.live().first() or False
        return self._directory or None

    def is_findable(self, page):
        """Published, and not behind a Wagtail view restriction (here or above)."""
        if self._restricted_paths is None:
            self._restricted_paths = list(
                PageViewRestriction.objects.values_list("page__path", flat=True)
            )
        return page.live and not any(page.path.startswith(p) for p in self._restricted_paths)


def _theme_ids(obj):
    # Through .all(), so a rebuild's prefetched themes are used instead of a query each.
    return [theme.pk for theme in obj.themes.all()]


def _circle_audience(circle):
    return circle_audience(circle.pk) if circle.is_closed else PUBLIC


def _circle_is_findable(circle):
    return circle is not None and isinstance(circle, LearningCirclePage) and circle.live


# A story's and a lesson's text starts with its summary, on a line of its own: the search
# ranks a summary with the words above the rest of the text (search.ranking.KINDS_WITH_SUMMARY).
def describe_story(page, lookups):
    if not lookups.is_findable(page):
        return None
    theme_ids, organisations = lookups.story_relations(page)
    return Description(
        kind=DocumentKind.STORY,
        heading=page.title,
        url=page.url or "",
        text=_join(
            page.summary, page.place, page.body, page.lessons_learned, ", ".join(organisations)
        ),
        municipality=page.municipality or "",
        date=page.first_published_at,
        theme_ids=theme_ids,
    )


def describe_lesson(page, lookups):
    circle = lookups.circle_of(page)
    if not lookups.is_findable(page) or not _circle_is_findable(circle):
        return None
    # The lesson is public; the threads it came from are not part of its document, because
    # in a closed circle they are private.
    return Description(
        kind=DocumentKind.LESSON,
        heading=page.title,
        url=page.url or "",
        text=_join(page.summary, page.application, page.in_practice, page.next_step),
        network=lookups.network_of(circle),
        circle=circle,
        featured=lookups.is_featured(page),
        date=page.first_published_at,
        theme_ids=_theme_ids(page),
    )


def describe_circle(page, lookups):
    if not lookups.is_findable(page):
        return None
    return Description(
        kind=DocumentKind.CIRCLE,
        heading=page.title,
        url=page.url or "",
        text=_join(page.central_question, page.description),
        network=lookups.network_of(page),
        circle=page,
        date=page.first_published_at,
        theme_ids=_theme_ids(page),
    )


def describe_tip(tip, lookups):
    circle = tip.circle
    if not _circle_is_findable(circle) or not is_shown(tip):
        return None  # nor a tip whose reply was hidden or deleted
    audience = PUBLIC if tip.shareable else _circle_audience(circle)
    if tip.source_reply_id:
        url = circle.reply_path(
            tip.source_reply.object_pk, tip.source_reply_id, lookups.url_of(circle)
        )
    else:
        url = f"{lookups.url_of(circle)}#tips-heading"
    return Description(
        kind=DocumentKind.TIP,
        heading=tip.title,
        url=url,
        text=tip.text,
        audience=audience,
        network=lookups.network_of(circle),
        circle=circle,
        date=tip.created_at,
    )


def describe_organisation(organisation, lookups):
    if not organisation.is_public:
        return None
    directory = lookups.directory()
    if directory is None:
        return None
    return Description(
        kind=DocumentKind.ORGANISATION,
        heading=organisation.name,
        url=directory.organisation_url(organisation),
        # The description first: an excerpt from the start of the text should read as prose,
        # not as "Energiecoöperatie Benedenbuurt" field values.
        text=_join(
            organisation.description, organisation.get_kind_display(), organisation.neighbourhood
        ),
        municipality=organisation.municipality,
        date=organisation.created_at,
    )


def describe_meeting(meeting, lookups):
    circle = meeting.circle
    if not _circle_is_findable(circle):
        return None
    # The public parts only: no online meeting link, no report.
    return Description(
        kind=DocumentKind.MEETING,
        heading=meeting.title,
        url=circle.meeting_path(meeting.pk, circle_url=lookups.url_of(circle)),
        text=_join(meeting.location, meeting.agenda),
        audience=_circle_audience(circle),
        network=lookups.network_of(circle),
        circle=circle,
        date=meeting.starts_at,
    )


def _thread_url(circle, thread_id, lookups):
    return circle.thread_path(thread_id, circle_url=lookups.url_of(circle))


def describe_thread(thread, lookups):
    circle = thread.circle
    if not _circle_is_findable(circle):
        return None
    return Description(
        kind=DocumentKind.THREAD,
        heading=thread.title,
        url=_thread_url(circle, thread.pk, lookups),
        text=plain(thread.body),
        audience=_circle_audience(circle),
        network=lookups.network_of(circle),
        circle=circle,
        date=thread.created_at,
        theme_ids=_theme_ids(thread),
    )


@cache
def host_page_models():
    """The host site's own page types: concrete, with search fields, and none of ours.

    Wagtail's plain ``Page`` is one of them: a page a host added without a type of its own is
    still one of its pages. A host's subclass of one of our page types is ours.
    """
    models = [model for model in get_page_models() if not model._meta.proxy]
    ours = tuple(model for model in models if model._meta.app_label in OUR_APPS)
    return tuple(model for model in models if not issubclass(model, ours) and model.search_fields)


def is_host_page(page):
    # A page fetched as a base Page while its type is another (a NetworkPage, say) would be
    # described with the wrong fields and stored under the wrong content type.
    return type(page) in host_page_models() and page.specific_class is type(page)


def host_pages(within=None):
    """The live host pages (below and including ``within``), each of its own type; one
    query per page type, however many pages there are."""
    for model in host_page_models():
        pages = model._default_manager.filter(
            content_type=ContentType.objects.get_for_model(model), live=True, depth__gt=1
        )
        if within is not None:
            pages = pages.filter(path__startswith=within.path)
        yield from pages.iterator(chunk_size=500)


def _searchable_text(page, name):
    value = getattr(page, name, None)
    if hasattr(value, "all"):  # tags or another many-to-many field
        return " ".join(plain(item) for item in value.all())
    if callable(value):  # search fields may name a method
        value = value()
    return plain(value)


def describe_page(page, lookups):
    # Depth 1 is the tree's root, never a page anyone visits.
    if not is_host_page(page) or page.depth < 2 or not lookups.is_findable(page):
        return None
    url = page.url
    if not url:
        return None  # in no site's tree: there is no address to send a visitor to
    names = []
    for search_field in type(page).search_fields:
        name = search_field.field_name
        # The title is the heading already; filter and autocomplete fields are not content.
        if isinstance(search_field, index.SearchField) and name != "title" and name not in names:
            names.append(name)
    return Description(
        kind=DocumentKind.PAGE,
        heading=page.title,
        url=url,
        text=_join(*(_searchable_text(page, name) for name in names), page.search_description),
        date=page.first_published_at,
    )


def describe_reply(reply, lookups):
    if not reply.is_public or reply.is_removed:
        return None
    thread = lookups.thread_of(reply)
    if thread is None or not _circle_is_findable(thread.circle):
        return None
    circle = thread.circle
    return Description(
        kind=DocumentKind.REPLY,
        heading=thread.title,
        url=circle.reply_path(thread.pk, reply.pk, lookups.url_of(circle)),
        text=plain(reply.comment),
        audience=_circle_audience(circle),
        network=lookups.network_of(circle),
        circle=circle,
        date=reply.submit_date,
    )


DESCRIBERS = (
    (PracticeCasePage, describe_story),
    (LessonPage, describe_lesson),
    (LearningCirclePage, describe_circle),
    (Tip, describe_tip),
    (Organisation, describe_organisation),
    (Meeting, describe_meeting),
    (Thread, describe_thread),
    (django_comments.get_model(), describe_reply),
    # Last: every page type above is a Page too.
    (Page, describe_page),
)


def describe(obj, lookups=None):
    """The document ``obj`` should have, or None if it should not be found."""
    for model, describer in DESCRIBERS:
        if isinstance(obj, model):
            return describer(obj, lookups or Lookups())
    return None


def _content_type(obj):
    # Pages are described by their specific class; comments may be of a swapped model.
    return ContentType.objects.get_for_model(type(obj))


def _apply(document, description):
    heading = description.heading[:HEADING_MAX_LENGTH]
    text = description.text[:TEXT_MAX_LENGTH]
    same_kind = document.kind == description.kind
    document.kind = description.kind
    document.url = description.url[:500]
    document.audience = description.audience
    document.network = description.network
    document.circle = description.circle
    document.municipality = description.municipality[:100]
    document.featured = description.featured
    document.date = description.date
    # Analysing a text is a third of describing it; a document's stored terms are those of
    # its stored texts, as long as the analysis is the same.
    current = dutch.analysis()
    reusable = document.analysis == current
    same_heading = reusable and document.heading == heading
    same_text = reusable and document.text == text
    # Each text's words are found once, for the index terms, the ranking words and the
    # vocabulary of corrections (spelling.recount and record read them from the document).
    heading_words = text_words = None
    if not same_heading:
        heading_words = dutch.distinct_words(heading)
        document.heading_terms = dutch.terms_of(heading_words)
    if not same_text:
        text_words = dutch.distinct_words(text)
        document.text_terms = dutch.terms_of(text_words)
    if not (same_heading and same_text and same_kind):
        document.ranking_words = ranking.words_for_ranking(
            description.kind, heading, text, text_words, heading_words
        )
    # Cleared when either text was kept, so that words of an earlier text never stay behind.
    document._vocabulary = (
        spelling.vocabulary_of(heading_words, text_words)
        if heading_words is not None and text_words is not None
        else None
    )
    document.heading = heading
    document.text = text
    document.analysis = current
    # Written to the index along with the row, by every caller of _apply.
    document.index_digest = document.digest_for_index()


# Documents written to the index at once by a rebuild. After every batch Wagtail's SQLite
# backend scans the whole index to average the title lengths and update the new entries'
# (``_refresh_title_norms``): in batches of 1,000 that was a tenth of a first index of 33,000
# documents (bench/search.py). Larger batches cost memory for their texts, once each.
INDEX_BATCH = 5000


def _index(documents):
    if documents:
        get_search_backend().add_bulk(SearchDocument, documents)


def _unindex(documents):
    backend = get_search_backend()
    for document in documents:
        backend.delete(document)


def sync(obj, lookups=None):
    """Create, update or delete the document of ``obj``; returns the document or None."""
    return _store(obj, describe(obj, lookups))


def _store(obj, description):
    content_type = _content_type(obj)
    existing = SearchDocument.objects.filter(content_type=content_type, source_id=obj.pk).first()
    if description is None:
        if existing is not None:
            _unindex([existing])
            existing.delete()
        return None
    document = existing or SearchDocument(content_type=content_type, source_id=obj.pk)
    with transaction.atomic():
        _apply(document, description)
        document.save()
        document.themes.set(description.theme_ids)
        _index([document])
        spelling.record(document)
    return document


def forget(obj):
    """Remove the document of an object that is being deleted."""
    documents = list(
        SearchDocument.objects.filter(content_type=_content_type(obj), source_id=obj.pk)
    )
    _unindex(documents)
    SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()


def forget_pages(page_ids):
    """Remove the documents of these host pages, if they have any."""
    page_ids = list(page_ids)
    for start in range(0, len(page_ids), 500):  # within every database's parameter limit
        documents = list(
            SearchDocument.objects.filter(
                kind=DocumentKind.PAGE, source_id__in=page_ids[start : start + 500]
            )
        )
        _unindex(documents)
        SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()


def sync_pages_under(page):
    """Bring the documents of the host pages at and below ``page`` in line with them: after a
    move, or a view restriction added or lifted. Returns the number of documents written."""
    lookups = Lookups()
    hidden, written = [], 0
    for source in host_pages(within=page):
        description = describe(source, lookups)
        if description is None:
            hidden.append(source.pk)  # all at once: a restricted section may be large
        else:
            written += _store(source, description) is not None
    forget_pages(hidden)
    return written


def circle_sources(circle, lookups):
    """Everything whose document hangs on this circle."""
    yield from LessonPage.objects.child_of(circle).prefetch_related("themes")
    yield from Tip.objects.filter(circle=circle).select_related("circle", "source_reply")
    yield from Meeting.objects.filter(circle=circle).select_related("circle")
    threads = list(
        Thread.objects.filter(circle=circle).select_related("circle").prefetch_related("themes")
    )
    lookups.remember_threads(threads)
    yield from threads
    yield from replies_of_threads(Thread.objects.filter(pk__in=[thread.pk for thread in threads]))


def sync_circle(circle):
    """Bring every document of a circle in line with it: after it was published, closed,
    opened, moved or unpublished. Returns the number of documents written."""
    lookups = Lookups()
    return sum(sync(source, lookups) is not None for source in circle_sources(circle, lookups))


def all_sources(lookups):
    yield from PracticeCasePage.objects.live().iterator(chunk_size=500)  # see story_relations
    yield from Organisation.objects.filter(is_public=True).iterator()
    for circle in LearningCirclePage.objects.live().prefetch_related("themes"):
        yield circle
        yield from circle_sources(circle, lookups)
    yield from host_pages()


def _indexed_ids():
    """The keys of the documents Wagtail's database index holds, or None when the search
    backend is another (Elasticsearch), whose index is not looked into."""
    if not isinstance(matcher_for(get_search_backend()), DatabaseIndexMatcher):
        return None
    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SearchDocument)
    )
    return {int(object_id) for object_id in entries.values_list("object_id", flat=True)}


def _link_themes(documents):
    """Link the documents to their themes, touching only the links that changed."""
    through = SearchDocument.themes.through
    wanted = {(document.pk, theme_id) for document in documents for theme_id in document._theme_ids}
    linked = {}
    for pk, document_id, theme_id in through.objects.values_list(
        "pk", "searchdocument_id", "theme_id"
    ).iterator(chunk_size=5000):
        linked[(document_id, theme_id)] = pk
    stale = [pk for pair, pk in linked.items() if pair not in wanted]
    for start in range(0, len(stale), 500):  # within every database's parameter limit
        through.objects.filter(pk__in=stale[start : start + 500]).delete()
    through.objects.bulk_create(
        [
            through(searchdocument_id=document_id, theme_id=theme_id)
            for document_id, theme_id in sorted(wanted - linked.keys())
        ],
        batch_size=1000,
    )
    return len(stale) + len(wanted - linked.keys())


def rebuild_all(progress=None):
    """Describe everything anew, drop the documents of things that went away, and write to
    the table and the search index only what changed.

    Documents keep their primary keys where their source still exists, so the search index
    is updated in place rather than emptied. A document is written to the index when it is
    new, when its ``index_digest`` (of the title, body and suggestion) changed, or when the
    database index has no entry for it (emptied, or restored without it); with another
    backend (Elasticsearch), whose index is not looked into, every document is written.
    Returns the number of documents; ``progress(count)`` is called every 1,000 documents.
    """
    fields = [f for f in SearchDocument._meta.concrete_fields if not f.primary_key]
    attnames = [f.attname for f in fields]
    existing, fingerprints, digests = {}, {}, {}
    stored = SearchDocument.objects.values_list("pk", *attnames).iterator(chunk_size=2000)
    for pk, *values in stored:
        row = dict(zip(attnames, values, strict=True))
        existing[(row["content_type_id"], row["source_id"])] = (pk, row)
        fingerprints[pk] = hash(tuple(values))
        digests[pk] = row["index_digest"]
    documents = {}
    lookups = Lookups(whole_site=True)
    with paused(), transaction.atomic():
        for source in all_sources(lookups):
            description = describe(source, lookups)
            if description is None:
                continue
            content_type = _content_type(source)
            key = (content_type.pk, source.pk)
            if key in documents:
                continue
            if key in existing:
                # Starting from the stored row lets _apply keep its terms.
                pk, row = existing[key]
                document = SearchDocument(pk=pk, **row)
            else:
                document = SearchDocument(content_type=content_type, source_id=source.pk)
            _apply(document, description)
            document._theme_ids = description.theme_ids
            documents[key] = document
            if progress and len(documents) % 1000 == 0:
                progress(len(documents))
        gone = [pk for key, (pk, _row) in existing.items() if key not in documents]
        if gone:
            _unindex(SearchDocument.objects.filter(pk__in=gone))
            SearchDocument.objects.filter(pk__in=gone).delete()
        # bulk_update costs seconds per thousand rows (one CASE per field), and after the
        # first build most documents come out as they were: write only the changed ones.
        changed = [
            document
            for document in documents.values()
            if document.pk
            and fingerprints[document.pk]
            != hash(tuple(getattr(document, name) for name in attnames))
        ]
        new = [document for document in documents.values() if not document.pk]
        SearchDocument.objects.bulk_update(changed, [f.name for f in fields], batch_size=500)
        SearchDocument.objects.bulk_create(new, batch_size=500)
        links = _link_themes(documents.values())
        # Likewise the index: Wagtail's backends write every entry they are given (SQLite one
        # UPDATE each), whether or not it changed.
        indexed = _indexed_ids()
        created = {id(document) for document in new}
        stale = [
            document
            for document in documents.values()
            if indexed is None
            or id(document) in created
            or document.index_digest != digests[document.pk]
            or document.pk not in indexed
        ]
        for start in range(0, len(stale), INDEX_BATCH):
            _index(stale[start : start + INDEX_BATCH])
        if gone or changed or new or not Word.objects.exists():
            spelling.recount(documents.values())
    if gone or changed or new or links or stale:
        _analyze()
    return len(documents)


def _analyze():
    """Refresh the planner's statistics of the search tables after a rebuild.

    Django never runs ANALYZE; without statistics SQLite joins the full-text matches the slow
    way round, and PostgreSQL's autovacuum may come too late for the first searches.
    """
    tables = [
        SearchDocument._meta.db_table,
        SearchDocument.themes.through._meta.db_table,
        IndexEntry._meta.db_table,
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
