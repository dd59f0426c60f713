"""Real browser: the import-format pages (the list, a shipped format, a stored one with its
versions, the builder's two steps) have no axe-core violations, no console errors and no
sideways scrolling of the page at desktop and phone widths; screenshots are written.

Persona: `editor` (city staff), signed in, on the sample data (its stored format).
"""

import pytest
from browser_checks import WIDTHS, assert_no_axe_violations, open_and_check, sign_in

from incidents.models import ImportFormat

pytestmark = pytest.mark.browser

SAMPLE_CSV = (
    "CADNumber,CallDate,CallTime,Block,Sector,Outcome,VictimAge\n"
    "24-000123,01/05/2024,23:15,100 BLOCK CLINTON ST,North,Injured,34\n"
    "24-000200,02/10/2024,01:40,300 BLOCK MAIN ST,South,,\n"
)


def page_width_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check(page, url: str, artifacts, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert open_and_check(page, url) == []
        assert page.locator("h1").count() == 1
        assert page_width_overflow(page) == 0
        assert_no_axe_violations(page)
        page.screenshot(path=artifacts / f"staff-{name}-{width}.png", full_page=True)


def test_the_format_pages_pass_their_checks(
    page, live_server, sample, django_user_model, artifacts, tmp_path
):
    sign_in(page, live_server, django_user_model, "clerk", "Editors")
    stored = ImportFormat.objects.get()
    base = f"{live_server.url}/incidents/import/formats/"
    check(page, base, artifacts, "formats")
    check(page, f"{base}shipped/philadelphia/", artifacts, "format-shipped")
    check(page, f"{base}{stored.pk}/", artifacts, "format-edit")
    check(page, f"{base}build/", artifacts, "format-builder-sample")
    sample = tmp_path / "cad.csv"
    sample.write_text(SAMPLE_CSV)
    page.get_by_label("A sample of the file (CSV)").set_input_files(sample)
    page.get_by_role("button", name="Read the sample").click()
    page.wait_for_url(f"{base}build/columns/")
    check(page, f"{base}build/columns/", artifacts, "format-builder")
    page.get_by_label("Key column").select_option("CADNumber")
    page.get_by_label("Date", exact=True).select_option("CallDate")
    page.get_by_label("Date format").fill("%m/%d/%Y")
    page.get_by_label("Outcome column").select_option("Outcome")
    page.get_by_label("Outcome values: killed").fill("Killed")
    page.get_by_label("Outcome values: injured").fill("Injured")
    page.get_by_label("Name").fill("CAD export")
    page.get_by_role("button", name="Write the format").click()
    assert 'key = "CADNumber"' in page.get_by_label("Format (TOML)").input_value()
    page.get_by_role("button", name="Save the format").click()
    page.wait_for_url(f"{base}*/")
    assert ImportFormat.objects.filter(name="CAD export").exists()
