"""The counts of each day's records, kept with them (see `incidents.daily`): for the whole
city, and for each place the records belong to, by day and by month."""

from django.db import models


class DayCounts(models.Model):
    """The counts of one day's records that count."""

    incidents = models.PositiveIntegerField(default=0)  # of any kind
    shots_fired_confirmed = models.PositiveIntegerField(default=0)
    preliminary = models.PositiveIntegerField(default=0)
    illustrative = models.PositiveIntegerField(default=0)
    shooting_victims = models.PositiveIntegerField(default=0)
    victims_killed = models.PositiveIntegerField(default=0)
    shooting_incidents_with_injury = models.PositiveIntegerField(default=0)
    recoveries = models.PositiveIntegerField(default=0)  # of any source
    firearms_recovered = models.PositiveIntegerField(default=0)  # seized
    firearms_bought_back = models.PositiveIntegerField(default=0)
    illustrative_recoveries = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyCount(DayCounts):
    """The city's counts of one day, one row per day with any record: kept by
    `incidents.daily` in the transaction of every write, read by every current figure."""

    date = models.DateField(primary_key=True)

    def __str__(self) -> str:
        return f"Daily counts of {self.date:%Y-%m-%d}"


class PlaceDailyCount(DayCounts):
    """One place's counts of one day, one row per place and day with any record of the
    place: kept with `DailyCount`, read by every per-place figure."""

    date = models.DateField()
    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="daily_counts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "date"], name="place_daily_count")
        ]
        # A window's days of every place (its edge days, `incidents.daily_sums`).
        indexes = [models.Index(fields=["date", "place"], name="place_daily_by_date")]

    def __str__(self) -> str:
        return f"Daily counts of {self.place_id} on {self.date:%Y-%m-%d}"


class PlaceMonthlyCount(DayCounts):
    """One place's counts of one month (the sums of its `PlaceDailyCount` rows), one row
    per place and month with any: kept with them (`incidents.place_months`), so that a
    window of days reads its whole months here and only its edge days by day."""

    month = models.DateField()  # the month's first day
    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="monthly_counts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "month"], name="place_monthly_count"
            )
        ]
        indexes = [
            models.Index(fields=["month", "place"], name="place_monthly_by_month")
        ]

    def __str__(self) -> str:
        return f"Monthly counts of {self.place_id} in {self.month:%Y-%m}"
