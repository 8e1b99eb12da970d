"""Whatever anyone types into an address or a form: an answer, never a server error.

Every query parameter of the public pages, every id in a route and the main forms get a
corpus of hostile values: markup and script, digits that are not ASCII ("²" passes
``str.isdigit`` but not ``int``), ids too large for the database, NUL characters (which
PostgreSQL refuses), control and direction characters, huge texts. A value a page cannot
use is treated as absent or refused with a message; it never reaches the database as it
is. Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from leerkring.models import Meeting, Thread

from .factories import MeetingFactory

HOSTILE_VALUES = [
    "",
    " ",
    "²",
    "¹²³",
    "٣",  # an Arabic-Indic digit: int() accepts it, the database would too
    "１２",  # fullwidth digits
    "0",
    "-1",
    "+5",
    "1.5",
    "1e9",
    "9" * 19,
    "9" * 40,
    str(2**63),
    "0x1F",
    "NaN",
    "\x00",
    "1\x00",
    "energie\x00coöperatie",
    "\r\nSet-Cookie: x=1",
    "\u202egnimraw",  # right-to-left override
    "\ufeff",
    "\ud7ff\ue000",
    "🔥" * 50,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR 1=1 --",
    "%00",
    "%2e%2e%2f",
    "../../etc/passwd",
    "{{ 7*7 }}",
    "{% debug %}",
    "${jndi:ldap://x}",
    "a" * 5000,
    "warmtepomp " * 300,
    "[" * 2000,
]

PUBLIC_PARAMETERS = {
    "search": ("/zoeken/", ["q", "page", "type", "theme", "municipality", "network", "circle"]),
    "suggestions": ("/zoeken/suggesties/", ["q"]),
    "site search": ("/search/", ["query", "q"]),
    "practice list": ("PRACTICES", ["page", "theme", "municipality", "kind", "phase"]),
    "organisation list": ("ORGANISATIONS", ["page", "kind", "municipality", "stage", "q"]),
    "thread list": ("THREADS", ["page"]),
    "thread": ("THREAD", ["antwoord", "page"]),
}


@pytest.fixture
def surfaces(circles, practice_index, organisation_index):
    thread = Thread.objects.create(
        circle=circles.open_circle,
        title="Wie heeft ervaring met een warmtescan?",
        body="We willen een warmtescan in de wijk.",
        author=circles.users["member"],
    )
    return {
        "PRACTICES": practice_index.url,
        "ORGANISATIONS": organisation_index.url,
        "THREADS": circles.open_circle.url + "gesprekken/",
        "THREAD": circles.open_circle.url + f"gesprekken/{thread.pk}/",
    }


def _answers(client, url, parameters):
    """Status codes of the page for every hostile value in every parameter."""
    answers = {}
    for name in parameters:
        for value in HOSTILE_VALUES:
            status = client.get(url, {name: value}).status_code
            answers.setdefault(status, []).append((name, value[:20]))
    return answers


@pytest.mark.parametrize("surface", PUBLIC_PARAMETERS, ids=PUBLIC_PARAMETERS.keys())
@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_no_query_parameter_value_makes_a_page_fail(circles, surfaces, surface, role):
    url, parameters = PUBLIC_PARAMETERS[surface]
    client = circles.login(Client(raise_request_exception=False), role)

    answers = _answers(client, surfaces.get(url, url), parameters)

    failures = {status: cases for status, cases in answers.items() if status >= 500}
    assert failures == {}
    assert set(answers) <= {200, 302, 400, 404}  # the site search leads on to /zoeken/


ROUTES_WITH_IDS = [
    "gesprekken/{id}/",
    "gesprekken/{id}/volgen/",
    "gesprekken/{id}/beheer/",
    "gesprekken/1/reacties/{id}/",
    "gesprekken/1/reacties/{id}/verwijderen/",
    "bijeenkomsten/{id}/",
    "bijeenkomsten/{id}/ics/",
    "bijeenkomsten/{id}/bewerken/",
    "aanmeldingen/{id}/",
    "leden/{id}/verwijderen/",
    "lessen/{id}/voordragen/",
]
IMPOSSIBLE_IDS = ["9" * 19, "9" * 40, str(2**63), "0"]


@pytest.mark.parametrize("route", ROUTES_WITH_IDS)
def test_an_id_too_large_for_the_database_is_not_found(circles, route):
    client = circles.login(Client(raise_request_exception=False), "facilitator")

    statuses = {
        client.get(circles.open_circle.url + route.format(id=value)).status_code
        for value in IMPOSSIBLE_IDS
    }
    statuses |= {
        client.post(circles.open_circle.url + route.format(id=value)).status_code
        for value in IMPOSSIBLE_IDS
    }

    assert statuses <= {400, 404, 405}  # an empty POST may be refused before the lookup


@pytest.mark.parametrize("value", ["9" * 19, "9" * 40, "²", "-3"])
def test_the_admin_curation_board_with_an_impossible_id_is_not_found(circles, value):
    client = circles.login(Client(raise_request_exception=False), "coordinator")

    response = client.get(f"/admin/leerkring/curatie/{value}/")

    assert response.status_code == 404


@pytest.mark.parametrize("year", ["0001", "0999", "1899", "2101", "9999"])
def test_a_meeting_in_an_impossible_year_is_refused_with_what_is_allowed(circles, year):
    client = circles.login(Client(raise_request_exception=False), "facilitator")

    response = client.post(
        circles.open_circle.url + "bijeenkomsten/nieuw/",
        {
            "title": "Warmtecafé",
            "starts_at": f"{year}-01-01T19:30",
            "ends_at": f"{year}-01-01T21:30",
            "location": "Dorpshuis De Kuil, Tilburg",
            "agenda": "Kennismaken",
        },
    )

    assert response.status_code in (200, 400)
    assert "2000" in response.content.decode() and "2100" in response.content.decode()
    assert not Meeting.objects.filter(circle=circles.open_circle).exists()
    # The meeting list and search still answer.
    assert client.get(circles.open_circle.url + "bijeenkomsten/").status_code == 200
    assert client.get("/zoeken/", {"q": "Warmtecafé"}).status_code == 200


def test_an_existing_meeting_keeps_its_date_when_an_impossible_one_is_posted(circles):
    meeting = MeetingFactory(
        circle=circles.open_circle, starts_at=timezone.now() + timedelta(days=3)
    )
    client = circles.login(Client(raise_request_exception=False), "facilitator")

    response = client.post(
        circles.open_circle.url + f"bijeenkomsten/{meeting.pk}/bewerken/",
        {
            "title": meeting.title,
            "starts_at": "0001-01-01T19:30",
            "ends_at": "0001-01-01T21:30",
            "location": meeting.location,
            "agenda": meeting.agenda,
        },
    )

    assert response.status_code in (200, 400)
    meeting.refresh_from_db()
    assert meeting.starts_at.year == timezone.now().year or meeting.starts_at.year > 2000


HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    "\x00 een NUL midden in de tekst",
    "\u202e omgekeerd",
    "🔥" * 2500,
    "a" * 10_001,  # one character over the reply's limit
    "[" * 10_000,
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=lambda text: repr(text[:12]))
def test_a_hostile_reply_is_refused_or_shown_inert_and_the_text_comes_back(circles, text):
    thread = Thread.objects.create(
        circle=circles.open_circle,
        title="Subsidie voor isolatie",
        body="Wie weet hoe de regeling werkt?",
        author=circles.users["facilitator"],
    )
    client = circles.login(Client(raise_request_exception=False), "member")
    url = circles.open_circle.url + f"gesprekken/{thread.pk}/"

    response = client.post(url, {"text": text, "parent": "²"})

    assert response.status_code in (200, 303, 400)
    page = client.get(url).content.decode() if response.status_code == 303 else ""
    shown = response.content.decode() + page
    assert "<script>alert(1)</script>" not in shown
    if response.status_code != 303:
        # Refused: the form hands back what was typed, so nothing is lost.
        assert text.replace("\x00", "")[:50] in shown or "&lt;script&gt;" in shown


# --- Forms: every field gets the corpus; the other fields' text must come back -------------

FORM_VALUES = [
    "",
    " ",
    "\x00",
    "tekst\x00met NUL",
    "²",
    "9" * 40,
    "-1",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "\u202e omgekeerd",
    "🔥" * 300,
    "a" * 25_000,
    "0001-01-01T00:00",
    "2026-13-45T99:99",
    "' OR 1=1 --",
]
KEEP = "Bewaar deze zin"  # typed into every other text field; must never be lost


def _forms(circles, organisation_index):
    circle = circles.open_circle.url
    return {
        "new conversation": (
            "member",
            circle + "gesprekken/nieuw/",
            {"title": KEEP, "body": KEEP},
        ),
        "join request": ("outsider", circle + "aanmelden/", {"motivation": KEEP}),
        "invitation": (
            "facilitator",
            circle + "uitnodigen/",
            {"email": "buur@example.org", "message": KEEP},
        ),
        "meeting": (
            "facilitator",
            circle + "bijeenkomsten/nieuw/",
            {
                "title": KEEP,
                "starts_at": "2027-03-01T19:30",
                "ends_at": "2027-03-01T21:30",
                "location": KEEP,
                "online_url": "",
                "capacity": "",
                "agenda": KEEP,
            },
        ),
        "profile": (
            "member",
            "/accounts/profiel/",
            {"first_name": "Iris", "last_name": "Jansen", "organisation": "", "bio": KEEP},
        ),
        "email settings": (
            "member",
            "/accounts/meldingen/",
            {"instant_email": "on", "digest": "daily", "meeting_reminders": "on"},
        ),
        "initiative report": (
            "anonymous",
            f"{organisation_index.url}melden/",
            {
                "name": KEEP,
                "kind": "buurtvereniging",
                "municipality": "Zeist",
                "neighbourhood": "Austerlitz",
                "website": "",
                "description": KEEP,
                "reporter_name": "Iris Jansen",
                "reporter_email": "iris@example.org",
            },
        ),
    }


FORM_NAMES = [
    "new conversation",
    "join request",
    "invitation",
    "meeting",
    "profile",
    "email settings",
    "initiative report",
]


@pytest.mark.parametrize("form_name", FORM_NAMES)
def test_no_value_in_any_form_field_makes_a_500_or_loses_the_rest(
    circles, organisation_index, settings, form_name
):
    settings.PRACTICES_INITIATIVE_REPORTS_PER_HOUR = 10_000
    settings.LEERKRING_INVITATIONS_PER_HOUR = 10_000
    role, url, valid = _forms(circles, organisation_index)[form_name]
    client = circles.login(Client(raise_request_exception=False), role)
    failures, lost = [], []
    for field in valid:
        for value in FORM_VALUES:
            response = client.post(url, {**valid, field: value})
            if response.status_code >= 500:
                failures.append((field, value[:12], response.status_code))
            elif response.status_code in (200, 400):
                others = [f for f, v in valid.items() if v == KEEP and f != field]
                if others and KEEP not in response.content.decode():
                    lost.append((field, value[:12]))

    assert failures == []
    assert lost == []
