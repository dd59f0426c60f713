"""Real browser: charts render, axe-core finds no violations, the packet prints on 6 pages,
and screenshots at desktop and phone widths are written for people to look at."""

import re

import pytest
from browser_checks import (
    TALL_PAGE,
    WIDTHS,
    assert_no_axe_violations,
    open_and_check,
    sign_in,
    slug,
)

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/", "/areas/gun-buyback/", "/data/", "/accounts/login/"]
PUBLIC_PAGES += ["/areas/hot-spots-policing/results/"]
AREAS = [
    "community-policing",
    "hot-spots-policing",
    "cpted",
    "violence-intervention",
    "neighborhood-watch",
]


@pytest.fixture
def council_member(sample, page, live_server, django_user_model):
    """A council member, signed in."""
    return sign_in(page, live_server, django_user_model, "councillor", "Viewers")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_render_their_charts_without_errors_or_axe_violations(
    page, live_server, sample, artifacts, path
):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        errors = open_and_check(page, live_server.url + path)
        assert errors == []
        assert_no_axe_violations(page)
        page.screenshot(
            path=artifacts / f"public-{slug(path)}-{width}.png", full_page=True
        )


def test_every_area_page_draws_its_chart_and_passes_axe(page, live_server, sample):
    for slug_ in AREAS:
        errors = open_and_check(page, f"{live_server.url}/areas/{slug_}/")
        assert errors == []
        assert page.locator(".chart-drawn svg.main-svg").count() >= 1
        assert_no_axe_violations(page)


def test_the_public_summary_draws_a_chart_for_each_chart_section(
    page, live_server, sample
):
    open_and_check(page, live_server.url + "/")
    # The trend with its normal range, and this year's running total.
    assert page.locator(".chart-plot svg.main-svg").count() >= 2
    assert (
        page.locator(".chart-plot").count() == page.locator(".chart-drawn").count() == 2
    )
    # A small line on each of the five tiles, and a bar for each area and place.
    assert page.locator(".ytd-tile svg.sparkline polyline").count() == 5
    assert page.locator(".area-bars svg.bar").count() == 6
    assert page.locator(".place-bars svg.bar").count() == 7


QUESTIONS = [
    "Are shootings up or down this year?",
    "Is that unusual?",
    "Where?",
    "Where did the money go, what did it buy, and is it on time?",
]
SCREENS = [(390, 844), (1024, 768), (1280, 800), (1920, 1080)]


def test_the_public_summary_answers_four_questions_at_every_width(
    page, live_server, sample, artifacts
):
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        assert open_and_check(page, live_server.url + "/") == []
        questions = page.locator(".question")
        assert [
            questions.nth(n).locator("h2").inner_text().split(" ", 1)[1]
            for n in range(questions.count())
        ] == QUESTIONS
        for n in range(4):
            answer = questions.nth(n).locator(".answer")
            assert answer.is_visible() and answer.inner_text().endswith(".")
        first = page.locator(".answer").first.bounding_box()
        assert first["y"] + first["height"] <= height  # on the first screen
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_no_axe_violations(page)
        page.screenshot(path=artifacts / f"summary-{width}.png", full_page=True)


def test_the_dashboard_renders_is_accessible_and_prints_on_at_most_six_letter_pages(
    page, live_server, council_member, artifacts
):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        errors = open_and_check(page, live_server.url + "/dashboard/")
        assert errors == []
        assert page.locator(".chart-drawn").count() == 6
        assert_no_axe_violations(page)
        page.screenshot(
            path=artifacts / f"dashboard-{width}.png", full_page=True, timeout=TALL_PAGE
        )

    page.set_viewport_size({"width": 1280, "height": 900})
    open_and_check(page, live_server.url + "/dashboard/")
    page.emulate_media(media="print")
    # A browser fires "beforeprint" when someone prints; page.pdf() does not, so do it here.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    pdf = page.pdf(format="Letter", print_background=True)
    (artifacts / "dashboard.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    print(f"the packet: {pages} pages")
    assert 1 <= pages <= 6
    assert page.locator("#results-heading").is_visible()
    text = page.locator("main").inner_text()
    assert "Prepared for the Binghamton City Council" in text
    assert page.locator("nav[aria-label=Main]").is_hidden()
    assert page.locator("form.filters").is_hidden()


def test_every_results_page_draws_its_one_chart_and_each_further_outcome_trend(
    page, live_server, sample
):
    for slug_ in ["gun-buyback", *AREAS]:
        errors = open_and_check(page, f"{live_server.url}/areas/{slug_}/results/")
        assert errors == []
        outcomes = page.locator("section[aria-labelledby^=outcome-]").count()
        assert outcomes >= 1
        # The one chart (money, output and the first outcome), and the long-run trend
        # of each further outcome.
        assert page.locator(".chart-drawn").count() == outcomes
        assert page.locator("[data-figure=figure-area-results-data]").count() == 1
        assert_no_axe_violations(page)
