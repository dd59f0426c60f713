"""Wording shared by messages, pages and charts: plural-aware counts ("1 problem",
"2 problems", never "problem(s)"), dates as the pages write them, and days to a deadline."""

import datetime


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The noun that goes with `count`: `plural(2, "column")` is "columns"."""
    return singular if count == 1 else plural_form or f"{singular}s"


def count_of(count: int, singular: str, plural_form: str | None = None) -> str:
    """`count_of(2, "problem")` is "2 problems"; thousands get separators."""
    return f"{count:,} {plural(count, singular, plural_form)}"


def long_date(day: datetime.date) -> str:
    """`May 4, 2022`."""
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: datetime.date) -> str:
    """`Mar 15, 2023`: the month abbreviated, for chart labels."""
    return f"{day:%b} {day.day}, {day.year}"


def days_phrase(days: int) -> str:
    """`34 days left`, `today`, or `passed 696 days ago`, for a count of days to a deadline."""
    if days > 0:
        return f"{count_of(days, 'day')} left"
    if days == 0:
        return "today"
    return f"passed {count_of(-days, 'day')} ago"
