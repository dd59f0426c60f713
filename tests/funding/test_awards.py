"""Awards: their row rules, and the ledger's rules per award, with the figures named."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding.ledger_rules import void_problems
from funding.models import Award, SpendingEntry, TreasuryProject

OBLIGATION = SpendingEntry.Kind.OBLIGATION
EXPENDITURE = SpendingEntry.Kind.EXPENDITURE
JUNE_1 = datetime.date(2022, 6, 1)
JULY_1 = datetime.date(2022, 7, 1)


@pytest.fixture
def lighting(budget, make_award):
    """Contract C-2022-014 of $5,000.00 under project BGM-01 (budget $10,000.00)."""
    return make_award("C-2022-014", "5000.00")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"amount": "0.00"},
            "amount",
            "An award's amount must be more than $0.00, not $0.00.",
        ),
        (
            {"amount": "-5.00"},
            "amount",
            "An award's amount must be more than $0.00, not -$5.00.",
        ),
        (
            {"ends_on": datetime.date(2022, 5, 31)},
            "ends_on",
            "The award cannot end (2022-05-31) before it starts (2022-06-01).",
        ),
    ],
)
def test_it_refuses_an_award_that_breaks_a_row_rule(
    budget, make_award, fields, field, message
):
    fields = {"amount": "100.00", **fields}
    with pytest.raises(ValidationError) as excinfo:
        make_award("C-1", **fields)
    assert excinfo.value.message_dict[field] == [message]
    assert not Award.objects.exists()


def test_an_awards_project_belongs_to_its_area(budget, make_award, other_area):
    with pytest.raises(ValidationError) as excinfo:
        make_award("C-1", "100.00", area=other_area)
    assert excinfo.value.message_dict["project"] == [
        "Project BGM-01 belongs to Gun Buyback Programs, not to CPTED."
    ]


def test_award_numbers_are_unique(lighting, make_award):
    with pytest.raises(ValidationError) as excinfo:
        make_award("C-2022-014", "100.00")
    assert excinfo.value.message_dict["number"] == [
        "Award with this Award number already exists."
    ]


def test_an_entry_under_an_award_of_another_project_is_refused(
    lighting, make_spending, area
):
    other = TreasuryProject.objects.create(
        area=area, identifier="BGM-09", name="Other", category_rationale="-"
    )
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, JUNE_1, "100.00", project=other, award=lighting)
    assert excinfo.value.message_dict["award"] == [
        "Award C-2022-014 is for Gun Buyback Programs, project BGM-01; this entry is "
        "for Gun Buyback Programs, project BGM-09. Choose an award of the entry's area "
        "and project."
    ]
    assert not SpendingEntry.objects.exists()


def test_an_entry_of_the_area_as_a_whole_cannot_be_under_a_projects_award(
    lighting, make_spending
):
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, JUNE_1, "100.00", project=None, award=lighting)
    assert excinfo.value.message_dict["award"][0].endswith(
        "this entry is for Gun Buyback Programs, no project. Choose an award of the "
        "entry's area and project."
    )


def test_obligations_under_an_award_stay_within_its_amount(lighting, make_spending):
    make_spending(OBLIGATION, JUNE_1, "4000.00", award=lighting)
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, JULY_1, "1500.00", award=lighting)
    assert excinfo.value.message_dict["amount"] == [
        "Obligations under award C-2022-014 would reach $5,500.00 on July 1, 2022, "
        "more than the $5,000.00 awarded. $1,000.00 can still be obligated against "
        "the budget."
    ]
    assert make_spending(OBLIGATION, JULY_1, "1000.00", award=lighting).pk


def test_expenditures_under_an_award_stay_within_its_obligations(
    lighting, make_spending
):
    """The project has $6,000.00 obligated, $4,000.00 of it under the award: only the
    award's rule breaks."""
    make_spending(OBLIGATION, JUNE_1, "4000.00", award=lighting)
    make_spending(OBLIGATION, JUNE_1, "2000.00")
    with pytest.raises(ValidationError) as excinfo:
        make_spending(EXPENDITURE, JULY_1, "4000.01", award=lighting)
    assert excinfo.value.message_dict["amount"] == [
        "Expenditures under award C-2022-014 would reach $4,000.01 on July 1, 2022, "
        "more than the $4,000.00 obligated under it by then. $4,000.00 can still be "
        "spent against what is obligated."
    ]
    # The same payment outside the award is within the project's obligations.
    assert make_spending(EXPENDITURE, JULY_1, "4000.01").pk


