"""The public 'initiatiefkaart': report an initiative, moderated before it goes public."""

import pytest
from django.urls import reverse

from practices.models import InitiativeReport, Organisation

from .factories import InitiativeReportFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Buurtvereniging Austerlitz Duurzaam",
    "kind": "buurtvereniging",
    "municipality": "Zeist",
    "neighbourhood": "Austerlitz",
    "website": "https://example.org/austerlitz",
    "description": "Wij organiseren warmtescans en een klankbordgroep in het dorp.",
    "reporter_name": "Iris Jansen",
    "reporter_email": "iris@example.org",
}


def report_url(directory):
    return f"{directory.url}melden/"


def test_form_page_renders_without_javascript_needs(client, organisation_index):
    response = client.get(report_url(organisation_index))

    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert 'name="reporter_email"' in response.text


def test_valid_report_lands_in_the_queue_and_not_in_public(client, organisation_index):
    response = client.post(report_url(organisation_index), VALID)

    assert response.status_code == 302
    assert response["Location"].endswith("/melden/bedankt/")
    report = InitiativeReport.objects.get()
    assert report.status == InitiativeReport.Status.PENDING
    assert not Organisation.objects.exists()
    assert VALID["name"] not in client.get(organisation_index.url).text
    assert client.get(response["Location"]).status_code == 200


def test_empty_form_is_refused_with_messages_per_field(client, organisation_index):
    response = client.post(report_url(organisation_index), {})

    assert response.status_code == 400
    assert not InitiativeReport.objects.exists()
    assert response.text.count('aria-invalid="true"') >= 5


def test_huge_description_is_refused_and_the_text_is_kept(client, organisation_index):
    huge = "Warmtenet " * 10_000  # 100 kB
    response = client.post(report_url(organisation_index), {**VALID, "description": huge})

    assert response.status_code == 400
    assert not InitiativeReport.objects.exists()
    assert VALID["reporter_name"] in response.text  # the other fields come back filled
    assert "Warmtenet Warmtenet" in response.text


def test_malformed_email_and_website_are_refused(client, organisation_index):
    data = {**VALID, "reporter_email": "niet-een-adres", "website": "javascript:alert(1)"}
    response = client.post(report_url(organisation_index), data)

    assert response.status_code == 400
    assert not InitiativeReport.objects.exists()
    assert 'href="javascript:' not in response.text


def test_unknown_kind_is_refused(client, organisation_index):
    response = client.post(report_url(organisation_index), {**VALID, "kind": "ufo"})

    assert response.status_code == 400
    assert not InitiativeReport.objects.exists()


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_markup_in_every_field_stays_inert(client, organisation_index, coordinator):
    data = dict(VALID)
    for field in ("name", "municipality", "neighbourhood", "description", "reporter_name"):
        data[field] = f"{HOSTILE} {field}"
    client.post(report_url(organisation_index), data)
    report = InitiativeReport.objects.get()
    organisation = report.approve(coordinator)

    for url in (organisation_index.url, f"{organisation_index.url}{organisation.slug}/"):
        text = client.get(url).text
        assert "<script>alert" not in text
        assert "<img src=x" not in text
        assert "&lt;script&gt;" in text

    client.force_login(coordinator)
    review = client.get(reverse("practices_initiativereport_modeladmin_review", args=[report.pk]))
    assert review.status_code == 200
    assert "<script>alert" not in review.text


def test_unicode_is_kept_intact(client, organisation_index):
    data = {**VALID, "name": "Energiecoöperatie Één 🌱", "municipality": "Súdwest-Fryslân"}
    client.post(report_url(organisation_index), data)

    assert InitiativeReport.objects.get().name == "Energiecoöperatie Één 🌱"


def test_repeated_submission_saves_one_report(client, organisation_index):
    first = client.post(report_url(organisation_index), VALID)
    second = client.post(report_url(organisation_index), {**VALID, "name": VALID["name"].upper()})

    assert first.status_code == second.status_code == 302
    assert InitiativeReport.objects.count() == 1
    assert "al gemeld" in client.get(second["Location"]).text


def test_honeypot_submission_is_thanked_but_not_saved(client, organisation_index):
    response = client.post(report_url(organisation_index), {**VALID, "homepage": "http://spam"})

    assert response.status_code == 302
    assert not InitiativeReport.objects.exists()


def test_rate_limit_stops_a_flood_and_keeps_the_text(client, organisation_index, settings):
    settings.PRACTICES_INITIATIVE_REPORTS_PER_HOUR = 3
    for number in range(3):
        client.post(report_url(organisation_index), {**VALID, "name": f"Initiatief {number}"})

    response = client.post(report_url(organisation_index), {**VALID, "name": "Nummer vier"})

    assert response.status_code == 429
    assert InitiativeReport.objects.count() == 3
    assert "Nummer vier" in response.text


def test_coordinator_approves_report_into_the_directory(client, organisation_index, coordinator):
    report = InitiativeReportFactory(name="Klimaatstraatfeest Benedenbuurt")
    client.force_login(coordinator)
    url = reverse("practices_initiativereport_modeladmin_review", args=[report.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "approve"})
    replay = client.post(url, {"decision": "approve"})

    assert response.status_code == replay.status_code == 302
    assert Organisation.objects.filter(name="Klimaatstraatfeest Benedenbuurt").count() == 1
    client.logout()
    assert "Klimaatstraatfeest Benedenbuurt" in client.get(organisation_index.url).text


