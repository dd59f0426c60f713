"""The funding ledger: the program, its six areas, Treasury projects, budgets and spending,
and Treasury's reporting periods.

Every budget, obligation and expenditure figure is a sum of dated ledger entries, so any
as-of date can be reproduced exactly. The sums are the querysets' (ledger.py); current
spending figures add up the kept monthly totals (`MonthlySpending`, rewritten from the
entries by every write: monthly.py) and the entries of the as-of month. A period's dates
follow from its name (periods.py). The names imported
`as` themselves are re-exported: callers import them from here.
"""

import contextlib
import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from audit.models import Voidable, void_constraint, voidable_managers
from binghamton_safety.models import TimeStamped
from binghamton_safety.money import MoneyField, cents, money
from binghamton_safety.wording import long_date

from .awards import (
    AwardKind,
    AwardQuerySet,
    RecipientKind,
    award_problems,
    entry_award_problems,
)
from .categories import ExpenditureCategory
from .completion import Completion, CompletionStatus
from .ledger import (
    EXPENDITURE_DEADLINE,
    FIRST_ELIGIBLE_COST_DATE,
    FundingAreaQuerySet,
    SpendingEntryQuerySet,
    SpendingKind,
    TreasuryProjectQuerySet,
)
from .ledger import OBLIGATION_DEADLINE as OBLIGATION_DEADLINE
from .ledger import Ledger as Ledger
from .periods import PERIOD_YEARS as PERIOD_YEARS
from .periods import PeriodKind, ReportingPeriodQuerySet, period_bounds

# Control characters (Unicode category Cc: U+0000 to U+001F, U+007F to U+009F), tab and
# line breaks included: a name is one line of text, and spreadsheet writers refuse most of
# them, so one in a project's name would break every later export of its periods.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def no_control_characters(value: str) -> None:
    """Refuse a name or identifier holding a control character (tab and newline too)."""
    if match := _CONTROL_CHARACTER.search(value):
        raise ValidationError(
            "Remove the control character (U+%(code)s) at position %(position)s: "
            "a name or identifier is one line of plain text.",
            code="control_character",
            params={"code": f"{ord(match[0]):04X}", "position": match.start() + 1},
        )


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


class FundingSource(models.TextChoices):
    SLFRF = "slfrf", "ARPA State and Local Fiscal Recovery Funds"


class Program(TimeStamped):
    name = models.CharField(
        max_length=200, unique=True, validators=[no_control_characters]
    )
    funding_source = models.CharField(
        max_length=20, choices=FundingSource.choices, default=FundingSource.SLFRF
    )
    total = MoneyField()
    announced_on = models.DateField(null=True, blank=True)
    presented_to_council_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0), name="program_total_non_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FundingArea(TimeStamped):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="areas")
    position = models.PositiveSmallIntegerField(
        help_text="Order in which it was announced."
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, validators=[no_control_characters])
    description = models.TextField()

    objects = FundingAreaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="area_position_unique_in_program"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TreasuryProject(TimeStamped):
    area = models.ForeignKey(
        FundingArea, on_delete=models.PROTECT, related_name="projects"
    )
    identifier = models.CharField(
        max_length=50,
        unique=True,
        help_text="Project identification number reported to Treasury.",
        validators=[no_control_characters],
    )
    name = models.CharField(max_length=200, validators=[no_control_characters])
    expenditure_category = models.CharField(
        max_length=5,
        choices=ExpenditureCategory.choices,
        blank=True,
        help_text="Empty only for a project imported from a report that gave none.",
    )
    category_rationale = models.TextField(
        help_text="Why this project falls in its Treasury expenditure category."
    )
    completion_status_override = models.CharField(
        max_length=20,
        choices=CompletionStatus.choices,
        blank=True,
        help_text=(
            "Leave blank to report the status the figures give (the share of the "
            "budget spent). Set it only when staff know better, e.g. Cancelled."
        ),
    )
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )
    # Treasury asks these of every project in its Project and Expenditure report.
    evidence_based_amount = MoneyField(
        "amount allocated to evidence-based interventions",
        null=True,
        blank=True,
        help_text="Leave empty when none of the project's money is allocated to them.",
    )
    evidence_rationale = models.TextField(
        "evidence base",
        blank=True,
        help_text="The evidence behind the interventions, e.g. the studies they follow.",
    )
    evaluation_under_way = models.BooleanField(
        "a program evaluation is under way", default=False
    )

    objects = TreasuryProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__position", "identifier"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence_based_amount__gte=0),
                name="project_evidence_amount_non_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}"

    def completion_from(
        self, budget: Decimal, obligated: Decimal, spent: Decimal
    ) -> Completion:
        """The status these figures (to the cent) give, or the override as recorded
        with them (`completion_override`, annotated) or else as stored now."""
        override = getattr(self, "completion_override", self.completion_status_override)
        return Completion.of(budget, obligated, spent, override)

    @property
    def completion(self) -> Completion:
        """The status as of the date given to `with_completion` (queryset method)."""
        return self.completion_from(
            cents(self.budget), cents(self.obligated), cents(self.spent)
        )


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
            from .ledger_rules import ledger_problems

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
        problems = entry_award_problems(self) if self.award_id and self.area_id else []
        if problems:
            raise ValidationError({"award": problems})
        super().clean()

    @property
    def ledger_kind(self) -> str:
        return self.kind


class Award(TimeStamped):
    """A contract, grant, loan, transfer or direct payment to a recipient, under one
    Treasury project; its entries are the obligations and expenditures made under it.
    Rules and queries: awards.py; the ledger's rules per award: ledger_rules.py."""

    Kind = AwardKind
    RecipientKind = RecipientKind

    number = models.CharField(
        "award number", max_length=50, unique=True, validators=[no_control_characters]
    )
    kind = models.CharField("type", max_length=20, choices=AwardKind.choices)
    recipient_kind = models.CharField(
        "recipient is", max_length=20, choices=RecipientKind.choices
    )
    recipient = models.CharField(
        max_length=200,
        validators=[no_control_characters],
        help_text="An individual's name is for staff only: the public never sees it.",
    )
    amount = MoneyField()
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")
    purpose = models.TextField()
    area = models.ForeignKey(FundingArea, on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(
        TreasuryProject, on_delete=models.PROTECT, related_name="awards"
    )
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )

    objects = AwardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="award_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="award_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.recipient}"

    def clean(self) -> None:
        if errors := award_problems(self):
            raise ValidationError(errors)
        if self.pk and self.amount is not None:
            from .ledger_rules import award_amount_problems  # it queries these models

            if problems := award_amount_problems(self):
                raise ValidationError({"amount": problems})


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
