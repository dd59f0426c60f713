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


@pytest.fixture
def awards_of_three_projects(project, second_area_project):
    """C-1 under BGM-01, C-2 under BGM-02 (the same area), C-3 under CPT-01, and C-4
    under BGM-01, voided."""
    import datetime
    from decimal import Decimal

    from funding.models import Award, TreasuryProject

    sibling = TreasuryProject.objects.create(
        area=project.area, identifier="BGM-02", name="Events", category_rationale="."
    )
    for number, under in (
        ("C-1", project),
        ("C-2", sibling),
        ("C-3", second_area_project),
        ("C-4", project),
    ):
        Award.objects.create(
            number=number,
            kind=Award.Kind.CONTRACT,
            recipient_kind=Award.RecipientKind.ORGANIZATION,
            recipient=f"Vendor {number[-1]}",
            amount=Decimal("1000.00"),
            starts_on=datetime.date(2022, 6, 1),
            ends_on=datetime.date(2022, 12, 31),
            purpose="Events.",
            area=under.area,
            project=under,
        )
    Award.objects.get(number="C-4").void("Entered twice.", None)


def award_labels(page) -> list[str]:
    return page.get_by_label("Award").locator("option").all_inner_texts()


def test_the_award_list_follows_the_project(
    page, live_server, django_user_model, budget, awards_of_three_projects, artifacts
):
    sign_in(page, live_server, django_user_model, "clerk", "Editors")
    page.goto(f"{live_server.url}/funding/entries/new/")
    # No project chosen: no award to choose, whatever the area.
    assert award_labels(page) == ["No award"]
    page.get_by_label("Area").select_option(label="Gun Buyback Programs")
    assert award_labels(page) == ["No award"]

    page.get_by_label("Project").select_option(label="BGM-01 Buybacks")
    assert award_labels(page) == ["No award", "C-1 Vendor 1"]  # C-4 is void
    page.get_by_label("Project").select_option(label="BGM-02 Events")
    assert award_labels(page) == ["No award", "C-2 Vendor 2"]
    page.get_by_label("Award").select_option(label="C-2 Vendor 2")
    assert_no_axe_violations(page)
    page.screenshot(path=artifacts / "entry-form-awards-of-project.png", full_page=True)

    # Another area clears the project, and with it the award.
    page.get_by_label("Area").select_option(label="CPTED")
    assert page.get_by_label("Project").input_value() == ""
    assert award_labels(page) == ["No award"]
    assert page.get_by_label("Award").input_value() == ""
    page.get_by_label("Project").select_option(label="CPT-01 Lighting")
    assert award_labels(page) == ["No award", "C-3 Vendor 3"]
