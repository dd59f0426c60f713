"""Real browser: the long-run trend charts draw on the public summary and the dashboard
under the Content-Security-Policy, with no console errors, at phone and desktop widths;
the normal range is a band and unusual months are marked."""

import pytest
from browser_checks import WIDTHS, open_and_check, sign_in

pytestmark = pytest.mark.browser

TREND = "[data-figure=figure-trend-shooting-victims-data]"
CUMULATIVE = "[data-figure=figure-cumulative-shooting-victims-data]"
PAGE_WIDTH = "document.documentElement.scrollWidth"


def assert_trend_drawn(page, width: int) -> None:
    for chart in (TREND, CUMULATIVE):
        plot = page.locator(chart)
        assert "chart-drawn" in plot.get_attribute("class").split()
        assert plot.locator("svg.main-svg").count() >= 1
    assert page.evaluate(PAGE_WIDTH) <= width


def test_the_trend_charts_draw_with_the_sample_data(
    page, live_server, sample, django_user_model
):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert open_and_check(page, live_server.url + "/") == []
        assert_trend_drawn(page, width)
        summary = page.locator(".chart-summary").first.inner_text()
        assert summary == (
            "In November 2026 there were 0 people shot, within the normal range of 0 "
            "to 4 for the month."
        )
        legend = page.locator(TREND).locator(".legendtext").all_text_contents()
        assert "Normal range" in legend and "Unusually high" in legend  # August 2024
    sign_in(page, live_server, django_user_model, "councillor", "Viewers")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert open_and_check(page, live_server.url + "/dashboard/") == []
        assert_trend_drawn(page, width)


@pytest.fixture
def above_normal(transactional_db, make_incident, complete_through):
    """Five people shot in 2019-2021, then two in January 2022: above the normal range."""
    for day, people in [("2019-06-01", 2), ("2020-06-01", 2), ("2021-06-01", 1)]:
        make_incident(day, *["injured"] * people)
    make_incident("2022-01-15", "injured", "injured")
    complete_through("2022-01-31")


def test_the_normal_range_is_a_band_and_unusual_months_are_marked(
    page, live_server, above_normal
):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert open_and_check(page, live_server.url + "/") == []
        assert_trend_drawn(page, width)
        trend = page.locator(TREND)
        assert trend.locator("path.js-fill").count() >= 1
        legend = trend.locator(".legendtext").all_text_contents()
        assert "Normal range" in legend and "Unusually high" in legend
