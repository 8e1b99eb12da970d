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
def coordinator(network):
    """The coordinator of the whole network, named as on a real site (and so in the admin)."""
    from leerkring.coordination import name_coordinator

    user = UserFactory(username="coordinator")
    name_coordinator(network, user, by=None)
    return user


class Circles:
    """A network with a sub-network, an open and a closed circle, and a person in each role.

    The roles are those of the access matrix in docs/architecture.md, "Roles"; tests pick
    them by name.
    """

    ROLES = [
        "anonymous",
        "outsider",
        "requester",
        "member",
        "facilitator",
        "other_facilitator",
        "coordinator",
        "other_coordinator",
    ]

    def __init__(self, network):
        from leerkring.choices import CircleVisibility, MembershipRole, MembershipStatus

        from .factories import (
            LearningCirclePageFactory,
            MembershipFactory,
            NetworkCoordinatorFactory,
            NetworkPageFactory,
        )

        self.network = network
        self.region = NetworkPageFactory(
            parent=network, title="Regio Gelderland", slug="gelderland"
        )
        self.other_network = NetworkPageFactory(
            parent=network, title="Regio Utrecht", slug="utrecht"
        )
        self.open_circle = LearningCirclePageFactory(
            parent=self.region, title="Samenspel", slug="samenspel"
        )
        self.closed_circle = LearningCirclePageFactory(
            parent=self.region,
            title="Vertrouwelijke kring",
            slug="vertrouwelijk",
            visibility=CircleVisibility.CLOSED,
        )
        self.elsewhere_circle = LearningCirclePageFactory(
            parent=self.other_network, title="Elders", slug="elders"
        )
        users = {role: UserFactory(username=role) for role in self.ROLES if role != "anonymous"}
        self.users = users
        for circle in (self.open_circle, self.closed_circle):
            MembershipFactory(circle=circle, user=users["member"])
            MembershipFactory(
                circle=circle, user=users["facilitator"], role=MembershipRole.FACILITATOR
            )
            MembershipFactory(
                circle=circle,
                user=users["requester"],
                status=MembershipStatus.REQUESTED,
                joined_at=None,
                motivation="Graag!",
            )
        MembershipFactory(
            circle=self.elsewhere_circle,
            user=users["other_facilitator"],
            role=MembershipRole.FACILITATOR,
        )
        NetworkCoordinatorFactory(network=self.region, user=users["coordinator"])
        NetworkCoordinatorFactory(network=self.other_network, user=users["other_coordinator"])

    def login(self, client, role):
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


@pytest.fixture
def circles(network):
    return Circles(network)
