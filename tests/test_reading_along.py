"""Closed means closed: a circle says who reads along, and members choose whether their name
is public on an open circle's member list (issue "Closed means closed", points 4 and 5)."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from leerkring.models import Membership, NetworkAccess

from .factories import MembershipFactory, NetworkCoordinatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex">'
# 17: a visitor who sees only the listed names asks once which of them have a profile they
# may open (docs/architecture.md, Access, "People").
MEMBER_LIST_MAX_QUERIES = 17
CLOSED_CIRCLE_PAGE_MAX_QUERIES = 20


def url(circle, route=None, *args):
    return circle.url + (circle.reverse_subpage(route, args=args) if route else "")


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def rename(user, first, last=""):
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


def turn_reading_off(network):
    NetworkAccess.objects.update_or_create(
        network=network, defaults={"coordinators_read_closed": False}
    )


def membership(circles, role, circle=None):
    return Membership.objects.get(circle=circle or circles.open_circle, user=circles.users[role])


# --- Who reads along ----------------------------------------------------------------------


def test_closed_circle_page_names_the_coordinators_who_read_along(client, circles):
    rename(circles.users["coordinator"], "Cora", "Dijkstra")
    page = html(client.get(url(circles.closed_circle)))

    assert "Behalve de leden lezen ook de coördinatoren van Regio Gelderland mee: " in page
    assert "Cora Dijkstra" in page
    assert "alleen zichtbaar voor de leden" not in page
    assert "beheerders van de site technisch gezien alles" in page
    # The coordinator of another network does not read this circle and is not named.
    assert circles.users["other_coordinator"].get_full_name() not in page


def test_closed_circle_page_names_coordinators_of_every_network_above_nearest_first(
    client, circles
):
    rename(circles.users["coordinator"], "Cora", "Dijkstra")
    top = NetworkCoordinatorFactory(network=circles.network).user
    rename(top, "Tom", "Topman")
    page = html(client.get(url(circles.closed_circle)))

    assert "Ook de coördinatoren van Leernetwerk lezen mee: Tom Topman." in page
    assert page.index("Cora Dijkstra") < page.index("Tom Topman")


def test_closed_circle_page_says_members_only_when_the_network_turns_reading_off(client, circles):
    rename(circles.users["coordinator"], "Cora", "Dijkstra")
    turn_reading_off(circles.region)
    page = html(client.get(url(circles.closed_circle)))

    assert "alleen de leden lezen de gesprekken, leden en bijeenkomsten" in page
    assert "lezen niet mee" in page
    assert "Cora Dijkstra" not in page
    assert "beheerders van de site technisch gezien alles" in page


@pytest.mark.parametrize("route", ["thread_list", "members", "meeting_list"])
def test_coordinator_really_is_kept_out_when_reading_is_off(client, circles, route):
    circles.login(client, "coordinator")
    assert client.get(url(circles.closed_circle, route)).status_code == 200

    turn_reading_off(circles.region)
    assert client.get(url(circles.closed_circle, route)).status_code == 404
    # Open circles stay readable, and the members of the closed one still read it.
    assert client.get(url(circles.open_circle, route)).status_code == 200
    client.force_login(circles.users["member"])
    assert client.get(url(circles.closed_circle, route)).status_code == 200


def test_open_circle_page_does_not_speak_of_reading_along(client, circles):
    page = html(client.get(url(circles.open_circle)))
    assert "Dit is een open leerkring" in page
    assert "lezen ook de coördinatoren" not in page


def test_join_form_of_a_closed_circle_says_who_reads_along_before_joining(client, circles):
    rename(circles.users["coordinator"], "Cora", "Dijkstra")
    circles.login(client, "outsider")
    page = html(client.get(url(circles.closed_circle, "join")))

    assert "Behalve de leden lezen ook de coördinatoren van Regio Gelderland mee: " in page
    assert "Cora Dijkstra" in page
    assert "beheerders van de site technisch gezien alles" in page
    assert "de hierboven genoemde coördinatoren zien je naam, organisatie en plaats" in page
    # A closed circle's member list is never public: nothing to tick.
    assert 'name="listed_publicly"' not in page


def test_join_form_of_a_closed_circle_says_members_only_when_reading_is_off(client, circles):
    rename(circles.users["coordinator"], "Cora", "Dijkstra")
    turn_reading_off(circles.region)
    circles.login(client, "outsider")
    page = html(client.get(url(circles.closed_circle, "join")))

    assert "De coördinatoren van het netwerk lezen niet mee." in page
    assert "Cora Dijkstra" not in page
    assert "de leden van de leerkring zien je naam, organisatie en plaats" in page


def test_join_form_of_an_open_circle_says_who_sees_what_and_offers_the_choice(client, circles):
    circles.login(client, "outsider")
    page = html(client.get(url(circles.open_circle, "join")))

    assert "de leden en de coördinatoren van de leerkring zien je naam" in page
    assert "alleen als je hieronder het vakje aanvinkt" in page
    assert 'type="checkbox" name="listed_publicly"' in page
    assert "Toon mijn naam op de openbare ledenlijst" in page
    assert 'name="listed_publicly" id="id_listed_publicly" checked' not in page


def test_asking_to_join_stores_the_choice_to_show_ones_name(client, circles):
    circles.login(client, "outsider")
    response = client.post(
        url(circles.open_circle, "join"), {"motivation": "Graag", "listed_publicly": "on"}
    )
    assert response.status_code == 303
    assert membership(circles, "outsider").listed_publicly is True

    # Sending the form again while the request is open updates the choice, nothing else.
    client.post(url(circles.open_circle, "join"), {"motivation": "Toch liever niet openbaar"})
    request = membership(circles, "outsider")
    assert request.listed_publicly is False
    assert request.is_pending
    assert Membership.objects.filter(user=circles.users["outsider"]).count() == 1


def test_asking_to_join_without_ticking_keeps_the_name_off_the_public_list(client, circles):
    circles.login(client, "outsider")
    client.post(url(circles.open_circle, "join"), {"motivation": "Graag"})
    client.post(
        url(circles.closed_circle, "join"), {"motivation": "Graag", "listed_publicly": "on"}
    )

    assert membership(circles, "outsider").listed_publicly is False
    # The closed circle's form has no such field: a smuggled value is ignored.
    assert membership(circles, "outsider", circles.closed_circle).listed_publicly is False


# --- The open circle's member list ----------------------------------------------------------


@pytest.fixture
def named(circles):
    """The open circle's facilitator shows their name; the member does not."""
    rename(circles.users["facilitator"], "Fenna", "Zichtbaar")
    rename(circles.users["member"], "Mirte", "Verborgen")
    organisation = OrganisationFactory(name="Buurtkracht Verborgen", municipality="Ede")
    Membership.objects.filter(circle=circles.open_circle, user=circles.users["member"]).update(
        organisation=organisation
    )
    Membership.objects.filter(circle=circles.open_circle, user=circles.users["facilitator"]).update(
        listed_publicly=True
    )
    return circles


