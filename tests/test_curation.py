"""Curating a network's key lessons: who may do what, the order, rising from a sub-network,
and a board that is read in a fixed number of queries."""

import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leerkring import conversations, curation
from leerkring.models import LessonNomination, LessonPage, NominationStatus, ReactionKind

from .factories import NetworkCoordinatorFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = 302


def make_lesson(circle, title, themes=(), threads=()):
    lesson = circle.add_child(instance=LessonPage(title=title, summary=f"Samenvatting {title}"))
    if themes:
        lesson.themes.set(themes)
    if threads:
        lesson.source_threads.set(threads)
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def roles(circles):
    """The circles' roles, a coordinator of the root network, and a superuser; coordinators
    are in the admin group so that they reach the Wagtail admin."""
    from practices.roles import COORDINATORS_GROUP, ensure_groups

    group = ensure_groups()[COORDINATORS_GROUP]
    root = UserFactory(username="root_coordinator")
    NetworkCoordinatorFactory(network=circles.network, user=root)
    circles.users["root_coordinator"] = root
    circles.users["superuser"] = UserFactory(username="super", is_superuser=True, is_staff=True)
    for role in ("coordinator", "other_coordinator", "root_coordinator"):
        circles.users[role].groups.add(group)
    return circles.users


@pytest.fixture
def lessons(circles):
    return [make_lesson(circles.open_circle, f"Les {number}") for number in range(1, 4)]


def fresh(user):
    """The user again, without the coordinated paths cached on the instance."""
    return type(user).objects.get(pk=user.pk)


# Who may curate the region (Regio Gelderland), by role.
REGION_RIGHTS = {
    "member": False,
    "facilitator": False,
    "other_facilitator": False,
    "outsider": False,
    "other_coordinator": False,
    "coordinator": True,
    "root_coordinator": True,
    "superuser": True,
}


@pytest.mark.parametrize("role,allowed", REGION_RIGHTS.items())
def test_permissions_per_role_for_every_action(circles, roles, lessons, role, allowed):
    user = fresh(roles[role])
    region = circles.region
    boss = roles["coordinator"]
    first, second, third = lessons
    featured = curation.feature(curation.nominate(first, region, boss), region, boss)
    also_featured = curation.feature(second, region, boss)
    waiting = curation.nominate(third, region, boss)

    actions = {
        "nominate": lambda: curation.nominate(third, region, user),
        "feature": lambda: curation.feature(waiting, region, user),
        "unfeature": lambda: curation.unfeature(featured, user),
        "reorder": lambda: curation.reorder(region, [also_featured.pk, featured.pk], user),
        "decline": lambda: curation.decline(also_featured, user, "Past niet"),
    }
    for name, action in actions.items():
        # The circle's facilitators put its lessons forward to the network right above it
        # (the same rule as the nominate button on the circle page); curating is not theirs.
        if allowed or (name == "nominate" and role == "facilitator"):
            action()
        else:
            with pytest.raises(PermissionDenied):
                action()
            # Nothing changed.
            assert LessonNomination.objects.get(pk=featured.pk).status == "featured", name
    if not allowed:
        assert LessonNomination.objects.get(pk=waiting.pk).status == "nominated"
        assert LessonNomination.objects.get(pk=also_featured.pk).position == 2


def test_anonymous_user_may_not_curate(circles, lessons):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        curation.nominate(lessons[0], circles.region, AnonymousUser())
    with pytest.raises(PermissionDenied):
        curation.nominate(lessons[0], circles.region, None)


def test_a_lesson_of_another_network_cannot_be_nominated_or_featured(circles, roles):
    elsewhere = make_lesson(circles.elsewhere_circle, "Elders geleerd")
    with pytest.raises(PermissionDenied):
        curation.nominate(elsewhere, circles.region, roles["coordinator"])
    with pytest.raises(PermissionDenied):
        curation.feature(elsewhere, circles.region, roles["superuser"])


def test_nominating_again_reactivates_a_declined_nomination(circles, roles, lessons):
    boss = roles["coordinator"]
    nomination = curation.nominate(lessons[0], circles.region, boss)
    curation.decline(nomination, boss, "Nog te vaag")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.note) == ("declined", "Nog te vaag")
    assert nomination.decided_by == boss
    again = curation.nominate(lessons[0], circles.region, boss)
    assert again.pk == nomination.pk
    assert again.status == NominationStatus.NOMINATED
    assert LessonNomination.objects.count() == 1


