"""Shooting incidents, their victims and firearm recoveries.

Public figures are counts only. Exact addresses, coordinates and notes are for staff, and
victims are stored as an outcome and nothing else: no name, age or birth date exists here.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from audit.models import Voidable, void_constraint, voidable_managers
from binghamton_safety.models import TimeStamped

from ..daily_writes import DailyCountsQuerySet
from ..locations import BlockLevelLocation

# No incident, recovery or "data complete through" date comes before this: the tracker's
# year-to-date windows start at the first eligible year (0001-01-01, a typo, broke them).
FIRST_INCIDENT_DATE = datetime.date(2000, 1, 1)


def max_victims_per_incident() -> int:
    """The most victims one incident may have (settings.MAX_VICTIMS_PER_INCIDENT)."""
    return getattr(settings, "MAX_VICTIMS_PER_INCIDENT", 50)


def date_problems(day: datetime.date | None, what: str) -> list[str]:
    """Why `day` cannot be an incident, recovery or completeness date, if it cannot."""
    today = timezone.localdate()
    if day and day > today:
        return [
            f"{what} {day:%B %-d, %Y} is in the future (today is {today:%B %-d, %Y})."
        ]
    if day and day < FIRST_INCIDENT_DATE:
        return [
            f"{what} {day.isoformat()} is before {FIRST_INCIDENT_DATE.isoformat()}, "
            "the earliest date the tracker takes."
        ]
    return []


def coordinate(bound: int) -> models.DecimalField:
    """A latitude (bound 90) or longitude (180) in degrees, to the micro-degree."""
    return models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-bound), MaxValueValidator(bound)],
        help_text="Staff only; never published.",
    )


def illustrative_field() -> models.BooleanField:
    return models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )


def places_field(related_name: str) -> models.ManyToManyField:
    """A record's places: at most one of each kind (`incidents.forms`, the imports)."""
    return models.ManyToManyField(
        "places.Place",
        blank=True,
        related_name=related_name,
        help_text="At most one place of each kind (council district, precinct, ...).",
    )


class IncidentQuerySet(DailyCountsQuerySet):
    def in_period(self, start: datetime.date, end: datetime.date) -> "IncidentQuerySet":
        """Incidents from `start` to `end`, both days included."""
        return self.filter(date__gte=start, date__lte=end)

    def with_victim_counts(self) -> "IncidentQuerySet":
        return self.annotate(
            victim_count=Count("victims"),
            killed_count=Count(
                "victims", filter=Q(victims__outcome=Victim.Outcome.KILLED)
            ),
        )

    def earliest_date(self) -> datetime.date | None:
        return self.order_by("date").values_list("date", flat=True).first()


