import pytest
from django.core.cache import cache
from django.db import transaction
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


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.fixture(scope="module")
def _shared_world(request, django_db_setup, django_db_blocker):
    """The `Circles` world, built once for all tests of a module that ask for it.

    Building the page tree and seven people took a quarter of a second per test. The world
    is written inside a transaction held open for the module; every test runs in a
    savepoint within it (pytest-django's ``db``), so what a test changes is undone before
    the next, and the world itself is rolled back when the module ends. A module with a
    test that commits for real (``transaction=True``) cannot sit inside that transaction,
    so its tests build the world each time, as before (yields ``None``).
    """
    in_module = [item for item in request.session.items if item.module is request.module]
    if any(_is_transactional(item) for item in in_module):
        yield None
        return
    held_open = transaction.atomic()
    with django_db_blocker.unblock():
        held_open.__enter__()
        world = Circles(_root_network())
        saved = world.saved_ids()
    try:
        yield saved
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            held_open.__exit__(None, None, None)


def _root_network():
    tree_root = Page.get_first_root_node()
    tree_root.get_children().delete()
    root_network = NetworkPageFactory(parent=tree_root, title="Leernetwerk", slug="home")
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=root_network, is_default_site=True
    )
    return root_network


@pytest.fixture
def network(request, db):
    """The site root: the largest network, in place of Wagtail's placeholder home page."""
    if "_shared_world" in request.fixturenames:
        saved = request.getfixturevalue("_shared_world")
        if saved is not None:
            # Fresh instances each test: a test may change attributes of the ones it got.
            page_class, pk = saved["network"]
            return page_class.objects.get(pk=pk)
    return _root_network()


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

    PAGES = ["region", "other_network", "open_circle", "closed_circle", "elsewhere_circle"]

    def saved_ids(self):
        pages = {name: getattr(self, name) for name in ["network", *self.PAGES]}
        return {
            **{name: (type(page), page.pk) for name, page in pages.items()},
            "users": {role: user.pk for role, user in self.users.items()},
        }

    @classmethod
    def reloaded(cls, network, saved):
        """The world of ``saved_ids()`` read back from the database, as fresh instances."""
        from django.contrib.auth import get_user_model

        world = cls.__new__(cls)
        world.network = network
        for name in cls.PAGES:
            page_class, pk = saved[name]
            setattr(world, name, page_class.objects.get(pk=pk))
        by_pk = get_user_model().objects.in_bulk(saved["users"].values())
        world.users = {role: by_pk[pk] for role, pk in saved["users"].items()}
        return world

    def login(self, client, role):
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


@pytest.fixture
def circles(_shared_world, network):
    if _shared_world is None:
        return Circles(network)
    return Circles.reloaded(network, _shared_world)
