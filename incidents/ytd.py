"""The year-to-date engine: are shootings up or down against the same period, and is it real?

Window arithmetic and the statistics are pure functions. Counting happens in the database,
in a fixed number of queries (see `compare` and `monthly_series`) whatever the number of rows
or years.

A window "has data" for a kind of record (incidents, or firearm recoveries) when its year is
not before the year of the earliest record of that kind. Counts of windows without data are
None, never zero: a city that started recording recoveries in 2022 did not recover zero guns
in 2021.
"""

import bisect
import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from audit.history import as_recorded

from .models import DataCompleteness, FirearmRecovery, Incident, Victim

BEYOND = "beyond normal variation"
WITHIN = "within normal variation"
Z_THRESHOLD = 3
ROLLING_DAYS = 28
AVERAGE_YEARS = 5

INCIDENTS = "incidents"
RECOVERIES = "firearm recoveries"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    definition: str
    source: str  # INCIDENTS or RECOVERIES: whose earliest record decides "no data"


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
            "Firearms recovered by police, counted one by one.",
            RECOVERIES,
        ),
    )
}


# --- The records that count ------------------------------------------------------------


@dataclass(frozen=True)
class Records:
    """The records that count: as they are now, or as they had been recorded at
    `recorded_at` (read from the history tables). Every figure takes its rows from here,
    so voided incidents, their victims and voided recoveries are left out of all of them."""

    recorded_at: datetime.datetime | None = None

    def incidents(self) -> QuerySet:
        if self.recorded_at is None:
            return Incident.objects.all()
        return as_recorded(Incident, self.recorded_at)

    def victims(self) -> QuerySet:
        """Victims of the incidents that count."""
        return self._victim_rows().filter(incident_id__in=self.incidents().values("id"))

    def _victim_rows(self) -> QuerySet:
        """Every victim row, whatever its incident (as recorded then, if a past moment)."""
        if self.recorded_at is None:
            return Victim.all_objects.all()
        return as_recorded(Victim, self.recorded_at)

    def recoveries(self) -> QuerySet:
        if self.recorded_at is None:
            return FirearmRecovery.objects.all()
        return as_recorded(FirearmRecovery, self.recorded_at)

    def complete_through(self) -> datetime.date | None:
        if self.recorded_at is None:
            return DataCompleteness.current()
        rows = as_recorded(DataCompleteness, self.recorded_at)
        return DataCompleteness.usable(
            rows.values_list("complete_through", flat=True).first()
        )

    def earliest(self) -> dict[str, datetime.date | None]:
        """The date of the first incident and of the first recovery: two queries."""
        return {
            INCIDENTS: _earliest(self.incidents()),
            RECOVERIES: _earliest(self.recoveries()),
        }

    def daily_counts(
        self, first: datetime.date, last: datetime.date
    ) -> dict[datetime.date, dict[str, int]]:
        """Every metric, and the flags, per day from `first` to `last` (days without
        records left out): three grouped queries, at most one row per day each, however
        many records there are. Sums over any window are then made in Python."""
        in_span = Q(date__gte=first, date__lte=last)
        incidents = (
            self.incidents()
            .filter(in_span)
            .order_by()
            .values("date")
            .annotate(
                shots_fired_confirmed=Count("pk", filter=Q(shots_fired_confirmed=True)),
                preliminary=Count("pk", filter=Q(status=Incident.Status.PRELIMINARY)),
                illustrative=Count("pk", filter=Q(illustrative=True)),
            )
        )
        # Victims are counted on their own rows, once each: per-incident subqueries in
        # every window's aggregate made the database count them once per window.
        victims = self._victims_by_day(first, last).annotate(
            shooting_victims=Count("pk"),
            victims_killed=Count("pk", filter=Q(outcome=Victim.Outcome.KILLED)),
            shooting_incidents_with_injury=Count("incident_id", distinct=True),
        )
        recoveries = (
            self.recoveries()
            .filter(in_span)
            .order_by()
            .values("date")
            .annotate(
                firearms_recovered=Sum("count"),
                illustrative_recoveries=Count("pk", filter=Q(illustrative=True)),
            )
        )
        days: dict[datetime.date, dict[str, int]] = {}
        for rows in (incidents, victims, recoveries):
            for row in rows:
                days.setdefault(row.pop("date"), {}).update(row)
        return days

    def _victims_by_day(self, first: datetime.date, last: datetime.date) -> QuerySet:
        """Victims of the incidents that count, dated by their incident, grouped by day."""
        if self.recorded_at is None:
            # `Victim.objects` joins each victim's incident to leave voided ones out:
            # the date comes through the same join.
            rows = Victim.objects.filter(
                incident__date__gte=first, incident__date__lte=last
            ).values(date=F("incident__date"))
        else:
            day = self.incidents().filter(id=OuterRef("incident_id")).values("date")
            rows = (
                self.victims()
                .annotate(day=Subquery(day[:1]))
                .filter(day__gte=first, day__lte=last)
                .values(date=F("day"))
            )
        return rows.order_by()


