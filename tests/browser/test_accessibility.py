"""axe-core on every public page type: no WCAG 2.1 A/AA violations, on desktop and phone,
logged out and logged in as a member."""

import pytest

# Wagtail's root page and collection come from migrations; a flushed database must get them back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OPEN_CIRCLE = "/samenspel-gemeenten-en-bewonersinitiatieven/"
CLOSED_CIRCLE = "/gelderland/community-of-practice-wijkgericht-werken/"

PUBLIC_PAGES = {
    "network": "/",
    "sub-network": "/gelderland/",
    "practice-list": "/uit-de-praktijk/",
    "practice-list-filtered": "/uit-de-praktijk/?theme=warmtenet&kind=ufo",
    "practice-story": "/uit-de-praktijk/{story}/",
    "organisation-directory": "/initiatieven/",
    "organisation-detail": "/initiatieven/{organisation}/",
    "initiative-form": "/initiatieven/melden/",
    "site-overview": "/overzicht/",
    "search": "/zoeken/?q=warmtenet",
    "search-filtered": "/zoeken/?q=energiecooperatie&type=circle",
    "search-nothing-found": "/zoeken/?q=blauwvintonijn",
    "circle-open": OPEN_CIRCLE,
    "circle-closed": CLOSED_CIRCLE,
    "circle-members": OPEN_CIRCLE + "leden/",
    "circle-meetings": OPEN_CIRCLE + "bijeenkomsten/",
    "circle-meeting": OPEN_CIRCLE + "bijeenkomsten/{meeting}/",
    "circle-conversations": OPEN_CIRCLE + "gesprekken/",
    "circle-conversation": OPEN_CIRCLE + "gesprekken/{open_thread}/",
    "circle-conversation-page-2": OPEN_CIRCLE + "gesprekken/{long_thread}/?page=2",
    "lesson": "{lesson}",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "password-reset": "/accounts/password/reset/",
}

MEMBER_PAGES = {
    "member-network": "/",
    "member-circle-closed": CLOSED_CIRCLE,
    "member-circle-closed-members": CLOSED_CIRCLE + "leden/",
    "member-circle-closed-meetings": CLOSED_CIRCLE + "bijeenkomsten/",
    "member-join-form": OPEN_CIRCLE.replace(
        "samenspel-gemeenten-en-bewonersinitiatieven", "energiecooperaties-in-de-startblokken"
    )
    + "aanmelden/",
    "member-leave-form": CLOSED_CIRCLE + "verlaten/",
    "member-conversations": CLOSED_CIRCLE + "gesprekken/",
    "member-conversation": CLOSED_CIRCLE + "gesprekken/{closed_thread}/",
    "member-new-conversation": CLOSED_CIRCLE + "gesprekken/nieuw/",
    "member-flag-reply": CLOSED_CIRCLE
    + "gesprekken/{closed_thread}/reacties/{closed_reply}/melden/",
    "member-profile": "/accounts/profiel/",
    "member-search": "/zoeken/?q=riool",
}

# Member profiles: one that anyone may open (listed in the open circle), then, logged in as
# a member, a fellow member's with a closed circle on it and the member's own.
PROFILE_PAGES = {"profile-listed": "/mensen/hanneke/"}
MEMBER_PROFILE_PAGES = {"member-fellow-profile": "/mensen/joris/", "member-own": "/mensen/member/"}


@pytest.fixture
def demo_urls(demo_site):
    from leerkring.models import LessonPage, Meeting, Thread
    from practices.models import Organisation, PracticeCasePage

    story = PracticeCasePage.objects.live().order_by("path").first()
    # The one with the longest web address: at 320 px it is what could push the page sideways.
    organisation = max(
        Organisation.objects.public().filter(published_cases__isnull=False).distinct(),
        key=lambda candidate: len(candidate.website),
    )
    meeting = Meeting.objects.filter(circle__slug=OPEN_CIRCLE.strip("/")).first()
    threads = {
        kind: Thread.objects.filter(circle__slug=path.strip("/").split("/")[-1]).first().pk
        for kind, path in (("open_thread", OPEN_CIRCLE), ("closed_thread", CLOSED_CIRCLE))
    }
    from leerkring import conversations

    closed_reply = conversations.replies_of(Thread.objects.get(pk=threads["closed_thread"]))
    values = {
        "closed_reply": closed_reply.values_list("pk", flat=True).first(),
        "long_thread": _long_thread(threads["open_thread"]).pk,
        "story": story.slug,
        "organisation": organisation.slug,
        "meeting": meeting.pk,
        **threads,
        "lesson": LessonPage.objects.live().get(number=4, title__startswith="Werk samen").url,
    }
    return {
        name: demo_site + path.format(**values)
        for name, path in {
            **PUBLIC_PAGES,
            **MEMBER_PAGES,
            **PROFILE_PAGES,
            **MEMBER_PROFILE_PAGES,
        }.items()
    }


