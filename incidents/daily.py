"""The daily counts: one row per day with any record, kept with the records.

Every current figure reads `DailyCount` (through `incidents.counting.Records`) instead of
counting the records afresh. This module owns the counts and keeps them right:

- `recount` counts the records of some days (or all) from the records themselves, with
  the grouped queries that also count the history tables for figures at a past moment;
- `refresh` rewrites the rows of some days from a recount, in the current transaction;
  a day with nothing left that counts has no row;
- `differences` compares the table with a whole recount (`manage.py check_daily_counts`).

Who refreshes, always in the transaction of the write: every save and delete of an
incident, a victim or a recovery (model signals, raw saves included) refreshes the days
the record was on and is on now; the querysets' bulk writes (`incidents.daily_writes`)
refresh the days of the rows they touch, or refuse; the imports, whose new rows go in by
raw SQL, say which days they wrote. Inside a `batch()` the days are collected and
refreshed once, at its end, with one recount for all of them. `loaddata` (a restore)
recounts every day once at its end (`incidents/management/commands/loaddata.py`), and
`migrate` after applying any migration, so a data migration cannot leave it wrong.
"""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps as current_apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, F, Q, QuerySet, Sum, Value

from binghamton_safety.deferred import Deferred
from binghamton_safety.progress import QUIET, Progress

from . import place_months
from .models import (
    DailyCount,
    FirearmRecovery,
    Incident,
    PlaceDailyCount,
    PlaceMonthlyCount,
    Victim,
)

# The counts of one day, as `DailyCount` keeps them.
COLUMNS = tuple(f.name for f in DailyCount._meta.concrete_fields if not f.primary_key)

SEIZED = Q(source=FirearmRecovery.Source.SEIZED.value)
BOUGHT_BACK = Q(source=FirearmRecovery.Source.BOUGHT_BACK.value)
# More days than this are recounted and rewritten as the span from the first to the last:
# one query each however many days, rather than an IN list of thousands of dates.
LISTED_DAYS = 500
KEYS_PER_QUERY = 2000


# --- The grouped counts (also of the history tables, in `counting`) -----------------------


def count_incidents(rows: QuerySet, *also: str) -> QuerySet:
    """The incidents of `rows` per day (and per `also`, e.g. "place"): all, confirmed
    discharges, preliminary, sample."""
    return (
        rows.order_by()
        .values("date", *also)
        .annotate(
            incidents=Count("pk"),
            shots_fired_confirmed=Count("pk", filter=Q(shots_fired_confirmed=True)),
            preliminary=Count("pk", filter=Q(status=Incident.Status.PRELIMINARY.value)),
            illustrative=Count("pk", filter=Q(illustrative=True)),
        )
    )


def count_victims(rows: QuerySet) -> QuerySet:
    """Victims per day, `rows` giving each its incident's day as "date"; counted on
    their own rows, once each (per-incident subqueries counted them once per window)."""
    return rows.order_by().annotate(
        shooting_victims=Count("pk"),
        victims_killed=Count("pk", filter=Q(outcome=Victim.Outcome.KILLED.value)),
        shooting_incidents_with_injury=Count("incident_id", distinct=True),
    )


def count_recoveries(rows: QuerySet, *also: str) -> QuerySet:
    """Recoveries per day (and per `also`), and firearms by source: only firearms the
    police seized are "recovered"; surrendered ones count in no figure but are records
    of the day."""
    return (
        rows.order_by()
        .values("date", *also)
        .annotate(
            recoveries=Count("pk"),
            firearms_recovered=Sum("count", filter=SEIZED),
            firearms_bought_back=Sum("count", filter=BOUGHT_BACK),
            illustrative_recoveries=Count(
                "pk", filter=Q(illustrative=True) & (SEIZED | BOUGHT_BACK)
            ),
        )
    )


def merge(*grouped: Iterable[dict]) -> dict[datetime.date, dict[str, int]]:
    """Rows of grouped counts (each with its "date") merged per day."""
    days: dict[datetime.date, dict[str, int]] = {}
    for rows in grouped:
        for row in rows:
            days.setdefault(row.pop("date"), {}).update(row)
    return days


# --- Recounting and rewriting ---------------------------------------------------------------


@dataclass(frozen=True)
class Tables:
    """The models counted and written: the current ones, or a migration's."""

    incident: type
    victim: type
    recovery: type
    daily: type
    place_daily: type | None  # None: a migration's models from before places
    place_monthly: type | None  # None: a migration's models from before them

    @classmethod
    def of(cls, apps=current_apps) -> "Tables":
        names = ("Incident", "Victim", "FirearmRecovery", "DailyCount")
        models = [apps.get_model("incidents", name) for name in names]
        later = []
        for name in ("PlaceDailyCount", "PlaceMonthlyCount"):
            try:
                later.append(apps.get_model("incidents", name))
            except LookupError:
                later.append(None)
        return cls(*models, *later)


