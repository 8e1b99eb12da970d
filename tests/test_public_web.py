"""The public-web basics: a page's description, canonical address and OpenGraph card,
robots.txt, the overview of the site people read instead of the XML sitemap, the icon."""

import re
from html.parser import HTMLParser

import pytest
from wagtail.models import PageViewRestriction

from leerkring.models import LessonPage

from .factories import PracticeCasePageFactory

pytestmark = pytest.mark.django_db


class _Head(HTMLParser):
    """The <meta> and <link> tags of a page, as (tag, attributes) pairs."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        if tag in ("meta", "link"):
            self.tags.append((tag, dict(attrs)))


def head(response):
    parser = _Head()
    parser.feed(response.content.decode())
    return parser.tags


def meta(response, key, value):
    """The contents of every <meta> whose ``key`` attribute (name, property) is ``value``."""
    return [a["content"] for tag, a in head(response) if tag == "meta" and a.get(key) == value]


def links(response, rel):
    return [a["href"] for tag, a in head(response) if tag == "link" and a.get("rel") == rel]


def test_a_story_page_describes_itself_for_search_engines_and_link_previews(client, practice_index):
    story = PracticeCasePageFactory(
        parent=practice_index,
        title="Benedenbuurt: van klimaatstraatfeest naar warmtenet",
        summary="Bewoners <b>en</b> gemeente trokken vanaf het begin samen op.",
    )
    response = client.get(story.url)
    assert response.status_code == 200
    assert links(response, "canonical") == [f"http://testserver{story.url}"]
    assert meta(response, "name", "description") == [
        "Bewoners <b>en</b> gemeente trokken vanaf het begin samen op."
    ]
    assert meta(response, "property", "og:type") == ["article"]
    assert meta(response, "property", "og:title") == [story.title]
    assert meta(response, "property", "og:url") == [f"http://testserver{story.url}"]
    assert meta(response, "property", "og:locale") == ["nl_NL"]
    # The summary's markup-like text is escaped in the attribute, not interpreted.
    assert "<b>en</b> gemeente" not in response.content.decode().split("</head>")[0]


def test_a_lesson_is_an_article_and_a_circle_a_website(client, circles):
    lesson = circles.open_circle.add_child(
        instance=LessonPage(title="Begin bij de verbinders", summary="Zoek wie al verbindt.")
    )
    response = client.get(lesson.url)
    assert meta(response, "property", "og:type") == ["article"]
    assert meta(response, "name", "description") == ["Zoek wie al verbindt."]
    assert meta(client.get(circles.open_circle.url), "property", "og:type") == ["website"]


def test_the_editors_search_description_wins_and_is_written_once(client, practice_index):
    story = PracticeCasePageFactory(parent=practice_index, summary="De samenvatting.")
    story.search_description = "Wat de redactie voor zoekmachines schreef."
    story.save_revision().publish()
    response = client.get(story.url)
    assert meta(response, "name", "description") == ["Wat de redactie voor zoekmachines schreef."]
    assert meta(response, "property", "og:description") == [
        "Wat de redactie voor zoekmachines schreef."
    ]


def test_a_long_introduction_is_cut_to_a_description_without_its_markup(client, network):
    network.intro = "<p>" + "Leren van elkaar in kleine groepen. " * 20 + "</p>"
    network.save_revision().publish()
    (description,) = meta(client.get("/"), "name", "description")
    assert description.startswith("Leren van elkaar in kleine groepen.")
    assert "<p>" not in description
    assert len(description) <= 200


def test_a_closed_circles_card_says_only_what_its_public_page_says(client, circles):
    from leerkring.models import Thread

    Thread.objects.create(
        circle=circles.closed_circle,
        title="Geheim: de onderhandeling met de corporatie",
        body="Alleen voor leden.",
        author=circles.users["member"],
    )
    response = client.get(circles.closed_circle.url)
    card = " ".join(content for _tag, a in head(response) if (content := a.get("content")))
    assert "elke zes weken" in card  # the circle's public description
    assert "Geheim" not in response.content.decode()


def test_an_open_circles_conversation_and_meeting_get_cards_of_their_own(client, circles):
    from leerkring import conversations

    from .factories import MeetingFactory

    circle = circles.open_circle
    thread = conversations.start_thread(
        circle,
        circles.users["member"],
        title="Wie heeft ervaring met een <b>buurtwarmtenet</b>?",
        body="We zoeken **iemand** die de aanbesteding al eens deed & het wil delen.",
    )
    response = client.get(circle.thread_path(thread.pk))
    assert response.status_code == 200
    assert meta(response, "property", "og:title") == [thread.title]
    assert meta(response, "property", "og:description") == [
        "We zoeken iemand die de aanbesteding al eens deed & het wil delen."
    ]
    meeting = MeetingFactory(circle=circle, title="Kennismaken in Tilburg")
    response = client.get(circle.meeting_path(meeting.pk))
    assert response.status_code == 200
    assert meta(response, "property", "og:title") == ["Kennismaken in Tilburg"]
    assert meta(response, "property", "og:description") == [
        "1. Kennismaken 2. Wat werkte bij het karakteriseren van de wijk?"
    ]


def test_a_member_in_a_closed_circle_shares_the_circles_card_not_the_conversation(client, circles):
    from leerkring import conversations

    from .factories import MeetingFactory

    circle = circles.closed_circle
    thread = conversations.start_thread(
        circle, circles.users["member"], title="Geheim overleg", body="Alleen voor leden."
    )
    meeting = MeetingFactory(
        circle=circle, title="Geheime bijeenkomst", agenda="Onze onderhandelingspositie"
    )
    circles.login(client, "member")
    for path in (circle.thread_path(thread.pk), circle.meeting_path(meeting.pk)):
        response = client.get(path)
        assert response.status_code == 200
        card = " ".join(
            a["content"]
            for tag, a in head(response)
            if tag == "meta" and a.get("property", "").startswith("og:")
        )
        assert circle.title in card
        assert "Geheim" not in card and "onderhandelingspositie" not in card
        assert "Alleen voor leden" not in card


def test_robots_txt_keeps_crawlers_out_of_accounts_and_names_the_sitemap(client, network):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert {"Disallow: /admin/", "Disallow: /accounts/", "Disallow: /zoeken/"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.post("/robots.txt").status_code == 405


def _overview_items(response):
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', response.content.decode())


def test_the_overview_shows_the_site_as_people_read_it(client, circles, practice_index):
    PracticeCasePageFactory(parent=practice_index, title="Verhaal Een")
    PracticeCasePageFactory(parent=practice_index, title="Verhaal Twee")
    draft = PracticeCasePageFactory(parent=practice_index, title="Concept", live=False)
    circles.open_circle.add_child(instance=LessonPage(title="Een les", summary="Kort."))
    private = PracticeCasePageFactory(parent=circles.network, title="Alleen ingelogd")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/overzicht/")
    assert response.status_code == 200
    body = response.content.decode()
    titles = [title for _href, title in _overview_items(response)]
    for page in (circles.network, circles.region, circles.open_circle, circles.closed_circle):
        assert page.title in titles
    assert practice_index.title in titles
    # Items are counted under their section, not listed; drafts and restricted pages are
    # not named at all.
    assert "2 praktijkverhalen" in body
    assert "1 les" in body
    assert "Verhaal Een" not in body
    assert draft.title not in body and private.title not in body
    # Nested as the site is: the circle's link is inside the region's list item.
    region_start = body.index(circles.region.title)
    assert region_start < body.index(circles.open_circle.title)
    assert client.post("/overzicht/").status_code == 405


def test_the_footer_leads_to_the_overview_and_the_icon_is_there(client, network):
    response = client.get("/")
    assert 'href="/overzicht/"' in response.content.decode()
    assert links(response, "icon") == ["/static/cop_site/favicon.svg"]
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301
    assert favicon["Location"] == "/static/cop_site/favicon.svg"


# The site, two counts, the pages, then Wagtail's one query per page type for their specific
# fields (network, circle, the two indexes) and the page's own head and menu: 13 here,
# the same for 2 stories as for 40.
OVERVIEW_MAX_QUERIES = 13


@pytest.mark.parametrize("stories", [2, 40])
def test_the_overview_costs_the_same_whatever_the_archive(
    client, circles, practice_index, stories, django_assert_max_num_queries
):
    for number in range(stories):
        PracticeCasePageFactory(parent=practice_index, title=f"Verhaal {number}")
    with django_assert_max_num_queries(OVERVIEW_MAX_QUERIES):
        response = client.get("/overzicht/")
    assert f"{stories} praktijkverhalen" in response.content.decode()
