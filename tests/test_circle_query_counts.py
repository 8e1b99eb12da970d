"""Network and circle pages run a constant number of SQL queries, however big they get."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leerkring import conversations
from leerkring.choices import CircleVisibility, MembershipRole
from leerkring.views.threads import REPLIES_PER_PAGE
from practices.choices import OrganisationKind

from .factories import (
    LearningCirclePageFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkPageFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

# The featured lessons of followed networks cost one more.
NETWORK_PAGE_MAX_QUERIES = 19
# A member and a facilitator also get the latest conversations and their reply counts.
CIRCLE_PAGE_MAX_QUERIES = 24
MEMBERS_PAGE_MAX_QUERIES = 14


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def fill_circle(circle, members):
    organisations = [
        OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality="Zeist"),
        OrganisationFactory(municipality="Tilburg"),
    ]
    facilitator = MembershipFactory(
        circle=circle, role=MembershipRole.FACILITATOR, organisation=organisations[0]
    )
    others = [
        MembershipFactory(circle=circle, organisation=organisations[n % 2])
        for n in range(members - 1)
    ]
    MeetingFactory.create_batch(3, circle=circle)
    return facilitator.user, others


@pytest.mark.parametrize("size", [3, 60])
def test_network_page_queries_are_constant(client, network, size, django_assert_max_num_queries):
    region = NetworkPageFactory(parent=network, slug="regio")
    for n in range(size):
        circle = LearningCirclePageFactory(
            parent=network if n % 2 else region,
            visibility=CircleVisibility.CLOSED if n % 3 else CircleVisibility.OPEN,
        )
        MembershipFactory.create_batch(2, circle=circle)

    with django_assert_max_num_queries(NETWORK_PAGE_MAX_QUERIES):
        response = client.get(network.url)
    assert len(response.context["circles"]) == size // 2
    with django_assert_max_num_queries(NETWORK_PAGE_MAX_QUERIES):
        client.get(region.url)


@pytest.mark.parametrize("size", [2, 25])
@pytest.mark.parametrize("visitor", ["anonymous", "member", "facilitator"])
def test_circle_and_members_pages_queries_are_constant(
    client, network, size, visitor, django_assert_max_num_queries
):
    circle = LearningCirclePageFactory(parent=network, member_cap=25)
    facilitator, others = fill_circle(circle, size)
    for n in range(size):  # those who take part see the latest on the circle's page
        thread = conversations.start_thread(circle, facilitator, title=f"Gesprek {n}", body="?")
        conversations.post_reply(thread, others[0].user, "Ja.", rate_exempt=True)
    if visitor == "member":
        client.force_login(others[0].user)
    elif visitor == "facilitator":
        client.force_login(facilitator)

    with django_assert_max_num_queries(CIRCLE_PAGE_MAX_QUERIES):
        client.get(circle.url)
    with django_assert_max_num_queries(MEMBERS_PAGE_MAX_QUERIES):
        response = client.get(circle.url + circle.reverse_subpage("members"))
    assert len(response.context["members"]) == size


def test_counts_do_not_grow_with_circles_or_members(client, network):
    circle = LearningCirclePageFactory(parent=network, member_cap=25)
    facilitator, _others = fill_circle(circle, 2)
    client.force_login(facilitator)
    pages = [network.url, circle.url, circle.url + circle.reverse_subpage("members")]
    small = [queries(client, url) for url in pages]

    for _ in range(20):
        MembershipFactory.create_batch(2, circle=LearningCirclePageFactory(parent=network))
    for _ in range(23):
        MembershipFactory(circle=circle)
    large = [queries(client, url) for url in pages]

    print(f"\nqueries network/circle/members, small: {small}, large: {large}")
    assert small == large


THREAD_PAGE_MAX_QUERIES = 24
THREAD_LIST_MAX_QUERIES = 19


def build_thread(circle, replies):
    from leerkring import conversations
    from leerkring.models import Reaction

    members = [MembershipFactory(circle=circle).user for _ in range(5)]
    thread = conversations.start_thread(circle, members[0], title="Warmtenet", body="Wie weet?")
    parents = [None]
    for n in range(replies):
        parent = parents[n % len(parents)]
        reply = conversations.post_reply(
            thread,
            members[n % 5],
            f"Antwoord {n} met **Markdown**",
            parent=parent,
            rate_exempt=True,
        )
        if reply.level < 2:
            parents.append(reply)
        if n % 3 == 0:
            Reaction.objects.create(reply=reply, user=members[(n + 1) % 5], kind="nuttig")
    return thread, members


@pytest.mark.parametrize("size", [10, 500])
def test_thread_page_queries_are_constant(client, network, size, django_assert_max_num_queries):
    circle = LearningCirclePageFactory(parent=network, member_cap=25)
    thread, members = build_thread(circle, size)
    client.force_login(members[1])
    client.get(circle.url)  # the session's first request does one-off work

    thread_url = circle.url + circle.reverse_subpage("thread", args=[thread.pk])
    pages = -(-size // REPLIES_PER_PAGE)
    with django_assert_max_num_queries(THREAD_PAGE_MAX_QUERIES):
        response = client.get(thread_url)
    assert response.content.decode().count('class="reply"') == min(size, REPLIES_PER_PAGE)
    with django_assert_max_num_queries(THREAD_PAGE_MAX_QUERIES):
        last = client.get(f"{thread_url}?page={pages}")
    assert last.content.decode().count('class="reply"') == size - (pages - 1) * REPLIES_PER_PAGE
    with django_assert_max_num_queries(THREAD_LIST_MAX_QUERIES):
        client.get(circle.url + circle.reverse_subpage("thread_list"))
