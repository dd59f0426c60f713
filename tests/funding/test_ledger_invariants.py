"""The ledger's invariants: refused with a message that names the figures, accepted otherwise."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from funding.models import BudgetEntry, SpendingEntry

OBLIGATION = SpendingEntry.Kind.OBLIGATION
EXPENDITURE = SpendingEntry.Kind.EXPENDITURE
JUNE_1 = datetime.date(2022, 6, 1)
JULY_1 = datetime.date(2022, 7, 1)


def messages_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_it_accepts_an_obligation_within_the_budget(budget, make_spending):
    entry = make_spending(OBLIGATION, JUNE_1, "10000.00")
    assert entry.pk is not None


def test_it_refuses_obligations_beyond_the_budget(budget, make_spending):
    make_spending(OBLIGATION, JUNE_1, "9000.00")
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, JULY_1, "1000.01")
    assert messages_of(excinfo)["amount"] == [
        "Obligations for Gun Buyback Programs and project BGM-01 would reach "
        "$10,000.01 on July 1, 2022, more than their budget of $10,000.00 at that "
        "date. $1,000.00 can still be obligated against the budget."
    ]
    assert SpendingEntry.objects.count() == 1


def test_it_refuses_expenditures_beyond_obligations(budget, make_spending):
    make_spending(OBLIGATION, JUNE_1, "500.00")
    with pytest.raises(ValidationError) as excinfo:
        make_spending(EXPENDITURE, JULY_1, "500.50")
    assert messages_of(excinfo)["amount"][0] == (
        "Expenditures for Gun Buyback Programs and project BGM-01 would reach "
        "$500.50 on July 1, 2022, more than the $500.00 obligated by then. "
        "$500.00 can still be spent against what is obligated."
    )


def test_it_checks_every_date_not_only_the_final_totals(budget, make_spending):
    # Obligated on July 1, but the payment is dated June 1: wrong on June 1 although the
    # totals balance from July onwards.
    make_spending(OBLIGATION, JULY_1, "500.00")
    with pytest.raises(ValidationError) as excinfo:
        make_spending(EXPENDITURE, JUNE_1, "100.00")
    assert "on June 1, 2022" in messages_of(excinfo)["amount"][0]


def test_it_refuses_an_obligation_dated_before_any_budget(budget, make_spending):
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, datetime.date(2022, 5, 15), "1.00")
    assert messages_of(excinfo)["amount"][0] == (
        "Obligations for Gun Buyback Programs and project BGM-01 would reach $1.00 "
        "on May 15, 2022, more than their budget of $0.00 at that date. "
        "$0.00 can still be obligated against the budget."
    )


def test_same_day_obligation_and_expenditure_are_checked_together(
    budget, make_spending
):
    make_spending(OBLIGATION, JUNE_1, "100.00")
    assert make_spending(EXPENDITURE, JUNE_1, "100.00").pk is not None


def test_a_de_obligation_needs_a_reason(budget, make_spending):
    make_spending(OBLIGATION, JUNE_1, "500.00")
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, JULY_1, "-200.00")
    assert messages_of(excinfo)["reason"] == [
        "Give a reason for the negative amount of -$200.00 "
        "(a de-obligation, refund or budget reduction)."
    ]
    entry = make_spending(OBLIGATION, JULY_1, "-200.00", reason="Contract reduced")
    assert entry.amount == Decimal("-200.00")


def test_a_de_obligation_cannot_leave_less_obligated_than_spent(budget, make_spending):
    make_spending(OBLIGATION, JUNE_1, "500.00")
    make_spending(EXPENDITURE, JUNE_1, "400.00")
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, JULY_1, "-200.00", reason="Contract reduced")
    assert messages_of(excinfo)["amount"][0] == (
        "Expenditures for Gun Buyback Programs and project BGM-01 would reach "
        "$400.00 on July 1, 2022, more than the $300.00 obligated by then. "
        "At most $100.00 can be de-obligated."
    )


def test_no_cumulative_figure_goes_below_zero(budget, make_spending):
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, JUNE_1, "-1.00", reason="Mistake")
    assert messages_of(excinfo)["amount"][0] == (
        "The obligations of Gun Buyback Programs and project BGM-01 would fall to "
        "-$1.00 on June 1, 2022; a total cannot go below $0.00. "
        "At most $0.00 can be de-obligated."
    )


def test_the_areas_budgets_cannot_exceed_the_program_total(area, other_area, budget):
    entry = BudgetEntry(
        area=other_area,
        amount=Decimal("990000.01"),
        effective_on=datetime.date(2022, 6, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()
    assert messages_of(excinfo)["amount"] == [
        "The areas' budgets would add up to $1,000,000.01 on June 1, 2022, "
        "more than the program total of $1,000,000.00. "
        "$990,000.00 can still be budgeted within the program total."
    ]
    entry.amount = Decimal("990000.00")
    entry.full_clean()


def test_a_budget_cut_below_obligations_is_refused(
    budget, make_spending, area, project
):
    make_spending(OBLIGATION, JUNE_1, "8000.00")
    cut = BudgetEntry(
        area=area,
        project=project,
        kind=BudgetEntry.Kind.AMENDMENT,
        amount=Decimal("-3000.00"),
        effective_on=JULY_1,
        reason="Reallocated",
    )
    with pytest.raises(ValidationError) as excinfo:
        cut.full_clean()
    assert messages_of(excinfo)["amount"][0] == (
        "Obligations for Gun Buyback Programs and project BGM-01 would reach "
        "$8,000.00 on July 1, 2022, more than their budget of $7,000.00 at that date. "
        "The budget can be reduced by at most $2,000.00."
    )


def test_moving_an_entry_to_another_area_rechecks_the_area_it_leaves(
    budget, make_spending, other_area, program
):
    BudgetEntry.objects.create(
        area=other_area, amount=Decimal("5000.00"), effective_on=JUNE_1
    )
    obligation = make_spending(OBLIGATION, JUNE_1, "500.00")
    make_spending(EXPENDITURE, JULY_1, "500.00")
    obligation.area = other_area
    obligation.project = None
    with pytest.raises(ValidationError) as excinfo:
        obligation.full_clean()
    assert (
        "Expenditures for Gun Buyback Programs and project BGM-01 would reach $500.00"
        in messages_of(excinfo)["amount"][0]
    )


def test_a_project_must_belong_to_the_entrys_area(
    budget, make_spending, other_area, project
):
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, JUNE_1, "1.00", area=other_area)
    assert messages_of(excinfo)["project"] == [
        "Project BGM-01 belongs to Gun Buyback Programs, not to CPTED."
    ]


@pytest.mark.parametrize(
    ("day", "accepted"),
    [
        (datetime.date(2021, 3, 2), False),
        (datetime.date(2021, 3, 3), True),
        (datetime.date(2026, 12, 31), True),
        (datetime.date(2027, 1, 1), False),
    ],
)
def test_dates_fall_in_the_eligible_period(area, day, accepted):
    entry = BudgetEntry(area=area, amount=Decimal("10.00"), effective_on=day)
    if accepted:
        entry.full_clean()
        return
    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()
    assert messages_of(excinfo)["effective_on"] == [
        "ARPA money can only cover costs from March 3, 2021 to December 31, 2026; "
        f"{day:%B %-d, %Y} is outside that period."
    ]


def test_a_zero_amount_is_refused(budget, make_spending):
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, JUNE_1, "0.00")
    assert messages_of(excinfo)["amount"] == ["The amount cannot be zero."]


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"amount": Decimal("0.00")}, "spending_amount_not_zero"),
        (
            {"occurred_on": datetime.date(2027, 1, 1)},
            "spending_date_in_eligible_period",
        ),
        ({"amount": Decimal("-5.00"), "reason": ""}, "spending_negative_has_reason"),
    ],
)
def test_the_database_holds_the_row_invariants(area, fields, constraint):
    row = {
        "area": area,
        "kind": OBLIGATION,
        "occurred_on": JUNE_1,
        "amount": Decimal("5.00"),
        "payee": "P",
        "description": "D",
        **fields,
    }
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        SpendingEntry.objects.create(**row)
    assert constraint in str(excinfo.value)
