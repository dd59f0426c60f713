"""Real browser, at the four widths people use (phone, projector, laptop, large screen): no
text overflows its box, the answer comes before the controls, money tables fit a phone, and
screenshots of the dashboard and the public summary are written for people to look at."""

import datetime

import pytest
from browser_checks import TALL_PAGE, open_and_check, sign_in, slug

pytestmark = pytest.mark.browser

SCREENS = [(390, 844), (1024, 768), (1280, 800), (1920, 1080)]
PUBLIC_PAGES = ["/", "/areas/gun-buyback/", "/areas/community-policing/", "/data/"]
PUBLIC_PAGES += ["/glossary/", "/areas/hot-spots-policing/results/"]

# Every visible element whose content is wider than its own box, except scroll containers
# (a table may scroll sideways inside one), plotly's own drawing and hidden helper text.
OVERFLOWING = """() => {
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".chart-plot, .visually-hidden, .skip-link, svg, datalist")) continue;
    // A table stacked on a phone keeps its head for screen readers only, in a 1px box.
    const head = el.closest("thead");
    if (head && head.getBoundingClientRect().width <= 1) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    if (["auto", "scroll"].includes(style.overflowX)) continue;
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 60)}`);
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth) {
    found.push("the page scrolls sideways");
  }
  return found;
}"""


@pytest.fixture
def council_member(sample, page, live_server, django_user_model):
    return sign_in(page, live_server, django_user_model, "councillor", "Viewers")


def _check_layout(page, url: str, artifacts, name: str) -> None:
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        assert open_and_check(page, url) == []
        overflowing = page.evaluate(OVERFLOWING)
        assert overflowing == [], f"{url} at {width} px: {overflowing}"
        page.screenshot(
            path=artifacts / f"{name}-{width}.png", full_page=True, timeout=TALL_PAGE
        )


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_text_overflows_its_box_on_public_pages_at_any_width(
    page, live_server, sample, artifacts, path
):
    _check_layout(page, live_server.url + path, artifacts, f"layout-{slug(path)}")


def test_no_text_overflows_its_box_on_the_dashboard_at_any_width(
    page, live_server, council_member, artifacts
):
    _check_layout(page, live_server.url + "/dashboard/", artifacts, "layout-dashboard")


def test_the_deadline_tiles_show_whole_dollars(
    page, live_server, council_member, monkeypatch
):
    # The live server is a thread of this process: it sees the pinned date too.
    today = datetime.date(2026, 12, 1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: today)
    open_and_check(page, live_server.url + "/dashboard/")
    figures = page.locator(".deadlines .tile .figure").all_inner_texts()
    # Nothing left unobligated; December 2026's $18,958.18 over 30 days, rounded up.
    assert figures == ["$0", "30 days left", "$632 a day"]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1024, 768)])
def test_the_dashboard_answer_comes_before_the_settings_on_the_first_screen(
    page, live_server, council_member, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    open_and_check(page, live_server.url + "/dashboard/")
    answer = page.locator(".answer").bounding_box()
    assert answer["y"] + answer["height"] <= height
    if width >= 1024:
        first_tile = page.locator(".ytd-tile").first.bounding_box()
        assert first_tile["y"] < height
    assert page.get_by_label("Compare with year").is_hidden()
    page.get_by_text("Change settings").click()
    assert page.get_by_label("Compare with year").is_visible()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1024, 768)])
def test_the_public_summary_opens_with_its_answer(
    page, live_server, as_announced, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    open_and_check(page, live_server.url + "/")
    answer = page.locator(".answer").first
    box = answer.bounding_box()
    assert box["y"] + box["height"] <= height
    assert answer.inner_text().startswith(
        "Confirmed shots fired are up from 10 to 18 and people shot are up from 3 to 6"
    )


def test_money_tables_fit_a_phone_without_sideways_scrolling(
    page, live_server, council_member
):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/dashboard/", "/funding/ledger/", "/funding/", "/funding/reports/"]:
        open_and_check(page, live_server.url + path)
        page.evaluate(
            "document.querySelectorAll('details').forEach(d => { d.open = true; })"
        )
        tables = page.locator("table.stack, .table-container table")
        assert tables.count() >= 1, path
        widths = tables.evaluate_all(
            "tables => tables.map(t => [t.scrollWidth, t.parentElement.clientWidth])"
        )
        assert all(table <= room + 1 for table, room in widths), (path, widths)


# The boxes of one axis's tick labels, in page order, as [left, top, right, bottom].
TICK_BOXES = """(plot, axis) => Array.from(plot.querySelectorAll(`.${axis}tick text`))
  .map(t => t.getBoundingClientRect())
  .filter(r => r.width > 0)
  .map(r => [r.left, r.top, r.right, r.bottom])"""


def _apart(boxes, along: int) -> bool:
    """True when consecutive boxes do not overlap along x (0) or y (1)."""
    ordered = sorted(boxes, key=lambda box: box[along])
    return all(
        later[along] >= earlier[along + 2]
        for earlier, later in zip(ordered, ordered[1:], strict=False)
    )


def test_no_chart_label_collides_in_the_printed_packet(
    page, live_server, council_member
):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_and_check(page, live_server.url + "/dashboard/")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(500)
    money = page.locator("[data-figure=figure-area-money-data]")
    area_names = money.evaluate(TICK_BOXES, "y")
    assert len(area_names) == 6
    assert _apart(area_names, along=1)
    for key in ("shots-fired-confirmed", "shooting-victims"):
        plot = page.locator(f"[data-figure=figure-monthly-{key}-data]")
        months = plot.evaluate(TICK_BOXES, "x")
        assert len(months) == 12
        assert _apart(months, along=0), key
