"""Joining a circle: requests, the waiting list, invitations, the cap, leaving, removal."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from leerkring import joining
from leerkring.choices import MembershipRole, MembershipStatus
from leerkring.models import Invitation, Membership

from .factories import LearningCirclePageFactory, MembershipFactory, UserFactory


def url(circle, route=None, *args):
    return circle.url + (circle.reverse_subpage(route, args=args) if route else "")


@pytest.fixture
def small_circle(circles):
    """A circle with a cap of 3 and one place left: the facilitator and a member are in."""
    circle = LearningCirclePageFactory(parent=circles.region, slug="klein", member_cap=3)
    MembershipFactory(
        circle=circle, user=circles.users["facilitator"], role=MembershipRole.FACILITATOR
    )
    MembershipFactory(circle=circle, user=circles.users["member"])
    return circle


def invite(client, circles, circle, email, mailoutbox):
    circles.login(client, "facilitator")
    response = client.post(url(circle, "invite"), {"email": email, "message": "Kom erbij!"})
    assert response.status_code == 303
    client.logout()
    link = re.search(r"https?://\S+/uitnodiging/\S+/", mailoutbox[-1].body).group(0)
    return link.replace("http://testserver", "")


# Requests


def test_request_notifies_facilitators_and_shows_as_pending(client, circles, mailoutbox):
    circles.login(client, "outsider")
    response = client.post(
        url(circles.open_circle, "join"), {"motivation": "Ik ben wijkregisseur."}
    )

    assert response.status_code == 303
    membership = Membership.objects.get(circle=circles.open_circle, user=circles.users["outsider"])
    assert membership.status == MembershipStatus.REQUESTED
    assert [m.to for m in mailoutbox] == [[circles.users["facilitator"].email]]
    assert "Ik ben wijkregisseur." in mailoutbox[0].body
    page = client.get(url(circles.open_circle)).content.decode()
    assert "Ask to join" not in page and "Vraag om lid te worden" not in page


def test_replayed_request_is_one_request_and_one_email(client, circles, mailoutbox):
    circles.login(client, "outsider")
    for _ in range(3):
        client.post(url(circles.open_circle, "join"), {"motivation": "Nogmaals"})

    assert (
        Membership.objects.filter(
            circle=circles.open_circle, user=circles.users["outsider"]
        ).count()
        == 1
    )
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"motivation": ""},
        {"motivation": "x" * 100_000},
        {"motivation": "Hallo", "organisation": "999999"},
        {"motivation": "Hallo", "organisation": "'; DROP TABLE leerkring_membership; --"},
    ],
    ids=["missing", "empty", "huge", "unknown-organisation", "malformed-organisation"],
)
def test_bad_join_requests_come_back_with_errors_and_save_nothing(client, circles, data):
    circles.login(client, "outsider")

    response = client.post(url(circles.open_circle, "join"), data)

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Membership.objects.filter(user=circles.users["outsider"]).exists()


def test_hostile_motivation_is_shown_inert_to_the_facilitator(client, circles):
    circles.login(client, "outsider")
    client.post(url(circles.open_circle, "join"), {"motivation": "<script>alert('x')</script> 🌱"})
    client.logout()
    circles.login(client, "facilitator")

    page = client.get(url(circles.open_circle, "requests")).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "🌱" in page


def test_request_on_a_full_circle_goes_on_the_waiting_list(client, circles, small_circle):
    MembershipFactory(circle=small_circle, user=UserFactory())  # the last place goes
    circles.login(client, "outsider")

    front_door = client.get(url(small_circle)).content.decode()
    assert "The circle is full." in front_door or "De leerkring is vol." in front_door
    response = client.post(url(small_circle, "join"), {"motivation": "Wachtlijst graag"})

    assert response.status_code == 303
    waiting = Membership.objects.get(circle=small_circle, user=circles.users["outsider"])
    assert waiting.status == MembershipStatus.WAITING


def test_accepting_when_full_refuses_and_keeps_the_request(client, circles, small_circle):
    MembershipFactory(circle=small_circle, user=UserFactory())
    request = MembershipFactory(
        circle=small_circle, user=circles.users["outsider"], status=MembershipStatus.WAITING
    )
    circles.login(client, "facilitator")

    response = client.post(
        url(small_circle, "decide", request.pk), {"decision": "accept"}, follow=True
    )

    request.refresh_from_db()
    assert request.status == MembershipStatus.WAITING
    assert Membership.objects.active().filter(circle=small_circle).count() == 3
    messages = [str(m) for m in response.context["messages"]]
    assert any("full" in m or "vol" in m for m in messages)


def test_declining_emails_the_note(client, circles, mailoutbox):
    request = Membership.objects.get(circle=circles.open_circle, user=circles.users["requester"])
    circles.login(client, "facilitator")

    client.post(
        url(circles.open_circle, "decide", request.pk),
        {"decision": "decline", "note": "Volgend seizoen!"},
    )

    request.refresh_from_db()
    assert request.status == MembershipStatus.DECLINED
    assert request.decision_note == "Volgend seizoen!"
    assert "Volgend seizoen!" in mailoutbox[0].body


@pytest.mark.parametrize("decision", ["", "maybe", "<b>accept</b>"])
def test_malformed_decisions_change_nothing(client, circles, decision):
    request = Membership.objects.get(circle=circles.open_circle, user=circles.users["requester"])
    circles.login(client, "facilitator")

    response = client.post(url(circles.open_circle, "decide", request.pk), {"decision": decision})

    # The requests page again, with the error at this request (tests/test_reply_rules.py).
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == MembershipStatus.REQUESTED


def test_decisions_on_another_circles_request_are_404(client, circles):
    foreign = Membership.objects.get(circle=circles.closed_circle, user=circles.users["requester"])
    elsewhere = circles.elsewhere_circle
    circles.login(client, "other_facilitator")

    response = client.post(url(elsewhere, "decide", foreign.pk), {"decision": "accept"})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == MembershipStatus.REQUESTED


def test_deciding_twice_is_refused_with_a_message(client, circles):
    request = Membership.objects.get(circle=circles.open_circle, user=circles.users["requester"])
    circles.login(client, "facilitator")
    client.post(url(circles.open_circle, "decide", request.pk), {"decision": "accept"})

    response = client.post(
        url(circles.open_circle, "decide", request.pk), {"decision": "decline"}, follow=True
    )

    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE
    assert any("already" in str(m) or "al " in str(m) for m in response.context["messages"])


# Invitations


def test_invitation_accepted_by_the_right_person_makes_a_member(client, circles, mailoutbox):
    invitee = UserFactory(username="invitee", email="invitee@example.org")
    link = invite(client, circles, circles.closed_circle, "Invitee@Example.org", mailoutbox)
    assert mailoutbox[-1].to == ["Invitee@Example.org"]

    client.force_login(invitee)
    assert client.get(link).status_code == 200
    response = client.post(link)

    assert response.status_code == 303
    assert Membership.objects.active().filter(circle=circles.closed_circle, user=invitee).exists()
    assert client.get(url(circles.closed_circle, "members")).status_code == 200


def test_used_invitation_is_refused_with_a_clear_message(client, circles, mailoutbox):
    first = UserFactory(username="first", email="first@example.org")
    link = invite(client, circles, circles.open_circle, "first@example.org", mailoutbox)
    client.force_login(first)
    client.post(link)
    Membership.objects.filter(user=first).update(status=MembershipStatus.LEFT)

    response = client.post(link)

    assert response.status_code == 410
    assert (
        "already been used" in response.content.decode()
        or "al gebruikt" in response.content.decode()
    )
    assert not Membership.objects.active().filter(user=first).exists()


def test_expired_invitation_is_refused_with_a_clear_message(client, circles, mailoutbox):
    invitee = UserFactory(username="late", email="late@example.org")
    link = invite(client, circles, circles.open_circle, "late@example.org", mailoutbox)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(invitee)

    response = client.post(link)

    assert response.status_code == 410
    assert not Membership.objects.filter(user=invitee).exists()


def test_invitation_for_another_address_is_refused(client, circles, mailoutbox):
    link = invite(client, circles, circles.closed_circle, "someone-else@example.org", mailoutbox)
    circles.login(client, "outsider")

    response = client.post(link)

    assert response.status_code == 403
    assert "someone-else@example.org" in response.content.decode()
    assert not Membership.objects.active().filter(user=circles.users["outsider"]).exists()


@pytest.mark.parametrize("token", ["nonsense", "a" * 43, "%3Cscript%3E", "x" * 2000])
def test_unknown_or_tampered_tokens_are_404(client, circles, token):
    circles.login(client, "outsider")

    response = client.get(url(circles.closed_circle) + f"uitnodiging/{token}/")

    assert response.status_code == 404


def test_token_of_one_circle_does_not_open_another(client, circles, mailoutbox):
    link = invite(client, circles, circles.closed_circle, "outsider@example.org", mailoutbox)
    token = link.rstrip("/").rsplit("/", 1)[1]
    circles.login(client, "outsider")

    response = client.post(url(circles.open_circle) + f"uitnodiging/{token}/")

    assert response.status_code == 404


def test_anonymous_invitee_is_offered_login_and_signup_coming_back_here(
    client, circles, mailoutbox
):
    link = invite(client, circles, circles.closed_circle, "nieuw@example.org", mailoutbox)

    page = client.get(link).content.decode()

    assert "/accounts/signup/?next=" in page
    assert "/accounts/login/?next=" in page
    assert client.post(link).status_code == 302
    assert Invitation.objects.get().accepted_at is None


def test_signing_up_from_an_invitation_needs_no_second_confirmation(client, circles, mailoutbox):
    link = invite(client, circles, circles.closed_circle, "nieuw@example.org", mailoutbox)
    client.get(link)
    sent_before = len(mailoutbox)

    response = client.post(
        "/accounts/signup/?next=" + link,
        {
            "email": "nieuw@example.org",
            "username": "nieuw",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    assert len(mailoutbox) == sent_before  # no confirmation email: the link proved the address
    response = client.post(link)

    assert response.status_code == 303
    assert (
        Membership.objects.active()
        .filter(circle=circles.closed_circle, user__username="nieuw")
        .exists()
    )


@pytest.mark.parametrize(
    "email", ["", "not-an-address", "a@" + "b" * 300 + ".nl", "<script>@x.nl", "member@example.org"]
)
def test_bad_invitation_addresses_are_refused(client, circles, mailoutbox, email):
    circles.login(client, "facilitator")

    response = client.post(url(circles.open_circle, "invite"), {"email": email})

    assert response.status_code == 400
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_invitation_to_a_full_circle_puts_the_invitee_on_the_waiting_list(
    client, circles, small_circle, mailoutbox
):
    invitee = UserFactory(username="laat", email="laat@example.org")
    link = invite(client, circles, small_circle, "laat@example.org", mailoutbox)
    MembershipFactory(circle=small_circle, user=UserFactory())  # someone else takes the place
    client.force_login(invitee)

    response = client.post(link, follow=True)

    assert (
        Membership.objects.get(circle=small_circle, user=invitee).status == MembershipStatus.WAITING
    )
    assert Invitation.objects.get().accepted_at is None
    assert Membership.objects.active().filter(circle=small_circle).count() == 3
    assert response.status_code == 200


# The cap, enforced where two decisions meet


def test_activate_refuses_beyond_the_cap(circles, small_circle):
    joining.activate(small_circle, circles.users["outsider"])

    with pytest.raises(joining.CircleFull):
        joining.activate(small_circle, circles.users["requester"])
    assert Membership.objects.active().filter(circle=small_circle).count() == 3


# Leaving and removal


def test_last_facilitator_must_name_a_successor(client, circles):
    circles.login(client, "facilitator")

    refused = client.post(url(circles.open_circle, "leave"))
    assert refused.status_code == 400
    facilitator = Membership.objects.get(
        circle=circles.open_circle, user=circles.users["facilitator"]
    )
    assert facilitator.is_facilitator

    successor = Membership.objects.get(circle=circles.open_circle, user=circles.users["member"])
    response = client.post(url(circles.open_circle, "leave"), {"successor": successor.pk})

    assert response.status_code == 303
    facilitator.refresh_from_db()
    successor.refresh_from_db()
    assert facilitator.status == MembershipStatus.LEFT
    assert successor.is_facilitator


def test_successor_from_another_circle_is_refused(client, circles):
    foreign = Membership.objects.get(circle=circles.elsewhere_circle)
    circles.login(client, "facilitator")

    response = client.post(url(circles.open_circle, "leave"), {"successor": foreign.pk})

    assert response.status_code == 400
    assert Membership.objects.get(
        circle=circles.open_circle, user=circles.users["facilitator"]
    ).is_facilitator


def test_member_leaves_and_can_ask_again(client, circles):
    circles.login(client, "member")
    assert client.post(url(circles.open_circle, "leave")).status_code == 303

    client.post(url(circles.open_circle, "join"), {"motivation": "Toch weer"})

    membership = Membership.objects.get(circle=circles.open_circle, user=circles.users["member"])
    assert membership.status == MembershipStatus.REQUESTED


def test_removal_needs_a_reason_and_keeps_it(client, circles):
    member = Membership.objects.get(circle=circles.open_circle, user=circles.users["member"])
    circles.login(client, "facilitator")

    assert (
        client.post(url(circles.open_circle, "remove", member.pk), {"reason": ""}).status_code
        == 400
    )
    member.refresh_from_db()
    assert member.is_active

    client.post(url(circles.open_circle, "remove", member.pk), {"reason": "Ongepaste berichten"})
    member.refresh_from_db()
    assert member.status == MembershipStatus.REMOVED
    assert member.decision_note == "Ongepaste berichten"
    assert member.decided_by == circles.users["facilitator"]


def test_the_last_facilitator_cannot_be_removed(client, circles):
    facilitator = Membership.objects.get(
        circle=circles.open_circle, user=circles.users["facilitator"]
    )
    circles.login(client, "coordinator")

    response = client.post(url(circles.open_circle, "remove", facilitator.pk), {"reason": "Test"})

    assert response.status_code == 400
    facilitator.refresh_from_db()
    assert facilitator.is_facilitator


def test_members_page_shows_the_composition(client, circles):
    from practices.choices import OrganisationKind

    from .factories import OrganisationFactory

    gemeente = OrganisationFactory(
        name="Gemeente Zeist", kind=OrganisationKind.MUNICIPALITY, municipality="Zeist"
    )
    cooperatie = OrganisationFactory(name="Grunneger Power", municipality="Groningen")
    # The member shows their name publicly, so visitors see them and their organisation.
    Membership.objects.filter(circle=circles.open_circle, user=circles.users["member"]).update(
        organisation=gemeente, listed_publicly=True
    )
    Membership.objects.filter(circle=circles.open_circle, user=circles.users["facilitator"]).update(
        organisation=cooperatie
    )

    response = client.get(url(circles.open_circle, "members"))

    composition = response.context["composition"]
    assert composition.is_balanced
    assert [row[0] for row in composition.rows] == ["Groningen", "Zeist"]
    assert composition.total == 2
    assert "Gemeente Zeist" in response.content.decode()


@pytest.mark.parametrize(
    "reason", ["x" * 100_000, "<img src=x onerror=alert(1)>", "   "], ids=["huge", "html", "blank"]
)
def test_removal_reasons_are_bounded_and_inert(client, circles, reason):
    member = Membership.objects.get(circle=circles.open_circle, user=circles.users["member"])
    circles.login(client, "facilitator")

    response = client.post(url(circles.open_circle, "remove", member.pk), {"reason": reason})

    member.refresh_from_db()
    if reason.startswith("<img"):
        assert response.status_code == 303
        assert member.decision_note == reason  # kept as typed, escaped wherever it is shown
        admin_page = client.get(url(circles.open_circle, "members")).content.decode()
        assert "onerror=alert" not in admin_page or "&lt;img" in admin_page
    else:
        assert response.status_code == 400
        assert member.is_active


@pytest.mark.parametrize("successor", ["abc", "-1", "99999999", "1 OR 1=1"])
def test_malformed_successors_are_refused(client, circles, successor):
    circles.login(client, "facilitator")

    response = client.post(url(circles.open_circle, "leave"), {"successor": successor})

    assert response.status_code == 400
    assert Membership.objects.get(
        circle=circles.open_circle, user=circles.users["facilitator"]
    ).is_facilitator


def test_removing_someone_of_another_circle_is_404(client, circles):
    foreign = Membership.objects.get(circle=circles.elsewhere_circle)
    circles.login(client, "facilitator")

    response = client.post(url(circles.open_circle, "remove", foreign.pk), {"reason": "Weg"})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active


# Withdrawing a request, the waiting list


def messages_of(response):
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


@pytest.mark.parametrize("circle_name", ["open_circle", "closed_circle"])
def test_a_requester_withdraws_and_the_facilitator_sees_it_no_more(client, circles, circle_name):
    circle = getattr(circles, circle_name)
    withdraw = url(circle, "withdraw_request")
    circles.login(client, "requester")
    assert f'action="{withdraw}"' in client.get(url(circle)).content.decode()

    response = client.post(withdraw, follow=True)
    assert response.redirect_chain[-1][1] == 303
    assert [level for level, _text in messages_of(response)] == ["success"]
    membership = Membership.objects.get(circle=circle, user=circles.users["requester"])
    assert membership.status == MembershipStatus.LEFT
    assert f'action="{withdraw}"' not in response.content.decode()

    # The replayed form changes nothing and says why.
    replayed = client.post(withdraw, follow=True)
    assert [level for level, _text in messages_of(replayed)] == ["info"]
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LEFT

    client.logout()
    circles.login(client, "facilitator")
    requests_page = client.get(url(circle, "requests"))
    assert circles.users["requester"] not in [m.user for m in requests_page.context["pending"]]

    client.logout()
    circles.login(client, "requester")
    client.post(url(circle, "join"), {"motivation": "Toch graag"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_the_waiting_list_shows_your_place_and_withdrawing_goes_to_the_back(
    client, circles, small_circle
):
    MembershipFactory(circle=small_circle, user=UserFactory())  # the last place goes
    waiting = [UserFactory(username=f"wachtende-{n}") for n in range(3)]
    for user in waiting:
        client.force_login(user)
        client.post(url(small_circle, "join"), {"motivation": "Graag"})
    assert set(
        Membership.objects.filter(circle=small_circle, user__in=waiting).values_list(
            "status", flat=True
        )
    ) == {MembershipStatus.WAITING}

    def place_of(user):
        client.force_login(user)
        return client.get(url(small_circle)).context["waiting_list_place"]

    assert [place_of(user) for user in waiting] == [1, 2, 3]

    client.force_login(waiting[0])
    response = client.post(url(small_circle, "withdraw_request"), follow=True)
    assert [level for level, _text in messages_of(response)] == ["success"]
    assert [place_of(user) for user in waiting[1:]] == [1, 2]

    client.force_login(waiting[0])
    client.post(url(small_circle, "join"), {"motivation": "Toch weer"})
    assert place_of(waiting[0]) == 3  # a new request, at the back of the line


def test_withdrawing_without_an_open_request_changes_nothing(client, circles):
    withdraw = url(circles.open_circle, "withdraw_request")
    assert client.get(withdraw).status_code == 405
    response = client.post(withdraw)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    for role in ("member", "facilitator", "outsider"):
        client.logout()
        circles.login(client, role)
        before = list(
            Membership.objects.filter(user=circles.users[role]).values_list("pk", "status")
        )
        response = client.post(withdraw, follow=True)
        assert response.status_code == 200
        assert [level for level, _text in messages_of(response)] == ["info"]
        after = list(
            Membership.objects.filter(user=circles.users[role]).values_list("pk", "status")
        )
        assert after == before
