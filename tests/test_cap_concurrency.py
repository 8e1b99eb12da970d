"""The member cap under simultaneous accepts, on PostgreSQL where rows can really be locked.

Ten invitees click their links at the same moment for a circle with one place left; ten
facilitator decisions race for the last place. Exactly one may win each time. And eight
members answer "I'm coming" at once to a meeting with one place: one gets it, the others
are told their true place in line. (Kept here, in the one module whose tests commit for
real, so that the other modules can share their test world: tests/conftest.py.)
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from leerkring import attendance
from leerkring.choices import MembershipRole, MembershipStatus
from leerkring.models import Invitation, MeetingResponse, Membership

from .factories import LearningCirclePageFactory, MeetingFactory, MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RACERS = 10


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def circle_with_one_place(network):
    circle = LearningCirclePageFactory(parent=network, slug="bijna-vol", member_cap=4)
    facilitator = MembershipFactory(circle=circle, role=MembershipRole.FACILITATOR).user
    MembershipFactory.create_batch(2, circle=circle)
    return circle, facilitator


def race(actions):
    """Run the actions in threads released together; return their HTTP status codes."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=30)
            results[index] = action()
        finally:
            connection.close()  # each thread has its own connection to PostgreSQL

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_ten_simultaneous_invitation_accepts_fill_exactly_the_one_place(circle_with_one_place):
    circle, facilitator = circle_with_one_place
    invitees = [UserFactory(email=f"racer{i}@example.org") for i in range(RACERS)]
    links = []
    for invitee in invitees:
        _invitation, token = Invitation.create_with_token(
            circle=circle, email=invitee.email, invited_by=facilitator
        )
        links.append(circle.url + circle.reverse_subpage("invitation", args=[token]))

    def accept(invitee, link):
        client = Client()
        client.force_login(invitee)
        return client.post(link).status_code

    statuses = race(
        [lambda u=u, link=link: accept(u, link) for u, link in zip(invitees, links, strict=True)]
    )

    assert statuses == [303] * RACERS  # nobody sees an error page
    assert Membership.objects.active().filter(circle=circle).count() == circle.member_cap
    joined = Membership.objects.active().filter(circle=circle, user__in=invitees)
    assert joined.count() == 1
    assert Invitation.objects.filter(accepted_at__isnull=False).count() == 1
    waiting = Membership.objects.filter(circle=circle, status=MembershipStatus.WAITING)
    assert waiting.count() == RACERS - 1


def test_ten_simultaneous_approvals_admit_exactly_one(circle_with_one_place):
    circle, facilitator = circle_with_one_place
    requests = [
        MembershipFactory(circle=circle, status=MembershipStatus.REQUESTED, joined_at=None)
        for _ in range(RACERS)
    ]

    def approve(membership):
        client = Client()
        client.force_login(facilitator)
        url = circle.url + circle.reverse_subpage("decide", args=[membership.pk])
        return client.post(url, {"decision": "accept"}).status_code

    statuses = race([lambda m=m: approve(m) for m in requests])

    assert statuses == [303] * RACERS
    assert Membership.objects.active().filter(circle=circle).count() == circle.member_cap
    assert Membership.objects.active().filter(pk__in=[m.pk for m in requests]).count() == 1
    assert Membership.objects.pending().filter(circle=circle).count() == RACERS - 1


# --- Eight members and a meeting's last place (leerkring.attendance) ------------------------


MEETING_RACERS = 8


def test_simultaneous_answers_fill_exactly_the_places(network):
    circle = LearningCirclePageFactory(parent=network, slug="druk", member_cap=25)
    MembershipFactory(circle=circle, role=MembershipRole.FACILITATOR)
    meeting = MeetingFactory(circle=circle, capacity=1)
    people = [MembershipFactory(circle=circle).user for _ in range(MEETING_RACERS)]
    barrier = threading.Barrier(MEETING_RACERS)
    results = [None] * MEETING_RACERS

    def run(index, person):
        try:
            barrier.wait(timeout=30)
            results[index] = attendance.answer(meeting, person, "coming")
        finally:
            connection.close()  # each thread has its own connection to PostgreSQL

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # Each was told the truth: one place, and every place in line given once.
    assert sorted(results, key=lambda r: (r[0] != "coming", r[1] or 0)) == [
        ("coming", None),
        *[("waiting", place) for place in range(1, MEETING_RACERS)],
    ]
    sorted_out = attendance.attendance(meeting)
    assert len(sorted_out.coming) == 1 and len(sorted_out.waiting) == MEETING_RACERS - 1
    # The one with the place is the one who was first to answer.
    first = MeetingResponse.objects.order_by("answered_at", "pk").first()
    assert sorted_out.coming[0].user_id == first.user_id
