"""Long-run trends: each metric month by month with its normal range, this year's
running total day by day against earlier years, and the yearly totals.

The normal range of a month is a c-chart's (a control chart for counts of rare events):
its center is the mean monthly count over the 36 months of the three calendar years
before the month's year, its upper limit center + 3 x sqrt(center), its lower limit
max(0, center - 3 x sqrt(center)). A month above the upper limit is "unusually high",
one below the lower limit "unusually low". A month gets no range when any of those three
years lacks data.

A year has data for a metric as it has for the year-to-date engine (`incidents.windows.
has_data`): when it is not before the year of the first record of the metric's kind
(incidents, or firearm recoveries). Months of such a year before its first record count
as zero, as they do in every other figure.

Only whole months are judged: the monthly series runs to the last month complete by the
as-of date. The months and years come from the sums of the daily counts per month (one
row a month), the running totals from the daily counts of the few years they show, so
the cost is the same however many records there are; a `Records` for one place gives
that place's trends.
"""

import calendar
import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .counting import Records
from .daily_sums import monthly_sums
from .ytd import METRICS

# The metric whose trend the pages show, and the API gives by default: people shot.
MAIN_METRIC = "shooting_victims"
LIMIT_YEARS = 3  # the calendar years before a month's year that set its normal range
LIMIT_MONTHS = 12 * LIMIT_YEARS
SIGMAS = 3
RANGE_YEARS = 5  # the years before this one whose lowest and highest totals are drawn
UNUSUALLY_HIGH = "unusually high"
UNUSUALLY_LOW = "unusually low"

# Every calendar day of a leap year, as (month, day): the positions of a running total,
# so that the same day of every year lines up (Feb 29 holds Feb 28's total in other years).
CALENDAR = [
    (month, day)
    for month in range(1, 13)
    for day in range(1, calendar.monthrange(2000, month)[1] + 1)
]
POSITION = {month_day: index for index, month_day in enumerate(CALENDAR)}


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Limits:
    """A month's c-chart limits, exact; `shown` rounds them for people."""

    center: Decimal
    upper: Decimal
    lower: Decimal

    @classmethod
    def of(cls, earlier_months_total: int) -> "Limits":
        """The limits of a month whose three earlier years counted this many in all."""
        center = Decimal(earlier_months_total) / LIMIT_MONTHS
        spread = SIGMAS * center.sqrt()
        return cls(center, center + spread, max(Decimal(0), center - spread))

    def flag(self, count: int) -> str | None:
        if count > self.upper:
            return UNUSUALLY_HIGH
        if count < self.lower:
            return UNUSUALLY_LOW
        return None

    def shown(self) -> tuple[Decimal, Decimal, Decimal]:
        """(center, upper, lower) to one decimal, as the API and downloads give them."""
        return _tenth(self.center), _tenth(self.upper), _tenth(self.lower)

    def normal_counts(self) -> tuple[int, int]:
        """The lowest and highest whole counts within the limits."""
        return math.ceil(self.lower), math.floor(self.upper)


@dataclass(frozen=True)
class MonthTrend:
    month: datetime.date  # its first day
    count: int
    limits: Limits | None  # None: fewer than three earlier years with data

    @property
    def flag(self) -> str | None:
        return None if self.limits is None else self.limits.flag(self.count)


@dataclass(frozen=True)
class YearTotal:
    year: int
    count: int
    through: datetime.date  # December 31, or the as-of date in the as-of year

    @property
    def partial(self) -> bool:
        return (self.through.month, self.through.day) != (12, 31)


def c_chart(counts: dict[datetime.date, int], first_year: int) -> list[MonthTrend]:
    """Each month of `counts` (first day of the month: count; every month from January of
    `first_year`, the first year with data, on) with its limits (see the module)."""
    months = []
    for month, count in sorted(counts.items()):
        limits = None
        if month.year - LIMIT_YEARS >= first_year:
            earlier = sum(
                counts[datetime.date(year, number, 1)]
                for year in range(month.year - LIMIT_YEARS, month.year)
                for number in range(1, 13)
            )
            limits = Limits.of(earlier)
        months.append(MonthTrend(month, count, limits))
    return months