def _earliest(rows: QuerySet) -> datetime.date | None:
    return rows.order_by("date").values_list("date", flat=True).first()


# --- Windows (pure) ---------------------------------------------------------------------


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


def stale_notice(
    complete_through: datetime.date | None, today: datetime.date | None = None
) -> str | None:
    """A plain warning when "data complete through" lags `today` by more than
    settings.STALE_AFTER_DAYS days (or was never set); None while the data are current."""
    today = today or timezone.localdate()
    if complete_through is None:
        return "Nobody has said yet how far the incident data are complete."
    if (today - complete_through).days <= settings.STALE_AFTER_DAYS:
        return None
    return (
        f"These figures run to {complete_through:%B} {complete_through.day}, "
        f"{complete_through.year}; nothing later has been entered yet."
    )


# --- Statistics (pure) ------------------------------------------------------------------


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def change_pct(current: int, previous: int) -> Decimal | None:
    """100 x (current - previous) / previous to one decimal; None when previous is 0."""
    if previous == 0:
        return None
    return _round(Decimal(100) * (current - previous) / previous, "0.1")


def z_score(current: int, previous: int) -> Decimal:
    """2 x (sqrt(current) - sqrt(previous)), two decimals.

    Square roots stabilise the variance of Poisson counts: for counts of rare events the
    difference is roughly standard normal when nothing has really changed, so |z| >= 3 is
    unlikely to be chance alone.
    """
    return _round(2 * (Decimal(current).sqrt() - Decimal(previous).sqrt()), "0.01")


def signal(z: Decimal) -> str:
    return BEYOND if abs(z) >= Z_THRESHOLD else WITHIN