@pytest.mark.parametrize("role", ["anonymous", "outsider", "requester", "other_facilitator"])
def test_open_member_list_shows_non_members_only_the_names_members_chose_to_show(
    client, named, role
):
    named.login(client, role)
    page = html(client.get(url(named.open_circle, "members")))

    assert "Fenna Zichtbaar" in page
    assert "Mirte Verborgen" not in page
    assert "Buurtkracht Verborgen" not in page
    assert "en één ander" in page
    assert 'name="listed_publicly"' not in page


@pytest.mark.parametrize("role", ["member", "facilitator", "coordinator"])
def test_open_member_list_shows_members_and_coordinators_everyone(client, named, role):
    named.login(client, role)
    page = html(client.get(url(named.open_circle, "members")))

    assert "Fenna Zichtbaar" in page
    assert "Mirte Verborgen" in page
    assert "Buurtkracht Verborgen" in page
    assert "en één ander" not in page


def test_open_member_list_without_public_names_gives_only_a_count(client, circles):
    rename(circles.users["member"], "Mirte", "Verborgen")
    page = html(client.get(url(circles.open_circle, "members")))

    assert "Mirte Verborgen" not in page
    assert "2 leden doen mee zonder hun naam hier te tonen." in page


@pytest.mark.parametrize("role", ["anonymous", "outsider", "requester", "other_coordinator"])
def test_closed_member_list_stays_hidden_from_outsiders(client, circles, role):
    Membership.objects.filter(circle=circles.closed_circle).update(listed_publicly=True)
    circles.login(client, role)
    assert client.get(url(circles.closed_circle, "members")).status_code == 404


