"""The host site's other pages in Leerkring's search: found while public, gone when not.

A host points its search box at /zoeken/ and must lose nothing its own search found: its home
page, its blog, any page that is not one of ours. Only public ones: a draft, an unpublished
page or one behind a view restriction (its own or one above it) is found by nobody. The test
settings' host app has no page types of its own, so the host's pages here are Wagtail's plain
``Page``, which is what a host gets when it adds a page without a type of its own.
"""

import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify
from django.utils.translation import override
from wagtail.models import Page, PageViewRestriction

from leerkring.search.documents import Lookups, describe, host_page_models, host_pages, rebuild_all
from leerkring.search.models import DocumentKind, SearchDocument

from .factories import LearningCirclePageFactory, NetworkPageFactory, PracticeCasePageFactory
from .test_search import SEARCH, SUGGEST, search_page

pytestmark = pytest.mark.django_db


def found(client, query):
    return [hit.document.heading for hit in search_page(client, query).context["outcome"].hits]


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def host_page(parent, title, published=True, **fields):
    """A page of the host, made the way its editors make one: a draft, then published."""
    page = parent.add_child(
        instance=Page(title=title, slug=slugify(title), live=False, **fields)
    ).specific
    return publish(page) if published else page


def restrict(page, restriction_type=PageViewRestriction.LOGIN):
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=restriction_type,
        password="geheim" if restriction_type == PageViewRestriction.PASSWORD else "",
    )
    if restriction_type == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Redactie")[0])
    return restriction


def move(page, parent):
    # Fresh from the database: the tree's bookkeeping (child counts) changes with each move.
    Page.objects.get(pk=page.pk).move(Page.objects.get(pk=parent.pk), pos="last-child")


def page_documents():
    return SearchDocument.objects.filter(kind=DocumentKind.PAGE)


def test_the_test_sites_host_pages_are_wagtails_plain_pages():
    # If the host app gains page types of its own, these tests should use one of them.
    assert host_page_models() == (Page,)


def test_a_published_host_page_is_found_by_anyone_with_its_badge(client, network):
    host_page(
        network,
        "Open dag in de kabouterhut",
        search_description="Kom kijken bij de vlierbessensiroop en het bijenhotel.",
    )
    response = search_page(client, "kabouterhut")
    assert found(client, "kabouterhut") == ["Open dag in de kabouterhut"]
    hit = response.context["outcome"].hits[0]
    assert hit.document.url == "/open-dag-in-de-kabouterhut/"
    assert hit.document.kind == DocumentKind.PAGE
    # Nobody in particular: every audience is public.
    assert hit.document.audience == "public"
    with override("nl"):
        assert '<span class="badge">Pagina</span>' in search_page(client, "kabouterhut").text
    # The page's searchable content counts, not only its title.
    assert found(client, "vlierbessensiroop") == ["Open dag in de kabouterhut"]
    # Dutch word forms find it as they find everything else.
    assert found(client, "kabouterhutten") == ["Open dag in de kabouterhut"]


def test_host_pages_have_their_own_facet_and_filter(client, network, practice_index):
    host_page(network, "Ooievaarsnest bij het dorpshuis")
    publish(PracticeCasePageFactory(parent=practice_index, title="Het ooievaarsnest van Zeist"))
    outcome = search_page(client, "ooievaarsnest").context["outcome"]
    assert outcome.total == 2
    with override("nl"):
        kinds = {
            value.value: value.label
            for value in search_page(client, "ooievaarsnest").context["outcome"].facets["type"]
        }
    assert kinds == {"page": "Pagina", "story": "Praktijkverhaal"}
    filtered = search_page(client, "ooievaarsnest", type="page").context["outcome"]
    assert [hit.document.heading for hit in filtered.hits] == ["Ooievaarsnest bij het dorpshuis"]


def test_suggestions_offer_public_host_pages_only(client, network):
    host_page(network, "Klompenpad langs de beek")
    hidden = host_page(network, "Klompenmakerij intern")
    restrict(hidden)
    data = json.loads(client.get(SUGGEST, {"q": "klompen"}).content)
    assert [s["title"] for s in data["suggestions"]] == ["Klompenpad langs de beek"]
    assert data["suggestions"][0]["url"] == "/klompenpad-langs-de-beek/"


def test_a_draft_is_not_found_nor_a_draft_revision_of_a_live_page(client, network):
    host_page(network, "Kievitsbloemen in april", published=False)
    assert found(client, "kievitsbloemen") == []
    assert not page_documents().exists()

    page = host_page(network, "Wilgenknotten op zaterdag")
    page.title = "Wilgenknotten en duizendknoop"
    page.save_revision()  # not published
    assert found(client, "duizendknoop") == []
    assert found(client, "wilgenknotten") == ["Wilgenknotten op zaterdag"]
    publish(page)
    assert found(client, "duizendknoop") == ["Wilgenknotten en duizendknoop"]


