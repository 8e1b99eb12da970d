"""Who may see and do what in a circle: every view × every role (docs/architecture.md, "Roles").

Roles: anonymous, a signed-in outsider, someone whose request is pending, a member, the
facilitator of this circle and of a circle elsewhere, the coordinator of the circle's
network and of another network. A closed circle's private parts are 404 for everyone
without read access, so not even their existence is confirmed.
"""

import pytest

from leerkring.choices import MembershipStatus
from leerkring.models import Membership

from .conftest import Circles

ROLES = Circles.ROLES
LOGIN = "login"  # a redirect to the login page


def url(circle, route=None, *args):
    return circle.url + (circle.reverse_subpage(route, args=args) if route else "")


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


# Expected outcome of a GET by each role, in the order of ROLES.
GET_MATRIX = {
    # The circle's front door is public for both kinds of circle.
    ("open", None): [200, 200, 200, 200, 200, 200, 200, 200],
    ("closed", None): [200, 200, 200, 200, 200, 200, 200, 200],
    ("open", "members"): [200, 200, 200, 200, 200, 200, 200, 200],
    ("closed", "members"): [404, 404, 404, 200, 200, 404, 200, 404],
    # Asking to join: a form for anyone signed in; members are sent back to the circle.
    ("open", "join"): [LOGIN, 200, 200, 303, 303, 200, 200, 200],
    ("closed", "join"): [LOGIN, 200, 200, 303, 303, 200, 200, 200],
    ("open", "leave"): [LOGIN, 404, 404, 200, 200, 404, 404, 404],
    ("closed", "leave"): [LOGIN, 404, 404, 200, 200, 404, 404, 404],
    ("open", "requests"): [LOGIN, 403, 403, 403, 200, 403, 200, 403],
    ("closed", "requests"): [LOGIN, 404, 404, 403, 200, 404, 200, 404],
    ("open", "invite"): [LOGIN, 403, 403, 403, 200, 403, 200, 403],
    ("closed", "invite"): [LOGIN, 404, 404, 403, 200, 404, 200, 404],
}


@pytest.mark.parametrize(("kind", "route"), list(GET_MATRIX))
def test_get_matrix(client, circles, kind, route):
    circle = circles.open_circle if kind == "open" else circles.closed_circle
    outcomes = {}
    for role in ROLES:
        client.logout()
        circles.login(client, role)
        outcomes[role] = outcome(client.get(url(circle, route)))
    assert outcomes == dict(zip(ROLES, GET_MATRIX[(kind, route)], strict=True))


@pytest.mark.parametrize("kind", ["open", "closed"])
def test_remove_form_matrix(client, circles, kind):
    circle = circles.open_circle if kind == "open" else circles.closed_circle
    member = Membership.objects.get(circle=circle, user=circles.users["member"])
    expected = {
        "open": [LOGIN, 403, 403, 403, 200, 403, 200, 403],
        "closed": [LOGIN, 404, 404, 403, 200, 404, 200, 404],
    }[kind]
    outcomes = {}
    for role in ROLES:
        client.logout()
        circles.login(client, role)
        outcomes[role] = outcome(client.get(url(circle, "remove", member.pk)))
    assert outcomes == dict(zip(ROLES, expected, strict=True))


@pytest.mark.parametrize("kind", ["open", "closed"])
@pytest.mark.parametrize(
    ("role", "expected", "accepted"),
    [
        ("anonymous", LOGIN, False),
        ("outsider", None, False),
        ("requester", None, False),
        ("member", 403, False),
        ("facilitator", 303, True),
        ("other_facilitator", None, False),
        ("coordinator", 303, True),
        ("other_coordinator", None, False),
    ],
)
def test_accepting_a_request_per_role(client, circles, mailoutbox, kind, role, expected, accepted):
    circle = circles.open_circle if kind == "open" else circles.closed_circle
    request = Membership.objects.get(circle=circle, user=circles.users["requester"])
    if expected is None:  # people who cannot see the circle's insides: 403 open, 404 closed
        expected = 403 if kind == "open" else 404
    circles.login(client, role)

    response = client.post(url(circle, "decide", request.pk), {"decision": "accept"})

    assert outcome(response) == expected
    request.refresh_from_db()
    assert (request.status == MembershipStatus.ACTIVE) is accepted
    assert len(mailoutbox) == (1 if accepted else 0)
    if accepted:
        assert mailoutbox[0].to == [circles.users["requester"].email]
        assert "lid" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("role", "expected", "removed"),
    [
        ("anonymous", LOGIN, False),
        ("outsider", 404, False),
        ("requester", 404, False),
        ("member", 403, False),
        ("facilitator", 303, True),
        ("other_facilitator", 404, False),
        ("coordinator", 303, True),
        ("other_coordinator", 404, False),
    ],
)
def test_removing_a_member_of_a_closed_circle_per_role(client, circles, role, expected, removed):
    circle = circles.closed_circle
    member = Membership.objects.get(circle=circle, user=circles.users["member"])
    circles.login(client, role)

    response = client.post(url(circle, "remove", member.pk), {"reason": "Kwam nooit opdagen."})

    assert outcome(response) == expected
    member.refresh_from_db()
    assert (member.status == MembershipStatus.REMOVED) is removed
    if removed:
        assert member.decision_note == "Kwam nooit opdagen."