class Incident(BlockLevelLocation, TimeStamped, Voidable):
    class Status(models.TextChoices):
        PRELIMINARY = "preliminary", "Preliminary"
        FINAL = "final", "Final"

    case_number = models.CharField(max_length=50)
    date = models.DateField(help_text="Local date on which it happened.")
    time = models.TimeField(null=True, blank=True, help_text="Local time, if known.")
    location = models.CharField(
        "public location",
        max_length=200,
        help_text='Block level only, e.g. "100 block of Tremont Ave" or '
        '"Mygatt St & Meadows St". Shown to the public.',
    )
    address = models.CharField(
        "exact address",
        max_length=200,
        blank=True,
        help_text="Staff only; never published.",
    )
    latitude = coordinate(90)
    longitude = coordinate(180)
    shots_fired_confirmed = models.BooleanField(
        "discharge of a firearm confirmed",
        default=False,
        help_text="Evidence confirms that a firearm was fired (required when anyone was shot).",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PRELIMINARY
    )
    notes = models.TextField(blank=True, help_text="Staff only; never published.")
    illustrative = illustrative_field()

    all_objects, objects = voidable_managers(IncidentQuerySet)
    places = places_field("incidents")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-time", "-pk"]
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"  # its writes keep the daily counts
        indexes = [models.Index(fields=["date"], name="incident_date_idx")]
        constraints = [
            void_constraint("incident_void_has_reason"),
            models.UniqueConstraint(
                fields=["case_number"],
                name="incident_case_number_unique",
                violation_error_code="unique",  # shown on the field, not the form
                violation_error_message="An incident with this case number already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(case_number=""), name="incident_case_number_not_blank"
            ),
            models.CheckConstraint(
                condition=~Q(location=""), name="incident_location_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["preliminary", "final"]),
                name="incident_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="incident_coordinates_paired",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                | Q(latitude__isnull=True),
                name="incident_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180)
                | Q(longitude__isnull=True),
                name="incident_longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} on {self.date:%Y-%m-%d} at {self.location}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        # Empty values fail the fields' own checks; only blanks are left to catch here.
        if self.case_number and not self.case_number.strip():
            errors["case_number"] = ["Enter the case number."]
        if problems := self.location_problems():
            errors["location"] = problems
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            errors[missing] = ["Give both latitude and longitude, or neither."]
        if problems := date_problems(self.date, "The date"):
            errors["date"] = problems
        if errors:
            raise ValidationError(errors)


class CountedVictimManager(models.Manager.from_queryset(DailyCountsQuerySet)):
    """Victims of incidents that count: voiding an incident takes its victims out too."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(incident__voided_at__isnull=True)


class Victim(TimeStamped):
    """A person shot in an incident. Deliberately nothing but the outcome is stored.

    Victims are edited with their incident and void with it; removing a victim from an
    incident is a correction of the incident, kept in the history.
    """

    class Outcome(models.TextChoices):
        INJURED = "injured", "Injured"
        KILLED = "killed", "Killed"

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="victims"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)

    all_objects = DailyCountsQuerySet.as_manager()
    objects = CountedVictimManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["incident", "pk"]
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"  # its writes keep the daily counts
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["injured", "killed"]),
                name="victim_outcome_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} in {self.incident.case_number}"


class WeaponType(models.TextChoices):
    """NIBRS type-of-weapon codes for firearms."""

    FIREARM = "11", "11 Firearm (type not stated)"
    HANDGUN = "12", "12 Handgun"
    RIFLE = "13", "13 Rifle"
    SHOTGUN = "14", "14 Shotgun"
    OTHER_FIREARM = "15", "15 Other firearm"


class FirearmRecoveryQuerySet(DailyCountsQuerySet):
    def in_period(
        self, start: datetime.date, end: datetime.date
    ) -> "FirearmRecoveryQuerySet":
        return self.filter(date__gte=start, date__lte=end)

    def earliest_date(self) -> datetime.date | None:
        return self.order_by("date").values_list("date", flat=True).first()


class FirearmRecovery(BlockLevelLocation, TimeStamped, Voidable):
    class Source(models.TextChoices):
        """How the firearms came to the police: the figures count each source apart."""

        SEIZED = "seized", "Seized"
        SURRENDERED = "surrendered", "Surrendered"
        BOUGHT_BACK = "bought_back", "Bought back"

    reference = models.CharField(
        max_length=50, help_text="Property or evidence receipt number; unique."
    )
    date = models.DateField()
    count = models.PositiveSmallIntegerField(
        "number of firearms", validators=[MinValueValidator(1)]
    )
    source = models.CharField(
        max_length=20,
        choices=Source.choices,
        default=Source.SEIZED,
        help_text="Seized: recovered by police (counted as firearms recovered). "
        "Surrendered: turned in for safekeeping (in no figure). Bought back: at a gun "
        "buyback event (counted as firearms bought back).",
    )
    weapon_type = models.CharField(
        max_length=2,
        choices=WeaponType.choices,
        blank=True,
        help_text="NIBRS code; leave empty when the recovery mixes types.",
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="firearm_recoveries",
    )
    location = models.CharField(
        "public location",
        max_length=200,
        help_text='Block or street level only, e.g. "200 block of Oak St".',
    )
    address = models.CharField(
        "exact address",
        max_length=200,
        blank=True,
        help_text="Staff only; never published.",
    )
    illustrative = illustrative_field()

    all_objects, objects = voidable_managers(FirearmRecoveryQuerySet)
    places = places_field("firearm_recoveries")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "firearm recoveries"
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"  # its writes keep the daily counts
        indexes = [models.Index(fields=["date"], name="firearm_recovery_date_idx")]
        constraints = [
            void_constraint("firearm_recovery_void_has_reason"),
            models.UniqueConstraint(
                fields=["reference"],
                name="firearm_recovery_reference_unique",
                violation_error_code="unique",
                violation_error_message="A recovery with this reference already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(reference=""), name="firearm_recovery_reference_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1), name="firearm_recovery_count_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(weapon_type__in=["", *WeaponType.values]),
                name="firearm_recovery_weapon_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["seized", "surrendered", "bought_back"]),
                name="firearm_recovery_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} firearm(s) recovered on {self.date:%Y-%m-%d} ({self.reference})"

    def clean(self) -> None:
        # The count's minimum of 1 is checked by its validator, like the constraint.
        errors: dict[str, list[str]] = {}
        if problems := self.location_problems():
            errors["location"] = problems
        if problems := date_problems(self.date, "The date"):
            errors["date"] = problems
        if errors:
            raise ValidationError(errors)
