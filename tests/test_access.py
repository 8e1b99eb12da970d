"""The access policy as one table: role × visibility × action, and role × surface, the admin
included (docs/architecture.md, "Access").

The first table asks ``leerkring.access`` directly (no HTTP), the second walks every
surface a closed circle's content could show up on, front end and Wagtail admin, as each
role. A cell is "reached" when the page answers 200 *and* shows the closed circle's marker
where the surface is a listing; anything else is refused, and a refusal is never a 500.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from leerkring import access, conversations
from leerkring.choices import MembershipStatus
from leerkring.coordination import name_coordinator
from leerkring.models import (
    LessonPage,
    Meeting,
    Membership,
    NetworkAccess,
    OutgoingEmail,
    RemoteFeed,
    ReplyFlag,
)
from leerkring.search.models import SearchTermStat
from practices.models import InitiativeReport
from practices.roles import EDITORS_GROUP, ensure_groups

from .conftest import Circles
from .factories import InitiativeReportFactory, MeetingFactory, UserFactory

ROLES = [
    "anonymous",
    "outsider",
    "requester",
    "ex_member",
    "member",
    "facilitator",
    "other_facilitator",
    "editor",
    "coordinator",  # of the sub-network the circles are in
    "other_coordinator",  # of a sibling sub-network
    "top_coordinator",  # of the whole network
    "superuser",
]

SECRET = "zwaluwstaartverbinding"  # a word only the closed circle uses


class World(Circles):
    """The shared circles plus the roles the admin adds, and one of everything closed."""

    def __init__(self, network):
        super().__init__(network)
        users = self.users
        users["ex_member"] = UserFactory(username="ex_member")
        Membership.objects.create(
            circle=self.closed_circle,
            user=users["ex_member"],
            status=MembershipStatus.REMOVED,
            decision_note="Deelde verslagen buiten de kring",
        )
        users["editor"] = UserFactory(username="editor")
        users["editor"].groups.add(ensure_groups()[EDITORS_GROUP])
        users["top_coordinator"] = UserFactory(username="top_coordinator")
        name_coordinator(network, users["top_coordinator"], by=None)
        users["superuser"] = UserFactory(username="superuser", is_superuser=True, is_staff=True)

        # Listed on the open circle's public member list: their profile is public, the
        # closed circle on it is not.
        Membership.objects.filter(circle=self.open_circle, user=users["member"]).update(
            listed_publicly=True
        )

        self.meeting = MeetingFactory(
            circle=self.closed_circle, title=f"Geheime bijeenkomst {SECRET}"
        )
        self.thread = conversations.start_thread(
            self.closed_circle,
            users["member"],
            title=f"Vertrouwelijk gesprek over {SECRET}",
            body=f"Alleen voor de kring: {SECRET}.",
        )
        self.reply = conversations.post_reply(self.thread, users["member"], f"Ik zeg {SECRET}.")
        conversations.flag_reply(self.reply, users["facilitator"], f"Gevlagd om {SECRET}")
        self.flag = ReplyFlag.objects.get(reply=self.reply)
        self.membership = Membership.objects.get(circle=self.closed_circle, user=users["member"])
        self.remote_feed = RemoteFeed.objects.create(
            network=self.region, url="https://example.org/feed.json", name=f"Gevolgd {SECRET}"
        )
        self.region_access = NetworkAccess.objects.get(network=self.region)
        self.lesson = self.closed_circle.add_child(
            instance=LessonPage(title="Les uit de besloten kring", summary="Samen leren.")
        )
        self.lesson.source_threads.set([self.thread])
        self.lesson.save_revision().publish()
        self.report = InitiativeReportFactory(name=f"Initiatief {SECRET}")
        SearchTermStat.objects.create(query_string=SECRET, date="2026-11-30", searches=3)
        self.undelivered = OutgoingEmail.objects.create(
            status=OutgoingEmail.Status.FAILED,
            circle=self.closed_circle,
            subject=f"Nieuwe reactie in “Vertrouwelijk gesprek over {SECRET}”",
            body=f"Ik zeg {SECRET}.",
            from_email="noreply@leerkring.example",
            to=[users["member"].email],
            next_attempt_at=timezone.now(),
            attempts=8,
        )
        # A change to a closed meeting in the admin's own log (site history report).
        log(instance=self.meeting, action="wagtail.edit", user=users["superuser"])


@pytest.fixture
def world(network):
    return World(network)


# --- 1. The policy itself: role × visibility × action -------------------------------------

R, W, M = "read", "write", "manage"
POLICY = {
    # role: (open circle, closed circle, closed circle with reading along turned off)
    "anonymous": ({R}, set(), set()),
    "outsider": ({R}, set(), set()),
    "requester": ({R}, set(), set()),
    "ex_member": ({R}, set(), set()),
    "member": ({R, W}, {R, W}, {R, W}),
    "facilitator": ({R, W, M}, {R, W, M}, {R, W, M}),
    "other_facilitator": ({R}, set(), set()),
    "editor": ({R}, set(), set()),
    "coordinator": ({R, W, M}, {R, W, M}, set()),
    "other_coordinator": ({R}, set(), set()),
    "top_coordinator": ({R, W, M}, {R, W, M}, set()),
    "superuser": ({R, W, M}, {R, W, M}, {R, W, M}),
}


def _allowed(user, circle):
    circle_access = access.CircleAccess(user, circle)
    return {
        action for action, may in ((R, circle_access.can_read), (W, circle_access.can_write)) if may
    } | ({M} if circle_access.can_manage else set())


def _user(world, role):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonymous" else world.users[role]


@pytest.mark.parametrize("role", ROLES)
def test_policy_table(world, role):
    open_, closed, closed_shut = POLICY[role]
    user = _user(world, role)
    assert _allowed(user, world.open_circle) == open_
    assert _allowed(user, world.closed_circle) == closed

    NetworkAccess.objects.filter(network=world.region).update(coordinators_read_closed=False)
    circle = type(world.closed_circle).objects.get(pk=world.closed_circle.pk)
    access.forget_cached_access(user) if role != "anonymous" else None
    assert _allowed(user, circle) == closed_shut
    readable = access.readable_closed_circle_ids(user)
    assert (readable is None or circle.pk in readable) == (R in closed_shut)


# --- 2. Every surface: role × surface -----------------------------------------------------

ADMIN_USERS = {"editor", "coordinator", "other_coordinator", "top_coordinator", "superuser"}
READERS = {"member", "facilitator", "coordinator", "top_coordinator", "superuser"}
REGION_ADMINS = {"coordinator", "top_coordinator", "superuser"}
ABOVE_REGION = {"top_coordinator", "superuser"}
SITE_WIDE = {"top_coordinator", "superuser"}
NOBODY = set()


def _modeladmin(model, action="index", *args):
    app, name = model._meta.app_label, model._meta.model_name
    return reverse(f"{app}_{name}_modeladmin_{action}", args=args)


def surfaces(world):
    """(name, url, marker or None, the roles that reach it)."""
    circle = world.closed_circle
    thread_url = circle.url + circle.reverse_subpage("thread", args=[world.thread.pk])
    page_edit = lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk])  # noqa: E731
    return [
        # The front end.
        ("closed conversations", circle.url + "gesprekken/", SECRET, READERS),
        ("closed thread", thread_url, SECRET, READERS),
        ("closed member list", circle.url + "leden/", None, READERS),
        ("closed meetings", circle.url + "bijeenkomsten/", SECRET, READERS),
        ("closed meeting", circle.url + f"bijeenkomsten/{world.meeting.pk}/", SECRET, READERS),
        # The query is echoed in the search box, so look for a result's title.
        ("search", f"/zoeken/?q={SECRET}", "Vertrouwelijk gesprek over", READERS),
        ("lesson's sources", world.lesson.url, "Vertrouwelijk gesprek", READERS),
        # Profiles: fellow members and the coordinators above open an unlisted member's;
        # a listed member's is public, but names the closed circle only to its readers.
        ("profile of an unlisted member", "/mensen/facilitator/", None, READERS),
        ("profile of a listed member", "/mensen/member/", ">Samenspel</a>", set(ROLES)),
        ("closed circle on a profile", "/mensen/member/", ">Vertrouwelijke kring</a>", READERS),
        # Asking to join or having left shares nothing: only they and superusers open these.
        (
            "profile of someone who only asked",
            "/mensen/requester/",
            None,
            {"requester", "superuser"},
        ),
        ("profile of a former member", "/mensen/ex_member/", None, {"ex_member", "superuser"}),
        # The admin's own pages.
        ("admin dashboard", reverse("wagtailadmin_home"), None, ADMIN_USERS),
        (
            "site history report",
            reverse("wagtailadmin_reports:site_history"),
            SECRET,
            {"superuser"},
        ),
        # Listings of plain models (wagtail-modeladmin, scoped by the policy).
        ("memberships", _modeladmin(Membership), "Deelde verslagen", REGION_ADMINS),
        ("meetings", _modeladmin(Meeting), SECRET, REGION_ADMINS),
        ("flagged replies", _modeladmin(ReplyFlag), SECRET, REGION_ADMINS),
        ("followed networks", _modeladmin(RemoteFeed), SECRET, REGION_ADMINS),
        (
            "coordinators",
            reverse("leerkring_networkcoordinator_modeladmin_index"),
            None,
            {"coordinator", "other_coordinator", "top_coordinator", "superuser"},
        ),
        ("reading along", _modeladmin(NetworkAccess), "Regio Gelderland", REGION_ADMINS),
        ("reported initiatives", _modeladmin(InitiativeReport), SECRET, SITE_WIDE),
        ("search terms", _modeladmin(SearchTermStat), SECRET, SITE_WIDE),
        ("undelivered email", _modeladmin(OutgoingEmail), SECRET, REGION_ADMINS),
        # One closed record each, by id.
        (
            "membership inspect",
            _modeladmin(Membership, "inspect", world.membership.pk),
            None,
            REGION_ADMINS,
        ),
        (
            "meeting edit",
            _modeladmin(Meeting, "edit", world.meeting.pk),
            SECRET,
            REGION_ADMINS,
        ),
        (
            "meeting inspect",
            _modeladmin(Meeting, "inspect", world.meeting.pk),
            SECRET,
            REGION_ADMINS,
        ),
        (
            "meeting delete",
            _modeladmin(Meeting, "delete", world.meeting.pk),
            None,
            REGION_ADMINS,
        ),
        (
            "meeting history",
            _modeladmin(Meeting, "history", world.meeting.pk),
            None,
            REGION_ADMINS,
        ),
        (
            "membership history",
            _modeladmin(Membership, "history", world.membership.pk),
            None,
            REGION_ADMINS,
        ),
        ("flag edit", _modeladmin(ReplyFlag, "edit", world.flag.pk), None, REGION_ADMINS),
        (
            "flag inspect",
            _modeladmin(ReplyFlag, "inspect", world.flag.pk),
            SECRET,
            REGION_ADMINS,
        ),
        (
            "followed network edit",
            _modeladmin(RemoteFeed, "edit", world.remote_feed.pk),
            SECRET,
            REGION_ADMINS,
        ),
        (
            "followed network delete",
            _modeladmin(RemoteFeed, "delete", world.remote_feed.pk),
            None,
            REGION_ADMINS,
        ),
        (
            "reading along of the sub-network, edit",
            _modeladmin(NetworkAccess, "edit", world.region_access.pk),
            None,
            ABOVE_REGION,
        ),
        (
            "report inspect",
            _modeladmin(InitiativeReport, "inspect", world.report.pk),
            SECRET,
            SITE_WIDE,
        ),
        (
            "undelivered email, try again",
            _modeladmin(OutgoingEmail, "retry", world.undelivered.pk),
            SECRET,
            REGION_ADMINS,
        ),
        (
            "report review",
            _modeladmin(InitiativeReport, "review", world.report.pk),
            SECRET,
            SITE_WIDE,
        ),
        # Snippet choosers: none of these models is a snippet any more.
        ("membership chooser", "/admin/snippets/choose/leerkring/membership/", None, NOBODY),
        ("meeting chooser", "/admin/snippets/choose/leerkring/meeting/", None, NOBODY),
        (
            "old snippet usage of a meeting",
            f"/admin/snippets/leerkring/meeting/usage/{world.meeting.pk}/",
            None,
            NOBODY,
        ),
        ("flag chooser", "/admin/snippets/choose/leerkring/replyflag/", None, NOBODY),
        ("feed chooser", "/admin/snippets/choose/leerkring/remotefeed/", None, NOBODY),
        (
            "search term chooser",
            "/admin/snippets/choose/leerkring_search/searchtermstat/",
            None,
            NOBODY,
        ),
        # Pages: explorer, edit, history, of the sub-tree and above it.
        (
            "explorer of the sub-network",
            reverse("wagtailadmin_explore", args=[world.region.pk]),
            "Vertrouwelijke kring",
            REGION_ADMINS,
        ),
        ("closed circle page edit", page_edit(circle), None, REGION_ADMINS),
        (
            "closed circle history",
            reverse("wagtailadmin_pages:history", args=[circle.pk]),
            None,
            REGION_ADMINS,
        ),
        ("lesson edit", page_edit(world.lesson), "Vertrouwelijk gesprek", REGION_ADMINS),
        (
            "lesson revision",
            reverse(
                "wagtailadmin_pages:revisions_view",
                args=[world.lesson.pk, world.lesson.latest_revision_id],
            ),
            "Les uit de besloten kring",
            REGION_ADMINS,
        ),
        (
            "lesson revisions compared",
            reverse(
                "wagtailadmin_pages:revisions_compare",
                args=[world.lesson.pk, "earliest", "latest"],
            ),
            None,
            REGION_ADMINS,
        ),
        ("sub-network page edit", page_edit(world.region), None, REGION_ADMINS),
        ("top network page edit", page_edit(world.network), None, ABOVE_REGION),
        (
            "other network page edit",
            page_edit(world.other_network),
            None,
            {"other_coordinator", "top_coordinator", "superuser"},
        ),
        # Curation.
        (
            "curation board of the sub-network",
            reverse("leerkring_curation_board", args=[world.region.pk]),
            None,
            REGION_ADMINS,
        ),
        # What nobody below a superuser may change: groups and users.
        ("groups", reverse("wagtailusers_groups:index"), None, {"superuser"}),
        ("users", reverse("wagtailusers_users:index"), None, {"superuser"}),
    ]


def _reached(response, marker):
    if response.status_code != 200:
        return False
    return marker is None or marker in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_surface_table(client, world, role):
    world.login(client, role)
    table = surfaces(world)
    wrong, errors = [], []
    for name, url, marker, reaching in table:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(name)
        if _reached(response, marker) != (role in reaching):
            wrong.append(f"{name} ({url}): {response.status_code}")
    assert errors == []
    assert wrong == []


def test_the_table_covers_every_admin_listing_we_register():
    """A new admin listing of ours must be added to the table above."""
    from wagtail_modeladmin.options import ModelAdmin

    from leerkring.admin_listings import LeerkringAdminGroup

    listed = {listing.model for listing in LeerkringAdminGroup().modeladmin_instances}
    ours = {
        cls.model
        for cls in _subclasses(ModelAdmin)
        if cls.__module__.startswith(("leerkring", "search", "practices")) and cls.model
    }
    assert ours <= listed
    assert len(listed) == 9


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_group_of_ours_holds_page_rights_above_its_network(world):
    """Wagtail's own starter groups (Moderators, Editors) are the host's business; ours
    hold page rights on exactly one network each, and the shared groups on none above a
    practice index."""
    from wagtail.models import GroupPagePermission, Page

    tree_root = Page.get_first_root_node()
    ours = GroupPagePermission.objects.exclude(group__name__in=["Moderators", "Editors"])
    assert not ours.filter(page=tree_root).exists()
    shared = Group.objects.get(name="Netwerkcoördinatoren")
    assert not GroupPagePermission.objects.filter(group=shared).exists()
    for access_row in NetworkAccess.objects.select_related("admin_group", "network"):
        pages = set(
            GroupPagePermission.objects.filter(group=access_row.admin_group).values_list(
                "page_id", flat=True
            )
        )
        assert pages == {access_row.network.pk}
        coordinators = set(access_row.network.coordinator_links.values_list("user", flat=True))
        assert set(access_row.admin_group.user_set.values_list("pk", flat=True)) == coordinators


# --- 3. Nobody grants themselves more -----------------------------------------------------


def _refused(response):
    """Wagtail answers a refused admin action with a redirect to the dashboard and a
    message; a form with errors is a 200; a record out of reach is a 404."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code in (200, 403, 404)


