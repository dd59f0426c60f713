"""Exact figures on the funding overview and in the open-data API for a hand-made ledger."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import BudgetEntry, SpendingEntry
from funding.summary import funding_summary


@pytest.fixture
def ledger(budget, make_spending, other_area):
    """Area 1: $10,000 budget, $6,000 obligated, $2,500 spent by 2022-12-31.
    Area 2: $5,000 budget, nothing spent. A later payment in 2023 is outside the window."""
    BudgetEntry.objects.create(
        area=other_area,
        amount=Decimal("5000.00"),
        effective_on=datetime.date(2022, 5, 16),
    )
    make_spending("obligation", datetime.date(2022, 6, 1), "6000.00")
    make_spending("expenditure", datetime.date(2022, 7, 1), "1000.00")
    make_spending("expenditure", datetime.date(2022, 12, 31), "1500.00")
    make_spending("expenditure", datetime.date(2023, 1, 1), "700.00")


def test_the_summary_sums_the_ledger_as_of_the_end_of_the_day(ledger):
    summary = funding_summary(datetime.date(2022, 12, 31))
    first, second = summary.areas
    assert (first.budget, first.obligated, first.spent) == (
        Decimal("10000.00"),
        Decimal("6000.00"),
        Decimal("2500.00"),
    )
    assert first.remaining == Decimal("7500.00")
    assert first.pct_spent == Decimal("25.0")
    assert (second.budget, second.spent, second.pct_spent) == (
        Decimal("5000.00"),
        Decimal("0.00"),
        Decimal("0.0"),
    )
    assert summary.budgeted == Decimal("15000.00")
    assert summary.pct_spent == Decimal("16.7")
    assert summary.unobligated == Decimal("994000.00")
    assert summary.unspent == Decimal("997500.00")


def test_the_api_gives_exact_figures(client, ledger):
    data = client.get(reverse("api_funding"), {"as_of": "2022-12-31"}).json()
    assert data == {
        "methodology": "/methodology/",
        "as_of": "2022-12-31",
        "program": {
            "name": "Test Safety Program",
            "total": "1000000.00",
            "budgeted": "15000.00",
            "obligated": "6000.00",
            "spent": "2500.00",
            "unobligated": "994000.00",
            "unspent": "997500.00",
        },
        "areas": [
            {
                "slug": "gun-buyback",
                "name": "Gun Buyback Programs",
                "budget": "10000.00",
                "obligated": "6000.00",
                "spent": "2500.00",
                "remaining": "7500.00",
                "pct_spent": 25.0,
            },
            {
                "slug": "cpted",
                "name": "CPTED",
                "budget": "5000.00",
                "obligated": "0.00",
                "spent": "0.00",
                "remaining": "5000.00",
                "pct_spent": 0.0,
            },
        ],
        "deadlines": {
            "obligate_by": "2024-12-31",
            "spend_by": "2026-12-31",
            "days_to_obligation_deadline": 731,
            "days_to_spending_deadline": 1461,
        },
        "illustrative": False,
    }


@pytest.mark.parametrize(
    ("as_of", "obligation_days", "spending_days"),
    [("2024-12-31", 0, 730), ("2025-01-01", -1, 729), ("2026-11-27", -696, 34)],
)
def test_deadline_day_counts_go_negative_once_passed(
    viewer_client, program, as_of, obligation_days, spending_days
):
    deadlines = viewer_client.get(reverse("api_funding"), {"as_of": as_of}).json()[
        "deadlines"
    ]
    assert deadlines["days_to_obligation_deadline"] == obligation_days
    assert deadlines["days_to_spending_deadline"] == spending_days


@pytest.mark.parametrize("bad", ["2022-13-01", "yesterday", "2022-02-30", ""])
def test_a_malformed_date_gets_a_400_with_a_json_message(client, program, bad):
    response = client.get(reverse("api_funding"), {"as_of": bad})
    if bad == "":
        assert response.status_code == 200  # empty means the default, today
        return
    assert response.status_code == 400
    assert response.json() == {
        "error": f"as_of must be a date as YYYY-MM-DD, not '{bad}'."
    }


def test_the_overview_shows_the_figures_and_the_totals_row(viewer_client, ledger, area):
    response = viewer_client.get(reverse("funding:overview"), {"as_of": "2022-12-31"})
    html = response.content.decode()
    history = reverse("funding:area_history", args=[area.pk])
    assert (
        '<tr><th scope="row">Gun Buyback Programs <a class="no-print history-link" '
        f'href="{history}">History<span class="visually-hidden"> of Gun Buyback '
        'Programs</span></a></th><td class="num">$10,000.00</td>\n'
        '        <td class="num">$6,000.00</td><td class="num">$2,500.00</td>\n'
        '        <td class="num">$7,500.00</td><td class="num">25.0%</td></tr>'
    ) in html
    assert (
        '<tfoot><tr><th scope="row">Total</th><td class="num">$15,000.00</td>' in html
    )
    assert "731 days left" in html
    assert "Still unobligated: <strong>$994,000</strong>" in html


def test_illustrative_figures_are_labelled(viewer_client, client, ledger):
    SpendingEntry.objects.update(illustrative=True)
    for page_client, url in [
        (viewer_client, reverse("funding:overview")),
        (client, reverse("home")),
    ]:
        assert (
            "sample figures invented to demonstrate"
            in page_client.get(url).content.decode()
        )
    assert client.get(reverse("api_funding")).json()["illustrative"] is True


def _add_entries(make_spending, count):
    for _ in range(count):
        make_spending("obligation", datetime.date(2022, 6, 1), "1.00")
        make_spending("expenditure", datetime.date(2022, 6, 2), "1.00")


@pytest.mark.parametrize(
    "url",
    ["funding:overview", "funding:ledger", "funding:ledger_csv", "home", "api_funding"],
)
def test_the_number_of_queries_does_not_grow_with_entries(
    viewer_client, budget, make_spending, django_assert_num_queries, url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _add_entries(make_spending, 2)
    with CaptureQueriesContext(connection) as few:
        viewer_client.get(reverse(url))
    _add_entries(make_spending, 30)
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get(reverse(url))
