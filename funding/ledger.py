"""The ledger's figures, summed in the database, and the vocabulary they are summed in.

`Ledger` says which rows count: the entries as they are now, or as they had been recorded
at a past moment (from the history tables), voided ones left out. The querysets here give
areas and projects their sums of those rows as of a date, in one query whatever the
number of entries; `monthly_totals` sums spending by month. Figures are never stored.

funding/models.py attaches these querysets to its models, so it imports this module: the
models are looked up by name here when a query is built, never imported.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import models
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

from audit.history import as_recorded
from binghamton_safety.money import ZERO, MoneyField, cents

# ARPA's dates: costs count from the first; money must be obligated by the second and
# spent by the third, or go back to the US Treasury.
FIRST_ELIGIBLE_COST_DATE = datetime.date(2021, 3, 3)
OBLIGATION_DEADLINE = datetime.date(2024, 12, 31)
EXPENDITURE_DEADLINE = datetime.date(2026, 12, 31)


class SpendingKind(models.TextChoices):
    """What a spending entry records (`SpendingEntry.Kind`)."""

    OBLIGATION = "obligation", "Obligation"
    EXPENDITURE = "expenditure", "Expenditure"


# The figure each kind of spending entry adds to, on every page, file and chart.
KIND_FIGURE = {SpendingKind.OBLIGATION: "obligated", SpendingKind.EXPENDITURE: "spent"}


def _model(name: str) -> type[models.Model]:
    return apps.get_model("funding", name)


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
        return self.rows(_model("SpendingEntry"))

    def budgets(self) -> models.QuerySet:
        return self.rows(_model("BudgetEntry"))

    def program(self, program=None):
        """`program` (default: the first one), with its total as recorded then."""
        if self.recorded_at is None:
            return program or _model("Program").objects.order_by("pk").first()
        rows = self.rows(_model("Program"))
        if program is not None:
            rows = rows.filter(id=program.pk)
        row = rows.order_by("id").first()
        return row.instance if row else None

    def existing(self, queryset: models.QuerySet) -> models.QuerySet:
        """`queryset` (areas or projects) without those recorded after `recorded_at`."""
        if self.recorded_at is None:
            return queryset
        return queryset.filter(pk__in=self.rows(queryset.model).values("id"))

    def monthly_totals(self, as_of: datetime.date, **filters) -> list[dict]:
        """`monthly_totals` of the spending rows that match `filters`."""
        return monthly_totals(self.spending().filter(**filters), as_of)

    def has_illustrative(self, program) -> bool:
        return (
            self.budgets().filter(area__program=program, illustrative=True).exists()
            or self.spending().filter(area__program=program, illustrative=True).exists()
        )


def monthly_totals(rows: models.QuerySet, as_of: datetime.date, *, per_area=False):
    """Spending of `rows` up to `as_of`, summed in one grouped query: a row a month, in
    order, with its `month` and an exact sum per kind (`obligation`, `expenditure`). With
    `per_area`, a row a month and area (also `area__slug`, `area__name`), area by area."""
    group = ["area__slug", "area__name", "month"] if per_area else ["month"]
    sums = {
        kind: Sum("amount", filter=Q(kind=kind), default=ZERO)
        for kind in SpendingKind.values
    }
    totals = (
        rows.filter(occurred_on__lte=as_of)
        .annotate(month=TruncMonth("occurred_on"))
        .order_by()
        .values(*group)
        .annotate(**sums)
        .order_by(*(["area__position"] if per_area else []), "month")
    )
    # SQLite sums decimals as floats: back to the cent.
    return [row | {kind: cents(row[kind]) for kind in sums} for row in totals]


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


def _budget(key: str, as_of: datetime.date, ledger: Ledger):
    """The outer row's budget (an area's or a project's) as of `as_of`."""
    return _sum_subquery(
        ledger.budgets(),
        group_by=key,
        as_of=as_of,
        date_field="effective_on",
        **{key: OuterRef("pk")},
    )


