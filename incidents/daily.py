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
from django.db.models import Count, F, Min, Q, QuerySet, Sum, Value, signals

from .models import DailyCount, FirearmRecovery, Incident, Victim

# The counts of one day, as `DailyCount` keeps them.
COLUMNS = tuple(f.name for f in DailyCount._meta.concrete_fields if not f.primary_key)

SEIZED = Q(source=FirearmRecovery.Source.SEIZED.value)
BOUGHT_BACK = Q(source=FirearmRecovery.Source.BOUGHT_BACK.value)
# More days than this are recounted and rewritten as the span from the first to the last:
# one query each however many days, rather than an IN list of thousands of dates.
LISTED_DAYS = 500
KEYS_PER_QUERY = 2000


# --- The grouped counts (also of the history tables, in `counting`) -----------------------


def count_incidents(rows: QuerySet) -> QuerySet:
    """The incidents of `rows` per day: all, confirmed discharges, preliminary, sample."""
    return (
        rows.order_by()
        .values("date")
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


def count_recoveries(rows: QuerySet) -> QuerySet:
    """Recoveries per day, and firearms by source: only firearms the police seized are
    "recovered"; surrendered ones count in no figure but are records of the day."""
    return (
        rows.order_by()
        .values("date")
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

    @classmethod
    def of(cls, apps=current_apps) -> "Tables":
        names = ("Incident", "Victim", "FirearmRecovery", "DailyCount")
        return cls(*(apps.get_model("incidents", name) for name in names))


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


def _recount_sql(tables: Tables, span: Q, using: str) -> tuple[str, list]:
    """SELECT every column of `DailyCount` per day of `span` from the records: the three
    grouped counts, each padded with zeros to every column, in one UNION ALL summed per
    day. The database counts and, to rewrite, copies the rows itself (INSERT ... SELECT):
    no row comes to Python."""
    counted = Q(voided_at__isnull=True)
    incidents = tables.incident._base_manager.filter(counted, span)
    victims = tables.victim._base_manager.filter(
        _on_incident_days(span), incident__voided_at__isnull=True
    )
    recoveries = tables.recovery._base_manager.filter(counted, span)
    grouped = [
        count_incidents(incidents),
        count_victims(victims.values(date=F("incident__date"))),
        count_recoveries(recoveries),
    ]
    padded = [
        rows.annotate(
            **{name: Value(0) for name in COLUMNS if name not in rows.query.annotations}
        ).values_list("date", *COLUMNS)
        for rows in grouped
    ]
    union = padded[0].union(*padded[1:], all=True).query
    sql, params = union.get_compiler(using=using).as_sql()
    quote = connections[using].ops.quote_name
    sums = ", ".join(
        f"CAST(COALESCE(SUM({quote(c)}), 0) AS integer) AS {quote(c)}" for c in COLUMNS
    )
    day = quote("date")
    return f"SELECT {day}, {sums} FROM ({sql}) counted GROUP BY {day}", list(params)


def recount(
    days: Iterable[datetime.date] | None = None,
    *,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> dict[datetime.date, dict[str, int]]:
    """The counts of `days`, or from `first` to `last`, or of every day, from the
    records: {day: {column: count}}, days without records left out. One query."""
    span = _span(days, first, last)
    if span is None:
        return {}
    sql, params = _recount_sql(Tables.of(), span, using)
    counts = {
        row.date: {name: getattr(row, name) for name in COLUMNS}
        for row in DailyCount.objects.using(using).raw(sql, params)
    }
    if days is not None:
        wanted = set(days)
        counts = {day: row for day, row in counts.items() if day in wanted}
    return counts


def _rewrite(tables: Tables, span: Q | None, using: str) -> None:
    """The rows of the days of `span` replaced by their recount: two statements."""
    if span is None:
        return
    sql, params = _recount_sql(tables, span, using)
    connection = connections[using]
    table = connection.ops.quote_name(tables.daily._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("date", *COLUMNS))
    # Delete and insert together, in the caller's transaction if there is one.
    with transaction.atomic(using=using, savepoint=False):
        tables.daily._base_manager.using(using).filter(span).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)


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

    def __str__(self) -> str:
        kept = "no row" if self.kept is None else f"{self.kept:,}"
        recounted = "no records" if self.recounted is None else f"{self.recounted:,}"
        return (
            f"{self.day.isoformat()} {self.column}: kept {kept}, recounted {recounted}"
        )


def kept_counts(first=None, last=None, using=DEFAULT_DB_ALIAS) -> dict:
    """The table's rows from `first` to `last` (or all): {day: {column: count}}; one
    query."""
    rows = DailyCount.objects.using(using).filter(_span(None, first, last))
    return merge(rows.order_by("date").values("date", *COLUMNS))


def differences(using: str = DEFAULT_DB_ALIAS) -> list[Difference]:
    """Every count where the table and a whole recount differ, by day and column."""
    kept, recounted = kept_counts(using=using), recount(using=using)
    found = []
    for day in sorted(kept.keys() | recounted.keys()):
        for name in COLUMNS:
            was = kept[day][name] if day in kept else None
            now = recounted[day][name] if day in recounted else None
            if was != now:
                found.append(Difference(day, name, was, now))
    return found


def first_days(using: str = DEFAULT_DB_ALIAS) -> tuple:
    """The first day with an incident and the first with a recovery: one query."""
    first = DailyCount.objects.using(using).aggregate(
        incidents=Min("date", filter=Q(incidents__gt=0)),
        recoveries=Min("date", filter=Q(recoveries__gt=0)),
    )
    return first["incidents"], first["recoveries"]


# --- Days changed: refreshed now, or at the end of a batch ------------------------------------

_PENDING = "_daily_counts_pending"  # on the connection: the days of the open batch
_MUTED = "_daily_counts_muted"  # on the connection: the signals look up no day


def changed(days: Iterable[datetime.date | None], using: str = DEFAULT_DB_ALIAS):
    """The records of `days` changed: refresh them now, or at the end of the batch."""
    days = set(days) - {None}
    pending = getattr(connections[using], _PENDING, None)
    if pending is not None:
        pending |= days
    elif days:
        refresh(days, using)


@contextmanager
def batch(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A transaction whose changed days are refreshed once, together, at its end (inside
    it). Nested batches join the outer one."""
    connection = connections[using]
    if getattr(connection, _PENDING, None) is not None:
        yield
        return
    with transaction.atomic(using=using):
        setattr(connection, _PENDING, set())
        try:
            yield
            days = getattr(connection, _PENDING)
        finally:
            setattr(connection, _PENDING, None)
        refresh(days, using)


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


def _muted(using: str) -> bool:
    return getattr(connections[using], _MUTED, False)


@contextmanager
def recounted_at_end(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A transaction after whose writes every day is recounted, inside it, instead of
    looking up the days row by row (a restore of tens of thousands of rows)."""
    with transaction.atomic(using=using):
        with muted(using):
            yield
        refresh_all(using=using)


# --- Which days a record is on --------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    """What of a model's rows the counts read."""

    day: str  # the lookup of a row's day
    moves: frozenset[str]  # fields whose change puts a row on another day
    counted: frozenset[str]  # every field a count reads, those included


KEPT = {
    Incident: Kept(
        "date",
        frozenset({"date"}),
        frozenset(
            {"date", "shots_fired_confirmed", "status", "illustrative", "voided_at"}
        ),
    ),
    Victim: Kept(
        "incident__date",
        frozenset({"incident", "incident_id"}),
        frozenset({"incident", "incident_id", "outcome"}),
    ),
    FirearmRecovery: Kept(
        "date",
        frozenset({"date"}),
        frozenset({"date", "count", "source", "illustrative", "voided_at"}),
    ),
}


def counts_read(model, names: Iterable[str] | None) -> bool:
    """Whether writing the fields `names` (None: all) of `model` can change a count."""
    return names is None or bool(KEPT[model].counted & set(names))


def days_of(rows: QuerySet) -> set[datetime.date]:
    """The days of the rows of `rows`: one query."""
    day = KEPT[rows.model].day
    return set(rows.order_by().values_list(day, flat=True).distinct())


def days_of_keys(model, pks: Iterable, using: str = DEFAULT_DB_ALIAS) -> set:
    """The days of the saved rows of `model` whose primary keys are `pks`."""
    pks, days = list(pks), set()
    for start in range(0, len(pks), KEYS_PER_QUERY):
        chunk = pks[start : start + KEYS_PER_QUERY]
        days |= days_of(model._base_manager.using(using).filter(pk__in=chunk))
    return days


def days_of_objects(model, objs: list, using: str = DEFAULT_DB_ALIAS) -> set:
    """The days `objs` (instances of `model`, as saved) are on: a victim's is its
    incident's, read from the database."""
    if model is Victim:
        return days_of_keys(Incident, {o.incident_id for o in objs}, using)
    return {o.date for o in objs}


# --- Model signals: saves and deletes, raw ones (loaddata) included --------------------------

_BEFORE = "_daily_counts_before"  # on an instance, between pre_save and post_save


def _before_save(sender, instance, using, update_fields=None, **kwargs) -> None:
    if _muted(using):
        return
    if instance.pk is not None and counts_read(sender, update_fields):
        days = days_of_keys(sender, [instance.pk], using)
        setattr(instance, _BEFORE, days)


def _after_save(sender, instance, using, update_fields=None, **kwargs) -> None:
    if not _muted(using) and counts_read(sender, update_fields):
        before = instance.__dict__.pop(_BEFORE, set())
        changed(before | days_of_objects(sender, [instance], using), using)


def _after_delete(sender, instance, using, **kwargs) -> None:
    if not _muted(using):
        changed(days_of_objects(sender, [instance], using), using)


def _restored_row(sender, instance, raw, using, **kwargs) -> None:
    """A row of the table loaded from a backup is recounted from the records loaded."""
    if raw and not _muted(using):
        changed({instance.date}, using)


def _after_migrate(sender, using, plan=None, apps=None, **kwargs) -> None:
    """After any migration ran (a data migration may have written records), every day is
    recounted, with the models as the migrations left them."""
    if not plan or apps is None:
        return
    try:
        apps.get_model("incidents", "DailyCount")
    except LookupError:  # migrated back to before the table
        return
    refresh_all(apps, using)


def connect(app_config) -> None:
    """Connect the signals (from the app's ready())."""
    for model in KEPT:
        uid = f"daily-counts-{model.__name__}"
        signals.pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        signals.post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        signals.post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    signals.post_save.connect(_restored_row, sender=DailyCount, dispatch_uid="daily")
    signals.post_migrate.connect(
        _after_migrate, sender=app_config, dispatch_uid="daily-counts"
    )
