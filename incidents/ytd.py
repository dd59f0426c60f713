"""The year-to-date engine: are shootings up or down against the same period, and is it real?

`compare` counts every metric in this year's window, the comparison year's, the last 28
days of both and each of the five years before; `monthly_series` counts them per month.
Both count in the database, in a fixed number of queries whatever the number of rows or
years.

A window "has data" for a kind of record (incidents, or firearm recoveries) when its year is
not before the year of the earliest record of that kind. Counts of windows without data are
None, never zero: a city that started recording recoveries in 2022 did not recover zero guns
in 2021.

A recovery counts by its source: the firearms police seized are the firearms recovered,
those turned in at a buyback event the firearms bought back; surrendered ones are in
neither figure.

The parts: the date windows are in `incidents.windows`, the statistics in
`incidents.ytd_statistics`, the records that count in `incidents.counting` and the notes in
`incidents.ytd_notes`; the names callers use are at hand here too (see `__all__`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .counting import INCIDENTS, RECOVERIES, Records
from .daily_sums import window_key
from .windows import Window, has_data, rolling_window, ytd_window
from .ytd_notes import notes, stale_notice
from .ytd_statistics import BEYOND, WITHIN, Compared, average

__all__ = [
    "AVERAGE_YEARS",
    "BEYOND",
    "INCIDENTS",
    "METRICS",
    "RECOVERIES",
    "WITHIN",
    "Metric",
    "MetricComparison",
    "MonthlySeries",
    "Records",
    "RollingComparison",
    "Window",
    "YtdComparison",
    "compare",
    "monthly_series",
    "rolling_window",
    "stale_notice",
    "ytd_window",
]

AVERAGE_YEARS = 5


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    definition: str
    source: str  # INCIDENTS or RECOVERIES: whose earliest record decides "no data"

    @property
    def counts_harm(self) -> bool:
        """Whether more is worse: counts of shootings and people shot, not of firearms
        recovered (pages color a rise red and a fall green only for these)."""
        return self.source == INCIDENTS


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "shots_fired_confirmed",
            "Confirmed shots fired",
            "Incidents in which evidence confirms that a firearm was fired, whether or "
            "not anyone was hit.",
            INCIDENTS,
        ),
        Metric(
            "shooting_incidents_with_injury",
            "Shootings with someone hit",
            "Incidents in which at least one person was shot.",
            INCIDENTS,
        ),
        Metric(
            "shooting_victims",
            "People shot",
            "People shot, whether injured or killed.",
            INCIDENTS,
        ),
        Metric(
            "victims_killed",
            "People shot and killed",
            "People who died of their gunshot wounds.",
            INCIDENTS,
        ),
        Metric(
            "firearms_recovered",
            "Firearms recovered",
            "Firearms seized by police, counted one by one; firearms surrendered or "
            "bought back are not included.",
            RECOVERIES,
        ),
        Metric(
            "firearms_bought_back",
            "Firearms bought back",
            "Firearms turned in at gun buyback events, counted one by one.",
            RECOVERIES,
        ),
    )
}


# --- Results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricComparison(Compared):
    metric: Metric
    current: int | None
    previous: int | None
    five_year_average: Decimal | None
    five_year_values: dict[int, int | None]  # year -> count, None = no data

    @property
    def key(self) -> str:
        return self.metric.key

    @property
    def label(self) -> str:
        return self.metric.label


@dataclass(frozen=True)
class RollingComparison:
    """The last 28 days against the same 28 days of the comparison year."""

    current_window: Window
    previous_window: Window
    counts: dict[str, tuple[int | None, int | None]]  # metric -> (current, previous)


@dataclass(frozen=True)
class YtdComparison:
    as_of: datetime.date
    data_complete_through: datetime.date | None
    current: Window
    previous: Window
    metrics: dict[str, MetricComparison]
    last_28_days: RollingComparison
    preliminary_records: int  # in the current or previous window
    illustrative: bool  # some record counted in a window is invented sample data
    five_year_span: tuple[int, int]  # first and last year averaged
    notes: list[str] = field(default_factory=list)


# --- Counting (database) ----------------------------------------------------------------


FLAGS = ("preliminary", "illustrative", "illustrative_recoveries")


def _count_windows(windows: dict[str, Window], records: Records) -> dict[str, int]:
    """Every metric in every window; the preliminary records of the two windows judged;
    and whether any window counts an illustrative record: one query of sums."""
    counts = records.window_sums(windows, (*METRICS, *FLAGS))
    # This year's window and the comparison year's are in different years: no overlap.
    counts["preliminary"] = sum(
        counts[window_key("preliminary", name)] for name in ("current", "previous")
    )
    for flag in ("illustrative", "illustrative_recoveries"):
        counts[flag] = sum(counts[window_key(flag, name)] for name in windows)
    return counts


# --- The comparison ----------------------------------------------------------------------


def _average_years(as_of: datetime.date) -> list[int]:
    """The years of the five-year average: the five before `as_of`'s, from year 1 on."""
    return [
        year
        for year in range(as_of.year - AVERAGE_YEARS, as_of.year)
        if year >= datetime.MINYEAR
    ]


