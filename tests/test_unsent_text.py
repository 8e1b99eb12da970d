"""Nothing typed is lost: a session that expired while writing, or a form whose security
token went stale, keeps the text for the form, which offers it again after logging in."""

import pytest
from django.test import Client

from leerkring.models import Thread

pytestmark = pytest.mark.django_db

REPLY = "We hebben de warmtescan met twaalf huishoudens gedaan <script>alert(1)</script>"


@pytest.fixture
def thread(circles):
    return Thread.objects.create(
        circle=circles.closed_circle,
        title="Ervaringen met de warmtescan",
        body="Wie deed er al mee?",
        author=circles.users["facilitator"],
    )


def thread_url(thread):
    return thread.circle.url + f"gesprekken/{thread.pk}/"


def test_a_reply_sent_after_the_session_expired_is_offered_again_after_login(circles, thread):
    client = Client()

    response = client.post(thread_url(thread), {"text": REPLY})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=" + thread_url(thread))
    client.force_login(circles.users["member"])
    page = client.get(thread_url(thread)).content.decode()
    assert "We hebben de warmtescan met twaalf huishoudens gedaan" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text, in the form
    assert "<script>alert(1)</script>" not in page
    # Offered once: the next visit shows an empty form.
    assert "twaalf huishoudens" not in client.get(thread_url(thread)).content.decode()


def test_kept_text_is_offered_on_its_own_page_only(circles, thread):
    client = Client()
    client.post(thread_url(thread), {"text": REPLY})
    client.force_login(circles.users["member"])

    other_page = client.get(circles.open_circle.url + "gesprekken/nieuw/").content.decode()

    assert "twaalf huishoudens" not in other_page
    assert "twaalf huishoudens" in client.get(thread_url(thread)).content.decode()


def test_a_new_conversation_written_after_the_session_expired_comes_back(circles):
    client = Client()
    url = circles.open_circle.url + "gesprekken/nieuw/"

    client.post(url, {"title": "Subsidie voor isolatie", "body": "Wie kent de regeling?\x00"})
    client.force_login(circles.users["member"])
    page = client.get(url).content.decode()

    assert 'value="Subsidie voor isolatie"' in page
    assert "Wie kent de regeling?" in page
    assert not Thread.objects.filter(title="Subsidie voor isolatie").exists()


def test_a_join_motivation_written_after_the_session_expired_comes_back(circles):
    client = Client()
    url = circles.open_circle.url + "aanmelden/"

    client.post(url, {"motivation": "Wij beginnen volgend jaar met een warmtenet."})
    client.force_login(circles.users["outsider"])

    assert "volgend jaar met een warmtenet" in client.get(url).content.decode()


def test_a_stale_form_shows_the_text_and_keeps_it_for_the_form(circles, thread):
    client = Client(enforce_csrf_checks=True)
    client.force_login(circles.users["member"])

    response = client.post(
        thread_url(thread), {"text": REPLY}, HTTP_REFERER="http://testserver" + thread_url(thread)
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "twaalf huishoudens" in page
    assert "<script>alert(1)</script>" not in page
    assert f'href="{thread_url(thread)}"' in page
    assert "twaalf huishoudens" in client.get(thread_url(thread)).content.decode()


def test_a_meeting_planned_after_the_session_expired_comes_back(circles):
    client = Client()
    url = circles.open_circle.url + "bijeenkomsten/nieuw/"

    client.post(url, {"title": "Warmtecafé", "location": "Dorpshuis", "agenda": "Kennismaken"})
    client.force_login(circles.users["facilitator"])
    page = client.get(url).content.decode()

    assert 'value="Warmtecafé"' in page and "Kennismaken" in page


def test_an_invitation_written_after_the_session_expired_comes_back(circles):
    client = Client()
    url = circles.open_circle.url + "uitnodigen/"

    client.post(url, {"email": "buur@example.org", "message": "Kom je ook?"})
    client.force_login(circles.users["facilitator"])
    page = client.get(url).content.decode()

    assert 'value="buur@example.org"' in page and "Kom je ook?" in page
