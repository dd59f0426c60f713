"""What every real-browser page test checks: charts drawn, no console errors, no axe-core
violations."""

from axe_playwright_python.sync_playwright import Axe

WIDTHS = [1280, 390]  # desktop and phone


def open_and_check(page, url: str) -> list[str]:
    """Open `url`, wait for every chart to draw, and return the console's errors."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    charts = page.locator(".chart-plot")
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.locator("svg.main-svg").first.wait_for(state="attached", timeout=15000)
        assert chart.get_attribute("class").split().count("chart-drawn") == 1
    return errors


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def slug(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"
