"""The long-run trend on the public summary and the dashboard: the sentence in each of its
cases, the two charts and their tables, and the trends download on the open-data page."""

import csv
import datetime
import io

import pytest

from incidents import trend_charts, trends, ytd
from incidents.trends import POSITION, Limits, MonthTrend

D = datetime.date.fromisoformat
PEOPLE_SHOT = ytd.METRICS["shooting_victims"]
# The sample as announced (data complete through May 4, 2022).
SAMPLE_TREND = (
    "In April 2022 there were 2 people shot, within the normal range of 0 to 4 for the "
    "month."
)
SAMPLE_CUMULATIVE = (
    "By May 4, 2022 there were 6 people shot, against 3 by the same date in 2021; in "
    "2017–2021 it ranged from 2 to 6."
)


# --- The sentence ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "earlier", "sentence"),
    [
        # 100 in the 36 months before: center 2.78, limits 0 to 7.78.
        (
            3,
            100,
            "In October 2026 there were 3 people shot, within the normal range of 0 to "
            "7 for the month.",
        ),
        (
            8,
            100,
            "In October 2026 there were 8 people shot, above the normal range of 0 to "
            "7 for the month.",
        ),
        # 576: center 16, limits 4 to 28.
        (
            1,
            576,
            "In October 2026 there was 1 person shot, below the normal range of 4 to "
            "28 for the month.",
        ),
        (
            5,
            None,
            "In October 2026 there were 5 people shot; no normal range yet: fewer than "
            "three earlier years of data.",
        ),
    ],
)
def test_the_sentence_says_where_the_latest_month_is(count, earlier, sentence):
    limits = None if earlier is None else Limits.of(earlier)
    month = MonthTrend(D("2026-10-01"), count, limits)
    assert trend_charts.trend_sentence("shooting_victims", month) == sentence


def test_the_sentence_without_any_complete_month():
    assert trend_charts.trend_sentence("firearms_recovered", None) == (
        "There is no complete month of firearms recovered on record yet."
    )


# --- The charts -----------------------------------------------------------------------


def invented_months() -> list[MonthTrend]:
    """16 a month in 2018-2020 (limits 4 to 28 in 2021), then 3, 10 and 29."""
    counts = {
        datetime.date(year, month, 1): 16
        for year in (2018, 2019, 2020)
        for month in range(1, 13)
    }
    counts |= {D("2021-01-01"): 3, D("2021-02-01"): 10, D("2021-03-01"): 29}
    return trends.c_chart(counts, first_year=2018)


def test_the_trend_chart_draws_the_band_and_marks_unusual_months():
    chart = trend_charts.trend_chart(PEOPLE_SHOT, invented_months())
    traces = {trace["name"]: trace for trace in chart.figure["data"]}
    assert list(traces) == [
        "Normal range (low)",
        "Normal range",
        "Average of the 3 years before",
        "Count",
        "Unusually high",
        "Unusually low",
    ]
    band = traces["Normal range"]
    assert band["x"] == ["2021-01-01", "2021-02-01", "2021-03-01"]
    assert (band["y"], traces["Normal range (low)"]["y"]) == ([28.0] * 3, [4.0] * 3)
    assert band["fill"] == "tonexty"
    assert len(traces["Count"]["x"]) == 39
    assert traces["Unusually high"]["x"] == ["2021-03-01"]
    assert traces["Unusually high"]["marker"]["symbol"] == "triangle-up"
    assert traces["Unusually low"]["x"] == ["2021-01-01"]
    assert chart.summary == (
        "In March 2021 there were 29 people shot, above the normal range of 4 to 28 "
        "for the month."
    )
    assert chart.table.headers[:4] == [
        "Month",
        "Count",
        "Normal range",
        "Average of the 3 years before",
    ]
    assert chart.table.rows[0] == ["January 2018", "16", "—", "—", ""]
    assert chart.table.rows[-3:] == [
        ["January 2021", "3", "4 to 28", "16.0", "Unusually low"],
        ["February 2021", "10", "4 to 28", "16.0", ""],
        ["March 2021", "29", "4 to 28", "16.0", "Unusually high"],
    ]


def test_a_trend_without_limits_draws_only_the_counts():
    months = trends.c_chart({D("2022-01-01"): 2, D("2022-02-01"): 0}, 2022)
    chart = trend_charts.trend_chart(PEOPLE_SHOT, months)
    assert [trace["name"] for trace in chart.figure["data"]] == ["Count"]
    assert chart.table.rows == [
        ["January 2022", "2", "—", "—", ""],
        ["February 2022", "0", "—", "—", ""],
    ]


def curve(as_of="2022-05-04") -> trends.CumulativeCurve:
    """Invented running totals: one a day this year, two a day last year, and a range of
    nought to three a day."""
    days = range(1, len(trends.CALENDAR) + 1)
    at = POSITION[(D(as_of).month, D(as_of).day)]
    return trends.CumulativeCurve(
        as_of=D(as_of),
        compare_year=2021,
        current=list(days)[: at + 1],
        previous=[2 * day for day in days],
        range_years=[2017, 2018, 2019, 2020, 2021],
        low=[0 for _ in days],
        high=[3 * day for day in days],
    )