def _links(world):
    from leerkring.models import NetworkCoordinator

    return set(NetworkCoordinator.objects.values_list("network_id", "user_id"))


@pytest.mark.parametrize("target", ["network", "region", "other_network"])
def test_sub_network_coordinator_cannot_name_coordinators_of_own_or_higher_networks(
    client, world, target
):
    before = _links(world)
    me = world.users["coordinator"]
    network = getattr(world, target)
    world.login(client, "coordinator")

    response = client.post(
        reverse("leerkring_networkcoordinator_modeladmin_create"),
        {"network": network.pk, "person": me.username},
    )

    assert _refused(response)
    assert _links(world) == before
    with pytest.raises(PermissionDenied):
        name_coordinator(network, me, by=me)
    assert _links(world) == before


def test_coordinator_names_coordinators_below_and_removal_takes_the_access_away(client, world):
    from leerkring.models import NetworkCoordinator

    newcomer = UserFactory(username="nieuw")
    world.login(client, "top_coordinator")
    response = client.post(
        reverse("leerkring_networkcoordinator_modeladmin_create"),
        {"network": world.other_network.pk, "person": newcomer.email},
    )
    assert response.status_code == 302
    link = NetworkCoordinator.objects.get(network=world.other_network, user=newcomer)
    assert link.named_by == world.users["top_coordinator"]

    client.force_login(newcomer)
    edit = reverse("wagtailadmin_pages:edit", args=[world.other_network.pk])
    assert client.get(edit).status_code == 200

    world.login(client, "top_coordinator")
    delete = reverse("leerkring_networkcoordinator_modeladmin_delete", args=[link.pk])
    assert client.post(delete).status_code == 302
    client.force_login(newcomer)
    assert client.get(edit).status_code != 200
    assert not newcomer.groups.exists()


