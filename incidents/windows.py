"""The date windows of the year-to-date figures (pure functions, no database).

A year-to-date window runs from January 1 to the as-of month and day; a rolling window is
the last 28 days to that day; either may be taken in any year, for comparison.
"""

import calendar
import datetime
from dataclasses import dataclass

ROLLING_DAYS = 28


@dataclass(frozen=True)
class Window:
    """The days from `start` to `end`, both included."""

    start: datetime.date
    end: datetime.date

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def same_day_in(year: int, day: datetime.date) -> datetime.date:
    """`day`'s month and day in `year`; Feb 29 becomes Feb 28 in a non-leap year."""
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return datetime.date(year, 2, 28)
    return day.replace(year=year)


def ytd_window(as_of: datetime.date, year: int | None = None) -> Window:
    """Jan 1 to the as-of month and day of `year` (default: the as-of year)."""
    year = as_of.year if year is None else year
    return Window(datetime.date(year, 1, 1), same_day_in(year, as_of))


def rolling_window(
    as_of: datetime.date, days: int = ROLLING_DAYS, year: int | None = None
) -> Window:
    """The `days` days ending on the as-of month and day of `year` (default: as-of year)."""
    end = same_day_in(as_of.year if year is None else year, as_of)
    return Window(end - datetime.timedelta(days=days - 1), end)


def has_data(window: Window, earliest: datetime.date | None) -> bool:
    """Whether `window` is in a year of records: not before the year of the `earliest`."""
    return earliest is not None and window.year >= earliest.year