def _long_thread(beside_thread_id):
    """A conversation of three pages in the open circle, next to the demo's own."""
    from leerkring import conversations
    from leerkring.models import Thread

    beside = Thread.objects.get(pk=beside_thread_id)
    thread = Thread.objects.filter(circle=beside.circle, title="Drie pagina's").first()
    if thread is None:
        thread = conversations.start_thread(
            beside.circle, beside.author, title="Drie pagina's", body="Wie weet meer?"
        )
        for n in range(60):
            conversations.post_reply(thread, beside.author, f"Aanvulling {n}", rate_exempt=True)
    return thread


def log_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.fill('input[name="login"]', username)
    page.fill('input[name="password"]', "demo")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()


def check_pages(page, axe, screenshot, urls, names, width):
    page.set_viewport_size({"width": width, "height": 900})
    failures = {}
    for name in names:
        response = page.goto(urls[name])
        if response.status != 200:
            failures[name] = f"HTTP {response.status}"
            continue
        results = axe(page)
        screenshot(f"{name}-{width}")
        if results.violations_count:
            failures[name] = results.generate_report()
    return failures


@pytest.mark.parametrize("width", [1280, 375])
def test_public_pages_have_no_wcag_violations(page, axe, demo_urls, screenshot, width):
    failures = check_pages(page, axe, screenshot, demo_urls, PUBLIC_PAGES, width)

    assert failures == {}, "\n\n".join(f"{name}: {report}" for name, report in failures.items())


@pytest.mark.parametrize("width", [1280, 375])
def test_member_pages_have_no_wcag_violations(page, axe, demo_site, demo_urls, screenshot, width):
    log_in(page, demo_site, "member")

    failures = check_pages(page, axe, screenshot, demo_urls, MEMBER_PAGES, width)

    assert failures == {}, "\n\n".join(f"{name}: {report}" for name, report in failures.items())


@pytest.mark.parametrize("width", [1280, 375])
def test_member_profiles_have_no_wcag_violations(
    page, axe, demo_site, demo_urls, screenshot, width
):
    failures = check_pages(page, axe, screenshot, demo_urls, PROFILE_PAGES, width)
    log_in(page, demo_site, "member")
    failures |= check_pages(page, axe, screenshot, demo_urls, MEMBER_PROFILE_PAGES, width)

    assert failures == {}, "\n\n".join(f"{name}: {report}" for name, report in failures.items())


def test_invalid_form_shows_errors_tied_to_fields_without_violations(page, axe, demo_urls):
    page.goto(demo_urls["initiative-form"])
    page.get_by_role("button", name="Melding versturen").click()

    assert page.locator('[aria-invalid="true"]').count() >= 5
    assert page.get_by_role("alert").first.is_visible()
    results = axe(page)
    assert results.violations_count == 0, results.generate_report()


# 320 px is the narrowest phone (WCAG 1.4.10); 640 px is a 1280-pixel window at 200 % zoom.
@pytest.mark.parametrize("width,height", [(320, 700), (640, 450)])
def test_pages_reflow_without_horizontal_scrolling(page, demo_urls, width, height):
    page.set_viewport_size({"width": width, "height": height})
    too_wide = []
    for name in PUBLIC_PAGES:
        page.goto(demo_urls[name])
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            too_wide.append((name, overflow))
    assert too_wide == []


def test_phone_header_is_compact_and_its_menu_opens_without_javascript(
    browser, page, axe, demo_urls, screenshot
):
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 375, "height": 800}, java_script_enabled=False
    )
    phone = context.new_page()
    try:
        phone.goto(demo_urls["search"])
        header = phone.locator(".site-header").bounding_box()
        assert header["height"] < 120  # it took 418 of 800 pixels before it folded away
        assert phone.locator("#site-search-q").is_visible()
        main_menu = phone.get_by_role("navigation", name="Hoofdmenu")
        assert not main_menu.is_visible()

        phone.get_by_role("link", name="Menu", exact=True).click()
        assert main_menu.is_visible()
        assert phone.locator(".site-header__brand").bounding_box()["y"] >= 0  # still in view

        phone.get_by_role("link", name="Menu sluiten").click()
        assert not main_menu.is_visible()
        phone.get_by_role("link", name="Menu", exact=True).click()
        main_menu.get_by_role("link", name="Uit de praktijk").click()
        assert phone.get_by_role("heading", level=1, name="Uit de praktijk").is_visible()
    finally:
        context.close()
    # axe needs a script of its own: the open menu is checked where scripts run.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(demo_urls["search"] + "#site-menu")
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    screenshot("phone-menu-open-375")
    results = axe(page)
    assert results.violations_count == 0, results.generate_report()
