"""The year-to-date engine against the database: each metric, windows, averages, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from incidents import ytd
from incidents.models import Incident

D = datetime.date.fromisoformat
INJURED, KILLED = "injured", "killed"


@pytest.fixture
def year_2022(make_incident, make_recovery):
    """Records around the 2022-05-04 window: inside, on both edges, and just outside."""
    make_incident("2021-12-31", INJURED)  # the year before
    make_incident("2022-01-01")  # first day, no one hit
    make_incident("2022-03-01", INJURED, KILLED)
    make_incident("2022-03-02", confirmed=False)  # reported, not confirmed
    make_incident("2022-05-04", INJURED, INJURED)  # last day
    make_incident("2022-05-05", KILLED)  # the day after
    make_recovery("2022-01-01", 3)
    make_recovery("2022-05-04", 2)
    make_recovery("2022-05-05", 7)


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("shots_fired_confirmed", 3),
        ("shooting_incidents_with_injury", 2),
        ("shooting_victims", 4),
        ("victims_killed", 1),
        ("firearms_recovered", 5),
    ],
)
def test_each_metric_counts_its_own_definition_inside_the_window(
    year_2022, metric, expected
):
    result = ytd.compare(D("2022-05-04"))
    assert result.metrics[metric].current == expected


def test_the_comparison_year_counts_the_same_period(make_incident):
    for day in ("2021-01-01", "2021-05-04", "2021-05-05"):
        make_incident(day, INJURED)
    make_incident("2022-02-01")
    result = ytd.compare(D("2022-05-04"))
    victims = result.metrics["shooting_victims"]
    assert (victims.current, victims.previous, victims.change) == (0, 2, -2)
    assert victims.change_pct == Decimal("-100.0")
    assert victims.z == Decimal("-2.83")
    assert victims.signal == ytd.WITHIN


def test_a_previous_count_of_zero_has_no_percentage_change(make_incident):
    make_incident("2021-09-01")  # 2021 has records, none in the window
    make_incident("2022-02-01", KILLED)
    killed = ytd.compare(D("2022-05-04")).metrics["victims_killed"]
    assert (killed.current, killed.previous, killed.change) == (1, 0, 1)
    assert killed.change_pct is None
    assert killed.z == Decimal("2.00")


@pytest.mark.parametrize(
    ("as_of", "compare_year", "dates", "current", "previous"),
    [
        # Feb 29 against a non-leap year: its Feb 28 is the last day counted
        ("2024-02-29", 2023, ["2024-02-29", "2023-02-28", "2023-03-01"], 1, 1),
        # a leap comparison year includes its Feb 29 from Mar 1 on
        ("2025-03-01", 2024, ["2024-02-29", "2024-03-01", "2025-03-01"], 1, 2),
        # ...but not while the as-of date is Feb 28
        ("2025-02-28", 2024, ["2024-02-29", "2024-02-28", "2025-02-28"], 1, 1),
        # Jan 1: one day each
        ("2022-01-01", 2021, ["2022-01-01", "2021-01-01", "2021-01-02"], 1, 1),
        # Dec 31: whole years
        ("2022-12-31", 2021, ["2022-12-31", "2021-12-31", "2021-01-01"], 1, 2),
    ],
)
def test_windows_in_the_database_follow_the_same_period_rule(
    make_incident, as_of, compare_year, dates, current, previous
):
    for day in dates:
        make_incident(day)
    result = ytd.compare(D(as_of), compare_year)
    shots = result.metrics["shots_fired_confirmed"]
    assert (shots.current, shots.previous) == (current, previous)
    assert result.previous.year == compare_year


def test_the_five_year_average_skips_years_before_the_earliest_record(
    make_incident, make_recovery
):
    make_incident("2019-03-01")  # earliest incident: 2017 and 2018 have no data
    make_incident("2020-01-15")
    make_incident("2020-05-04")
    make_incident("2021-07-01")  # 2021 has data but nothing in its window
    make_incident("2022-01-10")
    make_recovery("2021-02-01", 4)  # earliest recovery: only 2021 counts
    result = ytd.compare(D("2022-05-04"))
    shots = result.metrics["shots_fired_confirmed"]
    assert shots.five_year_values == {
        2017: None,
        2018: None,
        2019: 1,
        2020: 2,
        2021: 0,
    }
    assert shots.five_year_average == Decimal("1.0")
    firearms = result.metrics["firearms_recovered"]
    assert firearms.five_year_values == {
        2017: None,
        2018: None,
        2019: None,
        2020: None,
        2021: 4,
    }
    assert firearms.five_year_average == Decimal("4.0")
    assert result.five_year_span == (2017, 2021)


def test_the_five_year_average_is_none_when_no_year_has_data(make_incident):
    make_incident("2022-01-10")
    shots = ytd.compare(D("2022-05-04")).metrics["shots_fired_confirmed"]
    assert shots.five_year_average is None
    # the comparison year is before the first record too: no data, not zero
    assert (shots.current, shots.previous, shots.change, shots.signal) == (
        1,
        None,
        None,
        None,
    )


def test_recoveries_without_records_are_no_data_rather_than_zero(make_incident):
    make_incident("2021-02-01")
    firearms = ytd.compare(D("2022-05-04")).metrics["firearms_recovered"]
    assert (firearms.current, firearms.previous, firearms.five_year_average) == (
        None,
        None,
        None,
    )


def test_the_last_28_days_compare_with_the_same_days_a_year_earlier(
    make_incident, make_recovery
):
    for day in ("2022-04-06", "2022-04-07", "2022-05-04", "2022-05-05"):
        make_incident(day, INJURED)
    for day in ("2021-04-07", "2021-05-05"):
        make_incident(day)
    make_recovery("2022-04-20", 2)
    make_recovery("2021-04-20", 1)
    rolling = ytd.compare(D("2022-05-04")).last_28_days
    assert rolling.current_window == ytd.Window(D("2022-04-07"), D("2022-05-04"))
    assert rolling.previous_window == ytd.Window(D("2021-04-07"), D("2021-05-04"))
    assert rolling.counts == {
        "shots_fired_confirmed": (2, 1),
        "shooting_incidents_with_injury": (2, 0),
        "shooting_victims": (2, 0),
        "victims_killed": (0, 0),
        "firearms_recovered": (2, 1),
        "firearms_bought_back": (0, 0),
    }


def test_the_last_28_days_compare_with_the_same_days_of_the_comparison_year(
    make_incident,
):
    make_incident("2022-05-01")
    make_incident("2021-05-01")
    make_incident("2019-05-01")
    make_incident("2019-05-01")
    rolling = ytd.compare(D("2022-05-04"), 2019).last_28_days
    assert rolling.previous_window == ytd.Window(D("2019-04-07"), D("2019-05-04"))
    assert rolling.counts["shots_fired_confirmed"] == (1, 2)


@pytest.mark.parametrize(
    ("complete_through", "today", "expected"),
    [
        ("2022-05-04", "2022-06-18", None),  # 45 days: still current
        (
            "2022-05-04",
            "2022-06-19",
            "These figures run to May 4, 2022; nothing later has been entered yet.",
        ),
        (
            None,
            "2022-06-19",
            "Nobody has said yet how far the incident data are complete.",
        ),
    ],
)
def test_figures_say_when_the_data_stop_short_of_today(
    complete_through, today, expected
):
    through = D(complete_through) if complete_through else None
    assert ytd.stale_notice(through, D(today)) == expected


@pytest.mark.parametrize("compare_year", [2022, 2023])
def test_the_comparison_year_must_be_before_the_as_of_year(db, compare_year):
    with pytest.raises(ValueError, match="must be before 2022"):
        ytd.compare(D("2022-05-04"), compare_year)


def test_as_of_defaults_to_data_complete_through(make_incident, complete_through):
    complete_through("2022-05-04")
    result = ytd.compare()
    assert (result.as_of, result.data_complete_through) == (
        D("2022-05-04"),
        D("2022-05-04"),
    )


def test_as_of_defaults_to_today_while_data_complete_through_is_unset(db):
    result = ytd.compare()
    assert (result.as_of, result.data_complete_through) == (timezone.localdate(), None)


def test_preliminary_and_illustrative_records_are_flagged_in_the_notes(make_incident):
    make_incident("2022-02-01", status=Incident.Status.PRELIMINARY)
    make_incident("2021-02-01", status=Incident.Status.PRELIMINARY, illustrative=True)
    make_incident("2021-03-01", status=Incident.Status.FINAL)
    result = ytd.compare(D("2022-05-04"))
    assert (result.preliminary_records, result.illustrative) == (2, True)
    assert (
        "2 incident records in these periods are preliminary and may still change."
        in result.notes
    )
    assert any("illustrative sample records" in note for note in result.notes)


def test_real_final_records_need_no_warning_notes(make_incident, make_recovery):
    make_incident("2021-02-01", status=Incident.Status.FINAL)
    make_recovery("2021-02-01")
    notes = " ".join(ytd.compare(D("2022-05-04")).notes)
    assert "preliminary" not in notes
    assert "illustrative" not in notes


def _many_records(make_incident, make_recovery, years: int):
    for year in range(2022 - years, 2023):
        for month in range(1, 13, 2):
            make_incident(datetime.date(year, month, 3), INJURED, KILLED)
            make_incident(datetime.date(year, month, 20))
            make_recovery(datetime.date(year, month, 9), 2)


@pytest.mark.parametrize("years", [0, 1, 12])
def test_the_engine_makes_three_queries_whatever_the_number_of_rows(
    make_incident, make_recovery, django_assert_num_queries, years
):
    _many_records(make_incident, make_recovery, years)
    with django_assert_num_queries(3):
        result = ytd.compare(D("2022-05-04"))
    assert result.metrics["shots_fired_confirmed"].current == 5  # Jan 3 to May 3


@pytest.mark.parametrize("years", [1, 12])
def test_monthly_series_make_two_queries_whatever_the_number_of_years(
    make_incident, make_recovery, django_assert_num_queries, years
):
    _many_records(make_incident, make_recovery, years)
    with django_assert_num_queries(2):
        ytd.monthly_series(range(2022 - years, 2023), through=D("2022-05-04"))


def test_monthly_series_count_each_month_and_stop_after_through(
    make_incident, make_recovery
):
    make_incident("2021-01-31", INJURED)
    make_incident("2021-03-01", INJURED, KILLED)
    make_incident("2022-01-02")
    make_incident("2022-05-04", KILLED)
    make_incident("2022-05-05", KILLED)  # after `through`
    make_recovery("2022-02-10", 3)
    series = ytd.monthly_series([2020, 2021, 2022], through=D("2022-05-04"))
    victims = series.counts["shooting_victims"]
    assert victims[2020] == [None] * 12  # before the first record: no data
    assert victims[2021] == [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert victims[2022] == [0, 0, 0, 0, 1, *[None] * 7]
    assert series.counts["firearms_recovered"][2021] == [None] * 12
    assert series.counts["firearms_recovered"][2022] == [0, 3, 0, 0, 0, *[None] * 7]
    assert series.cumulative("shooting_victims", 2021)[:4] == [1, 1, 3, 3]
    assert series.cumulative("victims_killed", 2022) == [0, 0, 0, 0, 1, *[None] * 7]


def test_monthly_series_take_years_before_the_first_calendar_year(db):
    series = ytd.monthly_series([-1, 0, 1, 2], through=D("0002-06-01"))
    assert series.counts["shooting_victims"][1] == [None] * 12  # no records: no data
