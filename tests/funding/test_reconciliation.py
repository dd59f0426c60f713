"""The reconciliation page: revisions, obligations above budget, spending above obligations."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from funding.models import Program, SpendingEntry
from funding.period_import import import_period_report

D = datetime.date
LOUISVILLE = (
    Path(__file__).parent
    / "data"
    / "louisville_arp_project_expenditures_2021Q4-2022Q3.csv"
)


def spending(area, project, kind, day, amount, **fields):
    """An entry as an import writes it: without the ledger forms' invariants."""
    return SpendingEntry.objects.create(
        area=area,
        project=project,
        kind=kind,
        occurred_on=day,
        amount=Decimal(amount),
        payee="Reported",
        description="Reported figure",
        **fields,
    )


@pytest.fixture
def broken_ledger(budget, area, project, q3):
    """$10,000 budget; $10,400 obligated and $10,650 spent by the end of Q3, with a
    $400 revision of obligations in Q3 and one in Q2 (not this period's)."""
    spending(area, project, "obligation", D(2022, 6, 30), "10000.00")
    spending(
        area,
        project,
        "obligation",
        D(2022, 6, 30),
        "1.00",
        adjustment=True,
        reason="Revision in the 2022-Q2 report.",
    )
    spending(
        area,
        project,
        "obligation",
        D(2022, 9, 30),
        "399.00",
        adjustment=True,
        reason="Revision in the 2022-Q3 report: $399.00.",
    )
    spending(area, project, "expenditure", D(2022, 9, 30), "10650.00")


def test_it_lists_the_periods_revisions_and_both_kinds_of_excess(
    viewer_client, broken_ledger
):
    response = viewer_client.get(
        reverse("funding:reconciliation"), {"period": "2022-Q3"}
    )
    assert [
        (
            line.project.identifier,
            line.figure,
            line.previous_total,
            line.current,
            line.reported_total,
            line.difference,
        )
        for line in response.context["revisions"]
    ] == [
        (
            "BGM-01",
            "obligations",
            Decimal("10001.00"),  # the Q2 revision is part of the total before Q3
            Decimal("0.00"),
            Decimal("10400.00"),
            Decimal("399.00"),
        )
    ]
    assert [
        (
            row.project.identifier,
            row.budget,
            row.total_obligations,
            row.obligations_over_budget,
        )
        for row in response.context["over_budget"]
    ] == [("BGM-01", Decimal("10000.00"), Decimal("10400.00"), Decimal("400.00"))]
    assert [
        (
            row.project.identifier,
            row.total_obligations,
            row.total_expenditures,
            row.expenditures_over_obligations,
        )
        for row in response.context["over_obligations"]
    ] == [("BGM-01", Decimal("10400.00"), Decimal("10650.00"), Decimal("250.00"))]
    html = response.content.decode()
    assert (
        '<tr><th scope="row">BGM-01</th><td class="num">$10,000.00</td>\n'
        '        <td class="num">$10,400.00</td><td class="num">$400.00</td></tr>'
    ) in html
    assert (
        '<tr><th scope="row">BGM-01</th><td class="num">$10,400.00</td>\n'
        '        <td class="num">$10,650.00</td><td class="num">$250.00</td></tr>'
    ) in html
    assert (
        '<tr><th scope="row">BGM-01</th><td>Obligations</td>\n'
        '        <td class="num">$10,001.00</td><td class="num">$0.00</td>\n'
        '        <td class="num">$10,400.00</td><td class="num">$399.00</td></tr>'
    ) in html
    assert "<strong>1</strong> revised total in 1 project" in html


def test_a_ledger_within_its_limits_has_nothing_to_reconcile(
    viewer_client, budget, make_spending, q3
):
    make_spending("obligation", D(2022, 7, 1), "10000.00")
    make_spending("expenditure", D(2022, 7, 2), "10000.00")
    html = viewer_client.get(reverse("funding:reconciliation")).content.decode()
    assert "No total was revised in 2022-Q3." in html
    assert "No project has obligated more than its budget." in html
    assert "No project has spent more than it obligated." in html


def louisville_excess(period: str) -> tuple[set, set]:
    """From the file: projects whose obligations exceed the budget, and whose
    expenditures exceed obligations, with the differences."""

    def dollars(text):
        text = text.strip()
        sign = -1 if text.startswith("(") else 1
        return sign * Decimal(text.strip("()").replace("$", "").replace(",", ""))

    over_budget, over_obligations = set(), set()
    with LOUISVILLE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if f"{row['year']}-{row['quarter']}" != period:
                continue
            budget = dollars(row["budget"])
            obligations = dollars(row["total_obligations"])
            expenditures = dollars(row["total_expenditures"])
            if obligations > budget:
                over_budget.add((row["project_id"], obligations - budget))
            if expenditures > obligations:
                over_obligations.add((row["project_id"], expenditures - obligations))
    return over_budget, over_obligations


@pytest.mark.parametrize("period", ["2021-Q4", "2022-Q1", "2022-Q2", "2022-Q3"])
def test_the_louisville_report_reconciles_as_the_file_says(viewer_client, period):
    report = import_period_report(LOUISVILLE.read_text(), "Louisville", "Projects")
    program = Program.objects.get(name="Louisville")
    response = viewer_client.get(
        reverse("funding:reconciliation"), {"period": period, "program": program.pk}
    )
    context = response.context
    assert (
        {
            (r.project.identifier, r.obligations_over_budget)
            for r in context["over_budget"]
        },
        {
            (r.project.identifier, r.expenditures_over_obligations)
            for r in context["over_obligations"]
        },
    ) == louisville_excess(period)
    assert {
        (
            line.project.identifier,
            line.figure,
            line.previous_total,
            line.current,
            line.reported_total,
            line.difference,
        )
        for line in context["revisions"]
    } == {
        (
            r.project,
            r.figure,
            r.previous_total,
            r.current,
            r.reported_total,
            r.difference,
        )
        for r in report.revisions
        if r.period == period
    }


def test_the_louisville_q3_reconciliation_names_the_40_cent_excess(viewer_client):
    import_period_report(LOUISVILLE.read_text(), "Louisville", "Projects")
    response = viewer_client.get(
        reverse("funding:reconciliation"), {"period": "2022-Q3"}
    )
    assert [
        (r.project.identifier, r.budget, r.total_obligations, r.obligations_over_budget)
        for r in response.context["over_budget"]
    ] == [
        (
            "ARP-0010-PHW-FY21",
            Decimal("3832084.00"),
            Decimal("3832084.40"),
            Decimal("0.40"),
        )
    ]
    assert len(response.context["revisions"]) == 12  # 9 projects, 3 with both figures
