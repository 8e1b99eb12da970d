"""Member profiles: who may open whose page, which circles it names to whom, and the links and
initials on replies and member lists (docs/architecture.md, Access, "People")."""

import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from leerkring import access, conversations
from leerkring.choices import CircleVisibility
from leerkring.models import Membership, NetworkAccess, Profile
from leerkring.people import initials, profile_base, profile_path, profile_tail

from .factories import LearningCirclePageFactory, MembershipFactory, UserFactory

OPEN, CLOSED = "Samenspel", "Vertrouwelijke kring"


class People:
    """The shared circles, plus people whose profiles the tests open."""

    def __init__(self, circles):
        self.circles = circles
        users = circles.users
        # Member of the open circle only, and listed on its public member list.
        self.listed = UserFactory(username="listed", first_name="Lies", last_name="Openbaar")
        MembershipFactory(circle=circles.open_circle, user=self.listed, listed_publicly=True)
        # Member of the closed circle only.
        self.closed_only = UserFactory(username="closed_only", first_name="Cor", last_name="Dicht")
        MembershipFactory(circle=circles.closed_circle, user=self.closed_only)
        # Listed in the open circle and a member of the closed one: the closed one is named
        # only to those who may read its members.
        self.both = UserFactory(username="both", first_name="Bo", last_name="Beide")
        MembershipFactory(circle=circles.open_circle, user=self.both, listed_publicly=True)
        # A listing switched on for a closed circle means nothing (the form offers it only
        # for open ones), whatever the database says.
        MembershipFactory(circle=circles.closed_circle, user=self.both, listed_publicly=True)
        # A fellow member of the open circle only.
        self.open_fellow = UserFactory(username="open_fellow")
        MembershipFactory(circle=circles.open_circle, user=self.open_fellow)
        users["open_fellow"] = self.open_fellow

    def user(self, role):
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser() if role == "anonymous" else self.circles.users[role]


@pytest.fixture
def people(circles):
    return People(circles)


def get(client, circles, role, user):
    circles.login(client, role)
    return client.get(profile_path(user))


ROLES = [
    "anonymous",
    "outsider",
    "requester",
    "open_fellow",
    "member",
    "facilitator",
    "other_facilitator",
    "coordinator",
    "other_coordinator",
]
SEES_ALL_OF_THE_REGION = {"member", "facilitator", "coordinator"}

# target: {role: the circles its profile names to that role; absent: 404}
TABLE = {
    # An unlisted member of both circles: fellow members and the coordinator above.
    "facilitator": {
        "open_fellow": {OPEN},
        "member": {OPEN, CLOSED},
        "facilitator": {OPEN, CLOSED},
        "coordinator": {OPEN, CLOSED},
    },
    "listed": {role: {OPEN} for role in ROLES},
    "closed_only": {role: {CLOSED} for role in SEES_ALL_OF_THE_REGION},
    "both": {
        role: ({OPEN, CLOSED} if role in SEES_ALL_OF_THE_REGION else {OPEN}) for role in ROLES
    },
}


def named_circles(response):
    page = response.content.decode()
    return {title for title in (OPEN, CLOSED) if f">{title}</a>" in page}


@pytest.mark.parametrize("target", TABLE)
@pytest.mark.parametrize("role", ROLES)
def test_who_opens_a_profile_and_which_circles_it_names(client, circles, people, role, target):
    person = circles.users.get(target) or getattr(people, target)
    response = get(client, circles, role, person)

    expected = TABLE[target].get(role)
    if expected is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert named_circles(response) == expected
        assert access.may_open_profile(
            people.user(role), person, access.shown_memberships(people.user(role), [person])
        )


@pytest.mark.parametrize("shut", [False, True])
def test_the_member_list_s_shortcut_gives_the_policy_s_answer(circles, people, shut):
    """A member list skips the query for those who see all its members; it must still link
    exactly the profiles the policy opens."""
    NetworkAccess.objects.filter(network=circles.region).update(coordinators_read_closed=not shut)
    for circle in (circles.open_circle, circles.closed_circle, circles.elsewhere_circle):
        circle = type(circle).objects.get(pk=circle.pk)
        memberships = list(Membership.objects.active().filter(circle=circle).select_related("user"))
        for role in ROLES:
            viewer = people.user(role)
            if role != "anonymous":
                access.forget_cached_access(viewer)
            users = [m.user for m in memberships]
            by_policy = {
                user.pk
                for user in users
                if access.may_open_profile(viewer, user, access.shown_memberships(viewer, [user]))
            }
            assert access.CircleAccess(viewer, circle).openable_profiles(memberships) == (
                by_policy
            ), (circle.title, role)
            assert access.openable_profiles(viewer, users) == by_policy