def test_page_form_and_revisions_cannot_change_who_coordinates(client, world):
    before = _links(world)
    region = world.region
    old_revision = region.save_revision()
    world.login(client, "coordinator")
    me = world.users["coordinator"]

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[region.pk]),
        {
            "title": region.title,
            "slug": region.slug,
            "intro": "{}",
            "coordinator_links-TOTAL_FORMS": "1",
            "coordinator_links-INITIAL_FORMS": "0",
            "coordinator_links-0-user": world.users["outsider"].pk,
            "action-publish": "publish",
        },
    )
    assert response.status_code in (200, 302)
    old_revision.publish()

    assert _links(world) == before
    assert not access.may_name_coordinators(me, region)


def test_sub_network_coordinator_cannot_open_the_reading_setting_of_own_network(client, world):
    world.login(client, "coordinator")
    url = reverse("leerkring_networkaccess_modeladmin_edit", args=[world.region_access.pk])

    response = client.post(url, {"coordinators_read_closed": ""})

    assert _refused(response)
    world.region_access.refresh_from_db()
    assert world.region_access.coordinators_read_closed is True


def test_coordinator_above_turns_reading_along_off_and_the_circle_closes_to_coordinators(
    client, world
):
    world.login(client, "top_coordinator")
    url = reverse("leerkring_networkaccess_modeladmin_edit", args=[world.region_access.pk])
    assert client.post(url, {}).status_code == 302  # an unticked box: off

    world.login(client, "coordinator")
    thread_url = world.closed_circle.url + f"gesprekken/{world.thread.pk}/"
    assert client.get(thread_url).status_code == 404
    listing = client.get(_modeladmin(Meeting)).content.decode()
    assert SECRET not in listing


