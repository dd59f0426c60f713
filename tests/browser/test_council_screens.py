"""Real browser: presentation mode screen by screen with the keyboard at 1920x1080 and
1024x768 (no scrolling, nothing overflowing its box, figures and text large enough to read
from the back of the council chamber), and the one-page summary printed on one page."""

import re

import pytest
from browser_checks import assert_no_axe_violations, open_and_check, sign_in

pytestmark = pytest.mark.browser

QUERY = "as_of=2022-05-04&compare=2021&money_as_of=2022-05-16"
SIZES = [(1920, 1080), (1024, 768)]
# At 1920x1080: every figure at least this large, every other text too (CSS px).
FIGURE_PX, TEXT_PX = 96, 28

# The shown screen and the controls: document height, the smallest type of a figure and
# of any other text (SVG text of the charts included), and what overflows its box.
MEASURE = """() => {
  const shown = (el) => { const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && getComputedStyle(el).visibility !== "hidden"; };
  const roots = [document.querySelector(".screen:not([hidden])"),
                 document.querySelector(".present-controls")];
  let text = Infinity, figure = Infinity; const overflow = [];
  for (const root of roots) {
    for (const el of [root, ...root.querySelectorAll("*")]) {
      if (!shown(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      const words = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (el.closest(".figure")) { if (words) figure = Math.min(figure, size); }
      else if (words) text = Math.min(text, size);
      if (el instanceof HTMLElement && el.scrollWidth > el.clientWidth + 1
          && getComputedStyle(el).display !== "inline") {
        overflow.push(el.tagName + "." + el.className + ": " + el.textContent.slice(0, 40));
      }
    }
  }
  return { height: document.documentElement.scrollHeight, viewport: innerHeight,
           width: document.documentElement.scrollWidth, viewportWidth: innerWidth,
           text, figure, overflow,
           counter: document.querySelector(".present-counter").textContent.trim() };
}"""


@pytest.fixture
def council_member(sample, page, live_server, django_user_model):
    """A council member, signed in."""
    return sign_in(page, live_server, django_user_model, "councillor", "Viewers")


def _check_screen(page, number: int, size: tuple[int, int]) -> dict:
    page.wait_for_function(f"location.hash === '#{number}'")
    page.locator(".screen:not([hidden]) .chart-drawn svg.main-svg").or_(
        page.locator(".screen:not([hidden]) h2")
    ).first.wait_for()
    page.wait_for_timeout(300)  # a chart's redraw to its screen's size
    found = page.evaluate(MEASURE)
    assert found["counter"] == f"Screen {number} of 5"
    assert found["height"] <= found["viewport"], f"screen {number} scrolls"
    assert found["width"] <= found["viewportWidth"], f"screen {number} scrolls sideways"
    assert found["overflow"] == [], f"screen {number}"
    if size == (1920, 1080):
        assert found["text"] >= TEXT_PX, f"screen {number}: text {found['text']} px"
        if number != 2 and number != 5:  # the chart and the table have no big figure
            assert found["figure"] >= FIGURE_PX, (
                f"screen {number}: {found['figure']} px"
            )
    return found


@pytest.mark.parametrize("size", SIZES, ids=["1920x1080", "1024x768"])
def test_presentation_mode_goes_screen_by_screen_with_the_keyboard(
    page, live_server, council_member, artifacts, size
):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    errors = open_and_check(page, f"{live_server.url}/dashboard/present/?{QUERY}")
    sizes = {}
    # Forward with the arrow key and space; back with the arrow key and Shift+space.
    keys = ["ArrowRight", " ", "ArrowRight", "PageDown"]
    for number in range(1, 6):
        sizes[number] = _check_screen(page, number, size)
        page.screenshot(path=artifacts / f"present-{width}x{height}-{number}.png")
        if size == (1920, 1080):
            assert_no_axe_violations(page)
        if number < 5:
            page.keyboard.press(keys[number - 1])
    page.keyboard.press("ArrowLeft")
    _check_screen(page, 4, size)
    page.keyboard.press("Shift+ ")
    _check_screen(page, 3, size)
    page.reload()  # the fragment keeps the screen
    _check_screen(page, 3, size)
    page.get_by_role("button", name="Next screen").click()
    _check_screen(page, 4, size)
    page.get_by_role("button", name="Previous screen").click()
    _check_screen(page, 3, size)
    print({n: (s["figure"], s["text"]) for n, s in sizes.items()})
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/dashboard/\?"))
    assert page.url == f"{live_server.url}/dashboard/?{QUERY}"
    assert errors == []


def test_without_script_the_screens_are_sections_one_after_another(
    browser, live_server, sample, django_user_model, artifacts
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, django_user_model, "councillor", "Viewers")
    page.goto(f"{live_server.url}/dashboard/present/?{QUERY}")
    for number in range(1, 6):
        assert page.locator(f"section[id='{number}']").is_visible()
    assert page.locator(".present-controls").is_hidden()
    context.close()


def test_the_one_page_summary_prints_on_one_letter_page(
    page, live_server, council_member, artifacts
):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert open_and_check(page, f"{live_server.url}/dashboard/summary/") == []
        assert_no_axe_violations(page)
        page.screenshot(path=artifacts / f"summary-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/dashboard/summary/?{QUERY}")
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter", print_background=True)
    (artifacts / "summary.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1
    text = page.locator("main").inner_text()
    assert "Prepared for the Binghamton City Council" in text
    assert "Confirmed shots fired are up from 10 to 18" in text
