"""Network and circle pages run a constant number of SQL queries, however big they get."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leerkring.choices import CircleVisibility, MembershipRole
from practices.choices import OrganisationKind

from .factories import (
    LearningCirclePageFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkPageFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

NETWORK_PAGE_MAX_QUERIES = 16
CIRCLE_PAGE_MAX_QUERIES = 19
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
