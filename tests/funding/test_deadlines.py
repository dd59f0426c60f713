"""Money at risk at ARPA's two deadlines, per program, area and project, and its panel."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from funding.deadlines import deadline_status
from funding.models import BudgetEntry

D = datetime.date
LATE_2026 = D(2026, 11, 27)  # 34 days before the expenditure deadline


@pytest.fixture
def ledger(budget, make_spending, other_area):
    """Gun buyback: $10,000 budget, $6,000 obligated in 2022 and $1,000 more in 2025,
    after the deadline; $2,500 spent. CPTED: $5,000 budget, nothing obligated."""
    BudgetEntry.objects.create(
        area=other_area, amount=Decimal("5000.00"), effective_on=D(2022, 5, 16)
    )
    make_spending("obligation", D(2022, 6, 1), "6000.00")
    make_spending("expenditure", D(2022, 7, 1), "2500.00")
    make_spending("obligation", D(2025, 2, 1), "1000.00")


def figures(row) -> tuple:
    return (
        row.label,
        row.obligation_that_counts,
        row.unobligated,
        row.unspent,
        row.per_day,
        row.per_month,
    )


def test_after_the_obligation_deadline_only_money_obligated_in_time_counts(ledger):
    status = deadline_status(LATE_2026)
    assert status.days_to_spending_deadline == 34
    assert status.days_since_obligation_deadline == 696
    assert [figures(row) for row in status.areas] == [
        # Worst first: CPTED has all its $5,000 at risk.
        (
            "CPTED",
            Decimal("0.00"),
            Decimal("5000.00"),
            Decimal("0.00"),
            Decimal("0.00"),
            Decimal("0.00"),
        ),
        (
            "Gun Buyback Programs",
            Decimal("6000.00"),
            Decimal("4000.00"),
            Decimal("3500.00"),
            Decimal("102.95"),  # 3,500 / 34 = 102.941..., rounded up
            Decimal("3088.24"),  # 3,500 x 30 / 34 = 3,088.235..., rounded up
        ),
    ]
    assert [figures(row) for row in status.projects] == [
        (
            "BGM-01 Buybacks",
            Decimal("6000.00"),
            Decimal("4000.00"),
            Decimal("3500.00"),
            Decimal("102.95"),
            Decimal("3088.24"),
        )
    ]
    overall = status.overall
    assert (overall.unobligated, overall.unspent, overall.per_day) == (
        Decimal("994000.00"),
        Decimal("3500.00"),
        Decimal("102.95"),
    )
    assert overall.at_risk


def test_money_released_after_the_deadline_cannot_be_obligated_again(
    budget, make_spending
):
    make_spending("obligation", D(2022, 6, 1), "6000.00")
    make_spending(
        "obligation", D(2025, 3, 1), "-1000.00", reason="Contract ended early."
    )
    (row,) = deadline_status(LATE_2026).areas
    assert (row.obligation_that_counts, row.unobligated) == (
        Decimal("5000.00"),
        Decimal("5000.00"),
    )


def test_before_the_obligation_deadline_the_whole_budget_can_still_be_spent(ledger):
    status = deadline_status(D(2022, 12, 31))
    gun_buyback = next(row for row in status.areas if row.label.startswith("Gun"))
    assert figures(gun_buyback) == (
        "Gun Buyback Programs",
        Decimal("6000.00"),
        Decimal("4000.00"),
        Decimal("7500.00"),
        Decimal("5.14"),  # 7,500 / 1,461 days = 5.133..., rounded up
        Decimal("154.01"),
    )
    assert not gun_buyback.at_risk
    assert status.days_to_obligation_deadline == 731


def test_after_the_expenditure_deadline_no_pace_is_possible(ledger):
    status = deadline_status(D(2027, 1, 5))
    assert status.overall.per_day is None
    assert status.days_since_spending_deadline == 5


def test_without_a_program_there_is_no_status(db):
    assert deadline_status(LATE_2026) is None


def test_five_queries_whatever_the_number_of_entries(
    ledger, make_spending, django_assert_num_queries
):
    for day in range(1, 20):
        make_spending("expenditure", D(2022, 8, day), "1.00")
    with django_assert_num_queries(5):
        deadline_status(LATE_2026)


def test_the_overview_starts_with_the_money_at_risk(viewer_client, ledger):
    html = viewer_client.get(
        reverse("funding:overview"), {"as_of": LATE_2026.isoformat()}
    ).content.decode()
    panel = html.index(
        '<h2 id="deadlines-heading">Money at risk: federal deadlines</h2>'
    )
    as_of_form = html.index('<form method="get"')
    assert (
        html.index("<h1>") < panel < as_of_form < html.index("<h2>Money by area</h2>")
    )
    assert (
        "<strong>$994,000.00</strong> of the $1,000,000.00 was not obligated by "
        "December 31, 2024 and is at risk of return to the US Treasury."
    ) in html
    assert (
        "<strong>$3,500.00</strong> obligated but not yet spent must be spent in the "
        "next 34 days, by December 31, 2026: <strong>$102.95 a day</strong>."
    ) in html
    assert '<p class="figure">$994,000</p>' in html  # whole dollars below a million
    assert (
        "<strong>At risk of return:</strong> $994,000 not obligated in time, out "
        "of $1,000,000. The deadline passed 696 days ago."
    ) in html
    # Money that must be found each day is rounded up to the next dollar.
    assert '<p class="figure">$103 a day</p>' in html


def test_the_panel_is_an_include_that_takes_deadlines(ledger):
    html = render_to_string(
        "funding/_deadlines.html", {"deadlines": deadline_status(LATE_2026)}
    )
    assert html.lstrip().startswith('<section class="deadlines"')
    assert (
        '<tr><th scope="row">CPTED</th>\n'
        '    <td class="num" data-label="At risk: not obligated by Dec 31, 2024">'
        "<strong>$5,000.00</strong></td>\n"
        '    <td class="num" data-label="Obligated, unspent">$0.00</td>'
        '<td class="num" data-label="Needed a day">$0.00</td>'
        '<td class="num" data-label="Needed a month">$0.00</td>\n'
        '    <td class="num" data-label="Budget">$5,000.00</td></tr>'
    ) in html
    assert (
        '<tr><th scope="row">BGM-01 Buybacks</th>\n'
        '    <td class="num" data-label="At risk: not obligated by Dec 31, 2024">'
        "<strong>$4,000.00</strong></td>\n"
        '    <td class="num" data-label="Obligated, unspent">$3,500.00</td>'
        '<td class="num" data-label="Needed a day">$102.95</td>'
        '<td class="num" data-label="Needed a month">$3,088.24</td>\n'
        '    <td class="num" data-label="Budget">$10,000.00</td></tr>'
    ) in html
    assert (
        render_to_string("funding/_deadlines.html", {"deadlines": None}).strip() == ""
    )


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("202500.00", "$202,500"),
        ("999999.49", "$999,999"),
        ("1000000.00", "$1.0 million"),
        ("174708940.85", "$174.7 million"),
        ("-2250000.00", "-$2.3 million"),
    ],
)
def test_headline_figures_are_whole_dollars_and_millions_from_a_million(amount, shown):
    from funding.templatetags.money import headline_dollars

    assert headline_dollars(Decimal(amount)) == shown