def test_coordinator_cannot_delete_or_move_the_network_they_were_named_for(client, world):
    world.login(client, "coordinator")

    response = client.post(reverse("wagtailadmin_pages:delete", args=[world.region.pk]))

    assert response.status_code in (302, 403)
    assert type(world.region).objects.filter(pk=world.region.pk).exists()


def test_another_networks_coordinator_can_neither_open_nor_approve_a_story(client, world):
    from wagtail.models import TaskState

    from .factories import PracticeCasePageFactory, PracticeIndexPageFactory

    index = PracticeIndexPageFactory(parent=world.region, title="Verhalen Gelderland")
    story = PracticeCasePageFactory(parent=index, title="Verhaal in concept", live=False)
    story.save_revision(user=world.users["editor"])
    story.get_workflow().start(story, world.users["editor"])
    task_state = TaskState.objects.get(workflow_state__object_id=str(story.pk))
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]
    )

    world.login(client, "other_coordinator")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).status_code != 200
    assert "Verhaal in concept" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.post(approve, {"comment": ""})
    story.refresh_from_db()
    assert not story.live

    world.login(client, "coordinator")
    assert "Verhaal in concept" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.post(approve, {"comment": ""})
    story.refresh_from_db()
    assert story.live


def test_lesson_form_offers_only_its_own_circles_conversations(client, world):
    open_thread = conversations.start_thread(
        world.open_circle, world.users["member"], title="Open gesprek", body="Iedereen."
    )
    world.login(client, "coordinator")
    add = reverse("wagtailadmin_pages:add", args=["leerkring", "lessonpage", world.open_circle.pk])

    page = client.get(add).content.decode()

    assert open_thread.title in page
    assert "Vertrouwelijk gesprek" not in page