def _span(days: Iterable[datetime.date] | None, first=None, last=None) -> Q | None:
    """Which days: `days` (if many, the span from the first to the last), `first` to
    `last`, or every day (an empty Q); None for no day at all."""
    if days is None:
        bounds = {"date__gte": first, "date__lte": last}
        return Q(**{k: v for k, v in bounds.items() if v is not None})
    days = sorted(set(days) - {None})
    if not days:
        return None
    if len(days) <= LISTED_DAYS:
        return Q(date__in=days)
    return Q(date__gte=days[0], date__lte=days[-1])


def _on_incident_days(span: Q) -> Q:
    """`span` (over "date") for victims, dated by their incident."""
    return Q(*((f"incident__{key}", value) for key, value in span.children))


def _grouped(tables: Tables, span: Q, by_place: bool) -> list[QuerySet]:
    """The three grouped counts of the records of `span`: per day, or per day and place
    (a record counts in each place it belongs to)."""
    counted = Q(voided_at__isnull=True)
    incidents = tables.incident._base_manager.filter(counted, span)
    victims = tables.victim._base_manager.filter(
        _on_incident_days(span), incident__voided_at__isnull=True
    )
    recoveries = tables.recovery._base_manager.filter(counted, span)
    if not by_place:
        return [
            count_incidents(incidents),
            count_victims(victims.values(date=F("incident__date"))),
            count_recoveries(recoveries),
        ]
    placed = Q(place__isnull=False)
    return [
        count_incidents(incidents.annotate(place=F("places")).filter(placed), "place"),
        count_victims(
            victims.annotate(place=F("incident__places"))
            .filter(placed)
            .values("place", date=F("incident__date"))
        ),
        count_recoveries(
            recoveries.annotate(place=F("places")).filter(placed), "place"
        ),
    ]


def _recount_sql(
    tables: Tables, span: Q, using: str, by_place: bool = False
) -> tuple[str, list]:
    """SELECT every column of `DailyCount` per day (and place) of `span` from the
    records: the three grouped counts, each padded with zeros to every column, in one
    UNION ALL summed per day (and place). The database counts and, to rewrite, copies the
    rows itself (INSERT ... SELECT): no row comes to Python."""
    keys = ("date", "place") if by_place else ("date",)
    padded = [
        rows.annotate(
            **{name: Value(0) for name in COLUMNS if name not in rows.query.annotations}
        ).values_list(*keys, *COLUMNS)
        for rows in _grouped(tables, span, by_place)
    ]
    union = padded[0].union(*padded[1:], all=True).query
    sql, params = union.get_compiler(using=using).as_sql()
    quote = connections[using].ops.quote_name
    sums = ", ".join(
        f"CAST(COALESCE(SUM({quote(c)}), 0) AS integer) AS {quote(c)}" for c in COLUMNS
    )
    group = ", ".join(quote(key) for key in keys)
    return f"SELECT {group}, {sums} FROM ({sql}) counted GROUP BY {group}", list(params)


def recount(
    days: Iterable[datetime.date] | None = None,
    *,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    by_place: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> dict:
    """The counts of `days`, or from `first` to `last`, or of every day, from the
    records: {day: {column: count}}, or with `by_place` {(day, place id): {column:
    count}}, days without records left out. One query."""
    span = _span(days, first, last)
    if span is None:
        return {}
    sql, params = _recount_sql(Tables.of(), span, using, by_place)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    wanted = None if days is None else set(days)
    counts = {}
    for row in rows:
        day = _day(row[0])
        if wanted is None or day in wanted:
            values = row[2:] if by_place else row[1:]
            key = (day, row[1]) if by_place else day
            counts[key] = dict(zip(COLUMNS, values, strict=True))
    return counts


def _day(value) -> datetime.date:
    """A date as the database cursor gives it (SQLite: its ISO text)."""
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _rewrite(tables: Tables, span: Q | None, using: str) -> None:
    """The rows of the days of `span` replaced by their recount, the city's and each
    place's, and the places' months of those days (`place_months`): six statements."""
    if span is None:
        return
    written = [(tables.daily, False, ("date",))]
    if tables.place_daily is not None:
        written.append((tables.place_daily, True, ("date", "place_id")))
    connection = connections[using]
    quote = connection.ops.quote_name
    # Delete and insert together, in the caller's transaction if there is one.
    with transaction.atomic(using=using, savepoint=False):
        for model, by_place, keys in written:
            sql, params = _recount_sql(tables, span, using, by_place)
            table = quote(model._meta.db_table)
            columns = ", ".join(quote(c) for c in (*keys, *COLUMNS))
            model._base_manager.using(using).filter(span).delete()
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)
        if tables.place_daily is not None and tables.place_monthly is not None:
            place_months.rewrite(
                tables.place_daily, tables.place_monthly, COLUMNS, span, using
            )


def refresh(days: Iterable[datetime.date], using: str = DEFAULT_DB_ALIAS) -> None:
    """Rewrite the daily counts of `days` from the records, in the current transaction;
    many days are rewritten as the span from the first to the last."""
    _rewrite(Tables.of(), _span(days), using)


