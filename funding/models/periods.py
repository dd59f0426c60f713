"""Treasury's reporting periods: a period's dates follow from its name
(funding/periods.py)."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from binghamton_safety.models import TimeStamped

from ..periods import PeriodKind, ReportingPeriodQuerySet, period_bounds


class ReportingPeriod(TimeStamped):
    """A period of Treasury's Project and Expenditure report, quarterly or annual."""

    Kind = PeriodKind

    name = models.CharField(
        max_length=7, unique=True, help_text="2022-Q3 for a quarter, 2022 for a year."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_current = models.BooleanField(
        "current period",
        default=False,
        help_text="The period being reported now; at most one is current.",
    )

    objects = ReportingPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["ends_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="period_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_reporting_period",
                violation_error_message=(
                    "Another reporting period is already the current one; "
                    "untick it first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def named(cls, name: str) -> "ReportingPeriod":
        """An unsaved period with the kind and dates its name gives."""
        kind, starts_on, ends_on = period_bounds(name)
        return cls(name=name, kind=kind, starts_on=starts_on, ends_on=ends_on)

    def clean_fields(self, exclude=None) -> None:
        # The name says it all: the kind and dates follow from it.
        with contextlib.suppress(ValueError):  # clean() explains a bad name
            self.kind, self.starts_on, self.ends_on = period_bounds(self.name)
        super().clean_fields(exclude)

    def clean(self) -> None:
        try:
            period_bounds(self.name)
        except ValueError as error:
            raise ValidationError({"name": str(error)}) from error

    def make_current(self) -> None:
        """Flag this period current and every other one not, in one transaction."""
        with transaction.atomic():
            ReportingPeriod.objects.exclude(pk=self.pk).filter(is_current=True).update(
                is_current=False
            )
            self.is_current = True
            self.save(update_fields=["is_current", "updated_at"])