def test_nominating_a_featured_lesson_leaves_it_featured(circles, roles, lessons):
    boss = roles["coordinator"]
    curation.feature(lessons[0], circles.region, boss)
    assert curation.nominate(lessons[0], circles.region, boss).status == "featured"


def test_feature_order_is_kept_and_reordered(circles, roles, lessons):
    boss = roles["coordinator"]
    region = circles.region
    nominations = [curation.feature(lesson, region, boss) for lesson in lessons]
    assert [n.position for n in nominations] == [1, 2, 3]
    board = curation.board(region)
    assert [c.lesson.title for c in board["featured"]] == ["Les 1", "Les 2", "Les 3"]

    first, second, third = nominations
    curation.reorder(region, [third.pk, first.pk, second.pk], boss)
    board = curation.board(region)
    assert [c.lesson.title for c in board["featured"]] == ["Les 3", "Les 1", "Les 2"]
    assert [c.position for c in board["featured"]] == [1, 2, 3]

    # Unfeaturing closes the gap; the lesson stays nominated.
    curation.unfeature(LessonNomination.objects.get(pk=first.pk), boss)
    board = curation.board(region)
    assert [(c.lesson.title, c.position) for c in board["featured"]] == [
        ("Les 3", 1),
        ("Les 2", 2),
    ]
    assert [c.lesson.title for c in board["nominated"]] == ["Les 1"]


def test_reorder_ignores_other_networks_and_unknown_ids(circles, roles, lessons):
    boss = roles["coordinator"]
    region = circles.region
    first, second = (curation.feature(lesson, region, boss) for lesson in lessons[:2])
    other = curation.feature(
        make_lesson(circles.elsewhere_circle, "Utrechtse les"),
        circles.other_network,
        roles["other_coordinator"],
    )
    curation.reorder(region, [other.pk, "x", second.pk], boss)
    assert LessonNomination.objects.get(pk=second.pk).position == 1
    assert LessonNomination.objects.get(pk=first.pk).position == 2
    assert LessonNomination.objects.get(pk=other.pk).position == 1
    assert LessonNomination.objects.get(pk=other.pk).network_id == circles.other_network.pk


def test_feature_refuses_a_nomination_of_another_network(circles, roles, lessons):
    nomination = curation.nominate(lessons[0], circles.region, roles["coordinator"])
    with pytest.raises(PermissionDenied):
        curation.feature(nomination, circles.network, roles["root_coordinator"])


def test_declined_with_a_note(circles, roles, lessons):
    boss = roles["coordinator"]
    featured = curation.feature(lessons[0], circles.region, boss)
    curation.feature(lessons[1], circles.region, boss)
    curation.decline(featured, boss, "  Dubbel met les 2  ")
    featured.refresh_from_db()
    assert (featured.status, featured.note, featured.position) == (
        "declined",
        "Dubbel met les 2",
        None,
    )
    board = curation.board(circles.region)
    assert [c.lesson.title for c in board["declined"]] == ["Les 1"]
    assert [(c.lesson.title, c.position) for c in board["featured"]] == [("Les 2", 1)]


def test_lessons_rise_from_sub_network_to_parent(circles, roles, lessons):
    root = circles.network
    region = circles.region
    curation.feature(lessons[0], region, roles["coordinator"])
    curation.nominate(lessons[1], region, roles["coordinator"])  # only nominated: stays below

    risen = curation.board(root)[curation.RISEN]
    assert [(c.lesson.title, c.origin.pk) for c in risen] == [("Les 1", region.pk)]
    assert risen[0].circle.pk == circles.open_circle.pk
    assert not curation.board(circles.other_network)[curation.RISEN]

    # The region's coordinator does not curate the root network.
    with pytest.raises(PermissionDenied):
        curation.feature(lessons[0], root, fresh(roles["coordinator"]))

    nomination = curation.feature(lessons[0], root, roles["root_coordinator"])
    assert (nomination.network_id, nomination.status, nomination.position) == (
        root.pk,
        "featured",
        1,
    )
    board = curation.board(root)
    assert not board[curation.RISEN]
    assert [c.lesson.title for c in board["featured"]] == ["Les 1"]
    # Still a key lesson of the region as well.
    assert [c.lesson.title for c in curation.board(region)["featured"]] == ["Les 1"]