def test_an_award_is_checked_on_every_date(lighting, make_spending):
    make_spending(OBLIGATION, JULY_1, "500.00", award=lighting)
    make_spending(OBLIGATION, JUNE_1, "500.00")
    with pytest.raises(ValidationError) as excinfo:
        make_spending(EXPENDITURE, JUNE_1, "100.00", award=lighting)
    assert excinfo.value.message_dict["amount"][0].startswith(
        "Expenditures under award C-2022-014 would reach $100.00 on June 1, 2022, "
        "more than the $0.00 obligated under it by then."
    )


def test_an_awards_amount_cannot_go_below_what_is_obligated_under_it(
    lighting, make_spending
):
    make_spending(OBLIGATION, JUNE_1, "4000.00", award=lighting)
    lighting.amount = Decimal("3999.99")
    with pytest.raises(ValidationError) as excinfo:
        lighting.full_clean()
    assert excinfo.value.message_dict["amount"] == [
        "Obligations under award C-2022-014 would reach $4,000.00 on June 1, 2022, "
        "more than the $3,999.99 awarded."
    ]
    lighting.amount = Decimal("4000.00")
    lighting.full_clean()


def test_an_award_keeps_the_area_and_project_of_its_entries(
    lighting, make_spending, area
):
    make_spending(OBLIGATION, JUNE_1, "100.00", award=lighting)
    lighting.project = TreasuryProject.objects.create(
        area=area, identifier="BGM-09", name="Other", category_rationale="-"
    )
    with pytest.raises(ValidationError) as excinfo:
        lighting.full_clean()
    assert excinfo.value.message_dict["project"] == [
        "1 entry recorded under this award belongs to another area or project: an "
        "award keeps the area and project of its entries."
    ]


def test_voiding_an_obligation_that_payments_under_the_award_need_is_refused(
    lighting, make_spending
):
    obligation = make_spending(OBLIGATION, JUNE_1, "1000.00", award=lighting)
    make_spending(OBLIGATION, JUNE_1, "2000.00")
    make_spending(EXPENDITURE, JULY_1, "1000.00", award=lighting)
    assert void_problems(obligation) == [
        "Expenditures under award C-2022-014 would reach $1,000.00 on July 1, 2022, "
        "more than the $0.00 obligated under it by then."
    ]


def test_taking_an_obligation_out_of_its_award_is_checked_against_the_award(
    lighting, make_spending
):
    obligation = make_spending(OBLIGATION, JUNE_1, "1000.00", award=lighting)
    make_spending(EXPENDITURE, JULY_1, "600.00", award=lighting)
    obligation.award = None
    with pytest.raises(ValidationError) as excinfo:
        obligation.full_clean()
    assert excinfo.value.message_dict["amount"] == [
        "Expenditures under award C-2022-014 would reach $600.00 on July 1, 2022, "
        "more than the $0.00 obligated under it by then."
    ]


def test_the_award_keeps_its_history(lighting):
    lighting.amount = Decimal("6000.00")
    lighting.full_clean()
    lighting.save()
    assert list(
        lighting.history.order_by("history_date").values_list("amount", flat=True)
    ) == [Decimal("5000.00"), Decimal("6000.00")]


def test_the_awards_figures_are_the_entries_under_it(lighting, make_spending):
    make_spending(OBLIGATION, JUNE_1, "4000.00", award=lighting)
    make_spending(EXPENDITURE, JULY_1, "1250.50", award=lighting)
    make_spending(EXPENDITURE, JULY_1, "10.00")
    voided = make_spending(EXPENDITURE, JULY_1, "100.00", award=lighting)
    voided.void("Entered twice", None)
    award = Award.objects.with_spending().get()
    assert (award.obligated, award.spent) == (Decimal("4000.00"), Decimal("1250.50"))
