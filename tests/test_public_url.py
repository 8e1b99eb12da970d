"""Every absolute link is on the one public address, however the request came in.

The site is configured at https://leerkring.gelderland.nl while the test client asks for
``testserver``: feeds, calendars, the sitemap and every email must still link to the
configured address only (docs/architecture.md, "One public address").
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import checks
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Site

from leerkring import public
from leerkring.calendar import make_feed_token
from leerkring.calendar_links import link_token, make_link
from leerkring.models import LessonNomination, NominationStatus, NotificationSettings
from leerkring.notifications import digests, following

from .factories import MeetingFactory, UserFactory
from .test_feeds import ATOM, publish_lesson

PUBLIC = "https://leerkring.gelderland.nl"
# Addresses that belong in a feed without being links of this site.
SPEC_URLS = ("https://jsonfeed.org/version/", "http://www.w3.org/")
URL = re.compile(r"https?://[^\s<>\"')]+")


def links(text):
    return [url for url in URL.findall(text) if not url.startswith(SPEC_URLS)]


def assert_all_public(text, at_least=1):
    found = links(text)
    assert len(found) >= at_least, text
    strays = [url for url in found if not url.startswith(PUBLIC + "/")]
    assert not strays, strays
    return found


@pytest.fixture
def at_public_address(settings, circles):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    public.sync_sites()
    return circles


def path(url):
    return url[len(PUBLIC) :]


# --- The site records follow the setting -----------------------------------------------------


def test_sync_points_both_site_records_at_the_setting(settings, circles):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC + "/"
    changed = public.sync_sites()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("leerkring.gelderland.nl", 443, PUBLIC)
    from django.contrib.sites.models import Site as DjangoSite

    assert DjangoSite.objects.get_current().domain == "leerkring.gelderland.nl"
    assert changed  # it said what it changed
    assert public.sync_sites() == []  # and a second run changes nothing


def test_the_command_reports_the_address(settings, circles, capsys):
    settings.WAGTAILADMIN_BASE_URL = "http://kennis.example.nl:8080"
    call_command("sync_public_url")
    assert "Public address: http://kennis.example.nl:8080" in capsys.readouterr().out
    assert Site.objects.get(is_default_site=True).root_url == "http://kennis.example.nl:8080"


def deploy_warnings():
    return [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id == "leerkring.W008"
    ]


def test_deploy_check_warns_until_the_records_agree(settings, circles):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    warned = deploy_warnings()
    assert any("default Wagtail site is http://testserver" in w.msg for w in warned)
    public.sync_sites()
    assert deploy_warnings() == []


@pytest.mark.parametrize(
    ("address", "complaint"),
    [
        ("http://127.0.0.1:8000", "points at this machine"),
        ("http://localhost", "points at this machine"),
        ("https://www.example.com", "example address"),
        ("https://leerkring.gelderland.nl/leerkring", "has a path"),
        ("leerkring.gelderland.nl", "not an http(s) address"),
    ],
)
def test_deploy_check_names_an_address_that_cannot_be_public(settings, circles, address, complaint):
    settings.WAGTAILADMIN_BASE_URL = address
    public.sync_sites()
    assert any(complaint in w.msg for w in deploy_warnings())


# --- Feeds -----------------------------------------------------------------------------------


def test_network_feeds_link_only_to_the_public_address(client, at_public_address):
    circles = at_public_address
    lesson = publish_lesson(circles.open_circle, "Maak de wijk zichtbaar", 1)
    LessonNomination.objects.create(
        lesson=lesson, network=circles.region, status=NominationStatus.FEATURED
    )
    region = circles.region

    atom = client.get(region.url + "feed/atom/")
    assert atom.status_code == 200
    found = assert_all_public(atom.content.decode(), at_least=3)
    assert PUBLIC + lesson.url in found
    root = ET.fromstring(atom.content)  # noqa: S314 (our own feed)
    assert root.findtext(f"{ATOM}id") == PUBLIC + region.url
    assert root.find(f"{ATOM}entry").findtext(f"{ATOM}id") == PUBLIC + lesson.url

    feed = json.loads(client.get(region.url + "feed/json/").content)
    assert feed["home_page_url"] == PUBLIC + region.url
    assert feed["feed_url"] == PUBLIC + region.url + "feed/json/"
    assert [item["id"] for item in feed["items"]] == [PUBLIC + lesson.url]

    circle_feed = client.get(circles.open_circle.url + "feed/atom/")
    assert_all_public(circle_feed.content.decode(), at_least=3)


def atom_updated(client, network):
    root = ET.fromstring(client.get(network.url + "feed/atom/").content)  # noqa: S314
    entries = {
        entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}updated")
        for entry in root.findall(f"{ATOM}entry")
    }
    return root.findtext(f"{ATOM}updated"), entries


def test_featuring_a_lesson_moves_the_feeds_updated_time(client, at_public_address):
    """Readers poll by <updated>: a lesson featured today, written last month, is news."""
    circles = at_public_address
    old = publish_lesson(circles.open_circle, "Oude les", 1)
    month_ago = timezone.now() - timedelta(days=30)
    type(old).objects.filter(pk=old.pk).update(
        first_published_at=month_ago, last_published_at=month_ago
    )
    earlier = LessonNomination.objects.create(
        lesson=old, network=circles.region, status=NominationStatus.FEATURED
    )
    LessonNomination.objects.filter(pk=earlier.pk).update(updated_at=month_ago)
    before, _entries = atom_updated(client, circles.region)
    assert before.startswith(month_ago.date().isoformat())

    newly = publish_lesson(circles.open_circle, "Pas uitgelicht", 2)
    type(newly).objects.filter(pk=newly.pk).update(
        first_published_at=month_ago, last_published_at=month_ago
    )
    LessonNomination.objects.create(
        lesson=newly, network=circles.region, status=NominationStatus.FEATURED
    )
    after, entries = atom_updated(client, circles.region)
    assert after > before
    assert entries["Pas uitgelicht"] > entries["Oude les"]
    feed = json.loads(client.get(circles.region.url + "feed/json/").content)
    modified = {item["title"]: item["date_modified"] for item in feed["items"]}
    assert modified["Pas uitgelicht"] > modified["Oude les"]

    # Taking a lesson off the list changes the feed too, though no entry is newer.
    from leerkring import curation

    taken_off = LessonNomination.objects.get(lesson=newly)
    LessonNomination.objects.filter(pk=taken_off.pk).update(updated_at=month_ago)
    quiet, _entries = atom_updated(client, circles.region)
    curation.unfeature(taken_off, by=circles.users["coordinator"])
    withdrawn, entries = atom_updated(client, circles.region)
    assert list(entries) == ["Oude les"]
    assert withdrawn > quiet


# --- Calendars -------------------------------------------------------------------------------


def test_calendar_links_and_uids_use_the_public_address(client, at_public_address):
    circles = at_public_address
    circle = circles.open_circle
    meeting = MeetingFactory(circle=circle)
    member = circles.users["member"]

    download = client.get(circle.url + circle.reverse_subpage("meeting_ics", args=[meeting.pk]))
    token = make_feed_token(circle, member)
    old_feed = client.get(circle.url + circle.reverse_subpage("calendar_feed", args=[token]))

    link, _made = make_link(member)
    circles.login(client, "member")
    page = client.get(circle.url).content.decode()
    webcal = re.findall(r'href="(webcal://[^"]+)"', page)
    assert webcal == ["webcal://leerkring.gelderland.nl/agenda/" + link_token(link) + ".ics"]
    profile = client.get("/accounts/profiel/").content.decode()
    feed_links = [url for url in links(profile) if "/agenda/" in url]
    assert feed_links == [PUBLIC + "/agenda/" + link_token(link) + ".ics"]
    feed = client.get(urlsplit(feed_links[0]).path)
    for response in (download, old_feed, feed):
        assert response.status_code == 200
        event = Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert str(event["url"]).startswith(PUBLIC + circle.url)
        assert str(event["uid"]) == f"meeting-{meeting.pk}@leerkring.gelderland.nl"


# --- Sitemap ---------------------------------------------------------------------------------


def test_sitemap_locations_are_public(client, at_public_address):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert locations and all(loc.startswith(PUBLIC + "/") for loc in locations)


# --- Emails ----------------------------------------------------------------------------------


def test_reply_and_thread_emails_link_to_the_public_address(client, at_public_address, mailoutbox):
    circles = at_public_address
    circle = circles.open_circle
    following.set_circle_follow(circles.users["facilitator"], circle, "follow")
    circles.login(client, "member")
    response = client.post(
        circle.url + circle.reverse_subpage("thread_create"),
        {"title": "Warmtenet in de wijk", "body": "Wie heeft ervaring met een warmtenet?"},
    )
    assert response.status_code in (302, 303)
    assert mailoutbox, "the circle's follower was told"
    for message in mailoutbox:
        assert_all_public(message.body, at_least=2)
        assert message.extra_headers["List-Unsubscribe"].startswith(f"<{PUBLIC}/")


def test_digest_links_to_the_public_address(at_public_address, mailoutbox):
    from leerkring import conversations

    circles = at_public_address
    reader = circles.users["facilitator"]
    NotificationSettings.objects.update_or_create(user=reader, defaults={"digest": "daily"})
    following.set_circle_follow(reader, circles.open_circle, "follow")
    thread = conversations.start_thread(
        circles.open_circle, circles.users["member"], title="Isolatie", body="Wie weet meer?"
    )
    conversations.post_reply(thread, circles.users["member"], "Een antwoord.", rate_exempt=True)
    digests.send_digests(now=timezone.now() + timedelta(minutes=1))
    digest = [m for m in mailoutbox if m.to == [reader.email]]
    assert digest
    assert_all_public(digest[-1].body, at_least=2)


def test_invitation_and_join_emails_link_to_the_public_address(
    client, at_public_address, mailoutbox
):
    circles = at_public_address
    circle = circles.closed_circle
    circles.login(client, "facilitator")
    response = client.post(
        circle.url + circle.reverse_subpage("invite"),
        {"email": "nieuw@example.org", "message": "Kom erbij!"},
    )
    assert response.status_code == 303
    invitation = mailoutbox[-1]
    assert any("/uitnodiging/" in url for url in assert_all_public(invitation.body))

    client.force_login(UserFactory(username="aanvrager"))
    response = client.post(
        circles.open_circle.url + circles.open_circle.reverse_subpage("join"),
        {"motivation": "Ik wil graag meedoen."},
    )
    assert response.status_code in (302, 303)
    request_mail = mailoutbox[-1]
    assert request_mail.to == [circles.users["facilitator"].email]
    assert_all_public(request_mail.body)


def test_allauth_emails_link_to_the_public_address(client, at_public_address, mailoutbox):
    UserFactory(username="joost", email="joost@example.org")
    response = client.post("/accounts/password/reset/", {"email": "joost@example.org"})
    assert response.status_code == 302
    found = assert_all_public(mailoutbox[-1].body)
    assert any("/accounts/password/reset/key/" in url for url in found)
    # The link works on the site it names.
    assert client.get(path(found[0]), follow=True).status_code == 200