@pytest.mark.parametrize(
    ("role", "expected", "sent"),
    [
        ("anonymous", LOGIN, False),
        ("outsider", 404, False),
        ("requester", 404, False),
        ("member", 403, False),
        ("facilitator", 303, True),
        ("other_facilitator", 404, False),
        ("coordinator", 303, True),
        ("other_coordinator", 404, False),
    ],
)
def test_inviting_to_a_closed_circle_per_role(client, circles, mailoutbox, role, expected, sent):
    circles.login(client, role)

    response = client.post(
        url(circles.closed_circle, "invite"), {"email": "nieuw@example.org", "message": ""}
    )

    assert outcome(response) == expected
    assert len(mailoutbox) == (1 if sent else 0)


@pytest.mark.parametrize(
    ("role", "expected", "joined"),
    [
        ("anonymous", LOGIN, False),
        ("outsider", 303, True),
        ("requester", 303, True),
        ("member", 303, False),
        ("facilitator", 303, False),
        ("other_facilitator", 303, True),
        ("coordinator", 303, True),
        ("other_coordinator", 303, True),
    ],
)
def test_asking_to_join_a_closed_circle_per_role(client, circles, role, expected, joined):
    circle = circles.closed_circle
    circles.login(client, role)

    response = client.post(url(circle, "join"), {"motivation": "Ik werk aan de wijkaanpak."})

    assert outcome(response) == expected
    pending = Membership.objects.pending().filter(circle=circle)
    if role != "anonymous":
        user = circles.users[role]
        assert pending.filter(user=user).exists() is joined


@pytest.mark.parametrize(
    ("role", "expected", "left"),
    [
        ("anonymous", LOGIN, False),
        ("outsider", 404, False),
        ("requester", 404, False),
        ("member", 303, True),
        ("other_facilitator", 404, False),
        ("coordinator", 404, False),
    ],
)
def test_leaving_a_closed_circle_per_role(client, circles, role, expected, left):
    circles.login(client, role)

    response = client.post(url(circles.closed_circle, "leave"))

    assert outcome(response) == expected
    if role == "member":
        membership = Membership.objects.get(circle=circles.closed_circle, user=circles.users[role])
        assert (membership.status == MembershipStatus.LEFT) is left


def test_closed_circle_page_tells_outsiders_nothing_of_its_members(client, circles):
    circles.login(client, "outsider")

    page = client.get(url(circles.closed_circle)).content.decode()

    assert "Besloten leerkring" in page or "Closed circle" in page
    assert circles.users["member"].get_full_name() not in page
    assert url(circles.closed_circle, "members") not in page


def test_coordinator_of_an_enclosing_network_reads_a_closed_circle_in_a_sub_network(
    client, circles
):
    from tests.factories import NetworkCoordinatorFactory

    top = NetworkCoordinatorFactory(network=circles.network)
    client.force_login(top.user)

    assert client.get(url(circles.closed_circle, "members")).status_code == 200
    assert client.get(url(circles.closed_circle, "requests")).status_code == 200


@pytest.mark.parametrize(
    ("role", "expected", "promoted"),
    [
        ("anonymous", LOGIN, False),
        ("outsider", 404, False),
        ("requester", 404, False),
        ("member", 403, False),
        ("facilitator", 303, True),
        ("other_facilitator", 404, False),
        ("coordinator", 303, True),
        ("other_coordinator", 404, False),
    ],
)
def test_making_a_member_facilitator_of_a_closed_circle_per_role(
    client, circles, role, expected, promoted
):
    member = Membership.objects.get(circle=circles.closed_circle, user=circles.users["member"])
    circles.login(client, role)

    response = client.post(url(circles.closed_circle, "promote", member.pk))

    assert outcome(response) == expected
    member.refresh_from_db()
    assert member.is_facilitator is promoted


def test_promoting_is_post_only_and_only_for_active_members(client, circles):
    requester = Membership.objects.get(circle=circles.open_circle, user=circles.users["requester"])
    circles.login(client, "facilitator")

    assert client.get(url(circles.open_circle, "promote", requester.pk)).status_code == 405
    assert client.post(url(circles.open_circle, "promote", requester.pk)).status_code == 404
    requester.refresh_from_db()
    assert requester.role == "member"
