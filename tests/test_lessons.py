"""Lessons and tips: what a circle learned, shown without leaking where it came from."""

import pytest

from leerkring import conversations
from leerkring.models import (
    CollaborationPhase,
    LessonNomination,
    LessonPage,
    NominationStatus,
    Reaction,
    Tip,
)

from .conftest import Circles

ROLES = Circles.ROLES


def url(circle, route=None, *args):
    return circle.url + (circle.reverse_subpage(route, args=args) if route else "")


def publish_lesson(circle, title, **fields):
    lesson = circle.add_child(instance=LessonPage(title=title, summary=f"Over {title}.", **fields))
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def closed_lesson(circles):
    circle = circles.closed_circle
    thread = conversations.start_thread(
        circle, circles.users["member"], title="GEHEIM-gesprek", body="Vertrouwelijk"
    )
    lesson = publish_lesson(
        circle,
        "Werk samen met bestaande groepen in een wijk",
        number=4,
        phase=CollaborationPhase.ESTABLISHING,
    )
    lesson.source_threads.set([thread])
    lesson.save_revision().publish()
    return lesson, thread


@pytest.mark.parametrize("role", ROLES)
def test_lesson_is_public_but_its_provenance_is_for_readers_only(
    client, circles, closed_lesson, role
):
    lesson, thread = closed_lesson
    circles.login(client, role)

    response = client.get(lesson.url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "#4: Werk samen met bestaande groepen in een wijk" in page
    sees_source = role in {"member", "facilitator", "coordinator"}
    assert ("GEHEIM-gesprek" in page) is sees_source


def test_circle_outcomes_are_grouped_by_phase_in_order(client, circles):
    circle = circles.open_circle
    publish_lesson(
        circle, "Zorg voor een gedeeld einddoel", number=2, phase=CollaborationPhase.ESTABLISHING
    )
    publish_lesson(circle, "Toon lef", number=1, phase=CollaborationPhase.BEFORE)
    publish_lesson(circle, "Onderhoud de relatie", number=3, phase=CollaborationPhase.DURING)
    draft = circle.add_child(instance=LessonPage(title="Nog een concept", summary="x", live=False))

    response = client.get(circle.url)

    groups = [
        (g["phase"], [lesson.title for lesson in g["lessons"]])
        for g in response.context["lesson_groups"]
    ]
    assert [titles for _phase, titles in groups] == [
        ["Toon lef"],
        ["Zorg voor een gedeeld einddoel"],
        ["Onderhoud de relatie"],
    ]
    assert draft.title not in response.content.decode()


@pytest.fixture
def chat(circles):
    circle = circles.open_circle
    thread = conversations.start_thread(circle, circles.users["member"], title="Tips", body="?")
    replies = [
        conversations.post_reply(
            thread, circles.users["member"], f"Tip nummer {n}", rate_exempt=True
        )
        for n in range(3)
    ]
    return circle, thread, replies


@pytest.mark.parametrize(
    ("role", "expected", "made"),
    [
        ("anonymous", 302, False),
        ("outsider", 403, False),
        ("member", 403, False),
        ("facilitator", 303, True),
        ("other_facilitator", 403, False),
        ("coordinator", 303, True),
        ("other_coordinator", 403, False),
    ],
)
def test_promoting_a_reply_to_a_tip_per_role(client, circles, chat, role, expected, made):
    circle, thread, replies = chat
    circles.login(client, role)

    response = client.post(
        url(circle, "reply_action", thread.pk, replies[0].pk, "tip"),
        {"title": "Stuur op proces, niet op project"},
    )

    assert response.status_code == expected
    assert Tip.objects.filter(source_reply=replies[0]).exists() is made
    if made:
        tip = Tip.objects.get()
        assert tip.author == circles.users["member"]
        assert tip.promoted_by == circles.users[role]


def test_tips_rank_by_coordinator_order_then_useful_reactions(client, circles, chat):
    circle, thread, replies = chat
    tips = [
        Tip.objects.create(circle=circle, title=f"Tip {n}", source_reply=reply)
        for n, reply in enumerate(replies)
    ]
    for user in ("facilitator", "requester", "outsider"):
        Reaction.objects.create(reply=replies[2], user=circles.users[user], kind="nuttig")
    Reaction.objects.create(reply=replies[1], user=circles.users["facilitator"], kind="nuttig")
    Tip.objects.filter(pk=tips[0].pk).update(position=1)

    ranked = [tip.title for tip in Tip.objects.filter(circle=circle).ranked()]

    assert ranked == ["Tip 0", "Tip 2", "Tip 1"]
    network_page = client.get(circles.network.url).content.decode()
    assert network_page.index("Tip 0") < network_page.index("Tip 2") < network_page.index("Tip 1")


def test_unshared_tips_of_a_closed_circle_stay_inside(client, circles):
    circle = circles.closed_circle
    Tip.objects.create(circle=circle, title="GEHEIME-TIP")
    Tip.objects.create(circle=circle, title="Gedeelde tip", shareable=True)

    for page_url in (circles.network.url, circles.region.url, circle.url):
        page = client.get(page_url).content.decode()
        assert "GEHEIME-TIP" not in page, page_url
    assert "Gedeelde tip" in client.get(circles.network.url).content.decode()

    circles.login(client, "member")
    assert "GEHEIME-TIP" in client.get(circle.url).content.decode()


@pytest.mark.parametrize(
    ("role", "expected", "nominated"),
    [
        ("anonymous", 302, False),
        ("outsider", 404, False),
        ("member", 403, False),
        ("facilitator", 303, True),
        ("other_facilitator", 404, False),
        ("coordinator", 303, True),
        ("other_coordinator", 404, False),
    ],
)
def test_nominating_a_lesson_per_role(client, circles, closed_lesson, role, expected, nominated):
    lesson, _thread = closed_lesson
    circles.login(client, role)

    response = client.post(url(circles.closed_circle, "nominate", lesson.pk))

    assert response.status_code == expected
    assert (
        LessonNomination.objects.filter(lesson=lesson, network=circles.region).exists() is nominated
    )


def test_featured_lessons_appear_on_the_network_in_the_coordinators_order(client, circles):
    first = publish_lesson(circles.open_circle, "Eerste les")
    second = publish_lesson(circles.open_circle, "Tweede les")
    nominated_only = publish_lesson(circles.open_circle, "Alleen voorgedragen")
    LessonNomination.objects.create(
        lesson=first, network=circles.region, status=NominationStatus.FEATURED, position=2
    )
    LessonNomination.objects.create(
        lesson=second, network=circles.region, status=NominationStatus.FEATURED, position=1
    )
    LessonNomination.objects.create(lesson=nominated_only, network=circles.region)

    page = client.get(circles.region.url).content.decode()

    assert page.index("Tweede les") < page.index("Eerste les")
    assert "Alleen voorgedragen" not in page
    assert "Samenspel" in page  # where it came from


def test_coordinator_previews_a_never_published_lesson_with_its_stories(client, circles):
    """A draft's links live in its revision only; its preview must still show them."""
    from django.urls import reverse

    from .factories import PracticeCasePageFactory, PracticeIndexPageFactory

    index = PracticeIndexPageFactory(parent=circles.region)
    story = PracticeCasePageFactory(parent=index, title="Buurtwarmte in Zutphen")
    lesson = circles.open_circle.add_child(
        instance=LessonPage(title="Concept-les", summary="Nog niet af.", live=False)
    )
    lesson.practice_cases = [story]
    revision = lesson.save_revision()
    circles.login(client, "coordinator")

    response = client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[lesson.pk, revision.pk])
    )

    assert response.status_code == 200
    assert "Buurtwarmte in Zutphen" in response.content.decode()
