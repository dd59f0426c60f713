"""Real browser: an editor logs in, records an expenditure and sees the overview change."""

import datetime
import re

import pytest
from browser_checks import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def obligated(budget, make_spending):
    return make_spending("obligation", datetime.date(2022, 6, 1), "6000.00")


def test_an_editor_records_an_expenditure_and_sees_the_overview_change(
    page, live_server, django_user_model, obligated, artifacts
):
    sign_in(page, live_server, django_user_model, "clerk", "Editors")

    overview = f"{live_server.url}/funding/?as_of=2022-12-31"
    page.goto(overview)
    # The "Money by area" table: the deadline panel above it lists the areas too.
    by_area = page.get_by_role("table", name=re.compile("per funding area"))
    row = by_area.get_by_role("row", name=re.compile("Gun Buyback Programs"))
    assert row.get_by_role("cell").nth(2).inner_text() == "$0.00"

    page.get_by_role("link", name="Record an obligation or expenditure").click()
    page.get_by_label("Kind").select_option("expenditure")
    page.get_by_label("Area").select_option(label="Gun Buyback Programs")
    page.get_by_label("Project").select_option(label="BGM-01 Buybacks")
    page.get_by_label("Date").fill("2022-07-15")
    page.get_by_label("Amount").fill("1234.56")
    page.get_by_label("Payee").fill("Community Centre")
    page.get_by_label("Description").fill("Buyback event")
    page.get_by_role("button", name="Record entry").click()
    assert "Recorded: Expenditure $1,234.56" in page.get_by_role("status").inner_text()

    page.goto(overview)
    row = by_area.get_by_role("row", name=re.compile("Gun Buyback Programs"))
    assert row.get_by_role("cell").nth(2).inner_text() == "$1,234.56"
    assert row.get_by_role("cell").nth(4).inner_text() == "12.3%"
    page.screenshot(
        path=artifacts / "funding-overview-after-expenditure.png", full_page=True
    )
