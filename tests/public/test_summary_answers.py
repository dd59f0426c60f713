"""The public summary's four answers, its small trend lines and its by-place bars, each on
a hand-made case (pages.headline, pages.public_summary)."""

import datetime
from decimal import Decimal

import pytest

from funding.deadlines import DeadlineFigures, DeadlineStatus
from incidents import place_figures, ytd
from incidents.trends import Limits, MonthTrend
from pages import headline
from pages.public_summary import place_bars, sparkline

day = datetime.date.fromisoformat


# --- 1. Are shootings up or down? ------------------------------------------------------


@pytest.fixture
def two_years(make_incident, complete_through):
    """2023: one person shot; 2024 to June 30: two shootings, three people shot."""
    make_incident("2023-02-01", "injured")
    make_incident("2024-02-01", "injured")
    make_incident("2024-03-01", "injured", "killed")
    complete_through("2024-06-30")


def test_the_first_answer_says_both_movements_and_the_verdict(two_years):
    comparison = ytd.compare(day("2024-06-30"), 2023)
    assert headline.shootings_answer(comparison) == (
        "Confirmed shots fired are up from 1 to 2 and people shot are up from 1 to 3, "
        "January 1 to June 30 against the same days of 2023: within normal variation "
        "for numbers this small."
    )


def test_the_first_answer_names_a_change_beyond_normal_variation(
    make_incident, complete_through
):
    make_incident("2023-02-01", "injured")
    make_incident("2024-02-01", *["injured"] * 30)
    complete_through("2024-06-30")
    comparison = ytd.compare(day("2024-06-30"), 2023)
    assert headline.shootings_answer(comparison) == (
        "Confirmed shots fired are unchanged at 1 and people shot are up from 1 to 30, "
        "January 1 to June 30 against the same days of 2023: the change in people shot "
        "is beyond normal variation."
    )


def test_the_first_answer_says_when_the_earlier_year_has_no_data(two_years):
    comparison = ytd.compare(day("2024-06-30"), 2016)
    assert headline.shootings_answer(comparison) == (
        "Confirmed shots fired number 2 and people shot number 3, January 1 to June 30, "
        "with no data for 2016 to compare."
    )


# --- 2. Is that unusual? ---------------------------------------------------------------

# Three earlier years of 36 in all: one a month on average, normal from 0 to 4.
ONE_A_MONTH = Limits.of(36)


def months_of_2024(counts, limits=ONE_A_MONTH) -> list[MonthTrend]:
    return [
        MonthTrend(datetime.date(2024, n, 1), count, limits)
        for n, count in enumerate(counts, start=1)
    ]


def test_the_second_answer_says_no_when_every_month_was_normal():
    months = months_of_2024([1, 0, 2, 4, 1, 1, 0, 3, 1, 2, 1, 0])
    assert headline.unusual_answer(
        "People shot", months, datetime.date(2024, 12, 1)
    ) == (
        "No: in the 12 whole months to December 2024, people shot stayed within the "
        "normal range every month."
    )


def test_the_second_answer_names_the_unusual_months_of_the_last_twelve():
    months = [
        MonthTrend(datetime.date(2023, 12, 1), 9, ONE_A_MONTH),  # before the twelve
        *months_of_2024([1, 0, 2, 4, 1, 1, 9, 3, 1, 2, 1, 0]),
        MonthTrend(datetime.date(2025, 1, 1), 7, ONE_A_MONTH),  # not yet whole
    ]
    assert headline.unusual_answer(
        "People shot", months, datetime.date(2024, 12, 1)
    ) == (
        "In the 12 whole months to December 2024, people shot were outside the normal "
        "range in 1: July 2024 (unusually high); the other 11 were within it."
    )


def test_the_second_answer_says_when_there_is_no_normal_range_yet():
    months = months_of_2024([1, 2, 3], limits=None)
    assert headline.unusual_answer(
        "People shot", months, datetime.date(2024, 3, 1)
    ) == (
        "There are not yet three years of records of people shot, so there is no "
        "normal range to judge a month against."
    )


# --- 3. Where? -------------------------------------------------------------------------


def test_the_third_answer_names_the_place_with_the_most(shootings):
    figures = place_figures.disclosed(
        place_figures.compute("council_district", day("2024-06-30"))
    )
    assert headline.where_answer(figures, "shots_fired_confirmed") == (
        "Of the city's 9 confirmed shots fired in 2024 so far, the most in one council "
        "district were in District 3: 5."
    )


