"""Chart figures: whole-number count axes, one look per meaning, money lines to the
as-of date."""

import datetime
from decimal import Decimal

import pytest

from funding import charts as funding_charts
from funding.ledger import Ledger
from funding.summary import funding_summary
from incidents import charts as incident_charts
from incidents import ytd

AS_OF = datetime.date(2022, 5, 4)
MONEY_AS_OF = datetime.date(2023, 3, 15)
# The deadline rules' colour, and the colours of budget, obligated and spent.
DEADLINE_COLOUR = "#882255"
MEASURE_COLOURS = {"Budget": "#0b3d6e", "Obligated": "#d55e00", "Spent": "#009e73"}


def monthly_chart(counts_by_year: dict[int, list], compare_year: int = 2021):
    """The 'People shot' chart of these monthly counts, as of May 4, 2022."""
    metric = ytd.METRICS["shooting_victims"]
    series = ytd.MonthlySeries(
        list(counts_by_year), AS_OF, {metric.key: counts_by_year}
    )
    comparison = ytd.MetricComparison(metric, 1, 1, None, {})
    return incident_charts.incidents_monthly(
        series, metric, AS_OF, compare_year, comparison
    )


def lines_by_name(chart) -> dict[str, dict]:
    return {trace["name"]: trace["line"] for trace in chart.figure["data"]}


@pytest.mark.parametrize(
    ("highest", "step"), [(0, 1), (3, 1), (7, 2), (40, 10), (1000, 200)]
)
def test_count_axes_step_by_whole_numbers_from_zero(highest, step):
    chart = monthly_chart({2022: [0, highest, 1, 0, 0] + [None] * 7})
    axis = chart.figure["layout"]["yaxis"]
    assert (axis["tick0"], axis["dtick"], axis["tickformat"], axis["rangemode"]) == (
        0,
        step,
        ",d",
        "tozero",
    )


@pytest.mark.parametrize(
    ("years", "compare_year"),
    [
        ([2022, 2021], 2021),
        ([2022, 2021, 2020, 2019], 2021),
        ([2022, 2021, 2020, 2019, 2018], 2019),
        ([2022, 2020], 2020),
    ],
)
def test_the_as_of_and_comparison_years_look_the_same_whatever_the_years(
    years, compare_year
):
    chart = monthly_chart({year: [1] * 12 for year in years}, compare_year)
    lines = lines_by_name(chart)
    assert lines.pop("2022") == {"color": "#0072b2", "dash": "solid", "width": 4}
    assert lines.pop(str(compare_year)) == {
        "color": "#cc79a7",
        "dash": "dash",
        "width": 3,
    }
    assert {line["color"] for line in lines.values()} <= {"#8a8f98"}


@pytest.fixture
def ledger_entries(budget, make_spending):
    """$4,000 obligated in June 2022; $1,500 spent in July 2022 and $500 in January 2023."""
    make_spending("obligation", datetime.date(2022, 6, 10), "4000.00")
    make_spending("expenditure", datetime.date(2022, 7, 15), "1500.00")
    make_spending("expenditure", datetime.date(2023, 1, 20), "500.00")


@pytest.fixture
def money_charts(program, area, ledger_entries):
    """The three money charts, as of March 15, 2023."""
    summary = funding_summary(MONEY_AS_OF, program)
    rows = Ledger().monthly_totals(MONEY_AS_OF, area__program=program)
    return {
        "area_money": funding_charts.area_money(summary),
        "over_time": funding_charts.spending_over_time(rows, summary),
        "area_monthly": funding_charts.area_monthly_spending(
            area.name, rows, MONEY_AS_OF
        ),
        "summary": summary,
    }


def bar_markers(chart) -> dict[str, dict]:
    return {trace["name"]: trace["marker"] for trace in chart.figure["data"]}


def test_each_measure_has_one_colour_and_pattern_in_every_money_chart(money_charts):
    per_area = bar_markers(money_charts["area_money"])
    per_month = bar_markers(money_charts["area_monthly"])
    assert {name: marker["color"] for name, marker in per_area.items()} == (
        MEASURE_COLOURS
    )
    assert {
        name: m.get("pattern", {}).get("shape") for name, m in per_area.items()
    } == {
        "Budget": None,
        "Obligated": "/",
        "Spent": ".",
    }
    assert per_month == {name: per_area[name] for name in ("Obligated", "Spent")}
    over_time = money_charts["over_time"].figure["data"]
    assert {t["name"]: (t["line"]["color"], t["line"]["dash"]) for t in over_time} == {
        "Obligated (cumulative)": (MEASURE_COLOURS["Obligated"], "dash"),
        "Spent (cumulative)": (MEASURE_COLOURS["Spent"], "dot"),
    }
    assert [t["marker"]["color"] for t in over_time] == [
        MEASURE_COLOURS["Obligated"],
        MEASURE_COLOURS["Spent"],
    ]


def test_the_deadline_rules_have_a_colour_no_measure_has(money_charts):
    layout = money_charts["over_time"].figure["layout"]
    rules = [shape for shape in layout["shapes"] if shape["x0"] == shape["x1"]]
    assert [
        (rule["x0"], rule["line"]["color"], rule["line"]["dash"]) for rule in rules
    ] == [
        ("2024-12-31", DEADLINE_COLOUR, "dashdot"),
        ("2026-12-31", DEADLINE_COLOUR, "dashdot"),
    ]
    drawn = {
        trace.get("line", {}).get("color", trace["marker"]["color"])
        for key in ("area_money", "over_time", "area_monthly")
        for trace in money_charts[key].figure["data"]
    }
    assert DEADLINE_COLOUR not in drawn


def test_the_cumulative_lines_run_to_the_money_as_of_date(money_charts):
    chart, summary = money_charts["over_time"], money_charts["summary"]
    obligated, spent = chart.figure["data"]
    months = [
        f"{year}-{month:02d}-01" for year, month in [(2022, m) for m in range(6, 13)]
    ]
    assert (
        obligated["x"]
        == spent["x"]
        == [
            *months,
            "2023-01-01",
            "2023-02-01",
            "2023-03-15",
        ]
    )
    assert (summary.obligated, summary.spent) == (
        Decimal("4000.00"),
        Decimal("2000.00"),
    )
    assert (obligated["y"][-1], spent["y"][-1]) == (4000.0, 2000.0)
    assert spent["y"][:3] == [0.0, 1500.0, 1500.0]
    assert spent["marker"]["size"][-2:] == [6, 14]
    assert "As of Mar 15, 2023" in [
        a["text"] for a in chart.figure["layout"]["annotations"]
    ]


def test_the_spending_table_has_a_row_for_each_month_to_the_as_of_date(money_charts):
    rows = money_charts["over_time"].table.rows
    assert len(rows) == 10
    assert rows[0] == ["June 2022", "$4,000.00", "$0.00"]
    assert rows[-2:] == [
        ["February 2023", "$4,000.00", "$2,000.00"],
        ["March 2023", "$4,000.00", "$2,000.00"],
    ]
