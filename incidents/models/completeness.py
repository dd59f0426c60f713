"""How far the records are complete: the one "data complete through" date."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from binghamton_safety.models import TimeStamped

from .records import FIRST_INCIDENT_DATE, date_problems


class DataCompleteness(TimeStamped):
    """The one date up to which editors have entered every incident and recovery."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    complete_through = models.DateField(
        "data complete through",
        help_text="Every incident and firearm recovery up to and including this date "
        "has been entered. It is the default as-of date of every figure.",
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "data completeness"
        verbose_name_plural = "data completeness"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="data_completeness_one_row")
        ]

    def __str__(self) -> str:
        return f"Data complete through {self.complete_through:%Y-%m-%d}"

    def clean(self) -> None:
        if problems := date_problems(self.complete_through, "The date"):
            raise ValidationError({"complete_through": problems})

    @classmethod
    def current(cls) -> datetime.date | None:
        """The "data complete through" date, or None while nobody has set it."""
        return cls.usable(
            cls.objects.filter(pk=1).values_list("complete_through", flat=True).first()
        )

    @staticmethod
    def usable(day: datetime.date | None) -> datetime.date | None:
        """`day`, or None if it is before the floor (saved before the floor existed):
        figures then run as if it had not been set, rather than fail."""
        return day if day and day >= FIRST_INCIDENT_DATE else None

    @classmethod
    def set(cls, day: datetime.date, user=None) -> "DataCompleteness":
        if day < FIRST_INCIDENT_DATE:
            raise ValueError(f"{day.isoformat()} is before {FIRST_INCIDENT_DATE}.")
        record, _ = cls.objects.update_or_create(
            pk=1, defaults={"complete_through": day, "set_by": user}
        )
        return record