def test_a_coordinator_kept_out_of_closed_circles_does_not_see_their_members(
    client, circles, people
):
    NetworkAccess.objects.filter(network=circles.region).update(coordinators_read_closed=False)

    assert get(client, circles, "coordinator", people.closed_only).status_code == 404
    response = get(client, circles, "coordinator", people.both)
    assert named_circles(response) == {OPEN}
    # The circle's own members are not affected.
    assert get(client, circles, "member", people.closed_only).status_code == 200


def test_a_closed_circle_is_never_named_to_an_outsider(client, circles, people):
    # Listed "publicly" in a closed circle and nowhere else: nobody outside sees the person.
    secret = UserFactory(username="secret")
    MembershipFactory(circle=circles.closed_circle, user=secret, listed_publicly=True)
    for role in ("anonymous", "outsider", "requester", "open_fellow", "other_coordinator"):
        assert get(client, circles, role, secret).status_code == 404, role
        page = get(client, circles, role, people.both).content.decode()
        assert CLOSED not in page and circles.closed_circle.url not in page, role


def test_pending_and_former_memberships_share_nothing(client, circles, people):
    # The requester asked to join both circles; nobody sees them through that.
    for role in ("member", "facilitator", "coordinator", "anonymous"):
        assert get(client, circles, role, circles.users["requester"]).status_code == 404
    Membership.objects.filter(user=people.listed).update(status="left")
    assert get(client, circles, "anonymous", people.listed).status_code == 404


def test_an_unpublished_or_restricted_circle_lists_nobody_to_the_public(client, circles, people):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=circles.region, restriction_type=PageViewRestriction.LOGIN
    )
    assert get(client, circles, "anonymous", people.listed).status_code == 404
    assert get(client, circles, "outsider", people.listed).status_code == 404
    assert get(client, circles, "open_fellow", people.listed).status_code == 200
    PageViewRestriction.objects.all().delete()

    circles.open_circle.unpublish()
    assert get(client, circles, "anonymous", people.listed).status_code == 404


def test_a_superuser_opens_any_active_profile(client, circles, people):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(profile_path(circles.users["requester"]))
    assert response.status_code == 200
    assert named_circles(client.get(profile_path(people.both))) == {OPEN, CLOSED}


def test_the_page_shows_name_organisation_username_and_bio(client, circles, people):
    from .factories import OrganisationFactory

    organisation = OrganisationFactory(name="Energiecoöperatie Benedenbuurt")
    Profile.objects.create(
        user=people.listed,
        organisation=organisation,
        bio="Bestuurslid.\nWil het warmtenet laten meeliften op de riolering.",
    )
    with translation.override("en"):
        page = client.get(profile_path(people.listed)).content.decode()

    assert "Lies Openbaar</h1>" in page
    assert "Energiecoöperatie Benedenbuurt, Wageningen" in page
    assert "@listed" in page
    assert "Bestuurslid.<br>Wil het warmtenet" in page
    assert 'aria-hidden="true">LO</span>' in page
    assert "Change your profile" not in page  # only on one's own page
    # Lists of people stay out of search engines.
    response = client.get(profile_path(people.listed))
    assert response["X-Robots-Tag"] == "noindex"


def test_an_organisation_that_is_not_public_is_not_named(client, circles, people):
    from .factories import OrganisationFactory

    hidden = OrganisationFactory(name="Nog niet goedgekeurd", is_public=False)
    Profile.objects.create(user=people.listed, organisation=hidden)
    assert "Nog niet goedgekeurd" not in client.get(profile_path(people.listed)).content.decode()


def test_one_s_own_page_leads_to_the_profile_form(client, circles, people):
    client.force_login(people.listed)
    with translation.override("en"):
        page = client.get(profile_path(people.listed)).content.decode()
    assert reverse("leerkring:profile") in page


def test_the_profile_form_leads_to_one_s_page_as_others_see_it(client, circles, people):
    client.force_login(people.listed)
    page = client.get(reverse("leerkring:profile")).content.decode()
    assert f'href="{profile_path(people.listed)}">Bekijk je profiel zoals anderen het zien<' in page


