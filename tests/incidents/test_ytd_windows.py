"""The window rules and statistics of the year-to-date engine: pure functions, no database."""

import datetime
from decimal import Decimal

import pytest

from incidents.windows import Window, has_data, rolling_window, same_day_in, ytd_window
from incidents.ytd_statistics import (
    BEYOND,
    WITHIN,
    average,
    change_pct,
    signal,
    z_score,
)

D = datetime.date.fromisoformat


@pytest.mark.parametrize(
    ("as_of", "year", "start", "end"),
    [
        # the ordinary case: same month and day a year earlier
        ("2022-05-04", 2021, "2021-01-01", "2021-05-04"),
        # Jan 1: a one-day window
        ("2022-01-01", 2021, "2021-01-01", "2021-01-01"),
        # Dec 31: the whole year
        ("2022-12-31", 2021, "2021-01-01", "2021-12-31"),
        # Feb 29 against a non-leap year stops on Feb 28
        ("2024-02-29", 2023, "2023-01-01", "2023-02-28"),
        # Feb 29 against a leap year keeps Feb 29
        ("2024-02-29", 2020, "2020-01-01", "2020-02-29"),
        # Feb 28 against a leap year leaves its Feb 29 out
        ("2025-02-28", 2024, "2024-01-01", "2024-02-28"),
        # Mar 1 or later against a leap year includes its Feb 29
        ("2025-03-01", 2024, "2024-01-01", "2024-03-01"),
        # Mar 1 of a leap year against a non-leap year
        ("2024-03-01", 2023, "2023-01-01", "2023-03-01"),
        # a comparison year further back
        ("2022-05-04", 2019, "2019-01-01", "2019-05-04"),
    ],
)
def test_same_period_handles_leap_years_and_year_ends(as_of, year, start, end):
    assert ytd_window(D(as_of), year) == Window(D(start), D(end))


def test_the_current_window_runs_from_january_1_to_the_as_of_date():
    window = ytd_window(D("2022-05-04"))
    assert (window.year, window.start, window.end, window.days) == (
        2022,
        D("2022-01-01"),
        D("2022-05-04"),
        124,
    )


@pytest.mark.parametrize(
    ("day", "year", "expected"),
    [
        ("2024-02-29", 2023, "2023-02-28"),
        ("2024-02-29", 2028, "2028-02-29"),
        ("2023-02-28", 2024, "2024-02-28"),
        ("2022-12-31", 2020, "2020-12-31"),
    ],
)
def test_same_day_in_another_year(day, year, expected):
    assert same_day_in(year, D(day)) == D(expected)


@pytest.mark.parametrize(
    ("as_of", "year", "start", "end"),
    [
        ("2022-05-04", None, "2022-04-07", "2022-05-04"),
        ("2022-05-04", 2021, "2021-04-07", "2021-05-04"),
        # across New Year
        ("2022-01-10", None, "2021-12-14", "2022-01-10"),
        ("2022-01-10", 2021, "2020-12-14", "2021-01-10"),
        # a leap February inside the window; the year before keeps 28 days too
        ("2024-03-10", None, "2024-02-12", "2024-03-10"),
        ("2024-03-10", 2023, "2023-02-11", "2023-03-10"),
        ("2024-02-29", 2023, "2023-02-01", "2023-02-28"),
    ],
)
def test_the_last_28_days_always_span_28_days(as_of, year, start, end):
    window = rolling_window(D(as_of), year=year)
    assert window == Window(D(start), D(end))
    assert window.days == 28


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (18, 10, Decimal("80.0")),
        (6, 3, Decimal("100.0")),
        (3, 6, Decimal("-50.0")),
        (1, 3, Decimal("-66.7")),
        (2, 3, Decimal("-33.3")),
        (1, 8, Decimal("-87.5")),
        (7, 6, Decimal("16.7")),
        (5, 5, Decimal("0.0")),
        (0, 4, Decimal("-100.0")),
        (3, 0, None),  # no percentage change from nothing
        (0, 0, None),
    ],
)
def test_change_pct_rounds_to_one_decimal_and_is_none_when_previous_is_zero(
    current, previous, expected
):
    assert change_pct(current, previous) == expected


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (18, 10, Decimal("2.16")),
        (6, 3, Decimal("1.43")),
        (1, 0, Decimal("2.00")),
        (0, 0, Decimal("0.00")),
        (10, 18, Decimal("-2.16")),
        (25, 4, Decimal("6.00")),
        (16, 4, Decimal("4.00")),
        (100, 64, Decimal("4.00")),
    ],
)
def test_z_is_twice_the_difference_of_square_roots(current, previous, expected):
    assert z_score(current, previous) == expected


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        (Decimal("2.99"), WITHIN),
        (Decimal("3.00"), BEYOND),
        (Decimal("-3.00"), BEYOND),
        (Decimal("-2.99"), WITHIN),
        (Decimal("0.00"), WITHIN),
        (Decimal("6.00"), BEYOND),
    ],
)
def test_signal_is_beyond_normal_variation_from_three_either_way(z, expected):
    assert signal(z) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([10, 12, 8, 9, 11], Decimal("10.0")),
        ([None, None, None, 4, 5], Decimal("4.5")),  # years without data are skipped
        ([None, None, None, None, 0], Decimal("0.0")),  # zero is data
        ([1, 2, 2], Decimal("1.7")),
        ([None, None, None, None, None], None),
        ([], None),
    ],
)
def test_average_ignores_years_without_data(values, expected):
    assert average(values) == expected


@pytest.mark.parametrize(
    ("window_year", "earliest", "expected"),
    [
        (2021, "2021-06-30", True),  # the year of the first record counts
        (2020, "2021-01-01", False),
        (2022, "2021-01-01", True),
        (2022, None, False),
    ],
)
def test_a_window_has_data_from_the_year_of_the_earliest_record(
    window_year, earliest, expected
):
    window = Window(datetime.date(window_year, 1, 1), datetime.date(window_year, 3, 1))
    assert has_data(window, D(earliest) if earliest else None) is expected