def last_complete_month(as_of: datetime.date) -> datetime.date:
    """The first day of the last month that `as_of` completes."""
    if as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]:
        return as_of.replace(day=1)
    return (as_of.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class CumulativeCurve:
    """Running totals by CALENDAR position: this year's to the as-of date, the comparison
    year's whole, and the lowest and highest of the RANGE_YEARS years before this one
    that have data (`range_years`; no range with fewer than two)."""

    as_of: datetime.date
    compare_year: int
    current: list[int]
    previous: list[int] | None  # None: no data that year
    range_years: list[int]
    low: list[int] | None
    high: list[int] | None


@dataclass(frozen=True)
class Trends:
    """Every metric's months and years as of `as_of` (see `compute`)."""

    as_of: datetime.date
    months: dict[str, list[MonthTrend]]
    years: dict[str, list[YearTotal]]

    def latest_month(self, metric: str) -> MonthTrend | None:
        """The last complete month, or None when there is none with data."""
        months = self.months[metric]
        return months[-1] if months else None


def _position(day: datetime.date) -> tuple[int, int]:
    return day.month, day.day


def _running_totals(daily: dict[datetime.date, int], year: int, last: datetime.date):
    """`year`'s running total at every CALENDAR position (held after `last`)."""
    totals, total = [], 0
    for month, day in CALENDAR:
        if (month, day) == (2, 29) and not calendar.isleap(year):
            totals.append(total)
            continue
        date = datetime.date(year, month, day)
        if date <= last:
            total += daily.get(date, 0)
        totals.append(total)
    return totals


def _metric_trends(
    counts: dict[tuple[int, int], int], first_year: int, as_of: datetime.date
) -> tuple[list[MonthTrend], list[YearTotal]]:
    """(months, years) of one metric from its counts per (year, month) to `as_of`."""
    last_month = last_complete_month(as_of)
    monthly = {
        datetime.date(year, number, 1): counts.get((year, number), 0)
        for year in range(first_year, as_of.year + 1)
        for number in range(1, 13)
        if datetime.date(year, number, 1) <= last_month
    }
    years = [
        YearTotal(
            year,
            sum(counts.get((year, number), 0) for number in range(1, 13)),
            min(as_of, datetime.date(year, 12, 31)),
        )
        for year in range(first_year, as_of.year + 1)
    ]
    return c_chart(monthly, first_year), years


def compute(
    as_of: datetime.date, records: Records | None = None, place_id: int | None = None
) -> Trends:
    """The monthly series with limits and the yearly totals of every metric, from the
    first year with data to `as_of`: the earliest dates and the sums of the daily counts
    per month, the same two queries, a row a month, however many records there are.
    With `place_id`, the place's (current records only: see `PlaceParameters`)."""
    records = records or Records()
    earliest = records.earliest()
    known = [day for day in earliest.values() if day and day.year <= as_of.year]
    monthly = {}
    if known:
        first_day = datetime.date(min(known).year, 1, 1)
        keys = tuple(METRICS)
        if place_id is None:
            monthly = records.monthly_sums(first_day, as_of, keys)
        else:
            monthly = monthly_sums(first_day, as_of, keys, place_id=place_id)
    months, years = {}, {}
    for metric in METRICS.values():
        first = earliest[metric.source]
        if first is None or first.year > as_of.year:
            months[metric.key], years[metric.key] = [], []
            continue
        counts = {month: row[metric.key] for month, row in monthly.items()}
        months[metric.key], years[metric.key] = _metric_trends(
            counts, first.year, as_of
        )
    return Trends(as_of, months, years)


def cumulative(
    metric: str,
    as_of: datetime.date,
    compare_year: int | None = None,
    records: Records | None = None,
) -> CumulativeCurve:
    """This year's running total of `metric` to `as_of` against `compare_year`'s
    (default: last year) and the range of the RANGE_YEARS years before: the daily counts
    of those years alone (one query, two when the comparison year is before the range),
    so the cost stays that of a few years of days however long the records go back."""
    records = records or Records()
    year = as_of.year
    compare_year = year - 1 if compare_year is None else compare_year
    first = records.earliest()[METRICS[metric].source]

    def with_data(y: int) -> bool:
        return first is not None and first.year <= y <= year

    recent = [y for y in range(year - RANGE_YEARS, year + 1) if with_data(y)]
    per_day = {}
    if recent:
        per_day.update(records.daily_counts(datetime.date(recent[0], 1, 1), as_of))
    if with_data(compare_year) and compare_year not in recent:
        end = datetime.date(compare_year, 12, 31)
        per_day.update(records.daily_counts(datetime.date(compare_year, 1, 1), end))
    counts = {day: row.get(metric) or 0 for day, row in per_day.items()}
    running = {
        y: _running_totals(counts, y, as_of)
        for y in {*recent, compare_year}
        if with_data(y)
    }
    return _curve(running, as_of, compare_year)


def _curve(running: dict[int, list[int]], as_of: datetime.date, compare_year: int):
    year = as_of.year
    current = running.get(year, [])[: POSITION[_position(as_of)] + 1]
    range_years = [y for y in range(year - RANGE_YEARS, year) if y in running]
    low = high = None
    if len(range_years) >= 2:
        columns = list(zip(*(running[y] for y in range_years), strict=True))
        low, high = [min(c) for c in columns], [max(c) for c in columns]
    return CumulativeCurve(
        as_of, compare_year, current, running.get(compare_year), range_years, low, high
    )