# --- A member's own choice --------------------------------------------------------------------


def test_member_shows_and_hides_their_name_and_replaying_changes_nothing(client, circles):
    rename(circles.users["member"], "Mirte", "Verborgen")
    circles.login(client, "member")
    target = url(circles.open_circle, "public_listing")
    page = html(client.get(url(circles.open_circle, "members")))
    assert f'action="{target}"' in page
    assert "Toon mijn naam op de openbare ledenlijst" in page

    for _replay in range(2):
        response = client.post(target, {"listed_publicly": "on"})
        assert response.status_code == 303
        assert response["Location"] == url(circles.open_circle, "members")
        assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
            "Je naam staat nu op de openbare ledenlijst."
        )
        assert "Je naam staat nu op de openbare ledenlijst." in html(
            client.get(response["Location"])
        )
        assert membership(circles, "member").listed_publicly is True
    client.logout()
    assert "Mirte Verborgen" in html(client.get(url(circles.open_circle, "members")))

    circles.login(client, "member")
    for _replay in range(2):
        response = client.post(target, {})
        assert response.status_code == 303
        assert membership(circles, "member").listed_publicly is False
    assert "Je naam staat niet meer op de openbare ledenlijst" in html(
        client.get(response["Location"])
    )
    client.logout()
    assert "Mirte Verborgen" not in html(client.get(url(circles.open_circle, "members")))


def test_member_list_form_shows_the_current_choice(client, circles):
    Membership.objects.filter(user=circles.users["member"]).update(listed_publicly=True)
    circles.login(client, "member")
    page = html(client.get(url(circles.open_circle, "members")))
    assert 'name="listed_publicly" id="id_listed_publicly" checked' in page


def test_the_listing_form_rejects_get(client, circles):
    circles.login(client, "member")
    assert client.get(url(circles.open_circle, "public_listing")).status_code == 405
    assert membership(circles, "member").listed_publicly is False


def test_the_listing_form_needs_a_csrf_token(circles):
    client = Client(enforce_csrf_checks=True)
    circles.login(client, "member")
    response = client.post(url(circles.open_circle, "public_listing"), {"listed_publicly": "on"})
    assert response.status_code == 403
    assert membership(circles, "member").listed_publicly is False


def test_the_listing_form_acts_only_on_ones_own_membership(client, circles):
    other = membership(circles, "facilitator")
    circles.login(client, "member")
    client.post(
        url(circles.open_circle, "public_listing"),
        {"listed_publicly": "on", "membership": other.pk, "membership_id": other.pk},
    )
    other.refresh_from_db()
    assert other.listed_publicly is False
    assert membership(circles, "member").listed_publicly is True
    # Nor does another circle's membership of the same person change.
    assert membership(circles, "member", circles.closed_circle).listed_publicly is False


@pytest.mark.parametrize(
    ("role", "kind", "expected"),
    [
        ("anonymous", "open", "login"),
        ("outsider", "open", 404),
        ("requester", "open", 404),
        ("coordinator", "open", 404),
        ("anonymous", "closed", "login"),  # a POST without an account: to the login page
        ("outsider", "closed", 404),
    ],
)
def test_only_members_have_a_listing_choice(client, circles, role, kind, expected):
    circle = circles.open_circle if kind == "open" else circles.closed_circle
    circles.login(client, role)
    response = client.post(url(circle, "public_listing"), {"listed_publicly": "on"})
    if expected == "login":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected
    assert not Membership.objects.filter(listed_publicly=True).exists()


