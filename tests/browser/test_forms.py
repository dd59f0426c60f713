"""Real browser: a failed save puts the focus on the list of problems, and the project list
follows the chosen funding area."""

import pytest
from browser_checks import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def second_area_project(other_area):
    from funding.models import TreasuryProject

    return TreasuryProject.objects.create(
        area=other_area, identifier="CPT-01", name="Lighting", category_rationale="."
    )


def project_labels(page) -> list[str]:
    return page.get_by_label("Project").locator("option").all_inner_texts()


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_the_project_list_follows_the_area_and_a_failed_save_focuses_the_problems(
    page, live_server, django_user_model, budget, second_area_project, artifacts
):
    sign_in(page, live_server, django_user_model, "clerk", "Editors")
    page.goto(f"{live_server.url}/funding/entries/new/")
    everything = [
        "No project: the area as a whole",
        "BGM-01 Buybacks",
        "CPT-01 Lighting",
    ]
    assert project_labels(page) == everything

    page.get_by_label("Area").select_option(label="CPTED")
    assert project_labels(page) == everything[:1] + ["CPT-01 Lighting"]
    page.get_by_label("Project").select_option(label="CPT-01 Lighting")
    page.get_by_label("Area").select_option(label="Gun Buyback Programs")
    assert project_labels(page) == everything[:1] + ["BGM-01 Buybacks"]
    # The project of the other area is no longer chosen.
    assert page.get_by_label("Project").input_value() == ""

    page.get_by_label("Kind").select_option("expenditure")
    page.get_by_label("Date").fill("2022-07-15")
    page.get_by_label("Amount").fill("500.00")  # nothing is obligated yet
    page.get_by_label("Description").fill("Buyback event")
    page.get_by_role("button", name="Record entry").click()

    page.wait_for_load_state()
    assert focused_id(page) == "error-summary"
    summary = page.locator("#error-summary")
    assert summary.get_by_role("link").all_inner_texts() == [
        "Amount: Expenditures for Gun Buyback Programs would reach $500.00 on July 15, "
        "2022, more than the $0.00 obligated by then. $0.00 can still be spent against "
        "what is obligated.",
        "Payee: This field is required.",
    ]
    assert_no_axe_violations(page)
    page.screenshot(path=artifacts / "entry-form-error-summary.png", full_page=True)
    summary.get_by_role("link", name="Payee: This field is required.").click()
    assert focused_id(page) == "id_payee"
