"""End to end, as the people who use it: a member talks in a closed circle, an outsider can't."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CLOSED_CIRCLE = "/gelderland/community-of-practice-wijkgericht-werken/"


def log_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.fill('input[name="login"]', username)
    page.fill('input[name="password"]', "demo")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()


def admin_log_in(page, base_url, username):
    # The admin's own login page leads to allauth's, the one login door.
    page.goto(base_url + "/admin/login/")
    assert "/accounts/login/" in page.url
    page.fill('input[name="login"]', username)
    page.fill('input[name="password"]', "demo")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()
    assert "/admin/" in page.url


def feature_on_the_board(page, base_url, network, lesson):
    page.goto(f"{base_url}/admin/leerkring/curatie/{network.pk}/")
    page.locator(".curation-candidates li", has_text=lesson.title).get_by_role(
        "button", name="Uitlichten"
    ).click()
    page.wait_for_load_state()


def assert_featured_on_the_front_page(page, base_url, lesson):
    page.goto(base_url + "/")
    featured = page.locator("section[aria-labelledby=featured-heading]")
    assert featured.get_by_role("link", name=lesson.title).is_visible()


def hidden_button(page, text, without=None):
    """Wagtail keeps the secondary actions of its footer in a dropdown; find them there."""
    buttons = page.locator("button").filter(has_text=text)
    return buttons.filter(has_not_text=without) if without else buttons


def test_editor_submits_a_story_and_the_coordinator_approves_it(page, demo_site, screenshot):
    from playwright.sync_api import expect  # only installed for the browser tests

    from practices.models import PracticeCasePage, PracticeIndexPage

    index = PracticeIndexPage.objects.get()
    admin_log_in(page, demo_site, "editor")
    page.goto(f"{demo_site}/admin/pages/add/practices/practicecasepage/{index.pk}/")
    page.wait_for_load_state("networkidle")
    page.fill("#id_title", "Warmte uit de Maas")
    page.fill("#id_summary", "Bewoners in Maastricht verkennen met de gemeente aquathermie.")
    page.fill("#id_municipality", "Maastricht")
    # Wagtail derives the slug from the title in the browser when the title loses focus;
    # submitting before it has done so is refused for a missing slug on a slow machine.
    expect(page.locator("#id_slug")).to_have_value("warmte-uit-de-maas")
    assert hidden_button(page, "Publiceren").count() == 0  # editors cannot publish
    with page.expect_navigation():
        hidden_button(page, "Stuur door naar Praktijkverhalen goedkeuren").dispatch_event("click")
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/$"))  # back in the listing, saved

    story = PracticeCasePage.objects.get(title="Warmte uit de Maas")
    assert not story.live and story.workflow_in_progress
    assert "Warmte uit de Maas" not in page.request.get(demo_site + index.url).text()

    page.context.clear_cookies()
    admin_log_in(page, demo_site, "coordinator")
    page.goto(f"{demo_site}/admin/pages/{story.pk}/edit/")
    with page.expect_navigation():
        hidden_button(page, "Goedkeuren en publiceren", without="opmerking").dispatch_event("click")

    story.refresh_from_db()
    assert story.live
    page.goto(demo_site + "/uit-de-praktijk/")
    assert page.get_by_role("link", name="Warmte uit de Maas").is_visible()
    screenshot("journey-story-approved-1280")


def test_member_starts_a_thread_replies_to_a_reply_and_reacts(page, axe, demo_site, screenshot):
    log_in(page, demo_site, "member")
    page.goto(demo_site + CLOSED_CIRCLE)
    page.get_by_role("link", name="Alle gesprekken").click()
    page.get_by_role("link", name="Begin een gesprek").click()
    page.get_by_label("Titel").fill("Hoe houden we de wijkraad betrokken?")
    page.get_by_label("Openingsbericht").fill("Wij zoeken **tips** voor de winter.")
    page.get_by_role("button", name="Start het gesprek").click()

    assert page.get_by_role("heading", name="Hoe houden we de wijkraad betrokken?").is_visible()
    assert page.locator(".thread__body strong", has_text="tips").is_visible()

    page.get_by_label("Je reactie").fill("Begin bij de bestaande groepen.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    page.get_by_role("link", name="Reageer").first.click()
    page.get_by_label("Je reactie").fill("En nodig ze uit voor de klankbordgroep.")
    page.get_by_role("button", name="Reactie plaatsen").click()

    nested = page.locator(".replies .replies .reply__text", has_text="klankbordgroep")
    assert nested.is_visible()
    page.locator(".reply__actions").first.get_by_role("button", name="Nuttig").click()
    useful = page.locator(".reply__actions").first.get_by_role("button", name="Nuttig")
    assert useful.get_attribute("aria-pressed") == "true"
    assert useful.locator(".reaction__count").inner_text() == "1"
    results = axe(page)
    screenshot("member-thread-1280")
    assert results.violations_count == 0, results.generate_report()


def test_member_formats_previews_and_mentions_while_writing_a_reply(
    page, axe, demo_site, screenshot
):
    from playwright.sync_api import expect

    from leerkring.models import Thread

    circle_slug = CLOSED_CIRCLE.strip("/").split("/")[-1]
    thread = Thread.objects.filter(circle__slug=circle_slug, locked=False, archived=False).first()
    log_in(page, demo_site, "member")
    page.goto(f"{demo_site}{CLOSED_CIRCLE}gesprekken/{thread.pk}/")
    text = page.get_by_label("Je reactie")
    text.fill("Dit is ")
    # The words of this work reach the .po files at the merge: either language will do.
    page.get_by_role("toolbar").get_by_role("button", name=re.compile("^(Vet|Bold)$")).click()
    page.keyboard.type("belangrijk")  # over the selected placeholder, between the **
    expect(text).to_have_value("Dit is **belangrijk**")
    page.get_by_role("button", name=re.compile("^(Voorbeeld|Preview)$")).click()

    preview = page.locator(".lk-preview")
    expect(preview.locator("strong", has_text="belangrijk")).to_be_visible()
    expect(text).to_have_value("Dit is **belangrijk**")
    results = axe(page)
    screenshot("writing-preview-1280")
    assert results.violations_count == 0, results.generate_report()

    text.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(" voor @Wou")
    option = page.get_by_role("option", name=re.compile("Wouter Peters"))
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(text).to_have_value("Dit is **belangrijk** voor @wouter ")
    expect(page.get_by_role("listbox")).to_be_hidden()
    page.get_by_role("button", name="Reactie plaatsen").click()

    posted = page.locator(".reply__text", has_text="voor @wouter")
    expect(posted).to_be_visible()
    expect(posted.locator("strong", has_text="belangrijk")).to_be_visible()


def test_outsider_gets_no_access_to_the_closed_circles_conversations(page, demo_site):
    from leerkring.models import Thread

    thread = Thread.objects.filter(circle__slug="community-of-practice-wijkgericht-werken").first()
    log_in(page, demo_site, "outsider")

    for path in ("gesprekken/", f"gesprekken/{thread.pk}/", "leden/", "bijeenkomsten/"):
        response = page.goto(demo_site + CLOSED_CIRCLE + path)
        assert response.status == 404, path
        assert "vertrouwelijk" not in page.content().lower(), path
    page.goto(demo_site + CLOSED_CIRCLE)
    assert page.get_by_role("link", name="Vraag om lid te worden").is_visible()


OPEN_CIRCLE = "/samenspel-gemeenten-en-bewonersinitiatieven/"


def test_facilitator_promotes_a_tip_and_nominates_a_lesson_the_coordinator_features_it(
    page, demo_site, screenshot
):
    from leerkring.models import LessonNomination, LessonPage, NetworkPage, Thread, Tip

    thread = Thread.objects.filter(circle__slug=OPEN_CIRCLE.strip("/")).order_by("pk").first()
    lesson = (
        LessonPage.objects.live()
        .filter(nominations__isnull=True, path__startswith=thread.circle.path)
        .first()
    )
    root = NetworkPage.objects.get(slug="home")

    log_in(page, demo_site, "facilitator")
    page.goto(f"{demo_site}{OPEN_CIRCLE}gesprekken/{thread.pk}/")
    page.locator(".reply__actions").first.get_by_role("link", name="Maak er een tip van").click()
    page.get_by_label("De tip in een paar woorden").fill("Begin klein en vier elk succes")
    page.get_by_role("button", name="Bewaar als tip").click()
    assert "De reactie is nu een tip" in page.content()
    assert Tip.objects.filter(title="Begin klein en vier elk succes").exists()

    page.goto(demo_site + OPEN_CIRCLE)
    page.locator("li", has_text=lesson.title).get_by_role(
        "button", name="Draag voor bij het netwerk"
    ).click()
    assert LessonNomination.objects.filter(lesson=lesson, network=root).exists()

    page.context.clear_cookies()
    admin_log_in(page, demo_site, "coordinator")
    feature_on_the_board(page, demo_site, root, lesson)
    assert_featured_on_the_front_page(page, demo_site, lesson)
    screenshot("journey-lesson-featured-1280")


def test_visitor_gets_title_suggestions_and_no_closed_titles(page, demo_site):
    page.goto(demo_site + "/zoeken/")
    page.get_by_label("Waar zoek je naar?").press_sequentially("energiecoop", delay=30)
    options = page.locator("#search-q-suggestions option")
    options.first.wait_for(state="attached")
    titles = options.evaluate_all("options => options.map(o => o.value)")
    assert "Energiecoöperaties in de startblokken" in titles
    # Picking one opens it. A pick is what Chromium reports when an option of the list is
    # chosen: the text replaced by the option's value.
    with page.expect_navigation():
        page.get_by_label("Waar zoek je naar?").evaluate(
            """(box, title) => {
                box.value = title;
                box.dispatchEvent(new InputEvent("input", {
                    inputType: "insertReplacementText", bubbles: true}));
            }""",
            "Energiecoöperaties in de startblokken",
        )
    assert page.get_by_role("heading", name="Energiecoöperaties in de startblokken").is_visible()
    page.goto(demo_site + "/zoeken/")

    page.get_by_label("Waar zoek je naar?").fill("nabespreking")
    page.get_by_role("button", name="Zoeken", exact=True).last.click()
    assert page.get_by_role("heading", name="0 resultaten voor “nabespreking”").is_visible()


def test_coordinator_drags_the_key_lessons_into_order(page, demo_site):
    from leerkring.models import LessonNomination, NetworkPage, NominationStatus

    root = NetworkPage.objects.get(depth=2)
    featured = LessonNomination.objects.filter(network=root, status=NominationStatus.FEATURED)
    before = list(featured.order_by("position").values_list("pk", flat=True))
    assert len(before) >= 2
    admin_log_in(page, demo_site, "coordinator")
    page.goto(f"{demo_site}/admin/leerkring/curatie/{root.pk}/")
    items = page.locator("[data-curation-featured] > li")
    with page.expect_navigation():
        items.last.drag_to(items.first, target_position={"x": 5, "y": 5})

    after = list(featured.order_by("position").values_list("pk", flat=True))
    assert after[0] == before[-1]
    assert sorted(after) == sorted(before)


def test_regional_coordinator_features_a_lesson_that_rises_to_the_front_page(page, demo_site):
    """The federated journey: a sub-network's coordinator, named by the national one, curates
    in the admin herself; what she features rises to the national board."""
    from leerkring.models import LessonNomination, LessonPage, NetworkPage, NominationStatus

    root = NetworkPage.objects.get(depth=2)
    region = NetworkPage.objects.get(slug="gelderland")
    lesson = (
        LessonPage.objects.live()
        .filter(path__startswith=region.path)
        .exclude(nominations__isnull=False)
        .first()
    )
    # Put forward by the circle's facilitator earlier (the journey above does that part).
    LessonNomination.objects.create(lesson=lesson, network=region)

    admin_log_in(page, demo_site, "regio")
    page.goto(f"{demo_site}/admin/leerkring/curatie/")
    assert page.get_by_role("link", name=region.title).count() >= 1
    assert page.get_by_role("link", name=root.title, exact=True).count() == 0
    feature_on_the_board(page, demo_site, region, lesson)
    assert LessonNomination.objects.get(lesson=lesson, network=region).status == (
        NominationStatus.FEATURED
    )
    # The national network's page is not hers to edit.
    page.goto(f"{demo_site}/admin/pages/{root.pk}/edit/")
    assert "/edit/" not in page.url

    page.context.clear_cookies()
    admin_log_in(page, demo_site, "coordinator")
    feature_on_the_board(page, demo_site, root, lesson)
    assert_featured_on_the_front_page(page, demo_site, lesson)


def test_member_deletes_a_reply_after_confirming_in_place_and_undoes_it(page, demo_site):
    log_in(page, demo_site, "member")
    page.goto(demo_site + CLOSED_CIRCLE + "gesprekken/")
    page.locator("main a[href*='/gesprekken/']").filter(has_not_text="Begin").first.click()
    page.get_by_label("Je reactie").fill("Dit zet ik er per ongeluk neer.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    mine = page.locator(".reply", has_text="Dit zet ik er per ongeluk neer.").last

    mine.get_by_role("link", name="Verwijderen").click()
    # Asked in place; the safe answer has the focus and puts everything back.
    keep = mine.get_by_role("button", name="Nee, laat staan")
    assert keep.evaluate("button => button === document.activeElement")
    keep.click()
    assert mine.get_by_text("Dit zet ik er per ongeluk neer.").is_visible()

    mine.get_by_role("link", name="Verwijderen").click()
    with page.expect_navigation():
        mine.get_by_role("button", name="Ja, verwijder mijn reactie").click()
    assert page.get_by_text("Dit zet ik er per ongeluk neer.").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Ongedaan maken").first.click()
    assert page.get_by_text("Dit zet ik er per ongeluk neer.").is_visible()


def test_member_makes_a_calendar_link_then_a_new_one_and_the_old_one_stops(
    page, axe, demo_site, screenshot
):
    from urllib.parse import urlsplit

    from django.utils import timezone
    from icalendar import Calendar

    from leerkring.choices import MembershipStatus
    from leerkring.models import Meeting

    meeting = Meeting.objects.filter(
        circle__memberships__user__username="member",
        circle__memberships__status=MembershipStatus.ACTIVE,
        ends_at__gte=timezone.now(),
    ).first()
    assert meeting is not None, "the demo gives the member meetings to come"

    def feed_path():
        # The address is made on the public address; the live server has a port of its own.
        return urlsplit(page.locator("#calendar-url").input_value()).path

    def summaries(path):
        response = page.request.get(demo_site + path)
        assert response.status == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        return {
            str(event["summary"]) for event in Calendar.from_ical(response.body()).walk("VEVENT")
        }

    log_in(page, demo_site, "member")
    page.goto(demo_site + "/accounts/profiel/")
    assert page.locator("#calendar-url").count() == 0  # nothing made by just looking
    # The buttons by their value: their words are translated after this test was written.
    with page.expect_navigation():
        page.locator("#agenda button[value=make]").click()
    first = feed_path()
    assert first.startswith("/agenda/") and first.endswith(".ics")
    assert page.locator("#agenda a[href^='webcal://']").is_visible()
    assert meeting.title in summaries(first)

    results = axe(page)
    screenshot("profile-calendar-link-1280")
    assert results.violations_count == 0, results.generate_report()
    # The long address stays in its field on the narrowest phone (WCAG 1.4.10).
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot("profile-calendar-link-320")

    with page.expect_navigation():
        page.locator("#agenda button[value=renew]").click()
    second = feed_path()
    assert second != first
    assert page.request.get(demo_site + first).status == 404
    assert meeting.title in summaries(second)


def test_member_says_they_are_coming_and_the_facilitator_sees_them_rsvp(
    page, axe, demo_site, screenshot
):
    from django.utils import timezone

    from leerkring.models import Meeting

    meeting = (
        Meeting.objects.filter(
            circle__slug="community-of-practice-wijkgericht-werken", starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    circle = meeting.circle.specific
    log_in(page, demo_site, "member")
    page.goto(demo_site + CLOSED_CIRCLE)
    page.locator("section[aria-labelledby=meetings-heading]").get_by_role(
        "link", name=meeting.title
    ).click()
    coming = page.locator("#count-coming")
    assert coming.inner_text().startswith("0")

    # The buttons carry the answer as their value, whatever language they are labelled in.
    page.locator('button[name="answer"][value="coming"]').click()

    assert page.locator("#count-coming").inner_text().startswith("1")
    assert "Menno Lid" in page.locator("#count-coming").inner_text()
    pressed = page.locator('button[name="answer"][value="coming"]')
    assert pressed.get_attribute("aria-pressed") == "true"
    results = axe(page)
    screenshot("member-meeting-answer-1280")
    assert results.violations_count == 0, results.generate_report()

    page.context.clear_cookies()
    log_in(page, demo_site, "facilitator")
    page.goto(demo_site + circle.meeting_path(meeting.pk))
    page.locator(
        f'a[href$="{circle.reverse_subpage("meeting_attendees", args=[meeting.pk])}"]'
    ).click()
    coming_list = page.locator("section[aria-labelledby=answers-coming]")
    assert coming_list.get_by_text("Menno Lid").is_visible()
    results = axe(page)
    screenshot("facilitator-meeting-answers-1280")
    assert results.violations_count == 0, results.generate_report()
