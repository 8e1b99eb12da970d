"""The search page: one list over everything, facets, suggestions, and never a leak.

Every closed surface gets a word of its own planted in it; each role searches for each word
through the page, the suggestions and the facet counts. A count of 1 where there should be 0
is a leak.
"""

import json
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from leerkring import conversations
from leerkring.choices import CircleVisibility, MembershipStatus
from leerkring.models import LessonPage, Membership, Tip
from leerkring.search.documents import rebuild_all
from leerkring.search.models import SearchDocument, SearchTermStat
from practices.models import PracticeCasePage

from .factories import (
    MeetingFactory,
    OrganisationFactory,
    PracticeCasePageFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("leerkring_search:search")
SUGGEST = reverse("leerkring_search:suggest")


def search_page(client, query, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return response


def found_titles(response):
    return [hit.document.heading for hit in response.context["outcome"].hits]


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def add_lesson(circle, title, summary, **fields):
    lesson = circle.add_child(instance=LessonPage(title=title, summary=summary, **fields))
    return publish(lesson)


# What each closed surface says, with the word only it contains.
SECRETS = {
    "thread": "kwartelkoning",
    "reply": "roerdompvlucht",
    "tip": "grutto-overleg",
    "meeting": "ijsvogelzaal",
}


@pytest.fixture
def planted(circles, practice_index, organisation_index):
    """Public content, and each secret word in one surface of the closed circle."""
    users = circles.users
    closed = circles.closed_circle
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Energiecoöperatie in Oosterwolde",
            summary="De bewonersinitiatieven bundelen hun krachten in één coöperatie.",
            municipality="Ooststellingwerf",
        )
    )
    open_thread = conversations.start_thread(
        circles.open_circle, users["member"], title="Open vraag over warmte", body="Wie weet meer?"
    )
    conversations.post_reply(open_thread, users["facilitator"], "Kijk naar het warmtenet.")

    thread = conversations.start_thread(
        closed, users["member"], title="Vertrouwelijk", body=f"Over de {SECRETS['thread']}."
    )
    conversations.post_reply(thread, users["facilitator"], f"De {SECRETS['reply']} gaat door.")
    Tip.objects.create(circle=closed, title=f"Houd het {SECRETS['tip']} klein", shareable=False)
    MeetingFactory(circle=closed, title="Kringavond", agenda=f"In de {SECRETS['meeting']}.")
    rebuild_all()
    return circles


# Who may find the closed circle's words: its members and the coordinators above it.
FINDS_CLOSED = {
    "anonymous": False,
    "outsider": False,
    "requester": False,
    "member": True,
    "facilitator": True,
    "other_facilitator": False,
    "coordinator": True,
    "other_coordinator": False,
}


@pytest.mark.parametrize("role,finds", FINDS_CLOSED.items())
@pytest.mark.parametrize("surface", SECRETS)
def test_closed_circle_words_only_for_those_who_may_read(client, planted, role, finds, surface):
    planted.login(client, role)
    word = SECRETS[surface]

    response = search_page(client, word)
    outcome = response.context["outcome"]
    assert (outcome.total == 1) is finds, f"{role} searching {surface}"
    results = response.content.decode().split('id="results-heading"', 1)[1]
    assert ("<mark>" in results) is finds
    # Facet counts are computed from the same restricted set.
    counted = sum(value.count for value in outcome.facets.get("type", []))
    assert counted == (1 if finds else 0)
    circle_counts = {v.label: v.count for v in outcome.facets.get("circle", [])}
    assert circle_counts.get("Vertrouwelijke kring", 0) == (1 if finds else 0)


@pytest.mark.parametrize("role,finds", FINDS_CLOSED.items())
def test_suggestions_do_not_leak_closed_titles(client, planted, role, finds):
    planted.login(client, role)
    response = client.get(SUGGEST, {"q": "vertrouw"})
    titles = [s["title"] for s in response.json()["suggestions"]]
    assert ("Vertrouwelijk" in titles) is finds


def test_a_closed_circle_filtered_by_id_shows_nothing_to_outsiders(client, planted):
    planted.login(client, "outsider")
    response = search_page(client, SECRETS["thread"], circle=planted.closed_circle.pk)
    assert response.context["outcome"].total == 0