def test_html_in_name_and_bio_is_shown_as_text(client, circles, people):
    person = people.listed
    person.first_name, person.last_name = "<img src=x onerror=alert(1)>", "<b>Vet</b>"
    person.save()
    Profile.objects.create(user=person, bio='<script>alert("bio")</script> & <a href="x">y</a>')

    page = client.get(profile_path(person)).content.decode()

    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Vet" not in page
    assert "&lt;script&gt;alert(&quot;bio&quot;)&lt;/script&gt; &amp; &lt;a href" in page
    assert "&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;Vet&lt;/b&gt;" in page


def _not_found(client, path):
    response = client.get(path)
    page = response.content.decode().replace(path, "PATH")
    return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page)


def test_an_unknown_a_hidden_and_a_deactivated_person_look_the_same(client, circles, people):
    unknown = _not_found(client, "/mensen/niemand-zo/")
    hidden = _not_found(client, profile_path(circles.users["facilitator"]))
    people.listed.is_active = False
    people.listed.save()
    deactivated = _not_found(client, profile_path(people.listed))

    assert unknown[0] == hidden[0] == deactivated[0] == 404
    assert unknown[1] == hidden[1] == deactivated[1]
    # A fellow member does not see a deactivated account either.
    client.force_login(circles.users["member"])
    assert client.get(profile_path(people.listed)).status_code == 404


@pytest.mark.parametrize(
    "username", ["an.na", "an+na", "an-na_2", "anna@example.org", "Zoë", "a" * 150]
)
def test_usernames_with_any_allowed_character_have_a_profile(client, circles, username):
    person = UserFactory(username=username)
    MembershipFactory(circle=circles.open_circle, user=person, listed_publicly=True)

    assert profile_base() + profile_tail(person) == profile_path(person)
    assert client.get(profile_path(person)).status_code == 200


@pytest.mark.parametrize(
    "path", ["/mensen//", "/mensen/%00/", "/mensen/" + "x" * 5000 + "/", "/mensen/a%2Fb/"]
)
def test_odd_addresses_are_404(client, circles, path):
    assert client.get(path).status_code == 404


def test_no_hostile_username_makes_the_page_fail(circles):
    from django.test import Client

    from .test_hostile_input import HOSTILE_VALUES

    client = Client(raise_request_exception=False)
    answers = {
        value[:20]: client.get(f"/mensen/{quote(value, safe='')}/").status_code
        for value in HOSTILE_VALUES
        if value.strip()
    }
    assert set(answers.values()) == {404}, answers


def test_the_page_only_answers_reading(client, circles, people):
    assert client.post(profile_path(people.listed)).status_code == 405


def test_initials():
    assert initials("Anne de Vries") == "AV"
    assert initials("hanneke") == "H"
    assert initials("  (Jan)  't Hoen ") == "JH"
    assert initials("Ünal Çelik") == "ÜÇ"
    assert initials("🙂") == ""
    assert initials("") == ""


# --- Query counts ---------------------------------------------------------------------------

PROFILE_MAX_QUERIES = 9


@pytest.mark.parametrize("viewer", ["anonymous", "fellow", "coordinator"])
def test_a_profile_asks_a_constant_number_of_queries(
    client, circles, people, viewer, django_assert_max_num_queries
):
    person = people.both
    fellow = circles.users["member"]
    if viewer == "fellow":
        client.force_login(fellow)
    elif viewer == "coordinator":
        client.force_login(circles.users["coordinator"])
    client.get("/")  # the session's first request does one-off work

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(profile_path(person))
        assert response.status_code == 200
        return len(captured), response

    few, _response = count()
    for n in range(29):
        circle = LearningCirclePageFactory(
            parent=circles.region,
            title=f"Kring {n}",
            visibility=CircleVisibility.CLOSED if n % 2 else CircleVisibility.OPEN,
        )
        MembershipFactory(circle=circle, user=person, listed_publicly=True)
        MembershipFactory(circle=circle, user=fellow)
    with django_assert_max_num_queries(PROFILE_MAX_QUERIES):
        many, response = count()
    assert few == many
    shown = len(re.findall(r">Kring \d+</a>", response.content.decode()))
    assert shown == (29 if viewer != "anonymous" else 15)


# --- Links and initials on replies and member lists ----------------------------------------


