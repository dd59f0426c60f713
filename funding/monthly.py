"""The kept monthly spending totals: the counted spending entries summed per area, month
and every field a figure filters by, kept with the entries.

Every current funding figure reads `MonthlySpending` for the full months before its
as-of date's month and the entries only for the days that remain (`Span`, read in
ledger.py), so no figure sums the whole ledger. This module owns the table and keeps it
right:

- `recount` sums the counted entries of some (area, month) pairs, or of all, from the
  entries themselves;
- `refresh` rewrites the kept rows of those pairs from a recount, in the current
  transaction; a pair with nothing left that counts has no row;
- `differences` compares the table with a whole recount (`check_spending_totals`).

Who refreshes, always in the transaction of the write: every save and delete of a
spending entry (model signals, loaddata's raw saves included) refreshes the months the
entry was in and is in now; the querysets' bulk writes (`funding.monthly_writes`, the
base manager's too, which the imports use) refresh the months of the rows they touch, or
refuse; `migrate` rewrites the whole table after applying any migration. Inside a
`batch()` the pairs are collected and refreshed once, at its end.

The models are looked up by name (models/ imports ledger.py, which imports this).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps as current_apps
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Cast, TruncMonth

from binghamton_safety.deferred import Deferred
from binghamton_safety.money import cents

# (area id, the first day of a month): what a write changes, what a refresh rewrites.
Pair = tuple[int, datetime.date]
# The fields a kept row is grouped by, besides its area and month: every field a current
# figure filters spending by.
GROUPED = ("project_id", "kind", "adjustment", "illustrative")
KEY = ("area_id", *GROUPED, "month")
# More pairs than this are rewritten as their areas from the first month to the last:
# one short query however many months, rather than thousands of conditions.
LISTED_PAIRS = 200
# Wide enough for any sum of the ledger's 12-digit amounts.
TOTAL = models.DecimalField(max_digits=20, decimal_places=2)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_trunc(field: str = "occurred_on") -> Cast:
    """The first day of the month of `field`, a date on every database (PostgreSQL
    truncates a date to a timestamp, which a union would keep)."""
    return Cast(TruncMonth(field), models.DateField())


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Span:
    """The days from `since` (None: from the first) to `as_of`, split in two: the full
    months before `as_of`'s month, summed from the kept rows, and the days left (that
    month's, and `since`'s own month when it starts within it), from the entries."""

    as_of: datetime.date
    since: datetime.date | None = None

    def _first_full_month(self) -> datetime.date | None:
        if self.since is None or self.since.day == 1:
            return self.since
        return next_month(self.since)

    def kept(self) -> Q:
        """The kept rows of the span's full months."""
        months = Q(month__lt=month_of(self.as_of))
        if first := self._first_full_month():
            months &= Q(month__gte=first)
        return months

    def entries(self) -> Q:
        """The entries of the span's other days."""
        start = month_of(self.as_of)
        if self.since is not None:
            start = max(start, self.since)
        days = Q(occurred_on__gte=start, occurred_on__lte=self.as_of)
        first = self._first_full_month()
        if self.since is not None and first != self.since:
            end = min(first, month_of(self.as_of))
            days |= Q(occurred_on__gte=self.since, occurred_on__lt=end)
        return days


@dataclass(frozen=True)
class Tables:
    """The models summed and written: the current ones, or a migration's."""

    spending: type
    kept: type

    @classmethod
    def of(cls, apps=current_apps) -> "Tables":
        return cls(
            apps.get_model("funding", "SpendingEntry"),
            apps.get_model("funding", "MonthlySpending"),
        )


def _scope(pairs: Iterable[Pair] | None, kept: bool) -> Q | None:
    """The kept rows (`kept`) or the entries of `pairs`; every one (an empty Q) for
    None; None for no pair at all."""
    if pairs is None:
        return Q()
    pairs = set(pairs)
    if not pairs:
        return None

    def months(first: datetime.date, last: datetime.date) -> Q:
        if kept:
            return Q(month__gte=first, month__lte=last)
        return Q(occurred_on__gte=first, occurred_on__lt=next_month(last))

    if len(pairs) <= LISTED_PAIRS:
        scope = Q()
        for area, month in sorted(pairs):
            scope |= Q(area_id=area) & months(month, month)
        return scope
    every_month = sorted(month for _, month in pairs)
    areas = sorted({area for area, _ in pairs})
    return Q(area_id__in=areas) & months(every_month[0], every_month[-1])


def _grouped(tables: Tables, scope: Q, using: str) -> models.QuerySet:
    """The counted entries of `scope` summed per kept row: one grouped query."""
    return (
        tables.spending._base_manager.using(using)
        .filter(scope, voided_at__isnull=True)
        .annotate(month=month_trunc())
        .order_by()
        .values(*KEY)
        .annotate(total=Sum("amount", output_field=TOTAL))
    )


