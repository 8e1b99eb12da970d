"""Admin listings of memberships and meetings show a coordinator only their own networks."""

import pytest

from leerkring.models import Meeting, Membership
from practices.roles import COORDINATORS_GROUP

from .factories import MeetingFactory


@pytest.fixture
def admin_circles(circles):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=COORDINATORS_GROUP)
    for role in ("coordinator", "other_coordinator", "member"):
        if role != "member":
            circles.users[role].groups.add(group)
    Membership.objects.filter(circle=circles.closed_circle, user=circles.users["member"]).update(
        status="removed", decision_note="Deelde verslagen buiten de kring"
    )
    MeetingFactory(circle=circles.closed_circle, title="Geheime bijeenkomst")
    return circles


def test_coordinator_sees_removal_reasons_of_their_network(client, admin_circles):
    admin_circles.login(client, "coordinator")

    page = client.get("/admin/leerkring/membership/").content.decode()

    assert "Deelde verslagen buiten de kring" in page
    assert "Geheime bijeenkomst" in client.get("/admin/leerkring/meeting/").content.decode()


def test_coordinator_of_another_network_sees_none_of_it(client, admin_circles):
    removed = Membership.objects.get(status="removed")
    meeting = Meeting.objects.get(title="Geheime bijeenkomst")
    admin_circles.login(client, "other_coordinator")

    listing = client.get("/admin/leerkring/membership/")
    assert listing.status_code == 200
    assert "Deelde verslagen buiten de kring" not in listing.content.decode()
    assert "Vertrouwelijke kring" not in listing.content.decode()
    assert "Geheime bijeenkomst" not in client.get("/admin/leerkring/meeting/").content.decode()
    for url in (
        f"/admin/leerkring/membership/inspect/{removed.pk}/",
        f"/admin/leerkring/membership/history/{removed.pk}/",
        f"/admin/leerkring/membership/usage/{removed.pk}/",
        f"/admin/leerkring/meeting/edit/{meeting.pk}/",
        f"/admin/leerkring/meeting/inspect/{meeting.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_members_have_no_admin_listing(client, admin_circles):
    admin_circles.login(client, "member")

    response = client.get("/admin/leerkring/membership/")

    assert response.status_code in (302, 403)