def test_a_declined_lesson_does_not_rise_again(circles, roles, lessons):
    curation.feature(lessons[0], circles.region, roles["coordinator"])
    nomination = curation.nominate(lessons[0], circles.network, roles["root_coordinator"])
    curation.decline(nomination, roles["root_coordinator"], "Te regionaal")
    board = curation.board(circles.network)
    assert not board[curation.RISEN]
    assert [c.nomination.note for c in board["declined"]] == ["Te regionaal"]


def test_candidates_carry_circle_date_themes_and_useful_count(circles, roles):
    theme = ThemeFactory(name="Wonen", slug="wonen")
    member, facilitator = roles["member"], roles["facilitator"]
    thread = conversations.start_thread(circles.open_circle, member, title="Warmte", body="Hoe?")
    reply = conversations.post_reply(thread, facilitator, "Zo!", rate_exempt=True)
    other_reply = conversations.post_reply(thread, member, "Of zo.", rate_exempt=True)
    conversations.toggle_reaction(reply, member, ReactionKind.USEFUL)
    conversations.toggle_reaction(reply, roles["coordinator"], ReactionKind.USEFUL)
    conversations.toggle_reaction(other_reply, facilitator, ReactionKind.USEFUL)
    conversations.toggle_reaction(other_reply, member, "duim")
    unrelated = conversations.start_thread(circles.open_circle, member, title="Anders", body="?")
    conversations.toggle_reaction(
        conversations.post_reply(unrelated, facilitator, "Nee", rate_exempt=True),
        member,
        ReactionKind.USEFUL,
    )
    lesson = make_lesson(circles.open_circle, "Warmte delen", themes=[theme], threads=[thread])
    curation.nominate(lesson, circles.region, roles["coordinator"])

    (candidate,) = curation.candidates_for(circles.region)
    assert candidate.circle.title == "Samenspel"
    assert [t.name for t in candidate.themes] == ["Wonen"]
    assert candidate.useful_count == 3
    assert candidate.date == lesson.first_published_at
    assert candidate.status == "nominated"
    assert candidate.origin is None


# The board in the admin.


def board_url(network):
    return reverse("leerkring_curation_board", args=[network.pk])


BOARD_STATUS = {
    "anonymous": LOGIN,
    "member": LOGIN,
    "facilitator": LOGIN,
    "other_coordinator": 404,
    "coordinator": 200,
    "root_coordinator": 200,
    "superuser": 200,
}


@pytest.mark.parametrize("role,status", BOARD_STATUS.items())
def test_board_view_per_role(client, circles, roles, lessons, role, status):
    curation.nominate(lessons[0], circles.region, roles["coordinator"])
    if role != "anonymous":
        client.force_login(roles[role])
    response = client.get(board_url(circles.region))
    assert response.status_code == status
    if status == 200:
        assert "Les 1" in response.content.decode()
    # Posting is refused the same way.
    nomination = LessonNomination.objects.get()
    response = client.post(
        board_url(circles.region), {"action": "feature", "nomination": nomination.pk}
    )
    assert response.status_code == (302 if status == 200 else status)
    assert LessonNomination.objects.get().status == ("featured" if status == 200 else "nominated")


def test_a_candidate_shows_its_summary_who_nominated_it_by_name_and_a_preview(
    client, circles, roles
):
    nominator = roles["coordinator"]
    nominator.first_name, nominator.last_name = "Ria", "de Boer"
    nominator.save()
    lesson = circles.open_circle.add_child(
        instance=LessonPage(
            title="Buren helpen buren",
            summary="Een warmtecoach uit de straat werkt beter dan een folder.",
            application="<p>Zoek <b>bewoners</b> die het al gedaan hebben.</p>",
            next_step='<p>Lees <a href="https://example.org">de handreiking</a>.</p>',
        )
    )
    lesson.save_revision().publish()
    curation.nominate(lesson, circles.region, nominator)
    client.force_login(roles["root_coordinator"])

    page = client.get(board_url(circles.region)).content.decode()

    assert "Een warmtecoach uit de straat werkt beter dan een folder." in page
    assert "voorgedragen door Ria de Boer" in page
    preview = page[page.index("<details") : page.index("</details>")]
    assert "Zoek bewoners die het al gedaan hebben." in preview
    assert "Lees de handreiking." in preview
    assert "<b>" not in preview
    assert f'href="{LessonPage.objects.get(pk=lesson.pk).url}"' in preview


