"""Real browser: on a phone every chart's x-axis labels stand upright, apart and inside
the chart (static/js/charts.js swaps in each figure's narrow x-axis); on a laptop and on
paper they are the figure's own."""

import pytest
from browser_checks import open_and_check, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
AREA_MONTHLY = "[data-figure=figure-area-monthly-data]"
SPENDING = "[data-figure=figure-spending-over-time-data]"
RESULTS = "[data-figure=figure-area-results-data]"
# The sample spends every month from July 2022 to November 2026: a label every six
# months on a laptop, one a year on a phone.
DESKTOP_MONTHS = [
    "Jul 2022",
    "Jan 2023",
    "Jul 2023",
    "Jan 2024",
    "Jul 2024",
    "Jan 2025",
    "Jul 2025",
    "Jan 2026",
    "Jul 2026",
]

# Each chart's visible x-axis labels: text, [left, right] on the page, whether slanted,
# and the chart's own [left, right].
X_LABELS = """() => Array.from(document.querySelectorAll(".chart-plot")).map(plot => {
  const chart = plot.getBoundingClientRect();
  const labels = Array.from(plot.querySelectorAll(".xtick text"))
    .filter(text => text.getBoundingClientRect().width > 0)
    .map(text => {
      const box = text.getBoundingClientRect();
      const slanted = (text.getAttribute("transform") || "").includes("rotate");
      return [text.textContent, box.left, box.right, slanted];
    });
  return [plot.dataset.figure, [chart.left, chart.right], labels];
})"""


def _crowded(page) -> list[str]:
    """Every x-axis label, on any chart of the page, that is slanted, touches the next or
    sticks out of its chart."""
    found = []
    for figure, (left, right), labels in page.evaluate(X_LABELS):
        ordered = sorted(labels, key=lambda label: label[1])
        for text, start, end, slanted in ordered:
            if slanted or start < left or end > right:
                found.append(f"{figure}: {text}")
        for earlier, later in zip(ordered, ordered[1:], strict=False):
            if later[1] <= earlier[2]:
                found.append(f"{figure}: {earlier[0]} touches {later[0]}")
    return found


def _labels(page, chart: str) -> list[str]:
    return page.locator(chart).locator(".xtick text").all_text_contents()


@pytest.mark.parametrize(
    "path", ["/", "/areas/gun-buyback/", "/areas/community-policing/"]
)
def test_public_chart_labels_stand_apart_on_a_phone(page, live_server, sample, path):
    page.set_viewport_size(PHONE)
    assert open_and_check(page, live_server.url + path) == []
    assert page.locator(".chart-plot").count() >= 1
    assert _crowded(page) == []


def test_dashboard_chart_labels_stand_apart_on_a_phone(
    page, live_server, sample, django_user_model
):
    sign_in(page, live_server, django_user_model, "councillor", "Viewers")
    page.set_viewport_size(PHONE)
    assert open_and_check(page, live_server.url + "/dashboard/") == []
    assert page.locator(".chart-plot").count() == 6
    assert _crowded(page) == []
    assert _labels(page, SPENDING) == ["2023", "2024", "2025", "2026", "2027"]


def test_an_area_chart_has_short_months_on_a_phone_and_long_ones_elsewhere(
    page, live_server, sample
):
    url = live_server.url + "/areas/gun-buyback/"
    page.set_viewport_size(PHONE)
    open_and_check(page, url)
    phone = ["Jan ’23", "Jan ’24", "Jan ’25", "Jan ’26"]
    assert _labels(page, AREA_MONTHLY) == phone
    # Printed from the phone: the page's width, so the laptop's labels.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(500)
    assert _labels(page, AREA_MONTHLY)[0] == "Jul 2022"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_timeout(500)
    assert _labels(page, AREA_MONTHLY) == phone
    # Turned round to a laptop's width: the laptop's labels, level.
    page.set_viewport_size(LAPTOP)
    page.wait_for_timeout(500)
    assert _labels(page, AREA_MONTHLY) == DESKTOP_MONTHS
    page.set_viewport_size(LAPTOP)
    open_and_check(page, url)
    assert _labels(page, AREA_MONTHLY) == DESKTOP_MONTHS
    assert _crowded(page) == []


# The one chart's [top, bottom] on the page and its legend's, and each panel's height
# (plotly's own measure of each y-axis, in pixels).
PANELS = """chart => {
  const box = element => {
    const rect = element.getBoundingClientRect();
    return [rect.top, rect.bottom];
  };
  const layout = chart._fullLayout;
  return {
    chart: box(chart),
    legend: box(chart.querySelector(".legend")),
    panels: Object.keys(layout).filter(key => /^yaxis\\d*$/.test(key))
      .map(key => layout[key]._length),
  };
}"""


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_results_chart_reads_on_a_phone_and_a_laptop(
    page, live_server, sample, artifacts, size
):
    page.set_viewport_size(size)
    url = live_server.url + "/areas/hot-spots-policing/results/"
    assert open_and_check(page, url) == []
    assert _crowded(page) == []
    found = page.locator(RESULTS).evaluate(PANELS)
    top, bottom = found["chart"]
    assert top <= found["legend"][0] and found["legend"][1] <= bottom
    assert len(found["panels"]) == 3
    assert min(found["panels"]) >= 150
    page.locator("section.chart", has=page.locator(RESULTS)).screenshot(
        path=artifacts / f"results-chart-{size['width']}x{size['height']}.png"
    )
