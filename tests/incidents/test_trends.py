"""The long-run trends (incidents/trends.py): c-chart limits and flags on invented series
worked out by hand, then the monthly, cumulative and annual series from the database."""

import datetime
from decimal import Decimal

import pytest

from incidents import trends
from incidents.trends import POSITION, UNUSUALLY_HIGH, UNUSUALLY_LOW, Limits

D = datetime.date.fromisoformat
INJURED = "injured"


def months_of(by_year: dict[int, list[int]]) -> dict[datetime.date, int]:
    return {
        datetime.date(year, number, 1): count
        for year, counts in by_year.items()
        for number, count in enumerate(counts, start=1)
    }


def test_a_month_is_judged_by_the_36_months_of_the_three_years_before_it():
    # 2018-2020 count 12 + 24 + 36 = 72: center 72 / 36 = 2, spread 3 x sqrt(2) = 4.24.
    series = months_of(
        {2018: [1] * 12, 2019: [2] * 12, 2020: [3] * 12, 2021: [7, 6, 0]}
    )
    months = trends.c_chart(series, first_year=2018)
    assert len(months) == 39
    assert [m.limits for m in months[:36]] == [None] * 36  # no three earlier years
    january, february, march = months[36:]
    assert january.limits.shown() == (Decimal("2.0"), Decimal("6.2"), Decimal("0.0"))
    assert january.limits.lower == 0  # 2 - 4.24, clipped at zero
    assert (january.flag, february.flag, march.flag) == (UNUSUALLY_HIGH, None, None)
    assert january.limits.normal_counts() == (0, 6)


def test_a_month_below_the_lower_limit_is_unusually_low_and_the_limits_are_normal():
    # 16 a month: center 16, spread 3 x 4 = 12, so 4 to 28 exactly.
    series = months_of({2018: [16] * 12, 2019: [16] * 12, 2020: [16] * 12})
    series |= months_of({2021: [3, 4, 28, 29]})
    january, february, march, april = trends.c_chart(series, first_year=2018)[36:]
    assert january.limits == Limits(Decimal(16), Decimal(28), Decimal(4))
    assert [m.flag for m in (january, february, march, april)] == [
        UNUSUALLY_LOW,
        None,  # on the lower limit is within it
        None,  # and on the upper
        UNUSUALLY_HIGH,
    ]


def test_limits_round_to_one_decimal_and_their_whole_counts_are_the_normal_range():
    limits = Limits.of(100)  # center 100/36 = 2.78, spread 3 x 5/3 = 5
    assert limits.shown() == (Decimal("2.8"), Decimal("7.8"), Decimal("0.0"))
    assert limits.normal_counts() == (0, 7)
    assert (limits.flag(7), limits.flag(8)) == (None, UNUSUALLY_HIGH)


def test_a_month_needs_all_three_earlier_years_to_have_data():
    series = months_of({2019: [1] * 12, 2020: [1] * 12, 2021: [5] + [0] * 11})
    months = trends.c_chart(series | months_of({2022: [5]}), first_year=2019)
    assert months[24].month == D("2021-01-01") and months[24].limits is None
    # 2019-2021: 12 + 12 + 5 = 29; center 0.81, upper 0.81 + 3 x 0.90 = 3.50.
    assert months[36].month == D("2022-01-01")
    assert months[36].limits.shown() == (Decimal("0.8"), Decimal("3.5"), Decimal("0.0"))
    assert months[36].flag == UNUSUALLY_HIGH


# --- From the database ------------------------------------------------------------------


def shootings_since_2016(make_incident, complete_through):
    """People shot from 2016 (the first record, no one hit) to March 16, 2022; data
    complete through March 15."""
    make_incident("2016-06-01")
    for day, people in [
        ("2017-01-10", 1),
        ("2018-02-01", 3),
        ("2020-02-29", 1),
        ("2020-03-01", 2),
        ("2021-01-05", 1),
        ("2021-03-20", 1),
        ("2022-01-02", 1),
        ("2022-03-10", 1),
        ("2022-03-16", 1),  # after the as-of date
    ]:
        make_incident(day, *[INJURED] * people)
    complete_through("2022-03-15")


@pytest.fixture
def six_years(make_incident, complete_through):
    shootings_since_2016(make_incident, complete_through)


AS_OF = D("2022-03-15")