def test_board_of_the_root_is_not_for_a_region_coordinator(client, circles, roles):
    client.force_login(roles["coordinator"])
    assert client.get(board_url(circles.network)).status_code == 404
    assert client.get(reverse("leerkring_curation_board", args=[999999])).status_code == 404


def test_index_lists_coordinated_networks_only(client, circles, roles, editor):
    url = reverse("leerkring_curation_index")
    client.force_login(roles["coordinator"])
    page = client.get(url).content.decode()
    assert "Regio Gelderland" in page
    assert "Regio Utrecht" not in page
    assert board_url(circles.region) in page

    client.force_login(roles["superuser"])
    page = client.get(url).content.decode()
    assert "Regio Gelderland" in page and "Regio Utrecht" in page and "Leernetwerk" in page

    client.force_login(editor)  # in the admin, but coordinates nothing
    response = client.get(url)  # Wagtail turns PermissionDenied into a redirect home
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert client.get(board_url(circles.region)).status_code == 404
    client.force_login(roles["facilitator"])
    assert client.get(url).status_code == LOGIN


def test_menu_item_only_for_coordinators(client, circles, roles, editor):
    index = reverse("leerkring_curation_index")
    client.force_login(roles["coordinator"])
    assert index in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor)
    assert index not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_board_actions_through_the_view(client, circles, roles, lessons):
    client.force_login(roles["coordinator"])
    url = board_url(circles.region)
    boss = roles["coordinator"]
    first, second, third = (curation.nominate(lesson, circles.region, boss) for lesson in lessons)
    for nomination in (first, second, third):
        client.post(url, {"action": "feature", "nomination": nomination.pk})

    def order():
        return [c.lesson.title for c in curation.board(circles.region)["featured"]]

    assert order() == ["Les 1", "Les 2", "Les 3"]
    client.post(url, {"action": "up", "nomination": third.pk})
    assert order() == ["Les 1", "Les 3", "Les 2"]
    client.post(url, {"action": "down", "nomination": first.pk})
    assert order() == ["Les 3", "Les 1", "Les 2"]
    client.post(url, {"action": "up", "nomination": third.pk})  # already first
    assert order() == ["Les 3", "Les 1", "Les 2"]
    client.post(url, {"action": "reorder", "order": f"{second.pk},{third.pk},{first.pk}"})
    assert order() == ["Les 2", "Les 3", "Les 1"]
    client.post(url, {"action": "unfeature", "nomination": third.pk})
    assert order() == ["Les 2", "Les 1"]
    client.post(url, {"action": "decline", "nomination": third.pk, "note": "Later"})
    third.refresh_from_db()
    assert (third.status, third.note) == ("declined", "Later")

    # A nomination of another network cannot be reached through this board.
    other = curation.nominate(
        make_lesson(circles.elsewhere_circle, "Utrecht"),
        circles.other_network,
        roles["other_coordinator"],
    )
    assert client.post(url, {"action": "feature", "nomination": other.pk}).status_code == 404
    other.refresh_from_db()
    assert other.status == "nominated"


def test_risen_lesson_is_shown_and_featured_on_the_parent_board(client, circles, roles, lessons):
    curation.feature(lessons[0], circles.region, roles["coordinator"])
    client.force_login(roles["root_coordinator"])
    url = board_url(circles.network)
    page = client.get(url).content.decode()
    assert "doorgestroomd uit Regio Gelderland" in page  # the board is Dutch by default
    assert "Les 1" in page
    response = client.post(url, {"action": "feature", "lesson": lessons[0].pk})
    assert response.status_code == 302
    assert LessonNomination.objects.get(network=circles.network).status == "featured"