def refresh_all(apps=current_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Rewrite every day's counts from the records, in the current transaction. A
    migration passes its `apps`, whose models it counts and writes."""
    _rewrite(Tables.of(apps), Q(), using)


@dataclass(frozen=True)
class Difference:
    """A count of a day that the table keeps otherwise than the records give it."""

    day: datetime.date
    column: str
    kept: int | None  # None: the table has no row for the day
    recounted: int | None  # None: the day has no record that counts
    place: int | None = None  # the place's id, for a place's counts
    monthly: bool = False  # a place's month (from `day`) against its days' sum

    def __str__(self) -> str:
        kept = "no row" if self.kept is None else f"{self.kept:,}"
        none, than = (
            ("no days", "days' sum") if self.monthly else ("no records", "recounted")
        )
        recounted = none if self.recounted is None else f"{self.recounted:,}"
        when = f"{self.day:%Y-%m} (month)" if self.monthly else self.day.isoformat()
        where = "" if self.place is None else f" place {self.place}"
        return f"{when}{where} {self.column}: kept {kept}, {than} {recounted}"


def kept_counts(first=None, last=None, using=DEFAULT_DB_ALIAS) -> dict:
    """The table's rows from `first` to `last` (or all): {day: {column: count}}; one
    query."""
    rows = DailyCount.objects.using(using).filter(_span(None, first, last))
    return merge(rows.order_by("date").values("date", *COLUMNS))


def kept_place_counts(using=DEFAULT_DB_ALIAS) -> dict:
    """Every place's rows: {(day, place id): {column: count}}; one query."""
    rows = PlaceDailyCount.objects.using(using).values("date", "place_id", *COLUMNS)
    return {(row.pop("date"), row.pop("place_id")): row for row in rows}


def differences(using: str = DEFAULT_DB_ALIAS) -> list[Difference]:
    """Every count where the tables and a whole recount differ, by day (and place) and
    column."""
    found = []
    pairs = [
        (kept_counts(using=using), recount(using=using)),
        (kept_place_counts(using), recount(by_place=True, using=using)),
    ]
    for kept, recounted in pairs:
        for key in sorted(kept.keys() | recounted.keys()):
            day, place = key if isinstance(key, tuple) else (key, None)
            for name in COLUMNS:
                was = kept[key][name] if key in kept else None
                now = recounted[key][name] if key in recounted else None
                if was != now:
                    found.append(Difference(day, name, was, now, place))
    months = place_months.differences(
        PlaceDailyCount, PlaceMonthlyCount, COLUMNS, using
    )
    found += [
        Difference(month, name, was, now, place, monthly=True)
        for month, place, name, was, now in months
    ]
    return found


def first_days(using: str = DEFAULT_DB_ALIAS) -> tuple:
    """The first day with an incident and the first with a recovery: one query, each
    read in date order up to its first match (a filtered MIN reads every day's row)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    table, date = quote(DailyCount._meta.db_table), quote("date")

    def first(column: str) -> str:
        return (
            f"(SELECT {date} FROM {table} WHERE {quote(column)} > 0 "
            f"ORDER BY {date} LIMIT 1)"
        )

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {first('incidents')}, {first('recoveries')}")
        row = cursor.fetchone()
    # SQLite gives a date as its ISO text.
    return tuple(
        datetime.date.fromisoformat(day) if isinstance(day, str) else day for day in row
    )


# --- Days changed: refreshed now, or at the end of a batch ------------------------------------

_MUTED = "_daily_counts_muted"  # on the connection: the signals look up no day


# On the connection: the keys of the open batch (refresh looked up at each call).
PENDING = Deferred("_daily_counts_pending", lambda keys, using: refresh(keys, using))


def changed(days: Iterable[datetime.date | None], using: str = DEFAULT_DB_ALIAS):
    """The records of `days` changed: refresh them now, or at the end of the batch."""
    days = set(days) - {None}
    PENDING.changed(days, using)


def batch(using: str = DEFAULT_DB_ALIAS):
    """A transaction whose changed days are refreshed once, together, at its end
    (inside it). Nested batches join the outer one."""
    return PENDING.batch(using)


@contextmanager
def muted(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Writes whose days are noted otherwise (a bulk delete's, before it): the per-row
    signals look up none."""
    connection = connections[using]
    before = getattr(connection, _MUTED, False)
    setattr(connection, _MUTED, True)
    try:
        yield
    finally:
        setattr(connection, _MUTED, before)


def is_muted(using: str) -> bool:
    return getattr(connections[using], _MUTED, False)


@contextmanager
def recounted_at_end(
    using: str = DEFAULT_DB_ALIAS, progress: Progress = QUIET
) -> Iterator[None]:
    """A transaction after whose writes every day is recounted, inside it, instead of
    looking up the days row by row (a restore of tens of thousands of rows); the
    recount is a phase of `progress`."""
    with transaction.atomic(using=using):
        with muted(using):
            yield
        with progress.phase("updating figures"):
            refresh_all(using=using)
