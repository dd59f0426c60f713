"""What every real-browser page test checks: charts drawn, no console errors, no axe-core
violations."""

import re
from urllib.parse import urlencode

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group

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


PASSWORD = "a-long-test-password"


LANDING = {"Editors": "/funding/", "Viewers": "/dashboard/"}


def sign_in(page, live_server, django_user_model, username: str, group: str, then=""):
    """Make `username` a member of `group` and log in through the log-in page; the browser
    lands on `then` (default: where the site sends the group, see LANDING)."""
    user = django_user_model.objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    query = f"?{urlencode({'next': then})}" if then else ""
    page.goto(f"{live_server.url}/accounts/login/{query}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(then or LANDING[group]) + "$"))
    return user


# A whole-page screenshot's time limit, ms: Chromium without a GPU takes a while to draw
# the whole dashboard at 390 px (some 15,000 px tall) while the other test worker keeps
# the second core busy.
TALL_PAGE = 120_000
