"""Treasury period figures derived from a hand-made ledger: cumulative, current, cancelled."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from funding.categories import ExpenditureCategory
from funding.models import (
    BudgetEntry,
    CompletionStatus,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
    period_bounds,
)
from funding.reporting import category_summary, period_figures, report_totals

OBLIGATION = SpendingEntry.Kind.OBLIGATION
EXPENDITURE = SpendingEntry.Kind.EXPENDITURE
D = datetime.date


@pytest.fixture
def periods(db):
    made = {}
    for name in ["2022-Q2", "2022-Q3", "2022"]:
        made[name] = ReportingPeriod.named(name)
        made[name].save()
    return made


@pytest.fixture
def cancelled_project(other_area):
    return TreasuryProject.objects.create(
        area=other_area,
        identifier="BGM-02",
        name="Lighting",
        expenditure_category=ExpenditureCategory.EC_2_22,
        category_rationale="Street lighting.",
        completion_status_override=CompletionStatus.CANCELLED,
    )


@pytest.fixture
def ledger(budget, make_spending, other_area, cancelled_project):
    """BGM-01: $10,000 budget. Q2: $6,000 obligated, $1,000 spent. Q3: $2,000 obligated,
    $1,500 spent, and a $250 revision of earlier obligations. October: $700 spent.
    BGM-02 (cancelled): $5,000 budget, $3,000 obligated in Q2 and released in Q3."""
    make_spending(OBLIGATION, D(2022, 6, 1), "6000.00")
    make_spending(EXPENDITURE, D(2022, 6, 20), "1000.00")
    make_spending(EXPENDITURE, D(2022, 7, 15), "1500.00")
    make_spending(OBLIGATION, D(2022, 9, 30), "2000.00")
    make_spending(EXPENDITURE, D(2022, 10, 1), "700.00")
    SpendingEntry.objects.create(
        area=budget.area,
        project=budget.project,
        kind=OBLIGATION,
        occurred_on=D(2022, 9, 30),
        amount=Decimal("250.00"),
        payee="Acme Events",
        description="Revision",
        reason="Revision in the 2022-Q3 report.",
        adjustment=True,
    )
    BudgetEntry.objects.create(
        area=other_area,
        project=cancelled_project,
        amount=Decimal("5000.00"),
        effective_on=D(2022, 5, 16),
    )
    lighting = {"area": other_area, "project": cancelled_project}
    make_spending(OBLIGATION, D(2022, 6, 1), "3000.00", **lighting)
    make_spending(
        OBLIGATION, D(2022, 8, 15), "-3000.00", reason="Project cancelled.", **lighting
    )


def figures_of(period, program=None) -> dict[str, tuple]:
    return {
        line.project.identifier: (
            line.budget,
            line.total_obligations,
            line.total_expenditures,
            line.current_obligations,
            line.current_expenditures,
            line.completion_status,
        )
        for line in period_figures(period, program)
    }


def test_cumulative_figures_run_to_the_period_end_and_current_ones_cover_the_period(
    ledger, periods
):
    assert figures_of(periods["2022-Q2"])["BGM-01"] == (
        Decimal("10000.00"),
        Decimal("6000.00"),
        Decimal("1000.00"),
        Decimal("6000.00"),
        Decimal("1000.00"),
        CompletionStatus.LESS_THAN_HALF,
    )
    assert figures_of(periods["2022-Q3"])["BGM-01"] == (
        Decimal("10000.00"),
        Decimal("8250.00"),
        Decimal("2500.00"),
        Decimal("2000.00"),  # the $250 revision counts in the total only
        Decimal("1500.00"),
        CompletionStatus.LESS_THAN_HALF,
    )


def test_an_annual_period_covers_the_whole_year(ledger, periods):
    assert figures_of(periods["2022"])["BGM-01"][1:5] == (
        Decimal("8250.00"),
        Decimal("3200.00"),
        Decimal("8000.00"),
        Decimal("3200.00"),
    )


def test_a_cancelled_project_stays_listed_with_zero_current_figures(ledger, periods):
    q2, q3 = figures_of(periods["2022-Q2"]), figures_of(periods["2022-Q3"])
    assert q2["BGM-02"] == (
        Decimal("5000.00"),
        Decimal("3000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        CompletionStatus.CANCELLED,
    )
    assert q3["BGM-02"] == (
        Decimal("5000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        CompletionStatus.CANCELLED,
    )


def test_projects_without_entries_by_the_period_end_are_not_listed(
    ledger, periods, area
):
    later = TreasuryProject.objects.create(
        area=area, identifier="BGM-03", name="Later", category_rationale="-"
    )
    BudgetEntry.objects.create(
        area=area, project=later, amount=Decimal("1.00"), effective_on=D(2022, 10, 5)
    )
    assert list(figures_of(periods["2022-Q3"])) == ["BGM-01", "BGM-02"]
    assert list(figures_of(periods["2022"])) == ["BGM-01", "BGM-02", "BGM-03"]


def test_the_summary_by_category_adds_up_the_projects(ledger, periods):
    figures = period_figures(periods["2022-Q3"])
    summary = [
        (row.code, row.label, row.projects, row.budget, row.total_obligations)
        for row in category_summary(figures)
    ]
    assert summary == [
        (
            "1.11",
            "1.11 Community Violence Interventions",
            1,
            Decimal("10000.00"),
            Decimal("8250.00"),
        ),
        (
            "2.22",
            "2.22 Strong Healthy Communities: Neighborhood Features that Promote "
            "Health and Safety",
            1,
            Decimal("5000.00"),
            Decimal("0.00"),
        ),
    ]
    total = report_totals(figures)
    assert (total.projects, total.budget, total.current_expenditures) == (
        2,
        Decimal("15000.00"),
        Decimal("1500.00"),
    )


def test_one_query_whatever_the_number_of_projects(
    ledger, periods, area, django_assert_num_queries
):
    for number in range(3, 13):
        extra = TreasuryProject.objects.create(
            area=area, identifier=f"BGM-{number:02d}", name="x", category_rationale="-"
        )
        BudgetEntry.objects.create(
            area=area, project=extra, amount=Decimal("1.00"), effective_on=D(2022, 7, 1)
        )
    with django_assert_num_queries(1):
        assert len(period_figures(periods["2022-Q3"])) == 12


@pytest.mark.parametrize(
    ("name", "kind", "starts_on", "ends_on"),
    [
        ("2021-Q4", "quarter", D(2021, 10, 1), D(2021, 12, 31)),
        ("2022-Q1", "quarter", D(2022, 1, 1), D(2022, 3, 31)),
        ("2024-Q1", "quarter", D(2024, 1, 1), D(2024, 3, 31)),
        ("2022-Q3", "quarter", D(2022, 7, 1), D(2022, 9, 30)),
        ("2023", "year", D(2023, 1, 1), D(2023, 12, 31)),
    ],
)
def test_a_period_name_gives_its_kind_and_dates(name, kind, starts_on, ends_on):
    assert period_bounds(name) == (kind, starts_on, ends_on)


@pytest.mark.parametrize("name", ["2022-Q5", "2022Q3", "22-Q1", "2022-q3", ""])
def test_an_unknown_period_name_is_refused(db, name):
    with pytest.raises(ValidationError) as excinfo:
        ReportingPeriod(name=name).full_clean()
    assert "name" in excinfo.value.message_dict


def test_at_most_one_period_is_current(periods):
    q2, q3 = periods["2022-Q2"], periods["2022-Q3"]
    q2.make_current()
    with pytest.raises(ValidationError) as excinfo:
        ReportingPeriod(name="2022-Q4", is_current=True).full_clean()
    assert excinfo.value.messages == [
        "Another reporting period is already the current one; untick it first."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.filter(pk=q3.pk).update(is_current=True)
    q3.make_current()
    assert list(
        ReportingPeriod.objects.filter(is_current=True).values_list("name", flat=True)
    ) == ["2022-Q3"]
    assert ReportingPeriod.objects.current_or_latest() == q3


def test_without_a_current_period_the_latest_is_the_default(periods):
    assert ReportingPeriod.objects.current_or_latest().name == "2022"


def test_an_adjustment_needs_a_reason(budget, make_spending):
    with pytest.raises(ValidationError) as excinfo:
        make_spending(OBLIGATION, D(2022, 6, 1), "100.00", adjustment=True)
    assert excinfo.value.message_dict["reason"] == [
        "Say which period's reported total the adjustment revises."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        SpendingEntry.objects.create(
            area=budget.area,
            kind=OBLIGATION,
            occurred_on=D(2022, 6, 1),
            amount=Decimal("100.00"),
            adjustment=True,
        )