def test_unpublishing_removes_it_and_publishing_again_brings_it_back(client, network):
    page = host_page(network, "Zomerfeest op de kinderboerderij")
    assert found(client, "kinderboerderij") == ["Zomerfeest op de kinderboerderij"]
    page.unpublish()
    assert found(client, "kinderboerderij") == []
    assert not page_documents().exists()
    publish(page)
    assert found(client, "kinderboerderij") == ["Zomerfeest op de kinderboerderij"]


@pytest.mark.parametrize(
    "restriction_type",
    [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS],
)
def test_a_restricted_page_is_found_by_nobody(client, network, restriction_type):
    from django.contrib.auth import get_user_model

    page = host_page(network, "Notulen van het buurtbestuur", published=False)
    restrict(page, restriction_type)
    publish(page)
    assert found(client, "buurtbestuur") == []
    # Not even by someone who may open the page: restricted pages have no document at all.
    client.force_login(get_user_model().objects.create_superuser("beheer", "b@example.org", "x"))
    assert found(client, "buurtbestuur") == []
    assert not page_documents().exists()


def test_a_restriction_above_hides_the_pages_below_and_lifting_it_shows_them(client, network):
    section = host_page(network, "Ledenhoek")
    page = host_page(section, "Ledenvergadering over de zonneweide")
    other = host_page(network, "Zonneweide open voor iedereen")
    assert set(found(client, "zonneweide")) == {
        "Ledenvergadering over de zonneweide",
        "Zonneweide open voor iedereen",
    }
    restriction = restrict(section)
    assert found(client, "zonneweide") == ["Zonneweide open voor iedereen"]
    assert found(client, "ledenhoek") == []
    restriction.delete()
    assert set(found(client, "zonneweide")) == {
        "Ledenvergadering over de zonneweide",
        "Zonneweide open voor iedereen",
    }
    assert found(client, "ledenhoek") == ["Ledenhoek"]

    # With a restriction of its own left, a page stays hidden when the one above is lifted.
    restrict(page, PageViewRestriction.PASSWORD)
    restrict(section)
    PageViewRestriction.objects.filter(page=section).delete()
    assert found(client, "ledenhoek") == ["Ledenhoek"]
    assert found(client, "zonneweide") == ["Zonneweide open voor iedereen"]
    assert other.pk in set(page_documents().values_list("source_id", flat=True))


def test_a_restriction_on_one_of_our_pages_hides_host_pages_below(client, circles):
    host_page(circles.region, "Regiokalender met de fietstocht")
    assert found(client, "fietstocht") == ["Regiokalender met de fietstocht"]
    restriction = restrict(circles.region)
    assert found(client, "fietstocht") == []
    restriction.delete()
    assert found(client, "fietstocht") == ["Regiokalender met de fietstocht"]


def test_deleting_removes_the_page_and_the_pages_below(client, network):
    page = host_page(network, "Repaircafé in de bibliotheek")
    section = host_page(network, "Nieuwsberichten")
    host_page(section, "Repaircafé verhuist")
    restricted = host_page(section, "Repaircafé vrijwilligers")
    restrict(restricted)
    assert len(found(client, "repaircafe")) == 2
    page.delete()
    assert found(client, "repaircafe") == ["Repaircafé verhuist"]
    # The restriction goes with the restricted page; lifting it then must not index the
    # pages for a moment on their way out.
    written = []

    def record(sender, instance, **kwargs):
        written.append(instance.heading)

    post_save.connect(record, sender=SearchDocument, dispatch_uid="test_written")
    try:
        section.delete()
    finally:
        post_save.disconnect(dispatch_uid="test_written", sender=SearchDocument)
    assert written == []
    assert found(client, "repaircafe") == []
    assert not page_documents().exists()

    # A page taken offline behind the signals' back is not unpublished when it is deleted.
    gone = host_page(network, "Repaircafé gesloten")
    Page.objects.filter(pk=gone.pk).update(live=False)
    Page.objects.get(pk=gone.pk).delete()
    assert not page_documents().exists()


