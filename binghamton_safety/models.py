import datetime

from django.db import models
from django.utils import timezone


class TimeStamped(models.Model):
    """When a record was created and last changed (the apps' records all have both)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """One number that every write to the figures' tables changes (see cache.py).

    It lives in the database, not in a cache, so every process on every server sees a
    change on its very next request, and it moves in the same transaction as the data.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.BigIntegerField(
        default=0, help_text="Random; new at every change."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="data_version_one_row"
            )
        ]

    def __str__(self) -> str:
        return f"Data version {self.version}"


class CouncilPacketQuerySet(models.QuerySet):
    def reproduced_by(self, moment: datetime.datetime) -> "CouncilPacketQuerySet":
        """Packets whose reproduce link asks exactly `moment`: `recorded_at` as
        YYYY-MM-DDTHH:MM reads the end of that minute (audit.parse_recorded_at), so
        the packet's minute, to its last instant."""
        if (moment.second, moment.microsecond) != (59, 999_999):
            return self.none()
        start = moment.replace(second=0, microsecond=0)
        return self.filter(
            recorded_at__gte=start,
            recorded_at__lt=start + datetime.timedelta(minutes=1),
        )


class CouncilPacket(TimeStamped):
    """A council packet that has been published: its date and the figures' moment are
    public, so anonymous visitors may ask the figures as of that date and as recorded at
    that moment (README, "Disclosure of small counts")."""

    title = models.CharField(max_length=200)
    presented_on = models.DateField(
        help_text="The meeting the packet was presented at; figures as of this date "
        "are public."
    )
    recorded_at = models.DateTimeField(
        help_text="When its figures were taken (the packet's reproduce link, to the "
        "minute); the figures as recorded then are public."
    )
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )

    objects = CouncilPacketQuerySet.as_manager()

    class Meta:
        ordering = ["presented_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["presented_on", "title"], name="council_packet_unique_title"
            )
        ]

    def __str__(self) -> str:
        day = self.presented_on
        return f"{self.title} ({day:%B} {day.day}, {day.year})"

    @property
    def reproduce_param(self) -> str:
        """Its moment as its reproduce link asks it: `recorded_at=YYYY-MM-DDTHH:MM`."""
        return f"{timezone.localtime(self.recorded_at):%Y-%m-%dT%H:%M}"

    @property
    def figures_moment(self) -> datetime.datetime:
        """The moment its figures are read at: the last instant of its minute, as its
        reproduce link reads it (parameters.parse_recorded_at)."""
        start = self.recorded_at.replace(second=0, microsecond=0)
        return start + datetime.timedelta(minutes=1, microseconds=-1)
