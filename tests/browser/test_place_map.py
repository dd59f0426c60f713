"""Real browser: the By place page draws the 77 NYC precincts' map on the server, under
the Content-Security-Policy, with no console errors and nothing wider than the screen, at
phone and desktop widths; its figures are in the table beside it."""

import pytest
from browser_checks import WIDTHS, assert_no_axe_violations, open_and_check
from nyc_precincts import POPULATION_OPTIONS, import_precincts

pytestmark = pytest.mark.browser


@pytest.fixture
def precincts(sample):
    import_precincts(*POPULATION_OPTIONS)


def test_the_precinct_map_draws_offline_beside_its_table(page, live_server, precincts):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        url = f"{live_server.url}/by-place/?kind=precinct"
        assert open_and_check(page, url) == []
        svg = page.locator(".place-map svg")
        assert svg.locator("path").count() >= 77
        assert svg.bounding_box()["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        rows = page.locator(".place-table tbody tr")
        assert rows.count() >= 77
        assert page.locator("h1").inner_text() == "People shot by police precinct"
    assert_no_axe_violations(page)
    assert all(url.startswith(live_server.url) for url in requested)
