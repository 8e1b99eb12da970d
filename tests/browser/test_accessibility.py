"""axe-core on every public page type: no WCAG 2.1 A/AA violations, on desktop and phone."""

import pytest

# Wagtail's root page and collection come from migrations; a flushed database must get them back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLIC_PAGES = {
    "network": "/",
    "practice-list": "/uit-de-praktijk/",
    "practice-list-filtered": "/uit-de-praktijk/?theme=warmtenet&kind=ufo",
    "practice-story": "/uit-de-praktijk/{story}/",
    "organisation-directory": "/initiatieven/",
    "organisation-detail": "/initiatieven/{organisation}/",
    "initiative-form": "/initiatieven/melden/",
    "search": "/zoeken/?q=warmtenet",
}


@pytest.fixture
def demo_urls(demo_site):
    from practices.models import Organisation, PracticeCasePage

    story = PracticeCasePage.objects.live().order_by("path").first()
    organisation = Organisation.objects.public().filter(published_cases__isnull=False).first()
    return {
        name: demo_site + path.format(story=story.slug, organisation=organisation.slug)
        for name, path in PUBLIC_PAGES.items()
    }


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_has_no_wcag_violations(page, axe, demo_urls, screenshot, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(demo_urls[name])

    assert response.status == 200
    results = axe(page)
    screenshot(f"{name}-{width}")
    assert results.violations_count == 0, results.generate_report()


def test_invalid_form_shows_errors_tied_to_fields_without_violations(page, axe, demo_urls):
    page.goto(demo_urls["initiative-form"])
    page.get_by_role("button", name="Melding versturen").click()

    assert page.locator('[aria-invalid="true"]').count() >= 5
    assert page.get_by_role("alert").first.is_visible()
    results = axe(page)
    assert results.violations_count == 0, results.generate_report()


def test_page_fits_320_pixels_without_horizontal_scrolling(page, demo_urls):
    page.set_viewport_size({"width": 320, "height": 700})
    for url in demo_urls.values():
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, url
