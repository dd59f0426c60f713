"""The ledger's entries: budgets (`BudgetEntry`) and spending (`SpendingEntry`),
voided, never deleted, and the monthly totals kept from the spending (`MonthlySpending`).

Their sums are the querysets' (funding/ledger.py); the rules that span many rows are
ledger_rules.py's, checked by `LedgerEntry.clean`.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from audit.models import Voidable, void_constraint, voidable_managers
from binghamton_safety.models import TimeStamped
from binghamton_safety.money import MoneyField, money
from binghamton_safety.wording import long_date

from ..awards import entry_award_problems, entry_date_problems
from ..ledger import (
    EXPENDITURE_DEADLINE,
    FIRST_ELIGIBLE_COST_DATE,
    SpendingEntryQuerySet,
    SpendingKind,
)
from .program import FundingArea, TreasuryProject


def _in_eligible_period(field: str) -> Q:
    return Q(**{f"{field}__gte": FIRST_ELIGIBLE_COST_DATE}) & Q(
        **{f"{field}__lte": EXPENDITURE_DEADLINE}
    )


def _entry_constraints(table: str, date_field: str, negative: str) -> list:
    """What the database holds every budget or spending entry to, each rule named after
    the entry's `table`: a void has a reason, an amount is not zero, its date is in the
    eligible period, and a negative amount (a `negative`) has a reason."""
    return [
        void_constraint(f"{table}_void_has_reason"),
        models.CheckConstraint(condition=~Q(amount=0), name=f"{table}_amount_not_zero"),
        models.CheckConstraint(
            condition=_in_eligible_period(date_field),
            name=f"{table}_date_in_eligible_period",
        ),
        models.CheckConstraint(
            condition=Q(amount__gt=0) | ~Q(reason=""),
            name=f"{table}_{negative}_has_reason",
        ),
    ]


class LedgerEntry(TimeStamped, Voidable):
    """What budget and spending entries share: fields, managers (`objects` counts, voided
    entries left out) and history. Voided, never deleted."""

    area = models.ForeignKey(FundingArea, on_delete=models.PROTECT)
    project = models.ForeignKey(
        TreasuryProject, on_delete=models.PROTECT, null=True, blank=True
    )
    amount = MoneyField()
    reference = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True)
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    all_objects, objects = voidable_managers()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        default_manager_name = "all_objects"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.project_id and self.area_id and self.project.area_id != self.area_id:
            errors.setdefault("project", []).append(
                f"Project {self.project.identifier} belongs to {self.project.area}, "
                f"not to {self.area}."
            )
        if self.amount is not None and self.amount == 0:
            errors.setdefault("amount", []).append("The amount cannot be zero.")
        if self.amount is not None and self.amount < 0 and not self.reason.strip():
            errors.setdefault("reason", []).append(
                f"Give a reason for the negative amount of {money(self.amount)} "
                "(a de-obligation, refund or budget reduction)."
            )
        day = getattr(self, self.date_field)
        if day and not FIRST_ELIGIBLE_COST_DATE <= day <= EXPENDITURE_DEADLINE:
            errors.setdefault(self.date_field, []).append(
                f"ARPA money can only cover costs from {long_date(FIRST_ELIGIBLE_COST_DATE)} "
                f"to {long_date(EXPENDITURE_DEADLINE)}; {long_date(day)} is outside that period."
            )
        if errors:
            raise ValidationError(errors)
        known_kind = self.ledger_kind in {"budget", *SpendingEntry.Kind.values}
        if self.area_id and self.amount is not None and day and known_kind:
            # Here, not at the top: the rules query the models this module defines.
            from ..ledger_rules import ledger_problems

            problems = ledger_problems(self)
            if problems:
                raise ValidationError({"amount": problems})

    def ledger_row(self) -> tuple[datetime.date, str, Decimal]:
        return (getattr(self, self.date_field), self.ledger_kind, self.amount)

    @property
    def ledger_kind(self) -> str:
        return "budget"


class BudgetEntry(LedgerEntry):
    class Kind(models.TextChoices):
        ADOPTED = "adopted", "Adopted budget"
        AMENDMENT = "amendment", "Amendment"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ADOPTED)
    effective_on = models.DateField()

    date_field = "effective_on"

    class Meta(LedgerEntry.Meta):
        ordering = ["effective_on", "pk"]
        verbose_name_plural = "budget entries"
        constraints = _entry_constraints("budget", "effective_on", "reduction")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {money(self.amount)} for {self.area} on {self.effective_on}"


class SpendingEntry(LedgerEntry):
    Kind = SpendingKind

    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField("date")
    payee = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    adjustment = models.BooleanField(
        default=False,
        help_text=(
            "A revision of totals reported for earlier periods: it counts in cumulative "
            "totals but not in the figures of the period it is dated in."
        ),
    )
    award = models.ForeignKey(
        "Award",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        help_text="The contract, grant or payment it is made under, if any.",
    )

    all_objects, objects = voidable_managers(SpendingEntryQuerySet)
    date_field = "occurred_on"

    class Meta(LedgerEntry.Meta):
        ordering = ["-occurred_on", "-pk"]
        verbose_name_plural = "spending entries"
        # Django's own bulk writes (and audit.bulk's) go through the base manager: its
        # queryset keeps the monthly totals (funding.monthly_writes).
        base_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["area", "kind", "occurred_on"]),
            # The funding figures sum counted entries per area and kind up to a date:
            # this index alone answers them (amount included, voided entries left out).
            models.Index(
                fields=["area", "kind", "occurred_on", "amount"],
                condition=Q(voided_at__isnull=True),
                name="spending_counted_idx",
            ),
            # The same for a project's figures, and the days of a month read with the
            # kept monthly totals.
            models.Index(
                fields=["project", "kind", "occurred_on", "amount"],
                condition=Q(voided_at__isnull=True),
                name="spending_counted_project_idx",
            ),
        ]
        constraints = [
            *_entry_constraints("spending", "occurred_on", "negative"),
            models.CheckConstraint(
                condition=Q(adjustment=False) | ~Q(reason=""),
                name="spending_adjustment_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {money(self.amount)} to {self.payee} on {self.occurred_on}"

    def clean(self) -> None:
        if self.adjustment and not self.reason.strip():
            raise ValidationError(
                {"reason": "Say which period's reported total the adjustment revises."}
            )
        if self.award_id and self.area_id:
            found = {
                "award": entry_award_problems(self),
                "occurred_on": entry_date_problems(self),
            }
            if errors := {
                field: problems for field, problems in found.items() if problems
            }:
                raise ValidationError(errors)
        super().clean()

    @property
    def ledger_kind(self) -> str:
        return self.kind


class MonthlySpending(models.Model):
    """The counted spending entries of one area and month, summed per project, kind and
    flag: kept by `funding.monthly` in the transaction of every write, read by every
    current figure. A group without counted entries has no row."""

    area = models.ForeignKey(FundingArea, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(
        TreasuryProject,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=SpendingKind.choices)
    adjustment = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)
    month = models.DateField(help_text="The first day of the month.")
    # Wider than an entry's 12 digits: a sum of many.
    amount = models.DecimalField(max_digits=20, decimal_places=2)

    class Meta:
        verbose_name_plural = "monthly spending"
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kind", "adjustment", "illustrative", "month"],
                condition=Q(project__isnull=True),
                name="monthly_spending_unique_without_project",
            ),
            models.UniqueConstraint(
                fields=[
                    "area",
                    "project",
                    "kind",
                    "adjustment",
                    "illustrative",
                    "month",
                ],
                condition=Q(project__isnull=False),
                name="monthly_spending_unique_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of area {self.area_id} in {self.month:%Y-%m}"