def test_moving_follows_the_address_and_the_restrictions(client, network):
    news = host_page(network, "Nieuws")
    members = host_page(network, "Voor leden")
    restrict(members)
    page = host_page(news, "Snoeiochtend in de hoogstamboomgaard")
    assert search_page(client, "hoogstamboomgaard").context["outcome"].hits[0].document.url == (
        "/nieuws/snoeiochtend-in-de-hoogstamboomgaard/"
    )
    move(page, members)
    assert found(client, "hoogstamboomgaard") == []
    move(page, network)
    hits = search_page(client, "hoogstamboomgaard").context["outcome"].hits
    assert [hit.document.url for hit in hits] == ["/snoeiochtend-in-de-hoogstamboomgaard/"]

    # The pages below a moved page move with it.
    host_page(news, "Boomfeestdag")
    move(news, members)
    assert found(client, "boomfeestdag") == []


def test_a_new_slug_moves_the_addresses_of_the_pages_below(
    client, network, django_capture_on_commit_callbacks
):
    section = host_page(network, "Activiteiten")
    host_page(section, "Slootjesdag met de kinderen")
    section.slug = "agenda"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail says so after commit
        publish(section)
    hits = search_page(client, "slootjesdag").context["outcome"].hits
    assert [hit.document.url for hit in hits] == ["/agenda/slootjesdag-met-de-kinderen/"]


def test_a_rebuild_indexes_the_host_pages_that_exist(client, network):
    # Pages made without publishing (an import, a restored database) send no signal.
    network.add_child(instance=Page(title="Welkom bij de wijkkrant", slug="wijkkrant"))
    network.add_child(instance=Page(title="Wijkkrant concept", slug="concept", live=False))
    restricted = network.add_child(instance=Page(title="Wijkkrant redactie", slug="redactie"))
    restrict(restricted)
    # Beside the site's root, in no site: there is no address to link to.
    Page.get_first_root_node().add_child(instance=Page(title="Wijkkrant elders", slug="elders"))
    assert found(client, "wijkkrant") == []
    rebuild_all()
    assert found(client, "wijkkrant") == ["Welkom bij de wijkkrant"]
    assert not page_documents().filter(source_id=Page.get_first_root_node().pk).exists()
    # Done again, nothing changes.
    before = list(page_documents().values_list("pk", "source_id", "url"))
    rebuild_all()
    assert list(page_documents().values_list("pk", "source_id", "url")) == before


def test_our_own_pages_are_not_documents_of_kind_page(client, circles, practice_index):
    story = publish(PracticeCasePageFactory(parent=practice_index, title="Zwaluwtil"))
    circle = publish(LearningCirclePageFactory(parent=circles.region, title="Zwaluwkring"))
    publish(NetworkPageFactory(parent=circles.network, title="Zwaluwnetwerk"))
    publish(circles.region)
    assert not page_documents().exists()
    rebuild_all()
    assert not page_documents().exists()
    kinds = dict(SearchDocument.objects.values_list("source_id", "kind"))
    assert kinds[story.pk] == DocumentKind.STORY
    assert kinds[circle.pk] == DocumentKind.CIRCLE
    assert all(kind != DocumentKind.PAGE for kind in kinds.values())
    # A page fetched as a plain Page while it is one of ours is not taken for a host page.
    assert describe(Page.objects.get(pk=circles.region.pk)) is None
    assert describe(Page.objects.get(pk=story.pk)) is None


def _make_host_pages(parent, count, start=0):
    for number in range(start, start + count):
        parent.add_child(
            instance=Page(
                title=f"Bericht {number} over de ijsbaan",
                slug=f"bericht-{number}",
                search_description=f"De ijsbaan gaat open in week {number}.",
            )
        )


def test_describing_host_pages_does_not_query_per_page(network):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            lookups = Lookups()
            descriptions = [describe(page, lookups) for page in host_pages()]
        return len(captured), sum(description is not None for description in descriptions)

    _make_host_pages(network, 2)
    restrict(network.add_child(instance=Page(title="Afgeschermd", slug="afgeschermd")))
    queries()  # warm the caches of content types and site roots
    small, count = queries()
    assert count == 2
    _make_host_pages(network, 20, start=2)
    large, count = queries()
    assert count == 22
    assert small == large


def test_search_page_queries_do_not_grow_with_the_host_pages(client, network):
    def queries(**params):
        client.get(SEARCH, {"q": "ijsbaan", **params})  # warm caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(SEARCH, {"q": "ijsbaan", **params})
        return len(captured), response

    _make_host_pages(network, 3)
    rebuild_all()
    small, _ = queries()
    _make_host_pages(network, 40, start=3)
    rebuild_all()
    large, response = queries()
    assert response.context["outcome"].total == 43
    assert small == large
    filtered, _ = queries(type="page")
    assert filtered <= small + 1