def average(values: Iterable[int | None]) -> Decimal | None:
    """Mean of the values that are not None, one decimal; None when there are none."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return _round(Decimal(sum(known)) / len(known), "0.1")


def has_data(window: Window, earliest: datetime.date | None) -> bool:
    return earliest is not None and window.year >= earliest.year


# --- Results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricComparison:
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

    @property
    def comparable(self) -> bool:
        return self.current is not None and self.previous is not None

    @property
    def change(self) -> int | None:
        return self.current - self.previous if self.comparable else None

    @property
    def change_pct(self) -> Decimal | None:
        return change_pct(self.current, self.previous) if self.comparable else None

    @property
    def z(self) -> Decimal | None:
        return z_score(self.current, self.previous) if self.comparable else None

    @property
    def signal(self) -> str | None:
        return None if self.z is None else signal(self.z)


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
    illustrative: bool  # some counted record is invented sample data
    five_year_span: tuple[int, int]  # first and last year averaged
    notes: list[str] = field(default_factory=list)


# --- Counting (database) ----------------------------------------------------------------


FLAGS = ("preliminary", "illustrative", "illustrative_recoveries")


def _count_windows(windows: dict[str, Window], records: Records) -> dict[str, int]:
    """Every metric in every window, from the daily counts of the whole span."""
    first = min(w.start for w in windows.values())
    last = max(w.end for w in windows.values())
    daily = records.daily_counts(first, last)
    days = sorted(daily)
    # Running totals per key: a window's count is the difference of two of them.
    running = {key: [0] for key in (*METRICS, *FLAGS)}
    for day in days:
        for key, totals in running.items():
            totals.append(totals[-1] + (daily[day].get(key) or 0))

    def total(key: str, window: Window) -> int:
        start = bisect.bisect_left(days, window.start)
        end = bisect.bisect_right(days, window.end)
        return running[key][end] - running[key][start]

    counts = {
        f"{key}__{name}": total(key, window)
        for name, window in windows.items()
        for key in METRICS
    }
    judged = (windows["current"], windows["previous"])  # different years: no overlap
    counts["preliminary"] = sum(total("preliminary", window) for window in judged)
    span = Window(first, last)
    counts["illustrative"] = total("illustrative", span)
    counts["illustrative_recoveries"] = total("illustrative_recoveries", span)
    return counts


def _notes(
    result: YtdComparison, earliest: dict[str, datetime.date | None]
) -> list[str]:
    current, previous = result.current, result.previous
    notes = [
        f"Each year is counted from January 1 to the same month and day: "
        f"{current.start:%B %-d} to {current.end:%B %-d, %Y} against "
        f"{previous.start:%B %-d} to {previous.end:%B %-d, %Y}. When the as-of date is "
        "February 29, a year without one stops on February 28; a leap comparison year "
        "includes its February 29 whenever the as-of date is on or after March 1.",
        "A change is marked beyond normal variation when z = 2 × (√current − √previous) "
        "is 3 or more either way; smaller swings are common with small counts.",
        f"The last 28 days ({result.last_28_days.current_window.start:%B %-d} to "
        f"{result.last_28_days.current_window.end:%B %-d, %Y}) are compared with the same "
        f"28 days of {previous.year}.",
    ]
    first, last = result.five_year_span
    notes.append(
        f"The five-year average covers the same period of {first} to {last}, counting "
        "only years from the first record on; it is empty when none of those years has "
        "data."
    )
    if result.data_complete_through:
        notes.append(
            f"All incidents and firearm recoveries up to "
            f"{result.data_complete_through:%B %-d, %Y} have been entered."
        )
    if result.preliminary_records:
        notes.append(
            f"{result.preliminary_records} incident records in these periods are "
            "preliminary and may still change."
        )
    for source, day in earliest.items():
        if day is None:
            notes.append(f"No {source} have been recorded, so those figures are empty.")
        elif day.year > previous.year:
            notes.append(
                f"{source.capitalize()} are recorded from {day.year}, so there is no "
                f"{previous.year} figure to compare them with."
            )
    if result.illustrative:
        notes.append(
            "These figures include illustrative sample records invented to demonstrate "
            "the tracker; they are not city records."
        )
    return notes


def compare(
    as_of: datetime.date | None = None,
    compare_year: int | None = None,
    records: Records | None = None,
) -> YtdComparison:
    """Year-to-date figures as of `as_of` against `compare_year` (default: the year before).

    `as_of` defaults to "data complete through", or today while that is unset. With
    `records` recorded at a past moment, the figures as they stood then.
    Makes 6 queries whatever the data: completeness, two earliest dates, three daily
    counts (incidents, victims, recoveries).
    """
    records = records or Records()
    complete_through = records.complete_through()
    if as_of is None:
        as_of = complete_through or timezone.localdate()
    if compare_year is None:
        compare_year = as_of.year - 1
    if compare_year >= as_of.year:
        raise ValueError(
            f"The comparison year must be before {as_of.year}, not {compare_year}."
        )
    average_years = [
        year
        for year in range(as_of.year - AVERAGE_YEARS, as_of.year)
        if year >= datetime.MINYEAR
    ]
    windows = {
        "current": ytd_window(as_of),
        "previous": ytd_window(as_of, compare_year),
        "rolling_current": rolling_window(as_of),
        "rolling_previous": rolling_window(as_of, year=compare_year),
        **{f"y{year}": ytd_window(as_of, year) for year in average_years},
    }
    earliest = records.earliest()
    counts = _count_windows(windows, records)

    def count(metric: Metric, name: str) -> int | None:
        if not has_data(windows[name], earliest[metric.source]):
            return None
        return counts[f"{metric.key}__{name}"]

    metrics = {}
    for metric in METRICS.values():
        by_year = {year: count(metric, f"y{year}") for year in average_years}
        metrics[metric.key] = MetricComparison(
            metric=metric,
            current=count(metric, "current"),
            previous=count(metric, "previous"),
            five_year_average=average(by_year.values()),
            five_year_values=by_year,
        )
    rolling = RollingComparison(
        current_window=windows["rolling_current"],
        previous_window=windows["rolling_previous"],
        counts={
            metric.key: (
                count(metric, "rolling_current"),
                count(metric, "rolling_previous"),
            )
            for metric in METRICS.values()
        },
    )
    result = YtdComparison(
        as_of=as_of,
        data_complete_through=complete_through,
        current=windows["current"],
        previous=windows["previous"],
        metrics=metrics,
        last_28_days=rolling,
        preliminary_records=counts["preliminary"],
        illustrative=bool(counts["illustrative"] or counts["illustrative_recoveries"]),
        five_year_span=(as_of.year - AVERAGE_YEARS, as_of.year - 1),
    )
    result.notes.extend(_notes(result, earliest))
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

    Makes 5 queries whatever the number of years: two earliest dates, three daily counts.
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
        daily = records.daily_counts(first, last)
        for day, row in daily.items():
            month = grouped.setdefault((day.year, day.month), {})
            for key, count in row.items():
                month[key] = month.get(key, 0) + (count or 0)

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