def test_the_cumulative_chart_is_day_by_day_for_staff_and_by_month_for_the_public():
    daily = trend_charts.cumulative_chart(PEOPLE_SHOT, curve(), daily=True)
    monthly = trend_charts.cumulative_chart(PEOPLE_SHOT, curve(), daily=False)
    names = [trace["name"] for trace in daily.figure["data"]]
    assert names == ["Range 2017–2021 (low)", "Range 2017–2021", "2021", "2022"]
    by_name = {t["name"]: t for t in daily.figure["data"]}
    assert len(by_name["2021"]["x"]) == 366
    assert by_name["2022"]["x"][-1] == "2000-05-04"
    assert len(by_name["2022"]["x"]) == POSITION[(5, 4)] + 1
    public = {t["name"]: t for t in monthly.figure["data"]}
    assert public["2021"]["x"][:2] == ["2000-01-31", "2000-02-29"]
    assert len(public["2021"]["x"]) == 12
    # Month ends to April, then the as-of date: no day-by-day totals in public.
    assert public["2022"]["x"] == [
        "2000-01-31",
        "2000-02-29",
        "2000-03-31",
        "2000-04-30",
        "2000-05-04",
    ]
    assert daily.summary == (
        "By May 4, 2022 there were 125 people shot, against 250 by the same date in "
        "2021; in 2017–2021 it ranged from 0 to 375."
    )


def test_the_cumulative_table_has_each_month_end_and_the_as_of_date():
    table = trend_charts.cumulative_chart(PEOPLE_SHOT, curve()).table
    assert table.headers == [
        "Date",
        "2022 (to May 4, 2022)",
        "2021",
        "Lowest, 2017–2021",
        "Highest, 2017–2021",
    ]
    assert [row[0] for row in table.rows[3:6]] == [
        "End of April",
        "May 4",
        "End of May",
    ]
    assert table.rows[0] == ["End of January", "31", "62", "0", "93"]
    assert table.rows[4] == ["May 4", "125", "250", "0", "375"]
    assert table.rows[5][1] == "—"  # after the as-of date
    assert len(table.rows) == 13


# --- The pages ------------------------------------------------------------------------


def test_the_public_summary_shows_the_trend_with_its_normal_range(
    client, as_announced, text_of
):
    response = client.get("/")
    page = text_of(response)
    assert "People shot: the long run" in page
    assert SAMPLE_TREND in page
    assert SAMPLE_CUMULATIVE in page
    trend, cumulative = response.context["trend_charts"]
    html = response.content.decode()
    for chart in (trend, cumulative):
        assert f'<h3 id="{chart.figure_id}-title">{chart.title}</h3>' in html
        assert f'id="{chart.data_id}"' in html
    assert trend.figure_id == "figure-trend-shooting-victims"
    traces = {t["name"]: t for t in trend.figure["data"]}
    assert traces["Unusually high"]["x"] == ["2020-07-01"]
    # At month ends only, in public.
    last_year = {t["name"]: t for t in cumulative.figure["data"]}["2021"]
    assert len(last_year["x"]) == 12


def test_the_dashboard_shows_the_trend_day_by_day_as_of_its_date(
    viewer_client, as_announced, text_of
):
    response = viewer_client.get("/dashboard/")
    page = text_of(response)
    assert SAMPLE_TREND in page and SAMPLE_CUMULATIVE in page
    cumulative = response.context["trend_charts"][1]
    last_year = {t["name"]: t for t in cumulative.figure["data"]}["2021"]
    assert len(last_year["x"]) == 366
    earlier = text_of(viewer_client.get("/dashboard/", {"as_of": "2022-03-31"}))
    assert (
        "In March 2022 there was 1 person shot, within the normal range of 0 to 4 "
        "for the month." in earlier
    )


# --- Open data ------------------------------------------------------------------------


def test_the_trends_download_has_every_metrics_months_with_a_dictionary(
    client, sample_data
):
    from pages.views import TREND_COLUMNS

    response = client.get("/data/trends.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="trends.csv"'
    reader = csv.reader(io.StringIO(response.content.decode()))
    header, *rows = list(reader)
    assert header == ["metric", "month", "count", "center", "upper", "lower", "flag"]
    assert [name for name, _ in TREND_COLUMNS] == header
    assert ["shooting_victims", "2017-01", "2", "", "", "", ""] in rows
    assert ["shooting_victims", "2022-04", "2", "1.2", "4.5", "0.0", ""] in rows
    flagged = [
        "shooting_victims",
        "2020-07",
        "9",
        "1.3",
        "4.7",
        "0.0",
        "unusually high",
    ]
    assert flagged in rows
    # Incidents and recoveries from January 2017 to November 2026.
    per_metric = {key: sum(row[0] == key for row in rows) for key in ytd.METRICS}
    assert per_metric == dict.fromkeys(ytd.METRICS, 119)
    html = client.get("/data/").content.decode()
    assert 'href="/data/trends.csv"' in html and 'href="/api/trends.json"' in html
    for name in header:
        assert f"<code>{name}</code>" in html


def test_the_public_trend_shows_five_years_before_and_the_dashboard_every_year(
    make_incident, complete_through, client, viewer_client, text_of
):
    make_incident("2014-03-10", "injured")
    make_incident("2022-02-01", "killed")
    complete_through("2022-04-30")
    public = client.get("/")
    assert "People shot: the long run" in text_of(public)
    trend, _ = public.context["trend_charts"]
    counts = {t["name"]: t for t in trend.figure["data"]}["Count"]
    assert (counts["x"][0], len(counts["x"])) == ("2017-01-01", 5 * 12 + 4)
    dashboard = viewer_client.get("/dashboard/")
    assert "The long run: people shot since 2014" in text_of(dashboard)