def _comparison_windows(as_of: datetime.date, compare_year: int) -> dict[str, Window]:
    """The windows `compare` counts, by name: this year's and the comparison year's, the
    last 28 days of both, and each year of the average ("y2019")."""
    return {
        "current": ytd_window(as_of),
        "previous": ytd_window(as_of, compare_year),
        "rolling_current": rolling_window(as_of),
        "rolling_previous": rolling_window(as_of, year=compare_year),
        **{f"y{year}": ytd_window(as_of, year) for year in _average_years(as_of)},
    }


@dataclass(frozen=True)
class _Counted:
    """The count of every metric in every window; None where its year has no data."""

    windows: dict[str, Window]
    earliest: dict[str, datetime.date | None]
    counts: dict[str, int]

    def count(self, metric: Metric, name: str) -> int | None:
        if not has_data(self.windows[name], self.earliest[metric.source]):
            return None
        return self.counts[window_key(metric.key, name)]

    def metric(self, metric: Metric, years: list[int]) -> MetricComparison:
        by_year = {year: self.count(metric, f"y{year}") for year in years}
        return MetricComparison(
            metric=metric,
            current=self.count(metric, "current"),
            previous=self.count(metric, "previous"),
            five_year_average=average(by_year.values()),
            five_year_values=by_year,
        )

    def rolling(self) -> RollingComparison:
        return RollingComparison(
            current_window=self.windows["rolling_current"],
            previous_window=self.windows["rolling_previous"],
            counts={
                metric.key: (
                    self.count(metric, "rolling_current"),
                    self.count(metric, "rolling_previous"),
                )
                for metric in METRICS.values()
            },
        )


def _comparison_year(as_of: datetime.date, compare_year: int | None) -> int:
    """`compare_year`, by default the year before `as_of`'s; it must be before it."""
    if compare_year is None:
        return as_of.year - 1
    if compare_year >= as_of.year:
        raise ValueError(
            f"The comparison year must be before {as_of.year}, not {compare_year}."
        )
    return compare_year


def compare(
    as_of: datetime.date | None = None,
    compare_year: int | None = None,
    records: Records | None = None,
) -> YtdComparison:
    """Year-to-date figures as of `as_of` against `compare_year` (default: the year before).

    `as_of` defaults to "data complete through", or today while that is unset. With
    `records` recorded at a past moment, the figures as they stood then.
    Makes 3 queries whatever the data: completeness, the earliest dates and the sums
    over every window (both of the daily counts table, one row each; at a past moment,
    from the history tables).
    """
    records = records or Records()
    complete_through = records.complete_through()
    if as_of is None:
        as_of = complete_through or timezone.localdate()
    compare_year = _comparison_year(as_of, compare_year)
    windows = _comparison_windows(as_of, compare_year)
    earliest = records.earliest()
    counted = _Counted(windows, earliest, _count_windows(windows, records))
    years = _average_years(as_of)
    result = YtdComparison(
        as_of=as_of,
        data_complete_through=complete_through,
        current=windows["current"],
        previous=windows["previous"],
        metrics={m.key: counted.metric(m, years) for m in METRICS.values()},
        last_28_days=counted.rolling(),
        preliminary_records=counted.counts["preliminary"],
        illustrative=bool(
            counted.counts["illustrative"] or counted.counts["illustrative_recoveries"]
        ),
        five_year_span=(as_of.year - AVERAGE_YEARS, as_of.year - 1),
    )
    result.notes.extend(notes(result, earliest))
    return result


# --- Monthly series ---------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlySeries:
    """Counts per metric, year and month; None for months without data or after `through`."""

    years: list[int]
    through: datetime.date | None
    counts: dict[str, dict[int, list[int | None]]]  # metric -> year -> 12 months

    def cumulative(self, metric: str, year: int) -> list[int | None]:
        """Running year-to-date totals month by month, for "so far this year" charts."""
        total, running = 0, []
        for value in self.counts[metric][year]:
            if value is None:
                running.append(None)
            else:
                total += value
                running.append(total)
        return running


def monthly_series(
    years: Iterable[int],
    through: datetime.date | None = None,
    records: Records | None = None,
) -> MonthlySeries:
    """Per-month counts of every metric in `years`, up to `through` (default: no limit).

    Makes 2 queries whatever the number of years: the earliest dates, the sums of
    the daily counts per month (one row a month).
    """
    records = records or Records()
    years = sorted(set(years))
    earliest = records.earliest()
    grouped: dict[tuple[int, int], dict[str, int]] = {}
    if years and years[-1] >= datetime.MINYEAR:
        last = datetime.date(years[-1], 12, 31)
        if through:
            last = min(last, through)
        first = datetime.date(max(years[0], datetime.MINYEAR), 1, 1)
        grouped = records.monthly_sums(first, last, tuple(METRICS))

    def value(metric: Metric, year: int, month: int) -> int | None:
        first = earliest[metric.source]
        if first is None or year < first.year:
            return None
        if through and datetime.date(year, month, 1) > through:
            return None
        return grouped.get((year, month), {}).get(metric.key, 0)

    counts = {
        metric.key: {
            year: [value(metric, year, month) for month in range(1, 13)]
            for year in years
        }
        for metric in METRICS.values()
    }
    return MonthlySeries(years=years, through=through, counts=counts)