def _row_key(row: dict) -> tuple:
    return tuple(row[name] for name in KEY)


def recount(
    pairs: Iterable[Pair] | None = None,
    tables: Tables | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> dict[tuple, object]:
    """The totals of `pairs` (or of every pair) from the entries: {key: total}, the key
    being the values of `KEY`; groups without counted entries left out. One query."""
    scope = _scope(pairs, kept=False)
    if scope is None:
        return {}
    rows = _grouped(tables or Tables.of(), scope, using)
    # To the cent: SQLite sums amounts as floating point, and Django gives a sum (unlike
    # a column) its fifteen digits unrounded: 889499.519999999 for 889,499.52.
    return {_row_key(row): cents(row["total"]) for row in rows}


def kept_totals(
    pairs: Iterable[Pair] | None = None,
    tables: Tables | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> dict[tuple, object]:
    """The kept rows of `pairs` (or all): {key: total}, as `recount` gives them."""
    scope = _scope(pairs, kept=True)
    if scope is None:
        return {}
    rows = (tables or Tables.of()).kept._base_manager.using(using).filter(scope)
    return {_row_key(row): row["amount"] for row in rows.values(*KEY, "amount")}


def _rewrite(tables: Tables, pairs: Iterable[Pair] | None, using: str) -> None:
    """The kept rows of `pairs` (None: all) replaced by their recount."""
    scope = _scope(pairs, kept=True)
    if scope is None:
        return
    # Delete and insert together, in the caller's transaction if there is one.
    with transaction.atomic(using=using, savepoint=False):
        totals = recount(pairs, tables, using)
        tables.kept._base_manager.using(using).filter(scope).delete()
        tables.kept._base_manager.using(using).bulk_create(
            [
                tables.kept(**dict(zip(KEY, key, strict=True)), amount=total)
                for key, total in totals.items()
            ]
        )


def refresh(pairs: Iterable[Pair], using: str = DEFAULT_DB_ALIAS) -> None:
    """Rewrite the kept totals of `pairs` from the entries, in the current transaction."""
    _rewrite(Tables.of(), set(pairs), using)


def refresh_all(apps=current_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Rewrite every kept total from the entries, in the current transaction. A
    migration passes its `apps`, whose models it sums and writes."""
    _rewrite(Tables.of(apps), None, using)


@dataclass(frozen=True)
class Difference:
    """A total that the table keeps otherwise than the entries give it."""

    key: tuple  # the values of `KEY`
    kept: object | None  # None: the table has no row for it
    recounted: object | None  # None: no counted entry is in it

    def __str__(self) -> str:
        area, project, kind, adjustment, illustrative, month = self.key
        flags = "".join(
            f" ({name})"
            for name, on in (("adjustment", adjustment), ("sample", illustrative))
            if on
        )
        where = f"area {area}" + (f" project {project}" if project else "")
        kept = "no row" if self.kept is None else f"{self.kept:,.2f}"
        recounted = "no entries" if self.recounted is None else f"{self.recounted:,.2f}"
        return (
            f"{month:%Y-%m} {where} {kind}{flags}: kept {kept}, recounted {recounted}"
        )


def differences(using: str = DEFAULT_DB_ALIAS) -> list[Difference]:
    """Every total where the table and a whole recount differ."""
    kept, recounted = kept_totals(using=using), recount(using=using)
    found = []
    for key in sorted(kept.keys() | recounted.keys(), key=_sortable):
        if kept.get(key) != recounted.get(key):
            found.append(Difference(key, kept.get(key), recounted.get(key)))
    return found


def _sortable(key: tuple) -> tuple:
    """Month first, then the rest of the key (None last)."""
    return tuple((value is None, value) for value in (key[-1], *key[:-1]))


# --- Pairs changed: refreshed now, or at the end of a batch -----------------------------


# On the connection: the keys of the open batch (refresh looked up at each call).
PENDING = Deferred(
    "_monthly_spending_pending", lambda keys, using: refresh(keys, using)
)


def changed(pairs: Iterable[Pair], using: str = DEFAULT_DB_ALIAS) -> None:
    """The entries of `pairs` changed: refresh them now, or at the end of the batch."""
    pairs = {pair for pair in pairs if None not in pair}
    PENDING.changed(pairs, using)


def batch(using: str = DEFAULT_DB_ALIAS):
    """A transaction whose changed pairs are refreshed once, together, at its end
    (inside it). Nested batches join the outer one."""
    return PENDING.batch(using)