# A fixed number of queries, however many lessons.


def add_lessons(circle, count, prefix):
    """Many live lessons, quickly: without revisions, which the board does not read."""
    return [
        circle.add_child(instance=LessonPage(title=f"{prefix} {n}", summary="Kort"))
        for n in range(count)
    ]


def fill(circles, roles, count, themes, thread):
    region, root = circles.region, circles.network
    boss = roles["coordinator"]
    lessons = add_lessons(circles.open_circle, count, f"Reeks {count}")
    through_themes = LessonPage.themes.through
    through_threads = LessonPage.source_threads.through
    through_themes.objects.bulk_create(
        through_themes(lessonpage_id=lesson.pk, theme_id=theme.pk)
        for lesson in lessons
        for theme in themes
    )
    through_threads.objects.bulk_create(
        through_threads(lessonpage_id=lesson.pk, thread_id=thread.pk) for lesson in lessons
    )
    statuses = ["featured", "nominated", "declined"]
    LessonNomination.objects.bulk_create(
        LessonNomination(
            lesson=lesson,
            network=region,
            status=statuses[n % 3],
            position=n if statuses[n % 3] == "featured" else None,
            nominated_by=boss,
        )
        for n, lesson in enumerate(lessons)
    )
    # Some of the region's key lessons are nominated on the root too; the rest rise.
    LessonNomination.objects.bulk_create(
        LessonNomination(lesson=lesson, network=root, nominated_by=boss)
        for lesson in lessons[: count // 2]
    )


def board_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


MANY = 1000


def test_board_queries_do_not_grow_with_the_lessons(
    client, circles, roles, django_assert_max_num_queries
):
    themes = [ThemeFactory(name=f"Thema {n}", slug=f"thema-{n}") for n in range(3)]
    member = roles["member"]
    thread = conversations.start_thread(circles.open_circle, member, title="Bron", body="?")
    reply = conversations.post_reply(thread, roles["facilitator"], "Antwoord", rate_exempt=True)
    conversations.toggle_reaction(reply, member, ReactionKind.USEFUL)
    client.force_login(roles["superuser"])

    fill(circles, roles, 10, themes, thread)
    counts = {}
    for network in (circles.region, circles.network):
        board_queries(client, board_url(network))  # warm the per-process caches
        counts[(network.slug, 10)], _response = board_queries(client, board_url(network))

    started = time.monotonic()
    fill(circles, roles, MANY, themes, thread)
    print(f"{MANY} more lessons made in {time.monotonic() - started:.1f}s")
    for network in (circles.region, circles.network):
        count, response = board_queries(client, board_url(network))
        counts[(network.slug, MANY)] = count
        page = response.content.decode()
        assert f"Reeks {MANY} 0" in page
        assert "Thema 2" in page
    print("board queries:", counts)
    for slug in (circles.region.slug, circles.network.slug):
        assert counts[(slug, MANY)] == counts[(slug, 10)]
        with django_assert_max_num_queries(counts[(slug, 10)]):
            client.get(board_url(circles.region if slug == "gelderland" else circles.network))

    with CaptureQueriesContext(connection) as captured:
        candidates = curation.candidates_for(circles.network)
    assert len(candidates) > MANY // 2
    assert len(captured) <= 6
    assert {c.useful_count for c in candidates} == {1}


def test_network_front_page_queries_do_not_grow_with_the_lessons(
    client, circles, roles, django_assert_max_num_queries
):
    themes = [ThemeFactory(name=f"Thema {n}", slug=f"thema-{n}") for n in range(2)]
    thread = conversations.start_thread(
        circles.open_circle, roles["member"], title="Bron", body="?"
    )
    fill(circles, roles, 10, themes, thread)
    client.get(circles.region.url)  # warm the per-process caches
    small, _response = board_queries(client, circles.region.url)

    fill(circles, roles, MANY, themes, thread)
    large, response = board_queries(client, circles.region.url)

    print(f"\nnetwork front page queries with 10 and {MANY + 10} lessons: {small}, {large}")
    assert small == large
    assert f"Reeks {MANY} 0" in response.content.decode()  # the first key lesson is shown
    with django_assert_max_num_queries(small):
        client.get(circles.region.url)
