"""The demo network: complete, built from the seeds' facts, and idempotent."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from leerkring.models import NetworkPage
from practices.models import InitiativeReport, Organisation, PracticeCasePage, Theme

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ["coordinator", "facilitator", "member", "editor", "outsider"]


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            PracticeCasePage,
            Organisation,
            Theme,
            InitiativeReport,
            get_user_model(),
            get_image_model(),
        )
    }


def test_load_demo_builds_the_network_and_is_idempotent(client, capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")

    assert snapshot() == first
    assert first["PracticeCasePage"] >= 6
    assert first["Organisation"] >= 8
    root = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(root, NetworkPage)
    corpus = " ".join(
        [" ".join(row) for row in PracticeCasePage.objects.values_list("title", "summary", "place")]
        + list(Organisation.objects.values_list("name", flat=True))
    )
    for place in (
        "Haringvliet",
        "Benedenbuurt",
        "Grunneger Power",
        "Kuil",
        "Austerlitz",
        "Moerwijk",
    ):
        assert place in corpus
    output = capsys.readouterr().out
    for username in DEMO_USERNAMES:
        assert username in output
        assert authenticate(username=username, password="demo") is not None


def test_demo_pages_answer(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo")
    story = PracticeCasePage.objects.live().first()
    client.defaults["HTTP_HOST"] = "localhost"

    for url in ("/", "/uit-de-praktijk/", story.url, "/initiatieven/", "/initiatieven/melden/"):
        assert client.get(url).status_code == 200, url