@pytest.mark.parametrize(
    ("target", "person"),
    [
        ("network", ""),
        ("other_network", "x" * 10_000),
        ("other_network", "<script>alert(1)</script>"),
        ("other_network", "niemand@example.org"),
        ("999999", "outsider"),
        ("not-a-number", "outsider"),
        ("network", "outsider"),  # the top network: not below the top coordinator's own
    ],
)
def test_naming_a_coordinator_with_bad_input_names_nobody(client, world, target, person):
    before = _links(world)
    world.login(client, "top_coordinator")
    network_id = getattr(world, target).pk if hasattr(world, target) else target

    response = client.post(
        reverse("leerkring_networkcoordinator_modeladmin_create"),
        {"network": network_id, "person": person},
    )

    assert response.status_code == 200  # the form again, with its errors
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert _links(world) == before


# --- 4. One door per operation: the services refuse whoever the policy refuses ------------


@pytest.mark.parametrize("role", ["outsider", "requester", "ex_member", "other_coordinator"])
def test_services_refuse_those_who_may_not_write_or_moderate(world, role):
    from leerkring import joining

    user = world.users[role]
    with pytest.raises(PermissionDenied):
        conversations.start_thread(world.closed_circle, user, title="Ik ook", body="Hallo")
    with pytest.raises(PermissionDenied):
        conversations.post_reply(world.thread, user, "Ik lees mee")
    with pytest.raises(PermissionDenied):
        conversations.set_thread_state(world.thread, "lock", user)
    with pytest.raises(PermissionDenied):
        joining.invite(world.closed_circle, "vriend@example.org", user)
    world.thread.refresh_from_db()
    assert not world.thread.locked
    assert conversations.replies_of(world.thread).count() == 1