def _spending(key: str, kind: str, as_of: datetime.date, ledger: Ledger, **filters):
    """The outer row's obligations or expenditures (`kind`) up to `as_of`."""
    return _sum_subquery(
        ledger.spending(),
        group_by=key,
        as_of=as_of,
        date_field="occurred_on",
        kind=kind,
        **{key: OuterRef("pk")},
        **filters,
    )


class FiguresQuerySet(models.QuerySet):
    """Areas or projects, with their figures summed from the ledger in one query."""

    ledger_key: str  # the ledger entries' foreign key to these rows

    def with_totals(self, as_of: datetime.date, ledger: Ledger | None = None):
        """Annotate budget, obligated and spent as of the end of `as_of`, in one query."""
        ledger, key = ledger or Ledger(), self.ledger_key
        return self.annotate(
            budget=_budget(key, as_of, ledger),
            **{
                figure: _spending(key, kind, as_of, ledger)
                for kind, figure in KIND_FIGURE.items()
            },
        )

    def with_deadline_totals(self, as_of: datetime.date, ledger: Ledger | None = None):
        """`with_totals`, plus `obligated_by_deadline` (obligations dated by 2024-12-31)."""
        ledger = ledger or Ledger()
        by_deadline = min(as_of, OBLIGATION_DEADLINE)
        return self.with_totals(as_of, ledger).annotate(
            obligated_by_deadline=_spending(
                self.ledger_key, SpendingKind.OBLIGATION, by_deadline, ledger
            )
        )


class FundingAreaQuerySet(FiguresQuerySet):
    ledger_key = "area"


def _project_spending(kind: str, period, ledger: Ledger, *, current: bool):
    """Sum of a project's obligations or expenditures to the end of `period`.

    With `current`, only the entries dated within the period that are not adjustments:
    a revision of earlier periods counts in the cumulative total only.
    """
    within = (
        {"occurred_on__gte": period.starts_on, "adjustment": False} if current else {}
    )
    return _spending("project", kind, period.ends_on, ledger, **within)


def _override_as_recorded(ledger: Ledger):
    """The outer project's completion status override, as recorded at the ledger's
    moment (a report reproduced as sent shows the status it had then)."""
    if ledger.recorded_at is None:
        return F("completion_status_override")
    return Coalesce(
        Subquery(
            ledger.rows(_model("TreasuryProject"))
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


class TreasuryProjectQuerySet(FiguresQuerySet):
    ledger_key = "project"

    def with_completion(self, as_of: datetime.date, ledger: Ledger | None = None):
        """`with_totals` and the override as recorded then, so that each project's
        `completion` (its status as of `as_of`) needs no further query."""
        ledger = ledger or Ledger()
        return self.with_totals(as_of, ledger).annotate(
            completion_override=_override_as_recorded(ledger)
        )

    def reported_in(self, period, ledger: Ledger | None = None):
        """Projects with any budget or spending entry dated by the end of `period`."""
        ledger = ledger or Ledger()
        by_end = {"project": OuterRef("pk")}
        return self.filter(
            Exists(ledger.budgets().filter(effective_on__lte=period.ends_on, **by_end))
            | Exists(
                ledger.spending().filter(occurred_on__lte=period.ends_on, **by_end)
            )
        )

    def with_period_figures(self, period, ledger: Ledger | None = None):
        """Annotate Treasury's figures for `period` (a ReportingPeriod) in one query.

        `budget`, `total_obligations` and `total_expenditures` are cumulative to the
        period's end; `current_obligations` and `current_expenditures` cover the
        period's own dates, adjustments excluded. `completion_override` is the status
        override as recorded then; `has_illustrative`, whether any of it is sample data.
        """
        ledger = ledger or Ledger()
        obligation, expenditure = SpendingKind.OBLIGATION, SpendingKind.EXPENDITURE
        return self.annotate(
            budget=_budget("project", period.ends_on, ledger),
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


class SpendingEntryQuerySet(models.QuerySet):
    def through(self, as_of: datetime.date) -> "SpendingEntryQuerySet":
        return self.filter(occurred_on__lte=as_of)

    def monthly_totals(self, as_of: datetime.date, *, per_area=False) -> list[dict]:
        """These entries' `monthly_totals` up to `as_of`."""
        return monthly_totals(self, as_of, per_area=per_area)