def test_public_content_is_found_by_everyone(client, planted):
    response = search_page(client, "warmtenet")
    assert found_titles(response) == ["Open vraag over warmte"]
    assert "Kring: Samenspel" in response.content.decode()


def test_becoming_a_member_or_leaving_changes_results_at_once(client, planted):
    outsider = planted.users["outsider"]
    client.force_login(outsider)
    assert search_page(client, SECRETS["reply"]).context["outcome"].total == 0
    membership = Membership.objects.create(
        user=outsider,
        circle=planted.closed_circle,
        status=MembershipStatus.ACTIVE,
        joined_at=timezone.now(),
    )
    assert search_page(client, SECRETS["reply"]).context["outcome"].total == 1
    membership.status = MembershipStatus.LEFT
    membership.save()
    assert search_page(client, SECRETS["reply"]).context["outcome"].total == 0


def test_closing_an_open_circle_hides_its_talk_at_once(client, planted):
    client.get("/")  # anonymous
    assert search_page(client, "warmtenet").context["outcome"].total == 1
    circle = planted.open_circle
    circle.visibility = CircleVisibility.CLOSED
    publish(circle)
    assert search_page(client, "warmtenet").context["outcome"].total == 0
    planted.login(client, "member")
    assert search_page(client, "warmtenet").context["outcome"].total == 1


def test_index_follows_publish_unpublish_and_delete(client, practice_index):
    story = PracticeCasePageFactory(
        parent=practice_index, title="Zonnedaken in Zutphen", municipality="Zutphen"
    )
    assert search_page(client, "zonnedaken").context["outcome"].total == 0  # not published yet
    story = publish(story)
    assert found_titles(search_page(client, "zonnedaken")) == ["Zonnedaken in Zutphen"]

    story.title = "Zonnedaken en warmtepompen in Zutphen"
    story = publish(story)
    assert found_titles(search_page(client, "warmtepompen")) == [
        "Zonnedaken en warmtepompen in Zutphen"
    ]

    story.unpublish()
    assert search_page(client, "zonnedaken").context["outcome"].total == 0
    story = publish(story)
    assert search_page(client, "zonnedaken").context["outcome"].total == 1
    story.delete()
    assert search_page(client, "zonnedaken").context["outcome"].total == 0
    assert not SearchDocument.objects.exists()


def test_deleting_a_circle_indexed_behind_the_signals_back_leaves_no_document(circles):
    # A bulk import writes circles without signals; deleting one must not index it on its
    # way out (a document left pointing at a deleted circle fails the deletion's commit).
    assert not SearchDocument.objects.exists()
    circles.region.get_children().delete()
    assert not SearchDocument.objects.exists()
    connection.check_constraints()


def test_a_rebuild_repairs_what_changed_behind_the_signals_back(client, practice_index):
    kept = publish(PracticeCasePageFactory(parent=practice_index, title="Het buurthuis"))
    changed = publish(PracticeCasePageFactory(parent=practice_index, title="De zonneweide"))
    before = dict(SearchDocument.objects.values_list("source_id", "pk"))
    # A queryset update sends no signal, so the document still has the old title.
    PracticeCasePage.objects.filter(pk=changed.pk).update(title="De windmolen")
    assert found_titles(search_page(client, "windmolen")) == []
    rebuild_all()
    assert found_titles(search_page(client, "windmolen")) == ["De windmolen"]
    assert found_titles(search_page(client, "zonneweide")) == []
    assert found_titles(search_page(client, "buurthuis")) == ["Het buurthuis"]
    after = dict(SearchDocument.objects.values_list("source_id", "pk"))
    assert after[kept.pk] == before[kept.pk]
    assert after[changed.pk] == before[changed.pk]


def test_wagtails_update_index_restores_an_emptied_index(client, dutch_content):
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SearchDocument)
    ).delete()
    assert found_titles(search_page(client, "warmtenet")) == []
    call_command("update_index", verbosity=0)
    assert found_titles(search_page(client, "warmtenet")) == [
        "Een bewonersinitiatief met een warmtenet"
    ]


