"""Pages run a constant number of SQL queries, however many stories there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import OrganisationFactory, PracticeCasePageFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# The budgets the pages are held to; the counts themselves are printed with -s.
# 17: the municipality choices ask for public stories only, one view-restriction lookup more.
PRACTICE_LIST_MAX_QUERIES = 17
STORY_PAGE_MAX_QUERIES = 18
DIRECTORY_MAX_QUERIES = 13
# 17: the lessons of other sites' networks it features, one query.
NETWORK_PAGE_MAX_QUERIES = 17


def build_stories(practice_index, count):
    themes = [ThemeFactory(slug=f"thema-{n}") for n in range(3)]
    organisations = [OrganisationFactory() for _ in range(3)]
    stories = [
        PracticeCasePageFactory(
            parent=practice_index,
            themes=themes[: 1 + n % 3],
            organisations=organisations[: 1 + n % 2],
            publisher=organisations[n % 3],
            municipality=["Wageningen", "Tilburg", "Zeist"][n % 3],
        )
        for n in range(count)
    ]
    return stories


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("size", [5, 100])
def test_practice_list_queries_are_constant(
    client, practice_index, size, django_assert_max_num_queries
):
    build_stories(practice_index, size)

    with django_assert_max_num_queries(PRACTICE_LIST_MAX_QUERIES):
        client.get(practice_index.url)
    with django_assert_max_num_queries(PRACTICE_LIST_MAX_QUERIES):
        client.get(practice_index.url, {"theme": "thema-0", "kind": "energiecooperatie"})


@pytest.mark.parametrize("size", [5, 100])
def test_story_page_queries_are_constant(
    client, practice_index, organisation_index, size, django_assert_max_num_queries
):
    stories = build_stories(practice_index, size)

    with django_assert_max_num_queries(STORY_PAGE_MAX_QUERIES):
        client.get(stories[-1].url)


@pytest.mark.parametrize("size", [5, 100])
def test_directory_and_network_queries_are_constant(
    client, network, practice_index, organisation_index, size, django_assert_max_num_queries
):
    build_stories(practice_index, size)
    for _ in range(size):
        OrganisationFactory()

    with django_assert_max_num_queries(DIRECTORY_MAX_QUERIES):
        client.get(organisation_index.url)
    with django_assert_max_num_queries(NETWORK_PAGE_MAX_QUERIES):
        client.get(network.url)


def test_counts_do_not_grow_from_5_to_100_stories(client, practice_index, organisation_index):
    stories = build_stories(practice_index, 5)
    small = (count_queries(client, practice_index.url), count_queries(client, stories[-1].url))
    stories += build_stories(practice_index, 95)
    large = (count_queries(client, practice_index.url), count_queries(client, stories[-1].url))

    print(f"\nqueries list/story with 5 stories: {small}, with 100 stories: {large}")
    assert small == large
