import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from .factories import (
    NetworkPageFactory,
    OrganisationIndexPageFactory,
    PracticeIndexPageFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits live in the cache; one test's submissions must not throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def network(db):
    """The site root: the largest network, in place of Wagtail's placeholder home page."""
    tree_root = Page.get_first_root_node()
    tree_root.get_children().delete()
    root_network = NetworkPageFactory(parent=tree_root, title="Leernetwerk", slug="home")
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=root_network, is_default_site=True
    )
    return root_network


@pytest.fixture
def practice_index(network):
    return PracticeIndexPageFactory(parent=network)


@pytest.fixture
def organisation_index(network):
    return OrganisationIndexPageFactory(parent=network)


@pytest.fixture
def editor(db):
    from practices.roles import EDITORS_GROUP, ensure_groups

    user = UserFactory(username="editor")
    user.groups.add(ensure_groups()[EDITORS_GROUP])
    return user


@pytest.fixture
def other_editor(db):
    from practices.roles import EDITORS_GROUP, ensure_groups

    user = UserFactory(username="other-editor")
    user.groups.add(ensure_groups()[EDITORS_GROUP])
    return user


@pytest.fixture
def coordinator(db):
    from practices.roles import COORDINATORS_GROUP, ensure_groups

    user = UserFactory(username="coordinator")
    user.groups.add(ensure_groups()[COORDINATORS_GROUP])
    return user