def test_the_third_answer_names_every_place_that_shares_the_most(
    districts, make_incident, complete_through
):
    for code in ("1", "2"):
        make_incident("2024-03-01", "injured").places.add(districts[code])
    complete_through("2024-06-30")
    figures = place_figures.disclosed(
        place_figures.compute("council_district", day("2024-06-30"))
    )
    assert headline.where_answer(figures, "shots_fired_confirmed") == (
        "Of the city's 2 confirmed shots fired in 2024 so far, the most in one council "
        "district were 1 each, in District 1 and District 2."
    )
    assert headline.where_answer(figures, "shooting_victims") == (
        "Of the city's 2 people shot in 2024 so far, no council district's count is "
        "large enough to be shown on its own."
    )


def test_the_by_place_bars_give_each_count_in_words_and_its_length(shootings):
    figures = place_figures.disclosed(
        place_figures.compute("council_district", day("2024-06-30"))
    )
    assert place_bars(figures, "shots_fired_confirmed") == [
        {"name": "District 1", "label": "1", "pct": 20.0},
        {"name": "District 2", "label": "2", "pct": 40.0},
        {"name": "District 3", "label": "5", "pct": 100.0},
    ]
    # One person shot in district 1 is a small count: no bar, and said so.
    assert place_bars(figures, "shooting_victims")[0] == {
        "name": "District 1",
        "label": "fewer than 3",
        "pct": 0.0,
    }


# --- 4. The money and the deadlines ----------------------------------------------------


def deadlines(as_of, budget, obligated, by_deadline, spent) -> DeadlineStatus:
    money = [Decimal(value) for value in (budget, obligated, by_deadline, spent)]
    overall = DeadlineFigures("Program", day(as_of), *money)
    return DeadlineStatus(None, day(as_of), overall, [], [], False)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            deadlines("2024-06-30", 1000, 600, 600, 100),
            "$100 of the $1,000 has been spent and $400 is still to be obligated "
            "(promised under contract) by December 31, 2024; $900 is left to spend in "
            "the 914 days before December 31, 2026.",
        ),
        (
            deadlines("2025-03-31", 1000, 1000, 750, 500),
            "$500 of the $1,000 has been spent and $250 was not obligated (promised "
            "under contract) by December 31, 2024 and is at risk of return to the US "
            "Treasury; $250 is left to spend in the 640 days before December 31, 2026.",
        ),
        (
            deadlines("2026-12-30", 1000, 1000, 1000, 999),
            "$999 of the $1,000 has been spent and all of it was obligated (promised "
            "under contract) by December 31, 2024; $1 is left to spend in the 1 day "
            "before December 31, 2026.",
        ),
        (
            deadlines("2027-01-15", 1000, 1000, 1000, 900),
            "$900 of the $1,000 has been spent and all of it was obligated (promised "
            "under contract) by December 31, 2024; $100 was not spent by December 31, "
            "2026.",
        ),
        (
            deadlines("2026-06-30", 1000, 1000, 1000, 1000),
            "$1,000 of the $1,000 has been spent and all of it was obligated (promised "
            "under contract) by December 31, 2024; nothing is left to spend.",
        ),
    ],
)
def test_the_fourth_answer_says_what_is_spent_and_what_the_deadlines_put_at_risk(
    status, expected
):
    assert headline.money_answer(status) == expected


# --- The tiles' small trend lines ------------------------------------------------------


def test_a_sparkline_draws_the_months_to_the_last_whole_one_with_words():
    months = months_of_2024([0, 2, 4, 9])
    line = sparkline(months, through=datetime.date(2024, 3, 1))
    assert line.counts == [0, 2, 4]  # April is not yet a whole month
    assert line.points == "0.0,30.0 60.0,16.0 120.0,2.0"
    assert line.label == (
        "Month by month, January 2024 to March 2024: from 0 to 4 a month; 4 in March "
        "2024."
    )


def test_a_sparkline_keeps_the_last_24_months_and_needs_two():
    months = [
        MonthTrend(datetime.date(2022 + n // 12, n % 12 + 1, 1), n, None)
        for n in range(30)
    ]
    line = sparkline(months, through=datetime.date(2024, 6, 1))
    assert (line.first, line.last, len(line.counts)) == (
        datetime.date(2022, 7, 1),
        datetime.date(2024, 6, 1),
        24,
    )
    assert sparkline(months, through=datetime.date(2022, 1, 1)) is None
