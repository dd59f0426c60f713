"""The records that count, and their counts per day, from the database.

`Records` gives the incidents, victims and firearm recoveries that count, as they are now
or as they had been recorded at a past moment (from the history tables); the figures of
the year-to-date engine (`incidents.ytd`) take all their rows from it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum

from audit.history import as_recorded

from .models import DataCompleteness, FirearmRecovery, Incident, Victim

# The kinds of record whose earliest date decides whether a year has data.
INCIDENTS = "incidents"
RECOVERIES = "firearm recoveries"

SEIZED = Q(source=FirearmRecovery.Source.SEIZED)
BOUGHT_BACK = Q(source=FirearmRecovery.Source.BOUGHT_BACK)


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
        records left out, a count without records that day may be None): three grouped
        queries, at most one row per day each, however many records there are. Sums
        over any window are then made in Python."""
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
        days: dict[datetime.date, dict[str, int]] = {}
        for rows in (incidents, victims, self._recoveries_by_day(in_span)):
            for row in rows:
                days.setdefault(row.pop("date"), {}).update(row)
        return days

    def _recoveries_by_day(self, in_span: Q) -> QuerySet:
        """Firearms per day by source, and the sample records among those counted.

        Only firearms the police seized are "recovered"; surrendered ones count in no
        figure."""
        return (
            self.recoveries()
            .filter(in_span)
            .order_by()
            .values("date")
            .annotate(
                firearms_recovered=Sum("count", filter=SEIZED),
                firearms_bought_back=Sum("count", filter=BOUGHT_BACK),
                illustrative_recoveries=Count(
                    "pk", filter=Q(illustrative=True) & (SEIZED | BOUGHT_BACK)
                ),
            )
        )

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