# --- Hostile input and search engines --------------------------------------------------------


def test_html_in_names_stays_escaped(client, circles):
    rename(circles.users["member"], "<script>alert(1)</script>", "<b>Lid</b>")
    rename(circles.users["coordinator"], "<img src=x onerror=alert(2)>", "")
    circles.region.title = "<i>Regio</i>"
    circles.region.save_revision().publish()
    Membership.objects.filter(user=circles.users["member"]).update(listed_publicly=True)

    members_page = html(client.get(url(circles.open_circle, "members")))
    assert "<script>alert(1)</script>" not in members_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in members_page
    assert "<b>Lid</b>" not in members_page

    for target in (url(circles.closed_circle),):
        page = html(client.get(target))
        assert "<img src=x" not in page
        assert "&lt;img src=x onerror=alert(2)&gt;" in page
        assert "<i>Regio</i>" not in page
    circles.login(client, "outsider")
    join_page = html(client.get(url(circles.closed_circle, "join")))
    assert "<img src=x" not in join_page
    assert "&lt;img src=x onerror=alert(2)&gt;" in join_page


@pytest.mark.parametrize(
    ("role", "kind", "route"),
    [
        ("anonymous", "open", "members"),
        ("member", "closed", "members"),
        ("facilitator", "open", "requests"),
    ],
)
def test_pages_listing_people_are_not_indexed(client, circles, role, kind, route):
    circle = circles.open_circle if kind == "open" else circles.closed_circle
    circles.login(client, role)
    assert NOINDEX in html(client.get(url(circle, route)))


def test_the_circle_page_itself_stays_indexable(client, circles):
    assert NOINDEX not in html(client.get(url(circles.open_circle)))


# --- Constant queries ------------------------------------------------------------------------


def add_members(circle, count):
    for n in range(count):
        MembershipFactory(circle=circle, organisation=OrganisationFactory(), listed_publicly=n % 2)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "coordinator"])
def test_member_list_queries_do_not_grow_with_members(
    client, circles, role, django_assert_max_num_queries
):
    circle = circles.open_circle
    circle.member_cap = 25
    circle.save(update_fields=["member_cap"])
    circles.login(client, role)
    sees_all = role in ("member", "coordinator")
    client.get(circle.url)  # the session's first request does one-off work
    counts = []
    for added, size in ((2, 2), (20, 22)):  # few, then many members
        add_members(circle, added)
        with CaptureQueriesContext(connection) as captured:
            with django_assert_max_num_queries(MEMBER_LIST_MAX_QUERIES):
                response = client.get(url(circle, "members"))
        counts.append(len(captured))
        assert len(response.context["members"]) == size + 2
        unlisted = 2 + size - size // 2  # the fixture's two members show no name
        assert response.context["unlisted_count"] == (0 if sees_all else unlisted)
    print(f"\nmember list queries for {role}, few and many members: {counts}")
    assert counts[0] == counts[1]


@pytest.mark.parametrize("size", [1, 20])
def test_closed_circle_page_queries_do_not_grow_with_coordinators(
    client, circles, size, django_assert_max_num_queries
):
    added = [NetworkCoordinatorFactory(network=circles.region).user for _ in range(size)]
    NetworkCoordinatorFactory.create_batch(size, network=circles.network)

    with django_assert_max_num_queries(CLOSED_CIRCLE_PAGE_MAX_QUERIES):
        response = client.get(url(circles.closed_circle))
    readers = response.context["readers_along"]
    assert [network.title for network, _names in readers] == ["Regio Gelderland", "Leernetwerk"]
    for user in [circles.users["coordinator"], *added]:
        assert user.get_full_name() in readers[0][1]