def test_a_draft_revision_is_not_found(client, practice_index):
    story = publish(PracticeCasePageFactory(parent=practice_index, title="Buurtwarmte Ede"))
    story.title = "Geheime conceptversie"
    story.save_revision()  # a draft, not published
    assert search_page(client, "conceptversie").context["outcome"].total == 0
    assert search_page(client, "buurtwarmte").context["outcome"].total == 1


def test_hidden_edited_and_deleted_replies(client, circles):
    users = circles.users
    thread = conversations.start_thread(
        circles.open_circle, users["member"], title="Draad", body="Begin."
    )
    reply = conversations.post_reply(thread, users["member"], "Het woord is pimpelmees.")
    assert search_page(client, "pimpelmees").context["outcome"].total == 1

    conversations.edit_reply(reply, users["member"], "Het woord is koolmees.")
    assert search_page(client, "pimpelmees").context["outcome"].total == 0
    assert search_page(client, "koolmees").context["outcome"].total == 1

    conversations.hide_reply(reply, users["facilitator"], "off topic")
    assert search_page(client, "koolmees").context["outcome"].total == 0
    conversations.show_reply(XtdComment.objects.get(pk=reply.pk), users["facilitator"])
    assert search_page(client, "koolmees").context["outcome"].total == 1
    conversations.delete_reply(XtdComment.objects.get(pk=reply.pk), users["member"])
    assert search_page(client, "koolmees").context["outcome"].total == 0


def test_organisations_only_when_public(client, organisation_index):
    organisation = OrganisationFactory(name="Dorpscoöperatie Zuidhorn", is_public=False)
    assert search_page(client, "zuidhorn").context["outcome"].total == 0
    organisation.is_public = True
    organisation.save()
    response = search_page(client, "zuidhorn")
    assert found_titles(response) == ["Dorpscoöperatie Zuidhorn"]
    assert response.context["outcome"].hits[0].document.url.startswith(organisation_index.url)


def test_unshared_tip_becomes_findable_when_shared(client, planted):
    tip = Tip.objects.get(circle=planted.closed_circle)
    assert search_page(client, "grutto").context["outcome"].total == 0
    tip.shareable = True
    tip.save()
    assert search_page(client, "grutto").context["outcome"].total == 1


def test_meeting_link_and_report_are_not_searchable(client, circles):
    MeetingFactory(
        circle=circles.open_circle,
        title="Open avond",
        online_url="https://meet.example.org/geheimekamer",
        report="Verslag met het woord boomklever.",
    )
    assert search_page(client, "open avond").context["outcome"].total >= 1
    assert search_page(client, "geheimekamer").context["outcome"].total == 0
    assert search_page(client, "boomklever").context["outcome"].total == 0


# Dutch word forms.


@pytest.fixture
def dutch_content(circles, practice_index):
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Samen sterk in de wijk",
            summary="Drie bewonersinitiatieven richtten een energiecoöperatie op.",
        )
    )
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Een bewonersinitiatief met een warmtenet",
            summary="Het dorp kreeg een eigen warmtenet.",
        )
    )
    return circles


@pytest.mark.parametrize(
    "query,expected",
    [
        ("initiatief", {"Samen sterk in de wijk", "Een bewonersinitiatief met een warmtenet"}),
        ("bewonersinitiatieven", {"Een bewonersinitiatief met een warmtenet"}),
        ("bewonersinitiatief", {"Samen sterk in de wijk"}),
        ("coöperatie", {"Samen sterk in de wijk"}),
        ("energiecooperatie", {"Samen sterk in de wijk"}),
        ("ENERGIECOÖPERATIE", {"Samen sterk in de wijk"}),
        ("warmtenetten", {"Een bewonersinitiatief met een warmtenet"}),
        ("wat doen anderen met een energiecoöperatie?", {"Samen sterk in de wijk"}),
    ],
)
def test_dutch_word_forms_find_each_other(client, dutch_content, query, expected):
    assert expected <= set(found_titles(search_page(client, query)))