def test_a_replayed_invitation_is_sent_once(client, world, mailoutbox):
    from leerkring.models import Invitation

    world.login(client, "facilitator")
    url = world.closed_circle.url + world.closed_circle.reverse_subpage("invite")
    form = {"email": "nieuw@example.org", "message": "Doe mee!"}

    first, replay = client.post(url, form), client.post(url, form)

    assert first.status_code == replay.status_code == 303
    assert Invitation.objects.filter(email="nieuw@example.org").count() == 1
    assert len(mailoutbox) == 1


def test_inviting_someone_who_is_already_a_member_says_so(client, world, mailoutbox):
    world.login(client, "facilitator")
    url = world.closed_circle.url + world.closed_circle.reverse_subpage("invite")

    response = client.post(url, {"email": world.users["member"].email, "message": ""})

    assert response.status_code == 400
    assert "al lid" in response.content.decode()
    assert mailoutbox == []


def test_moderators_lock_and_unlock_through_the_service_and_a_replay_changes_nothing(world):
    facilitator = world.users["facilitator"]
    conversations.set_thread_state(world.thread, "lock", facilitator)
    conversations.set_thread_state(world.thread, "lock", facilitator)
    world.thread.refresh_from_db()
    assert world.thread.locked
    with pytest.raises(conversations.ConversationError):
        conversations.set_thread_state(world.thread, "<script>", facilitator)


def test_one_leerkring_menu_shows_each_person_only_the_listings_they_may_open(client, world):
    home = reverse("wagtailadmin_home")
    terms = reverse("leerkring_search_searchtermstat_modeladmin_index")
    memberships = _modeladmin(Membership)

    world.login(client, "top_coordinator")
    menu = client.get(home).content.decode()
    assert terms in menu and memberships in menu

    world.login(client, "coordinator")
    menu = client.get(home).content.decode()
    assert memberships in menu and terms not in menu

    world.login(client, "editor")
    menu = client.get(home).content.decode()
    assert memberships not in menu and terms not in menu


@pytest.mark.parametrize("extra", [0, 30])
def test_admin_listings_ask_a_constant_number_of_queries(
    client, world, extra, django_assert_max_num_queries
):
    for number in range(extra):
        MeetingFactory(circle=world.closed_circle, title=f"Bijeenkomst {number}")
    world.login(client, "coordinator")

    with django_assert_max_num_queries(40):
        response = client.get(_modeladmin(Meeting))

    assert response.status_code == 200