def test_rejected_report_never_reaches_the_directory(client, organisation_index, coordinator):
    report = InitiativeReportFactory(name="Verkoopt zonnepanelen")
    client.force_login(coordinator)
    url = reverse("practices_initiativereport_modeladmin_review", args=[report.pk])

    client.post(url, {"decision": "reject"})

    report.refresh_from_db()
    assert report.status == InitiativeReport.Status.REJECTED
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("decision", ["", "publish-everything", "<script>"])
def test_review_with_unknown_decision_changes_nothing(client, coordinator, decision):
    report = InitiativeReportFactory()
    client.force_login(coordinator)
    url = reverse("practices_initiativereport_modeladmin_review", args=[report.pk])

    response = client.post(url, {"decision": decision})

    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == InitiativeReport.Status.PENDING


def test_review_of_unknown_report_is_404(client, coordinator):
    client.force_login(coordinator)
    url = reverse("practices_initiativereport_modeladmin_review", args=[999999])

    assert client.post(url, {"decision": "approve"}).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "outsider", "editor"])
def test_only_coordinators_see_and_review_the_queue(client, role, editor):
    from .factories import UserFactory

    report = InitiativeReportFactory(name="Geheime melding")
    if role == "outsider":
        client.force_login(UserFactory())
    elif role == "editor":
        client.force_login(editor)
    listing = client.get(reverse("practices_initiativereport_modeladmin_index"))
    review = client.post(
        reverse("practices_initiativereport_modeladmin_review", args=[report.pk]),
        {"decision": "approve"},
    )

    assert "Geheime melding" not in listing.content.decode()
    assert listing.status_code in (302, 403)
    assert review.status_code in (302, 403)
    assert not Organisation.objects.exists()


# --- Who hears of a report (docs/architecture.md, "Roles": site-wide records) ------------


@pytest.fixture
def regional_coordinator(network):
    from leerkring.coordination import name_coordinator

    from .factories import NetworkPageFactory, UserFactory

    region = NetworkPageFactory(parent=network, title="Regio Achterhoek")
    user = UserFactory(username="regio", email="regio@example.org")
    name_coordinator(region, user, by=None)
    return user


def test_a_new_report_is_mailed_to_the_site_coordinators_only(
    client,
    organisation_index,
    coordinator,
    regional_coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(report_url(organisation_index), {**VALID, "name": "Wijkwarmte & Co"})

    report = InitiativeReport.objects.get()
    assert [message.to for message in mailoutbox] == [[coordinator.email]]
    notice = mailoutbox[0]
    assert notice.subject == "Initiatief gemeld: Wijkwarmte & Co (Zeist)"
    assert "warmtescans" in notice.body
    assert reverse("practices_initiativereport_modeladmin_review", args=[report.pk]) in notice.body
    # The reporter's address is for the reply to them, not passed around.
    assert VALID["reporter_email"] not in notice.body


def test_a_refused_or_repeated_report_sends_no_second_notice(
    client, organisation_index, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(report_url(organisation_index), VALID)
        client.post(report_url(organisation_index), VALID)
        client.post(report_url(organisation_index), {**VALID, "reporter_email": "nee"})

    assert len(mailoutbox) == 1


@pytest.mark.parametrize("decision, approved", [("approve", True), ("reject", False)])
def test_the_reporter_hears_the_decision_once(
    client,
    organisation_index,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
    decision,
    approved,
):
    report = InitiativeReportFactory(
        name="Klimaatstraatfeest", reporter_name="Iris", reporter_email="iris@example.org"
    )
    client.force_login(coordinator)
    url = reverse("practices_initiativereport_modeladmin_review", args=[report.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": decision})
        client.post(url, {"decision": decision})

    assert [message.to for message in mailoutbox] == [["iris@example.org"]]
    letter = mailoutbox[0]
    assert "Beste Iris," in letter.body
    if approved:
        organisation = Organisation.objects.get(name="Klimaatstraatfeest")
        assert letter.subject == "Klimaatstraatfeest staat nu in het overzicht"
        assert organisation_index.organisation_url(organisation) in letter.body
        assert client.get(organisation_index.organisation_url(organisation)).status_code == 200
    else:
        assert letter.subject == "Je melding van Klimaatstraatfeest"
        assert "niet" in letter.body
        assert not Organisation.objects.exists()


def test_an_unknown_decision_tells_the_reporter_nothing(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    report = InitiativeReportFactory()
    client.force_login(coordinator)
    url = reverse("practices_initiativereport_modeladmin_review", args=[report.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "<script>"})

    assert mailoutbox == []


def test_the_dashboard_lists_the_waiting_reports_for_site_coordinators(
    client, coordinator, regional_coordinator
):
    waiting = InitiativeReportFactory(name="Zonnedak <b>Zeist</b>")
    InitiativeReportFactory(name="Al besloten", status=InitiativeReport.Status.REJECTED)
    client.force_login(coordinator)

    dashboard = client.get(reverse("wagtailadmin_home")).text

    assert "1 gemeld initiatief wacht op je besluit." in dashboard
    assert reverse("practices_initiativereport_modeladmin_review", args=[waiting.pk]) in dashboard
    assert "Zonnedak &lt;b&gt;Zeist&lt;/b&gt;" in dashboard
    assert "Al besloten" not in dashboard

    client.force_login(regional_coordinator)
    assert "Zonnedak" not in client.get(reverse("wagtailadmin_home")).text


def test_the_dashboard_panel_costs_the_same_with_many_reports(
    client, coordinator, django_assert_max_num_queries
):
    def dashboard_queries(reports):
        InitiativeReportFactory.create_batch(reports)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("wagtailadmin_home"))
        return len(queries)

    client.force_login(coordinator)
    few = dashboard_queries(2)
    assert dashboard_queries(40) <= few
