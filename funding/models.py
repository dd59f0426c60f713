"""The funding ledger: the program, its six areas, Treasury projects, budgets and spending.

Figures are never stored: every budget, obligation and expenditure figure is a sum of dated
ledger entries, so any as-of date can be reproduced exactly.
"""

import contextlib
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from simple_history.models import HistoricalRecords

from audit.history import as_recorded
from audit.models import CountedManager, Voidable, void_constraint
from binghamton_safety.models import TimeStamped
from binghamton_safety.money import ZERO, MoneyField, cents, money

from .categories import ExpenditureCategory
from .completion import Completion, CompletionStatus

FIRST_ELIGIBLE_COST_DATE = datetime.date(2021, 3, 3)
OBLIGATION_DEADLINE = datetime.date(2024, 12, 31)
EXPENDITURE_DEADLINE = datetime.date(2026, 12, 31)


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


@dataclass(frozen=True)
class Ledger:
    """The ledger's rows that count: as they are now, or as they had been recorded at
    `recorded_at` (read from the history tables). Every figure takes its rows from here,
    so voided entries are left out of all of them."""

    recorded_at: datetime.datetime | None = None

    def rows(self, model) -> models.QuerySet:
        if self.recorded_at is None:
            return model.objects.all()
        return as_recorded(model, self.recorded_at)

    def spending(self) -> models.QuerySet:
        return self.rows(SpendingEntry)

    def budgets(self) -> models.QuerySet:
        return self.rows(BudgetEntry)

    def program(self, program: "Program | None" = None) -> "Program | None":
        """`program` (default: the first one), with its total as recorded then."""
        if self.recorded_at is None:
            return program or Program.objects.order_by("pk").first()
        rows = self.rows(Program)
        if program is not None:
            rows = rows.filter(id=program.pk)
        row = rows.order_by("id").first()
        return row.instance if row else None

    def existing(self, queryset: models.QuerySet) -> models.QuerySet:
        """`queryset` (areas or projects) without those recorded after `recorded_at`."""
        if self.recorded_at is None:
            return queryset
        return queryset.filter(pk__in=self.rows(queryset.model).values("id"))

    def monthly_totals(self, as_of: datetime.date, **filters):
        return monthly_totals(self.spending().filter(**filters), as_of)

    def has_illustrative(self, program: "Program") -> bool:
        return (
            self.budgets().filter(area__program=program, illustrative=True).exists()
            or self.spending().filter(area__program=program, illustrative=True).exists()
        )


def monthly_totals(rows: models.QuerySet, as_of: datetime.date):
    """Rows of (area slug, month, kind, total) up to `as_of`, in one grouped query."""
    return (
        rows.filter(occurred_on__lte=as_of)
        .annotate(month=TruncMonth("occurred_on"))
        .order_by()
        .values("area__slug", "month", "kind")
        .annotate(total=Sum("amount"))
        .order_by("month", "area__slug", "kind")
    )


def _sum_subquery(
    rows: models.QuerySet,
    *,
    group_by: str,
    as_of: datetime.date,
    date_field: str,
    **filters,
):
    """Sum of `amount` of `rows` for the outer row up to `as_of`; 0.00 when none."""
    total = (
        rows.filter(**{f"{date_field}__lte": as_of}, **filters)
        .order_by()
        .values(group_by)
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=MoneyField()),
        Value(ZERO),
        output_field=MoneyField(),
    )


def _ledger_totals(key: str, as_of: datetime.date, ledger: Ledger) -> dict:
    """Budget, obligated and spent of the outer row (an area or a project) as of `as_of`."""
    outer = {key: OuterRef("pk")}
    spending = {"group_by": key, "as_of": as_of, "date_field": "occurred_on", **outer}
    return {
        "budget": _sum_subquery(
            ledger.budgets(),
            group_by=key,
            as_of=as_of,
            date_field="effective_on",
            **outer,
        ),
        "obligated": _sum_subquery(
            ledger.spending(), kind=SpendingEntry.Kind.OBLIGATION, **spending
        ),
        "spent": _sum_subquery(
            ledger.spending(), kind=SpendingEntry.Kind.EXPENDITURE, **spending
        ),
    }


def _deadline_totals(key: str, as_of: datetime.date, ledger: Ledger) -> dict:
    """The ledger totals as of `as_of`, plus what was obligated by the obligation deadline."""
    return {
        **_ledger_totals(key, as_of, ledger),
        "obligated_by_deadline": _sum_subquery(
            ledger.spending(),
            group_by=key,
            as_of=min(as_of, OBLIGATION_DEADLINE),
            date_field="occurred_on",
            kind=SpendingEntry.Kind.OBLIGATION,
            **{key: OuterRef("pk")},
        ),
    }


