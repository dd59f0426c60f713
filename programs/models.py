"""What each funding area's program does: its measures (outputs such as buyback events
held or patrol hours), their targets per reporting period, and the values staff record
month by month.

A measure is either entered (staff record a value for each month, voided rather than
deleted, with history like every record) or derived from the incident records
(`derived.py`): firearms bought back, buyback days, or the share of confirmed shots-fired
incidents in the measure's places. What a measure's figures are as of a date is
`results.py`. Each area also names the outcomes it aims to move (`AreaOutcome`): a
gun-violence figure, and where the area targets places, those places (`outcomes.py`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from audit.models import Voidable, void_constraint, voidable_managers
from binghamton_safety.models import TimeStamped
from funding.models import FundingArea, ReportingPeriod, no_control_characters
from incidents.ytd import METRICS
from places.models import Place

ILLUSTRATIVE_HELP = "Invented sample data, not a real city record."


class Direction(models.TextChoices):
    MORE = "more", "More is better"
    LESS = "less", "Less is better"


class Source(models.TextChoices):
    """Where a measure's values come from."""

    ENTERED = "entered", "Entered by staff, month by month"
    FIREARMS_BOUGHT_BACK = (
        "firearms_bought_back",
        "Firearms bought back: the recoveries whose source is bought back",
    )
    BUYBACK_DAYS = (
        "buyback_days",
        "Buyback events: the days with firearms bought back",
    )
    SHARE_IN_PLACES = (
        "share_in_places",
        "Share of the confirmed shots-fired incidents that happened in the measure's places",
    )


class Measure(TimeStamped):
    """One output of an area's program, with what it means and which way is better."""

    area = models.ForeignKey(
        FundingArea, on_delete=models.PROTECT, related_name="measures"
    )
    position = models.PositiveSmallIntegerField(help_text="Order on the area's page.")
    name = models.CharField(max_length=200, validators=[no_control_characters])
    unit = models.CharField(
        max_length=50,
        validators=[no_control_characters],
        help_text='What one counts, plural: "events", "hours", "firearms"; "%" for a share.',
    )
    definition = models.TextField(help_text="What is counted, in plain words.")
    direction = models.CharField(
        max_length=4, choices=Direction.choices, default=Direction.MORE
    )
    source = models.CharField(
        max_length=30, choices=Source.choices, default=Source.ENTERED
    )
    counted_from = models.DateField(
        help_text="The first day counted: months and records before it are left out."
    )
    places = models.ManyToManyField(
        Place,
        blank=True,
        related_name="+",
        help_text="For a share in places: the places it counts.",
    )
    illustrative = models.BooleanField(default=False, help_text=ILLUSTRATIVE_HELP)

    history = HistoricalRecords()

    class Meta:
        ordering = ["area__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "position"], name="measure_position_unique_in_area"
            ),
            models.UniqueConstraint(
                fields=["area", "name"], name="measure_name_unique_in_area"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def derived(self) -> bool:
        return self.source != Source.ENTERED

    @property
    def is_share(self) -> bool:
        """A share (a percentage) has no cost per unit and is not summed."""
        return self.source == Source.SHARE_IN_PLACES


class MeasureTarget(TimeStamped):
    """What a measure aims to reach, counted from its first day, by the end of a
    reporting period (for a share: the share over that span)."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="targets"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    illustrative = models.BooleanField(default=False, help_text=ILLUSTRATIVE_HELP)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period__starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"], name="measure_target_unique_in_period"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="measure_target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} by the end of {self.period}"


class MeasureValue(TimeStamped, Voidable):
    """An entered measure's value for one month, with who recorded it and why."""

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="values"
    )
    month = models.DateField(help_text="The first day of the month the value is for.")
    value = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False, help_text=ILLUSTRATIVE_HELP)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    all_objects, objects = voidable_managers()
    history = HistoricalRecords()

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["measure", "-month"]
        constraints = [
            void_constraint("measure_value_void_has_reason"),
            models.UniqueConstraint(
                fields=["measure", "month"],
                condition=Q(voided_at__isnull=True),
                name="measure_value_one_per_month",
                violation_error_message=(
                    "This measure already has a value for that month: correct that "
                    "one (Values recorded) instead of adding another."
                ),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="measure_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%B %Y}: {self.value.normalize():f}"

    def clean(self) -> None:
        errors = {}
        if self.month and self.month.day != 1:
            errors["month"] = "Give the month as its first day."
        if self.measure_id:
            measure = self.measure
            if measure.derived:
                errors["measure"] = (
                    f"{measure.name} is worked out from the records "
                    f"({measure.get_source_display()}): it takes no entered values."
                )
            elif self.month and self.month < measure.counted_from.replace(day=1):
                errors["month"] = (
                    f"{measure.name} is counted from {measure.counted_from:%B %Y}; "
                    f"{self.month:%B %Y} is before it."
                )
        if errors:
            raise ValidationError(errors)


class AreaOutcome(TimeStamped):
    """A gun-violence figure an area's program aims to move, and where it targets places,
    those places: its results page compares the year before the area's first expenditure
    with the latest twelve months, there and in the rest of the city."""

    area = models.ForeignKey(
        FundingArea, on_delete=models.PROTECT, related_name="outcomes"
    )
    position = models.PositiveSmallIntegerField(help_text="Order on the results page.")
    metric = models.CharField(
        max_length=40, choices=[(key, m.label) for key, m in METRICS.items()]
    )
    places = models.ManyToManyField(
        Place,
        blank=True,
        related_name="+",
        help_text="The places the area targets, if any (all of one kind).",
    )
    illustrative = models.BooleanField(default=False, help_text=ILLUSTRATIVE_HELP)

    history = HistoricalRecords()

    class Meta:
        ordering = ["area__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "metric"], name="outcome_metric_once_per_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_metric_display()}"