def thread_page(client, circles, thread):
    circle = circles.open_circle
    return client.get(circle.url + circle.reverse_subpage("thread", args=[thread.pk]))


@pytest.fixture
def talk(circles, people):
    thread = conversations.start_thread(
        circles.open_circle, circles.users["facilitator"], title="Warmtenet", body="Wie weet?"
    )
    conversations.post_reply(thread, people.listed, "Ik, een beetje.", rate_exempt=True)
    conversations.post_reply(thread, circles.users["member"], "Ik ook.", rate_exempt=True)
    return thread


def profile_links(page):
    return set(re.findall(r'<a href="/mensen/([^"/]+)/">', page))


def test_reply_authors_link_to_profiles_only_where_they_open(client, circles, people, talk):
    anonymous = thread_page(client, circles, talk).content.decode()
    assert profile_links(anonymous) == {"listed"}

    circles.login(client, "member")
    member = thread_page(client, circles, talk).content.decode()
    assert profile_links(member) == {"listed", "member", "facilitator"}
    for username in profile_links(member):
        assert client.get(f"/mensen/{username}/").status_code == 200


def test_a_deactivated_author_s_name_is_no_link(client, circles, people, talk):
    people.listed.is_active = False
    people.listed.save()
    assert "listed" not in profile_links(thread_page(client, circles, talk).content.decode())


def test_reply_authors_have_initials_and_no_picture_from_elsewhere(client, circles, people, talk):
    page = thread_page(client, circles, talk).content.decode()

    assert "gravatar" not in page.lower()
    assert not re.search(r"<img[^>]+(avatar|//www\.)", page)
    assert re.search(r'<span class="lk-avatar lk-avatar--\d" aria-hidden="true">LO</span>', page)
    name = circles.users["member"].get_full_name()
    assert f'aria-hidden="true">{initials(name)}</span>' in page


def test_the_member_list_links_the_names_the_visitor_may_open(client, circles, people):
    members_url = circles.open_circle.url + "leden/"
    anonymous = client.get(members_url).content.decode()
    assert profile_links(anonymous) == {"listed", "both"}
    assert 'aria-hidden="true">LO</span>' in anonymous

    circles.login(client, "member")
    member = client.get(members_url).content.decode()
    assert profile_links(member) == {"listed", "both", "member", "facilitator", "open_fellow"}


def test_thread_page_asks_one_query_more_for_its_links(
    client, circles, people, talk, django_assert_max_num_queries
):
    from .test_circle_query_counts import THREAD_PAGE_MAX_QUERIES

    circles.login(client, "member")
    client.get("/")
    with django_assert_max_num_queries(THREAD_PAGE_MAX_QUERIES):
        thread_page(client, circles, talk)


def test_no_template_of_ours_draws_a_picture_from_gravatar():
    """django-comments-xtd's templates and tags put Gravatar pictures beside comments; none
    of its templates is ours to render, and none of ours loads its tags."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    templates = [
        path
        for folder in ("leerkring", "practices", "cop_site", "templates", "search")
        for path in (root / folder).rglob("*.html")
    ]
    assert templates
    for path in templates:
        text = path.read_text().lower()
        assert "gravatar" not in text and "comments_xtd" not in text, path


@pytest.mark.parametrize("shut", [False, True])
@pytest.mark.parametrize("listed", [False, True])
def test_a_profile_opens_exactly_where_the_member_list_shows_the_person(
    circles, people, shut, listed
):
    """The profile's rule is the member list's (CircleAccess.sees_all_members, else those
    who chose to be listed in an open circle), for one circle at a time."""
    NetworkAccess.objects.filter(network=circles.region).update(coordinators_read_closed=not shut)
    for circle in (circles.open_circle, circles.closed_circle, circles.elsewhere_circle):
        circle = type(circle).objects.get(pk=circle.pk)
        person = UserFactory(username=f"only-{circle.slug}")
        MembershipFactory(circle=circle, user=person, listed_publicly=listed)
        for role in ROLES:
            viewer = people.user(role)
            if role != "anonymous":
                access.forget_cached_access(viewer)
            circle_access = access.CircleAccess(viewer, circle)
            on_the_list = circle_access.sees_all_members or (listed and not circle.is_closed)
            shown = access.shown_memberships(viewer, [person])
            assert access.may_open_profile(viewer, person, shown) == on_the_list, (
                circle.title,
                role,
            )
