"""The records that count, and their counts per day, from the database.

`Records` gives the incidents, victims and firearm recoveries that count, as they are now
or as they had been recorded at a past moment (from the history tables); the figures of
the year-to-date engine (`incidents.ytd`) take all their rows from it. Their counts per
day now are the daily counts kept with the records (`incidents.daily`); at a past moment
they are counted from the history tables, with the same grouped queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from audit.history import as_recorded

from . import daily, daily_sums
from .models import DataCompleteness, FirearmRecovery, Incident, Victim

# The kinds of record whose earliest date decides whether a year has data.
INCIDENTS = "incidents"
RECOVERIES = "firearm recoveries"


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
        """The date of the first incident and of the first recovery: one query of the
        daily counts now, two of the history tables at a past moment."""
        if self.recorded_at is None:
            first_incident, first_recovery = daily.first_days()
            return {INCIDENTS: first_incident, RECOVERIES: first_recovery}
        return {
            INCIDENTS: _earliest(self.incidents()),
            RECOVERIES: _earliest(self.recoveries()),
        }

    def daily_counts(
        self, first: datetime.date, last: datetime.date
    ) -> dict[datetime.date, dict[str, int]]:
        """Every metric, and the flags, per day from `first` to `last` (days without
        records left out, a count without records that day may be None or 0). Now: one
        query of the daily counts; at a past moment, three grouped queries of the
        history tables, at most one row per day each, however many records there are.
        Sums over windows and months are `window_sums` and `monthly_sums`."""
        if self.recorded_at is None:
            return daily.kept_counts(first, last)
        in_span = Q(date__gte=first, date__lte=last)
        return daily.merge(
            daily.count_incidents(self.incidents().filter(in_span)),
            daily.count_victims(self._victims_by_day(first, last)),
            daily.count_recoveries(self.recoveries().filter(in_span)),
        )

    def window_sums(self, windows: dict, keys: tuple[str, ...]) -> dict[str, int]:
        """The sum of each of `keys` (metrics or flags) over each window (anything with
        `start` and `end`), by `daily_sums.window_key`. Now: one aggregate query of the
        daily counts, one row whatever the windows span. At a past moment: summed from
        the history tables' counts per day."""
        if self.recorded_at is None:
            return daily_sums.window_sums(windows, keys)
        first = min(window.start for window in windows.values())
        last = max(window.end for window in windows.values())
        per_day = self.daily_counts(first, last).items()
        sums = {}
        for name, window in windows.items():
            rows = [row for day, row in per_day if window.start <= day <= window.end]
            for key in keys:
                key_sum = sum(row.get(key) or 0 for row in rows)
                sums[daily_sums.window_key(key, name)] = key_sum
        return sums

    def monthly_sums(
        self, first: datetime.date, last: datetime.date, keys: tuple[str, ...]
    ) -> dict[tuple[int, int], dict[str, int]]:
        """The sum of each of `keys` per month from `first` to `last`, by (year, month),
        months without records left out. Now: one grouped query of the daily counts, a
        row per month. At a past moment: summed from the history tables' counts."""
        if self.recorded_at is None:
            return daily_sums.monthly_sums(first, last, keys)
        months: dict[tuple[int, int], dict[str, int]] = {}
        for day, row in self.daily_counts(first, last).items():
            month = months.setdefault((day.year, day.month), dict.fromkeys(keys, 0))
            for key in keys:
                month[key] += row.get(key) or 0
        return months

    def _victims_by_day(self, first: datetime.date, last: datetime.date) -> QuerySet:
        """Victims of the incidents that counted then, dated by their incident."""
        day = self.incidents().filter(id=OuterRef("incident_id")).values("date")
        return (
            self.victims()
            .annotate(day=Subquery(day[:1]))
            .filter(day__gte=first, day__lte=last)
            .values(date=F("day"))
        )


def _earliest(rows: QuerySet) -> datetime.date | None:
    return rows.order_by("date").values_list("date", flat=True).first()