def test_a_compound_query_finds_its_parts_below_the_compound_itself(client, practice_index):
    for title, summary in [
        ("Geld voor de wijk", "De gemeente gaf een warmtepompsubsidie aan twintig huizen."),
        ("Aanvraag in één middag", "Met subsidie kochten ze samen een warmtepomp."),
        ("Alleen een pomp", "Een warmtepomp zonder geld van buiten."),
        ("Alleen geld", "Subsidie voor isolatie."),
    ]:
        publish(PracticeCasePageFactory(parent=practice_index, title=title, summary=summary))
    found = found_titles(search_page(client, "warmtepompsubsidie"))
    # The compound first, then a text with all its parts; one part alone is not enough.
    assert found == ["Geld voor de wijk", "Aanvraag in één middag"]
    # Highlighting marks the parts too.
    response = search_page(client, "warmtepompsubsidies")
    assert "<mark>subsidie</mark>" in response.content.decode()


def test_title_matches_rank_above_body_matches(client, practice_index):
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Verslag van de avond",
            summary="Het ging over de klimaatstraat in de wijk.",
        )
    )
    publish(
        PracticeCasePageFactory(
            parent=practice_index, title="De klimaatstraat", summary="Een verslag."
        )
    )
    assert found_titles(search_page(client, "klimaatstraat"))[0] == "De klimaatstraat"


def test_a_long_story_about_a_word_ranks_above_short_texts_that_mention_it(
    client, circles, practice_index, organisation_index
):
    """Seen in a browser: a story with the word in its title came 6th, behind short replies
    and organisations that only mentioned it, because the title weighed nothing extra."""
    long_summary = " ".join(["Bewoners, gemeente en netbeheerder werkten samen."] * 30)
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Riothermie in de Benedenbuurt",
            summary=f"Warmte uit het riool. {long_summary}",
        )
    )
    thread = conversations.start_thread(
        circles.open_circle, circles.users["member"], title="Vraag", body="Wie weet iets?"
    )
    for answer in ("Riothermie? Riothermie!", "Ja, riothermie.", "Riothermie kan, riothermie."):
        conversations.post_reply(thread, circles.users["facilitator"], answer)
    OrganisationFactory(name="Warmtebedrijf", description="Riothermie, riothermie.")
    rebuild_all()
    found = found_titles(search_page(client, "riothermie"))
    assert len(found) == 5
    assert found[0] == "Riothermie in de Benedenbuurt"


def test_featured_lesson_first_when_equally_relevant(client, circles):
    from leerkring import curation

    users = circles.users
    plain = add_lesson(circles.open_circle, "Werk met de wijkraad", "Over de wijkraad.")
    featured = add_lesson(circles.open_circle, "Werk met de wijkraad", "Over de wijkraad.")
    assert plain.pk < featured.pk
    curation.feature(featured, circles.region, users["coordinator"])

    outcome = search_page(client, "wijkraad").context["outcome"]
    assert [hit.document.source_id for hit in outcome.hits][:2] == [featured.pk, plain.pk]
    assert outcome.hits[0].document.featured


def test_excerpt_marks_the_words_and_escapes_the_rest(client, circles):
    users = circles.users
    thread = conversations.start_thread(
        circles.open_circle, users["member"], title="Opmaak", body="Tekst."
    )
    conversations.post_reply(
        thread, users["member"], "<script>alert(1)</script> Jan & Piet over zonnepanelen"
    )
    page = search_page(client, "zonnepaneel").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "Jan &amp; Piet over <mark>zonnepanelen</mark>" in page


# Facets.


