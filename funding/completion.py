"""A Treasury project's completion status: derived from its figures unless staff set it.

Treasury's statuses go by the share of the project's budget spent. Every page and file
that shows a status takes it from `Completion`, so the area pages, the report to Treasury,
its downloads and the admin never disagree.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models


class CompletionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    LESS_THAN_HALF = "lt_50", "Completed less than 50%"
    HALF_OR_MORE = "gte_50", "Completed 50% or more"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


def derived_status(
    budget: Decimal, obligated: Decimal, spent: Decimal
) -> CompletionStatus:
    """The status the figures alone give (amounts to the cent, as of one date).

    Nothing obligated or spent: Not started. Otherwise the share of the budget spent:
    all of it Completed, half or more Completed 50% or more, else less than 50%.
    Cancelled never follows from figures: only staff can say so.
    """
    if obligated <= 0 and spent <= 0:
        return CompletionStatus.NOT_STARTED
    if budget <= 0:  # money committed without a budget: the ledger refuses it
        return CompletionStatus.LESS_THAN_HALF
    if spent >= budget:
        return CompletionStatus.COMPLETED
    if 2 * spent >= budget:
        return CompletionStatus.HALF_OR_MORE
    return CompletionStatus.LESS_THAN_HALF


@dataclass(frozen=True)
class Completion:
    """The status reported for a project, and whether staff set it over the figures."""

    derived: CompletionStatus
    override: CompletionStatus | None = None

    @classmethod
    def of(
        cls, budget: Decimal, obligated: Decimal, spent: Decimal, override: str = ""
    ) -> "Completion":
        """From the figures and the stored override (blank: none)."""
        return cls(
            derived_status(budget, obligated, spent),
            CompletionStatus(override) if override else None,
        )

    @property
    def status(self) -> CompletionStatus:
        """What goes to Treasury: the override when staff set one."""
        return self.override or self.derived

    @property
    def set_by_staff(self) -> bool:
        return self.override is not None

    @property
    def label(self) -> str:
        """`Completed 50% or more`, or for an override `Completed (set by staff; figures
        alone would say Completed 50% or more)`."""
        if self.override is None:
            return self.derived.label
        if self.override == self.derived:
            return f"{self.override.label} (set by staff; the figures agree)"
        return (
            f"{self.override.label} (set by staff; figures alone would say "
            f"{self.derived.label})"
        )

    def __str__(self) -> str:
        return self.label