def test_the_monthly_series_runs_from_january_of_the_first_year_to_the_last_whole_month(
    six_years,
):
    months = trends.compute(AS_OF).months["shooting_victims"]
    # The first record's year has data from January, as in the year-to-date engine.
    assert (months[0].month, months[0].count) == (D("2016-01-01"), 0)
    assert months[-1].month == D("2022-02-01")  # March is not complete by the 15th
    assert len(months) == 6 * 12 + 2
    by_month = {m.month: m for m in months}
    assert by_month[D("2018-12-01")].limits is None  # 2015 has no data
    # 2017-2019: 1 + 3 + 0 = 4 in 36 months; center 0.11, upper 0.11 + 1 = 1.11.
    february, march = by_month[D("2020-02-01")], by_month[D("2020-03-01")]
    assert (february.count, february.flag) == (1, None)
    assert (march.count, march.flag) == (2, UNUSUALLY_HIGH)
    assert march.limits.shown() == (Decimal("0.1"), Decimal("1.1"), Decimal("0.0"))
    # 2019-2021: 0 + 3 + 2 = 5: center 0.14, upper 0.14 + 3 x 0.37 = 1.26.
    latest = trends.compute(AS_OF).latest_month("shooting_victims")
    assert latest.month == D("2022-02-01")
    assert latest.limits.shown() == (Decimal("0.1"), Decimal("1.3"), Decimal("0.0"))


def test_a_month_ending_on_the_as_of_date_is_complete(six_years):
    month_end = trends.compute(D("2022-02-28")).months["shooting_victims"]
    day_before = trends.compute(D("2022-02-27")).months["shooting_victims"]
    assert month_end[-1].month == D("2022-02-01")
    assert day_before[-1].month == D("2022-01-01")


def test_the_annual_series_has_every_year_with_data_and_this_year_to_date(six_years):
    years = trends.compute(AS_OF).years["shooting_victims"]
    assert [(y.year, y.count, y.through, y.partial) for y in years] == [
        (2016, 0, D("2016-12-31"), False),
        (2017, 1, D("2017-12-31"), False),
        (2018, 3, D("2018-12-31"), False),
        (2019, 0, D("2019-12-31"), False),
        (2020, 3, D("2020-12-31"), False),
        (2021, 2, D("2021-12-31"), False),
        (2022, 2, AS_OF, True),
    ]


def test_the_cumulative_curve_runs_this_year_to_the_as_of_date_against_earlier_years(
    six_years,
):
    curve = trends.cumulative("shooting_victims", AS_OF)
    at = POSITION[(3, 15)]
    assert len(curve.current) == at + 1
    assert (curve.current[-1], curve.compare_year, curve.previous[at]) == (2, 2021, 1)
    assert curve.previous[-1] == 2  # the whole of 2021
    assert curve.range_years == [2017, 2018, 2019, 2020, 2021]
    # By March 15: 2017 had 1, 2018 3, 2019 0, 2020 3 and 2021 1.
    assert (curve.low[at], curve.high[at]) == (0, 3)
    # By January 31: 1, 0, 0, 0, 1.
    assert (curve.low[POSITION[(1, 31)]], curve.high[POSITION[(1, 31)]]) == (0, 1)
    # February 29 holds February 28's total in a year without one.
    assert curve.previous[POSITION[(2, 29)]] == curve.previous[POSITION[(2, 28)]] == 1


def test_the_five_year_range_counts_only_years_with_data(make_incident):
    make_incident("2019-04-01", INJURED)
    make_incident("2020-04-01", INJURED, INJURED)
    curve = trends.cumulative("shooting_victims", D("2022-05-31"), compare_year=2020)
    assert curve.range_years == [2019, 2020, 2021]
    assert (curve.previous[-1], curve.low[-1], curve.high[-1]) == (2, 0, 2)
    # A single earlier year with data makes no range.
    alone = trends.cumulative("shooting_victims", D("2020-05-31"))
    assert (alone.range_years, alone.low, alone.high) == ([2019], None, None)


def test_a_metric_without_records_has_no_trend(six_years):
    result = trends.compute(AS_OF)
    assert result.months["firearms_recovered"] == []
    assert result.years["firearms_recovered"] == []
    assert result.latest_month("firearms_recovered") is None
    curve = trends.cumulative("firearms_recovered", AS_OF)
    assert (curve.current, curve.previous, curve.low) == ([], None, None)


def test_the_trends_cost_the_same_queries_however_many_years_and_records(
    six_years, make_incident, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        trends.compute(AS_OF)
    for year in range(2001, 2016):
        make_incident(f"{year}-07-01", INJURED, INJURED)
    with django_assert_num_queries(len(few.captured_queries)):
        result = trends.compute(AS_OF)
    assert result.months["shooting_victims"][0].month == D("2001-01-01")
