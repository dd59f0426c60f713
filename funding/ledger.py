"""The ledger's figures, summed in the database, and the vocabulary they are summed in.

`Ledger` says which rows count: the entries as they are now, or as they had been recorded
at a past moment (from the history tables), voided ones left out. The querysets here give
areas and projects their sums of those rows as of a date, in one query whatever the
number of entries; `monthly_totals` sums spending by month. Current spending figures add
the kept monthly totals of the full months before the as-of date's month
(`MonthlySpending`, kept by monthly.py) to the entries of the days left, so their work
does not grow with the ledger; figures as recorded at a past moment sum the history.

funding/models/ attaches these querysets to its models, so it imports this module: the
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
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce

from audit.history import as_recorded
from binghamton_safety.money import ZERO, MoneyField, cents

from .monthly import Span, month_trunc
from .monthly_writes import MonthlyTotalsQuerySet

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

    def monthly_totals(
        self, as_of: datetime.date, *, per_area=False, **filters
    ) -> list[dict]:
        """`monthly_totals` of the spending rows that match `filters`: now, with filters
        of areas alone (`area=`, `area__program=`), from the kept monthly totals."""
        rows = self.spending().filter(**filters)
        by_area = all(
            name.split(LOOKUP_SEP)[0] in ("area", "area_id") for name in filters
        )
        kept = filters if self.recorded_at is None and by_area else None
        return monthly_totals(rows, as_of, per_area=per_area, kept=kept)

    def has_illustrative(self, program) -> bool:
        # Now, a kept monthly total says whether any of its entries is sample data.
        spending = self.spending() if self.recorded_at else _kept()
        return (
            self.budgets().filter(area__program=program, illustrative=True).exists()
            or spending.filter(area__program=program, illustrative=True).exists()
        )


def _kept() -> models.QuerySet:
    """The kept monthly totals of the counted spending entries (`MonthlySpending`)."""
    return _model("MonthlySpending").objects.all()


def _per_month(rows: models.QuerySet, per_area: bool, dated: bool) -> models.QuerySet:
    """`rows` (spending entries, `dated` by day, or kept monthly totals) summed per month
    (and area, with its position to order by) and kind."""
    if dated:
        rows = rows.annotate(month=month_trunc())
    group = ["area__slug", "area__name", "area__position"] if per_area else []
    sums = {
        kind: Sum("amount", filter=Q(kind=kind), default=ZERO)
        for kind in SpendingKind.values
    }
    # "month" last: a union lines up the columns of a field and of an annotation.
    return rows.order_by().values(*group, "month").annotate(**sums)


def monthly_totals(
    rows: models.QuerySet, as_of: datetime.date, *, per_area=False, kept=None
):
    """Spending of `rows` up to `as_of`, summed in one grouped query: a row a month, in
    order, with its `month` and an exact sum per kind (`obligation`, `expenditure`). With
    `per_area`, a row a month and area (also `area__slug`, `area__name`), area by area.

    With `kept`, the filters of areas that `rows` (the counted entries) were chosen by,
    the months before `as_of`'s are the kept monthly totals' of those areas."""
    scope = kept
    if scope is None:
        totals = _per_month(rows.filter(occurred_on__lte=as_of), per_area, dated=True)
    else:
        span = Span(as_of)
        totals = _per_month(
            _kept().filter(span.kept(), **scope), per_area, dated=False
        ).union(_per_month(rows.filter(span.entries()), per_area, dated=True), all=True)
    totals = totals.order_by(*(["area__position"] if per_area else []), "month")
    # SQLite sums decimals as floats: back to the cent.
    return [
        {name: value for name, value in row.items() if name != "area__position"}
        | {kind: cents(row[kind]) for kind in SpendingKind.values}
        for row in totals
    ]


def _total(rows: models.QuerySet, group_by: str):
    """Sum of `amount` of `rows` (those of the outer row); 0.00 when none."""
    total = (
        rows.order_by().values(group_by).annotate(total=Sum("amount")).values("total")
    )
    return Coalesce(
        Subquery(total, output_field=MoneyField()),
        Value(ZERO),
        output_field=MoneyField(),
    )


def _budget(key: str, as_of: datetime.date, ledger: Ledger):
    """The outer row's budget (an area's or a project's) as of `as_of`."""
    own = {key: OuterRef("pk")}
    return _total(ledger.budgets().filter(effective_on__lte=as_of, **own), key)