class FundingAreaQuerySet(models.QuerySet):
    def with_totals(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "FundingAreaQuerySet":
        """Annotate budget, obligated and spent as of the end of `as_of`, in one query."""
        return self.annotate(**_ledger_totals("area", as_of, ledger or Ledger()))

    def with_deadline_totals(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "FundingAreaQuerySet":
        """`with_totals`, plus `obligated_by_deadline` (obligations dated by 2024-12-31)."""
        return self.annotate(**_deadline_totals("area", as_of, ledger or Ledger()))


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


def _project_spending(
    kind: str, period: "ReportingPeriod", ledger: Ledger, *, current: bool
):
    """Sum of a project's obligations or expenditures to the end of `period`.

    With `current`, only the entries dated within the period that are not adjustments:
    a revision of earlier periods counts in the cumulative total only.
    """
    within = (
        {"occurred_on__gte": period.starts_on, "adjustment": False} if current else {}
    )
    return _sum_subquery(
        ledger.spending(),
        group_by="project",
        as_of=period.ends_on,
        date_field="occurred_on",
        kind=kind,
        project=OuterRef("pk"),
        **within,
    )


def _override_as_recorded(ledger: Ledger):
    """The outer project's completion status override, as recorded at the ledger's
    moment (a report reproduced as sent shows the status it had then)."""
    if ledger.recorded_at is None:
        return F("completion_status_override")
    return Coalesce(
        Subquery(
            ledger.rows(TreasuryProject)
            .filter(id=OuterRef("pk"))
            .values("completion_status_override")[:1]
        ),
        Value(""),
    )


def _illustrative_by(as_of: datetime.date, ledger: Ledger) -> ExpressionWrapper:
    """True when the project or an entry of its figures to `as_of` is sample data."""
    own = {"project": OuterRef("pk"), "illustrative": True}
    return ExpressionWrapper(
        Q(illustrative=True)
        | Exists(ledger.budgets().filter(effective_on__lte=as_of, **own))
        | Exists(ledger.spending().filter(occurred_on__lte=as_of, **own)),
        output_field=models.BooleanField(),
    )


class TreasuryProjectQuerySet(models.QuerySet):
    def with_totals(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """Annotate budget, obligated and spent as of the end of `as_of`, in one query."""
        return self.annotate(**_ledger_totals("project", as_of, ledger or Ledger()))

    def with_deadline_totals(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """`with_totals`, plus `obligated_by_deadline` (obligations dated by 2024-12-31)."""
        return self.annotate(**_deadline_totals("project", as_of, ledger or Ledger()))

    def with_completion(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """`with_totals` and the override as recorded then, so that each project's
        `completion` (its status as of `as_of`) needs no further query."""
        ledger = ledger or Ledger()
        return self.with_totals(as_of, ledger).annotate(
            completion_override=_override_as_recorded(ledger)
        )

    def reported_in(
        self, period: "ReportingPeriod", ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """Projects with any budget or spending entry dated by the end of `period`."""
        ledger = ledger or Ledger()
        by_end = {"project": OuterRef("pk")}
        return self.filter(
            Exists(ledger.budgets().filter(effective_on__lte=period.ends_on, **by_end))
            | Exists(
                ledger.spending().filter(occurred_on__lte=period.ends_on, **by_end)
            )
        )

    def with_period_figures(
        self, period: "ReportingPeriod", ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """Annotate Treasury's figures for `period` in one query (conditional sums).

        `budget`, `total_obligations` and `total_expenditures` are cumulative to the
        period's end; `current_obligations` and `current_expenditures` cover the
        period's own dates, adjustments excluded. `completion_override` is the status
        override as recorded then; `has_illustrative`, whether any of it is sample data.
        """
        ledger = ledger or Ledger()
        obligation, expenditure = (
            SpendingEntry.Kind.OBLIGATION,
            SpendingEntry.Kind.EXPENDITURE,
        )
        return self.annotate(
            budget=_sum_subquery(
                ledger.budgets(),
                group_by="project",
                as_of=period.ends_on,
                date_field="effective_on",
                project=OuterRef("pk"),
            ),
            total_obligations=_project_spending(
                obligation, period, ledger, current=False
            ),
            total_expenditures=_project_spending(
                expenditure, period, ledger, current=False
            ),
            current_obligations=_project_spending(
                obligation, period, ledger, current=True
            ),
            current_expenditures=_project_spending(
                expenditure, period, ledger, current=True
            ),
            completion_override=_override_as_recorded(ledger),
            has_illustrative=_illustrative_by(period.ends_on, ledger),
        )


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

    objects = TreasuryProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__position", "identifier"]

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
    """Fields shared by budget and spending entries. Voided, never deleted."""

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

    class Meta:
        abstract = True

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
                f"ARPA money can only cover costs from {FIRST_ELIGIBLE_COST_DATE:%B %-d, %Y} "
                f"to {EXPENDITURE_DEADLINE:%B %-d, %Y}; {day:%B %-d, %Y} is outside that period."
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

    all_objects = models.Manager()
    objects = CountedManager()  # what every figure counts: voided entries left out
    history = HistoricalRecords()
    date_field = "effective_on"

    class Meta:
        ordering = ["effective_on", "pk"]
        verbose_name_plural = "budget entries"
        default_manager_name = "all_objects"
        constraints = [
            void_constraint("budget_void_has_reason"),
            models.CheckConstraint(
                condition=~Q(amount=0), name="budget_amount_not_zero"
            ),
            models.CheckConstraint(
                condition=_in_eligible_period("effective_on"),
                name="budget_date_in_eligible_period",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | ~Q(reason=""),
                name="budget_reduction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {money(self.amount)} for {self.area} on {self.effective_on}"


class SpendingEntryQuerySet(models.QuerySet):
    def through(self, as_of: datetime.date) -> "SpendingEntryQuerySet":
        return self.filter(occurred_on__lte=as_of)

    def monthly_totals(self, as_of: datetime.date):
        """Rows of (area slug, month, kind, total) up to `as_of`, in one grouped query."""
        return monthly_totals(self, as_of)


class SpendingEntry(LedgerEntry):
    class Kind(models.TextChoices):
        OBLIGATION = "obligation", "Obligation"
        EXPENDITURE = "expenditure", "Expenditure"

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

    # `objects` is what every figure counts (voided entries left out); lists, history and
    # backups use `all_objects`, the default manager.
    objects = CountedManager.from_queryset(SpendingEntryQuerySet)()
    all_objects = SpendingEntryQuerySet.as_manager()
    history = HistoricalRecords()
    date_field = "occurred_on"

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name_plural = "spending entries"
        default_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["area", "kind", "occurred_on"]),
            # The funding figures sum counted entries per area and kind up to a date:
            # this index alone answers them (amount included, voided entries left out).
            models.Index(
                fields=["area", "kind", "occurred_on", "amount"],
                condition=Q(voided_at__isnull=True),
                name="spending_counted_idx",
            ),
        ]
        constraints = [
            void_constraint("spending_void_has_reason"),
            models.CheckConstraint(
                condition=~Q(amount=0), name="spending_amount_not_zero"
            ),
            models.CheckConstraint(
                condition=_in_eligible_period("occurred_on"),
                name="spending_date_in_eligible_period",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | ~Q(reason=""),
                name="spending_negative_has_reason",
            ),
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
        super().clean()

    @property
    def ledger_kind(self) -> str:
        return self.kind


# --- Treasury reporting periods ----------------------------------------------------------

_QUARTER_NAME = re.compile(r"(\d{4})-Q([1-4])")
_YEAR_NAME = re.compile(r"(\d{4})")
# ARPA's reporting years, with room to spare: a year outside (0001, 9999) is a typo, and
# the dates of 9999-Q4 would not even exist.
PERIOD_YEARS = (2021, 2030)


def period_bounds(name: str) -> tuple[str, datetime.date, datetime.date]:
    """(kind, first day, last day) of a period named like `2022-Q3` or `2022`."""
    match = _QUARTER_NAME.fullmatch(name) or _YEAR_NAME.fullmatch(name)
    if match and not PERIOD_YEARS[0] <= int(match[1]) <= PERIOD_YEARS[1]:
        raise ValueError(
            f"{name!r} is not a reporting period: the years run from "
            f"{PERIOD_YEARS[0]} to {PERIOD_YEARS[1]}."
        )
    if match := _QUARTER_NAME.fullmatch(name):
        year, quarter = int(match[1]), int(match[2])
        starts_on = datetime.date(year, 3 * quarter - 2, 1)
        next_start = (
            datetime.date(year + 1, 1, 1)
            if quarter == 4
            else datetime.date(year, 3 * quarter + 1, 1)
        )
        return (
            ReportingPeriod.Kind.QUARTER,
            starts_on,
            next_start - datetime.timedelta(days=1),
        )
    if match := _YEAR_NAME.fullmatch(name):
        year = int(match[1])
        return (
            ReportingPeriod.Kind.YEAR,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
        )
    raise ValueError(
        f"{name!r} is not a period name: use 2022-Q3 for a quarter or 2022 for a year."
    )


class ReportingPeriodQuerySet(models.QuerySet):
    def current_or_latest(self) -> "ReportingPeriod | None":
        """The period flagged current, else the one that ends last."""
        return self.order_by("-is_current", "-ends_on", "kind").first()


class ReportingPeriod(TimeStamped):
    """A period of Treasury's Project and Expenditure report, quarterly or annual."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", "Quarterly"
        YEAR = "year", "Annual"

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
