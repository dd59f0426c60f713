"""The results page's one chart on a hand-made case: spent to date, the first measure to
date and the first outcome's city-wide monthly counts in their normal range, month by
month from the year before the first expenditure; what it costs; and that the counts the
public page withholds never reach it."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents import trends
from pages.results import area_money
from programs import outcomes, results_chart, series
from programs.models import AreaOutcome, Source

D = datetime.date.fromisoformat
AS_OF = D("2023-03-15")
COMPLETE = D("2023-02-28")
MONTHS = [
    D(f"{year}-{month:02d}-01")
    for year, month in [(2021, m) for m in range(6, 13)]
    + [(2022, m) for m in range(1, 13)]
    + [(2023, m) for m in range(1, 4)]
]


@pytest.fixture
def spending(budget, make_spending):
    """$10,000.00 budgeted; $1,500.00 spent in June 2022, $1,200.00 in August, $300.00
    in March 2023 by the as-of date and $999.00 after it."""
    make_spending("obligation", D("2022-06-01"), "6000.00")
    make_spending("expenditure", D("2022-06-30"), "1500.00")
    make_spending("expenditure", D("2022-08-15"), "1200.00")
    make_spending("expenditure", D("2023-03-10"), "300.00")
    make_spending("expenditure", D("2023-03-20"), "999.00")


@pytest.fixture
def patrol(make_measure, value_of, target_of):
    """Patrol hours from June 10, 2022: 10.5, 20, 0 (30 voided), 40, then 5 in March
    2023; 99 before its first month and 7 after the as-of month."""
    measure = make_measure("Patrol hours")
    value_of(measure, "2022-05-01", "99")
    value_of(measure, "2022-06-01", "10.5")
    value_of(measure, "2022-07-01", "20")
    voided = value_of(measure, "2022-08-01", "30")
    voided.voided_at, voided.void_reason = timezone.now(), "Entered twice"
    voided.save()
    value_of(measure, "2022-08-01", "0")
    value_of(measure, "2022-09-01", "40")
    value_of(measure, "2023-03-01", "5")
    value_of(measure, "2023-04-01", "7")
    target_of(measure, "2023", "200")
    return measure


@pytest.fixture
def people_shot(area, districts, make_incident):
    """People shot from 2018 (so 2021 on has a normal range), one of them in each span
    in district 1, which the outcome targets: 1 before and 1 after, withheld."""
    for day, district, shot in [
        ("2018-01-05", None, 1),
        ("2019-07-04", None, 2),
        ("2020-03-03", None, 1),
        ("2021-06-01", "2", 2),
        ("2021-09-09", "1", 1),
        ("2022-03-03", None, 1),
        ("2022-11-01", "1", 1),
        ("2023-01-15", "2", 1),
        ("2023-03-01", None, 1),  # the as-of month: not complete
    ]:
        incident = make_incident(day, *["injured"] * shot)
        if district:
            incident.places.add(districts[district])
    outcome = AreaOutcome.objects.create(
        area=area, position=1, metric="shooting_victims"
    )
    outcome.places.add(districts["1"])
    return outcome


def _series(area) -> results_chart.Series:
    money = area_money(area, AS_OF)
    (outcome,) = outcomes.area_outcomes(area, AS_OF, COMPLETE)
    return results_chart.results_series(
        money["figures"],
        money["monthly_rows"],
        money["outputs"],
        outcome,
        trends.compute(COMPLETE).months["shooting_victims"],
        AS_OF,
    )


def _trace(chart, name: str) -> list:
    (trace,) = [t for t in chart.figure["data"] if t.get("name") == name]
    return trace["y"]


# The city's people shot per month, June 2021 to February 2023 (March is not complete).
CITY_COUNTS = [2, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0]


def test_the_chart_shows_each_months_spending_output_and_outcome(
    area, spending, patrol, people_shot
):
    found = _series(area)
    assert [month.month for month in found.months] == MONTHS
    assert found.first_spent == D("2022-06-30")
    spent = [month.spent for month in found.months]
    assert spent == [Decimal("0.00")] * 12 + [Decimal("1500.00")] * 2 + [
        Decimal("2700.00")
    ] * 7 + [Decimal("3000.00")]
    output = [month.output for month in found.months]
    assert output == [None] * 12 + [
        Decimal(v) for v in ["10.50", "30.50", "30.50"] + ["70.50"] * 6 + ["75.50"]
    ]
    chart = results_chart.results_chart(found)
    assert _trace(chart, "Spent to date") == [float(v) for v in spent]
    assert _trace(chart, "Patrol hours") == [float(v) for v in output[12:]]
    assert _trace(chart, "Count") == CITY_COUNTS
    assert _trace(chart, "Unusually high") == [2]  # June 2021, above 1.1
    texts = [a["text"] for a in chart.figure["layout"]["annotations"]]
    assert "Budget $10,000.00" in texts
    assert "Target 200 by Dec 31, 2023" in texts
    assert "First expenditure<br>Jun 2022" in texts
    assert chart.summary == (
        "By March 15, 2023, $3,000.00 of the $10,000.00 budget had been spent, from "
        "June 2022; Patrol hours: 75.5 hours of a target of 200; city-wide, in "
        "February 2023 there were 0 people shot, within the normal range of 0 to 1 "
        "for the month."
    )


def test_the_table_holds_every_month_of_the_three_series(
    area, spending, patrol, people_shot
):
    table = results_chart.results_chart(_series(area)).table
    assert (
        table.caption == "Gun Buyback Programs month by month, June 2021 to March 2023"
    )
    assert table.headers == [
        "Month",
        "Spent to date",
        "Patrol hours to date",
        "People shot, city-wide",
        "Normal range",
        "Average of the 3 years before",
    ]
    assert len(table.rows) == len(MONTHS)
    assert table.rows[0] == ["June 2021", "$0.00", "—", "2", "0 to 1", "0.1"]
    assert table.rows[12] == ["June 2022", "$1,500.00", "10.5", "0", "0 to 1", "0.2"]
    assert table.rows[17] == [
        "November 2022",
        "$2,700.00",
        "70.5",
        "1",
        "0 to 1",
        "0.2",
    ]
    assert table.rows[19] == ["January 2023", "$2,700.00", "70.5", "1", "0 to 1", "0.2"]
    assert table.rows[-1] == ["March 2023", "$3,000.00", "75.5", "—", "—", "—"]


def test_an_area_without_a_measure_or_an_outcome_has_the_money_panel_alone(
    area, spending
):
    money = area_money(area, AS_OF)
    found = results_chart.results_series(
        money["figures"], money["monthly_rows"], money["outputs"], None, [], AS_OF
    )
    assert found.first_spent == D("2022-06-30")  # from the ledger: no outcome gives it
    chart = results_chart.results_chart(found)
    assert chart.table.headers == ["Month", "Spent to date"]
    assert [t["name"] for t in chart.figure["data"]] == ["Spent to date"]
    assert chart.summary == (
        "By March 15, 2023, $3,000.00 of the $10,000.00 budget had been spent, from "
        "June 2022."
    )


def test_an_entered_measures_months_cost_one_query(patrol, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = series.value_by_month(patrol, MONTHS, AS_OF)
    assert found[11:14] == [None, Decimal("10.50"), Decimal("30.50")]


def test_a_derived_measures_months_cost_the_queries_of_one_value(
    make_measure, make_recovery, django_assert_num_queries
):
    measure = make_measure(
        "Firearms bought back", Source.FIREARMS_BOUGHT_BACK, counted_from="2022-06-10"
    )
    make_recovery("2022-06-09", 4, source="bought_back")  # before its first day
    make_recovery("2022-06-11", 3, source="bought_back")
    make_recovery("2022-08-31", 2, source="bought_back")
    make_recovery("2023-03-16", 5, source="bought_back")  # after the as-of date
    with django_assert_num_queries(1):
        found = series.value_by_month(measure, MONTHS, AS_OF)
    assert found[11:] == [None] + [Decimal(3)] * 2 + [Decimal(5)] * 8


def test_the_public_chart_shows_the_citys_counts_never_the_withheld_ones(
    viewer_client, area, spending, patrol, people_shot, complete_through
):
    complete_through(COMPLETE.isoformat())
    url = "/areas/gun-buyback/results/"
    public = Client().get(url)
    (result,) = public.context["outcomes"]
    targeted = result.rows[1]
    assert (targeted.previous, targeted.current, targeted.hidden) == (None, None, True)
    chart = public.context["chart"]
    assert _trace(chart, "Count") == CITY_COUNTS
    data = json.dumps(chart.figure) + json.dumps(chart.table.rows)
    assert "targeted" not in data.lower() and "rest of the city" not in data.lower()
    assert chart.table.headers[3] == "People shot, city-wide"
    # Staff see the targeted places' counts in the tables; the chart is the same.
    staff = viewer_client.get(url).context
    assert [r.current for r in staff["outcomes"][0].rows] == [3, 1, 2]
    assert staff["chart"].figure == chart.figure


def test_the_results_page_costs_the_same_queries_with_more_months_of_records(
    area, spending, patrol, people_shot, make_spending, make_incident, value_of
):
    def queries() -> int:
        cache.clear()  # the page rendered afresh, not the cached one
        with CaptureQueriesContext(connection) as captured:
            assert Client().get("/areas/gun-buyback/results/").status_code == 200
        return len(captured)

    before = queries()
    for month in range(1, 13):
        make_spending("expenditure", D(f"2024-{month:02d}-10"), "10.00")
        make_incident(f"2024-{month:02d}-11", "injured")
        value_of(patrol, f"2024-{month:02d}-01", "3")
    assert queries() == before