def _spending(
    key: str,
    kind: str,
    as_of: datetime.date,
    ledger: Ledger,
    since: datetime.date | None = None,
    **filters,
):
    """The outer row's obligations or expenditures (`kind`) from `since` (default: the
    first) to `as_of`: now, the kept monthly totals of the full months and the entries
    of the days left; as recorded at a past moment, the entries then."""
    own = {"kind": kind, key: OuterRef("pk"), **filters}
    if ledger.recorded_at is not None:
        dates = {"occurred_on__lte": as_of}
        if since is not None:
            dates["occurred_on__gte"] = since
        return _total(ledger.spending().filter(**dates, **own), key)
    span = Span(as_of, since)
    return ExpressionWrapper(
        _total(_kept().filter(span.kept(), **own), key)
        + _total(ledger.spending().filter(span.entries(), **own), key),
        output_field=MoneyField(),
    )


def _any_spending(as_of: datetime.date, ledger: Ledger, **own):
    """Whether any spending entry (with `own`, e.g. the outer row's) is dated by
    `as_of`: now, a kept monthly total of a full month or an entry of the days left."""
    if ledger.recorded_at is not None:
        return Exists(ledger.spending().filter(occurred_on__lte=as_of, **own))
    span = Span(as_of)
    return Exists(_kept().filter(span.kept(), **own)) | Exists(
        ledger.spending().filter(span.entries(), **own)
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
    within = {"since": period.starts_on, "adjustment": False} if current else {}
    return _spending("project", kind, period.ends_on, ledger, **within)


def _as_recorded(field: str, ledger: Ledger, output_field=None):
    """The outer project's `field`, as recorded at the ledger's moment (a report
    reproduced as sent shows the status and evidence it had then)."""
    if ledger.recorded_at is None:
        return F(field)
    return Subquery(
        ledger.rows(_model("TreasuryProject"))
        .filter(id=OuterRef("pk"))
        .values(field)[:1],
        output_field=output_field,
    )


def _override_as_recorded(ledger: Ledger):
    """The outer project's completion status override, as recorded then."""
    if ledger.recorded_at is None:
        return F("completion_status_override")
    return Coalesce(_as_recorded("completion_status_override", ledger), Value(""))


def _illustrative_by(as_of: datetime.date, ledger: Ledger) -> ExpressionWrapper:
    """True when the project or an entry of its figures to `as_of` is sample data."""
    own = {"project": OuterRef("pk"), "illustrative": True}
    return ExpressionWrapper(
        Q(illustrative=True)
        | Exists(ledger.budgets().filter(effective_on__lte=as_of, **own))
        | _any_spending(as_of, ledger, **own),
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
            | _any_spending(period.ends_on, ledger, **by_end)
        )

    def with_period_figures(self, period, ledger: Ledger | None = None):
        """Annotate Treasury's figures for `period` (a ReportingPeriod) in one query.

        `budget`, `total_obligations` and `total_expenditures` are cumulative to the
        period's end; `current_obligations` and `current_expenditures` cover the
        period's own dates, adjustments excluded. `completion_override` is the status
        override as recorded then; `has_illustrative`, whether any of it is sample data;
        `evidence_based_then`, `evidence_rationale_then` and `evaluation_then`, the
        project's evidence fields as recorded then.
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
            evidence_based_then=_as_recorded(
                "evidence_based_amount", ledger, MoneyField()
            ),
            evidence_rationale_then=_as_recorded("evidence_rationale", ledger),
            evaluation_then=_as_recorded(
                "evaluation_under_way", ledger, models.BooleanField()
            ),
        )


class SpendingEntryQuerySet(MonthlyTotalsQuerySet):
    """Spending entries; their writes keep the monthly totals (monthly_writes.py)."""

    def through(self, as_of: datetime.date) -> "SpendingEntryQuerySet":
        return self.filter(occurred_on__lte=as_of)

    def monthly_totals(self, as_of: datetime.date, *, per_area=False) -> list[dict]:
        """These entries' `monthly_totals` up to `as_of`, summed from the entries (the
        kept totals serve `Ledger.monthly_totals`)."""
        return monthly_totals(self, as_of, per_area=per_area)