def test_facets_count_and_filter_by_type_theme_municipality_network_circle(
    client, circles, practice_index
):
    warmte = ThemeFactory(name="Warmte", slug="warmte")
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Buurtbatterij Arnhem",
            municipality="Arnhem",
            themes=[warmte],
        )
    )
    add_lesson(circles.open_circle, "Buurtbatterij in de kring", "Een les over de buurtbatterij.")
    response = search_page(client, "buurtbatterij")
    facets = response.context["outcome"].facets
    assert {v.value: v.count for v in facets["type"]} == {"story": 1, "lesson": 1}
    assert {v.label: v.count for v in facets["theme"]} == {"Warmte": 1}
    assert {v.label: v.count for v in facets["municipality"]} == {"Arnhem": 1}
    assert {v.label: v.count for v in facets["network"]} == {"Regio Gelderland": 1}
    assert {v.label: v.count for v in facets["circle"]} == {"Samenspel": 1}

    lesson_url = next(v.url for v in facets["type"] if v.value == "lesson")
    assert "type=lesson" in lesson_url and "q=buurtbatterij" in lesson_url
    filtered = client.get(SEARCH + lesson_url)
    assert found_titles(filtered) == ["Buurtbatterij in de kring"]
    assert "Verwijder filter Soort: Les" in filtered.content.decode()
    assert found_titles(search_page(client, "buurtbatterij", theme="warmte")) == [
        "Buurtbatterij Arnhem"
    ]
    assert found_titles(search_page(client, "buurtbatterij", municipality="Arnhem")) == [
        "Buurtbatterij Arnhem"
    ]
    assert found_titles(search_page(client, "buurtbatterij", network=circles.region.pk)) == [
        "Buurtbatterij in de kring"
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "nonsense"},
        {"theme": "bestaat-niet"},
        {"network": "abc"},
        {"circle": "-1"},
        {"circle": "9" * 40},
        {"page": "abc"},
        {"page": "99999"},
        {"municipality": "<script>"},
    ],
)
def test_bad_filter_values_are_ignored_without_error(client, dutch_content, params):
    response = search_page(client, "warmtenet", **params)
    assert (
        "<script>"
        not in response.content.decode()
        .replace('<script src="/static/leerkring_search/js/suggest.js" defer></script>', "")
        .split("<main", 1)[1]
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "a",
        "é",
        "x" * 1000,
        "woord " * 300,
        '"warmte',
        "warmte OR net*",
        "NOT warmte AND (",
        "100%",
        "%%%",
        "🔥🏠",
        "warmte 🔥",
        "'; DROP TABLE search_searchdocument; --",
        "<script>alert(1)</script>",
        "\x00",
        "^~:*-+",
        "ı̇ß",
    ],
)
def test_odd_queries_never_fail(client, dutch_content, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    suggest = client.get(SUGGEST, {"q": query})
    assert suggest.status_code == 200
    assert isinstance(suggest.json()["suggestions"], list)


def test_only_punctuation_asks_for_a_word(client, dutch_content):
    response = client.get(SEARCH, {"q": "%%% ***"})
    assert "Typ minstens één woord" in response.content.decode()


def test_only_common_words_asks_for_a_telling_word(client, dutch_content):
    response = search_page(client, "de het een")
    page = response.content.decode()
    assert "alleen heel gewone woorden" in page
    assert "Typ minstens één woord" not in page
    assert not response.context["outcome"].searched


def test_every_word_must_match_unless_nothing_has_them_all(client, dutch_content):
    both = search_page(client, "bewonersinitiatief warmtenet")
    assert found_titles(both) == ["Een bewonersinitiatief met een warmtenet"]
    assert both.context["outcome"].every_word
    assert "deel ervan" not in both.content.decode()
    # No text has "dorp" and "coöperatie" together: both stories have one of them.
    some = search_page(client, "dorp coöperatie")
    assert set(found_titles(some)) == {
        "Een bewonersinitiatief met een warmtenet",
        "Samen sterk in de wijk",
    }
    assert some.context["outcome"].total == 2
    assert "deel ervan" in some.content.decode()


def test_search_terms_are_counted_and_empty_ones_marked(client, dutch_content):
    search_page(client, "warmtenet")
    search_page(client, "warmtenet")
    search_page(client, "blauwvintonijn")
    search_page(client, "warmtenet", type="story")  # a refinement, not a new search
    stats = {s.query_string: (s.searches, s.empty_searches) for s in SearchTermStat.objects.all()}
    assert stats == {"warmtenet": (2, 0), "blauwvintonijn": (1, 1)}


def test_search_terms_report_is_for_the_top_networks_coordinators(client, circles, dutch_content):
    """What the whole site searches for is a site-wide record (docs/architecture.md,
    "Roles"): the top network's coordinators see it, a sub-network's do not."""
    from leerkring.coordination import name_coordinator

    search_page(client, "blauwvintonijn")
    url = reverse("leerkring_search_searchtermstat_modeladmin_index")
    top = UserFactory(username="landelijk")
    name_coordinator(circles.network, top, by=None)
    client.force_login(top)
    assert "blauwvintonijn" in client.get(url).content.decode()
    for role in ("coordinator", "member"):
        client.force_login(circles.users[role])
        assert client.get(url).status_code == 302


def test_pinned_results_come_first_and_only_if_public(client, circles, practice_index):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    story = publish(PracticeCasePageFactory(parent=practice_index, title="De wijkschouw"))
    hidden = PracticeCasePageFactory(parent=practice_index, title="Nog niet klaar", live=False)
    query = Query.get("aardgasvrij")
    SearchPromotion.objects.create(query=query, page=story, sort_order=1, description="Lees dit")
    SearchPromotion.objects.create(query=query, page=hidden, sort_order=2)
    page = search_page(client, "aardgasvrij").content.decode()
    assert "De wijkschouw" in page and "Lees dit" in page
    assert "Nog niet klaar" not in page


def test_suggestions_complete_titles_without_diacritics(client, dutch_content):
    publish_titles = [
        s["title"] for s in client.get(SUGGEST, {"q": "bewonersini"}).json()["suggestions"]
    ]
    assert "Een bewonersinitiatief met een warmtenet" in publish_titles


# Query counts.


def make_stories(practice_index, count, start=0, municipalities=7, **fields):
    for number in range(start, start + count):
        publish(
            PracticeCasePageFactory(
                parent=practice_index,
                title=f"Warmteplan {number}",
                summary="Bewoners maken een warmteplan voor de wijk.",
                municipality=f"Gemeente {number % municipalities}",
                **fields,
            )
        )


def test_search_page_queries_do_not_grow_with_the_results(client, circles, practice_index):
    def queries(**params):
        client.get(SEARCH, {"q": "warmteplan", **params})  # warm caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(SEARCH, {"q": "warmteplan", **params})
        return len(captured), response

    make_stories(practice_index, 3)
    planted_user = UserFactory(username="lezer")
    client.force_login(planted_user)
    small, _ = queries()
    make_stories(practice_index, 60, start=3)
    large, response = queries()
    assert response.context["outcome"].total == 63
    print(f"\nsearch page queries with 3 and 63 matches: {small}, {large}")
    assert small == large
    filtered_small, _ = queries(type="story", municipality="Gemeente 1")
    assert filtered_small <= small + 1


def test_suggest_endpoint_returns_json_with_titles_and_addresses(client, dutch_content):
    data = json.loads(client.get(SUGGEST, {"q": "samen ster"}).content)
    assert data["suggestions"][0]["title"] == "Samen sterk in de wijk"
    assert data["suggestions"][0]["url"].startswith("/")


def test_search_form_works_without_javascript(client, dutch_content):
    page = client.get(SEARCH).content.decode()
    assert 'method="get"' in page and 'name="q"' in page
    response = client.get(SEARCH + "?" + urlencode({"q": "warmtenet"}))
    assert "Een bewonersinitiatief met een <mark>warmtenet</mark>" in response.content.decode()


def test_index_settings_hold_a_dutch_analyzer():
    from leerkring.search.elasticsearch import index_settings

    analysis = index_settings()["settings"]["analysis"]
    filters = analysis["analyzer"]["default"]["filter"]
    assert filters == [
        "lowercase",
        "asciifolding",
        "dutch_stop",
        "dutch_decompounder",
        "dutch_stemmer",
    ]
    assert "initiatief" in analysis["filter"]["dutch_decompounder"]["word_list"]


def test_search_matches_with_the_configuration_the_index_was_built_with(
    client, circles, practice_index, settings
):
    """A host that sets no SEARCH_CONFIG gets its index built with the database's default
    text search configuration; matching must use that one too, not another."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("text search configurations are PostgreSQL's (set DATABASE_URL)")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    publish(
        PracticeCasePageFactory(
            parent=practice_index,
            title="Samen sterk in de wijk",
            summary="Bewoners richtten een energiecoöperatie op voor duurzame energie.",
        )
    )

    for word in ("energie", "bewoners", "energiecooperatie"):
        assert "Samen sterk in de wijk" in found_titles(search_page(client, word)), word
