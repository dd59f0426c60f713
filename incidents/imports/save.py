"""Saving a clean import plan: new records set-based, changed ones with their history, and
the places of both as through rows in bulk (`places.write`)."""

import csv
import datetime
import io
from collections import defaultdict
from contextlib import ExitStack
from functools import partial

from django.db import connections, router, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from audit.bulk import bulk_create_recorded, history_rows_sql, insert_history_rows
from binghamton_safety.progress import QUIET, Progress

from .. import daily
from ..locations import exact_address
from ..models import DataCompleteness, FirearmRecovery, Incident, Victim
from .lookups import BATCH, chunked_values, chunks
from .mapping import Mapping
from .places import write as write_places
from .plan import ImportPlan, plan
from .reading import Source, no_cycle_collection
from .records import IncidentRecord, Record, RecoveryRecord


def _row_values(record: Record, names: list[str] | None = None, **more) -> dict:
    """The values `record` gives its saved row (its `row_fields`, or those of them in
    `names`), and `more`; an imported record is never illustrative sample data."""
    names = record.row_fields if names is None else names
    values = {name: getattr(record, name) for name in names}
    return {**values, "illustrative": False, **more}


def _update_changed(model, key: str, records: list[Record], fields_of, user) -> list:
    """Give the saved rows of `model` whose `key` matches a changed record that record's
    fields, with a history row each; the updated rows."""
    by_key = {getattr(r, key): r for r in records}
    saved = []
    for chunk in chunks(sorted(by_key)):
        saved += model.all_objects.filter(**{f"{key}__in": chunk})
    now = timezone.now()
    for row in saved:
        record = by_key[getattr(row, key)]
        _keep_exact_address(row, record)
        for name, value in fields_of(record).items():
            setattr(row, name, value)
        row.updated_at = now
        row.version += 1  # an editor's open form on it is now out of date
    fields = [*fields_of(records[0]), "address", "updated_at", "version"]
    bulk_update_with_history(saved, model, fields, batch_size=BATCH, default_user=user)
    return saved


def _save_incidents(result: ImportPlan, user) -> None:
    """New incidents whole; of a changed one, the fields the import sets only (a file
    without victims never removes victims recorded from another)."""
    _insert_new_incidents(result.new, user)
    if not result.changed:
        return
    mapped = IncidentRecord.compared if result.fields is None else result.fields
    row_fields = [name for name in IncidentRecord.row_fields if name in mapped]
    fields = partial(_row_values, names=row_fields)
    incidents = _update_changed(Incident, "case_number", result.changed, fields, user)
    by_case = {r.case_number: r for r in result.changed}
    outcomes = [name for name in ("injured", "killed") if name in mapped]
    victims = _victim_changes(incidents, by_case, outcomes)
    bulk_create_recorded(Victim, victims, user, batch_size=BATCH)


# --- New incidents, set-based -------------------------------------------------------------

STAGED_INCIDENTS = "staged_import_incident"
STAGED_VICTIMS = "staged_import_victim"
# The columns a new incident takes from its record (the others take their defaults): its
# key, the fields an import sets and the staff-only address.
STAGED_COLUMNS = ("case_number", *IncidentRecord.row_fields, "address")


def _insert_new_incidents(records: list[IncidentRecord], user) -> None:
    """Save new incidents, their victims and a history row for each, in a few statements.

    The records go into two temporary tables in one pass (COPY on PostgreSQL, one
    executemany on SQLite); INSERT ... SELECT statements copy them from there into the
    incident and victim tables and both history tables. No model instance and no
    statement per record, however long the file; the checks ran before, in `plan`.
    """
    if not records:
        return
    connection = connections[router.db_for_write(Incident)]
    with no_cycle_collection(), connection.cursor() as cursor:
        _stage_new_incidents(cursor, records)
        _copy_staged_incidents(cursor, user, many=len(records) >= ANALYZED_ROWS)


def _stage_new_incidents(cursor, records: list[IncidentRecord]) -> None:
    """The new incidents, and their victims (case number, outcome), in temporary tables."""
    injured, killed = Victim.Outcome.INJURED.value, Victim.Outcome.KILLED.value
    incidents = [
        (  # STAGED_COLUMNS, as the database reads them
            r.case_number,
            r.date.isoformat(),
            r.time.isoformat() if r.time else None,
            r.location,
            r.shots_fired_confirmed,
            str(r.status),
            r.address,
        )
        for r in records
    ]
    victims = [
        victim
        for r in records
        for victim in [(r.case_number, injured)] * r.injured
        + [(r.case_number, killed)] * r.killed
    ]
    field = Incident._meta.get_field
    _stage(
        cursor, STAGED_INCIDENTS, [field(name) for name in STAGED_COLUMNS], incidents
    )
    outcome = Victim._meta.get_field("outcome")
    _stage(cursor, STAGED_VICTIMS, [field("case_number"), outcome], victims)


def _copy_staged_incidents(cursor, user, many: bool) -> None:
    """From the temporary tables into the incident and victim tables and their
    histories, by `user`; then the temporary tables go. `many`: the tables written are
    analyzed before they are read again."""
    incidents = Incident._meta.db_table
    recorded = partial(_insert_recorded, cursor, user=user, when=timezone.now())
    recorded(
        Incident,
        {name: f"s.{name}" for name in STAGED_COLUMNS},
        f"FROM {STAGED_INCIDENTS} s ORDER BY s.seq",
        f"JOIN {STAGED_INCIDENTS} s ON s.case_number = t.case_number",
    )
    if many:
        _analyze(cursor, incidents)
    recorded(
        Victim,
        {"incident_id": "i.id", "outcome": "v.outcome"},
        f"FROM {STAGED_VICTIMS} v JOIN {incidents} i "
        "ON i.case_number = v.case_number ORDER BY v.seq",
        f"JOIN {incidents} i ON i.id = t.incident_id "
        f"JOIN {STAGED_INCIDENTS} s ON s.case_number = i.case_number",
    )
    if many:
        _analyze(cursor, Victim._meta.db_table)
    cursor.execute(f"DROP TABLE {STAGED_INCIDENTS}")
    cursor.execute(f"DROP TABLE {STAGED_VICTIMS}")


def _insert_recorded(
    cursor, model, given: dict, source: str, staged: str, *, user, when
) -> None:
    """`_insert_select_sql`, run, and a "+" history row by `user` at `when` for each row
    inserted. On PostgreSQL one statement: the history rows are copied from the rows the
    INSERT returns. On SQLite (no INSERT in a WITH) a second statement finds them by
    `staged`, the join of the table to the staged rows."""
    connection = cursor.db
    sql, params = _insert_select_sql(connection, model, given, source)
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        insert_history_rows(cursor, model, staged, user=user, when=when)
        return
    history, first = history_rows_sql(connection, model, "new t", user=user, when=when)
    cursor.execute(f"WITH new AS ({sql} RETURNING *) {history}", [*params, *first])


def _stage(cursor, table: str, fields: list, rows: list[tuple]) -> None:
    """A temporary table `table` of the columns of model `fields`, holding `rows`; `seq`
    numbers them in order.

    On PostgreSQL the rows travel as one CSV stream (COPY), every value quoted: an empty
    value is NULL only in the columns that may be null.
    """
    connection = cursor.db
    columns = ", ".join(f"{f.column} {f.db_type(connection)}" for f in fields)
    # On SQLite an INTEGER PRIMARY KEY is the rowid: the rows are kept in `seq` order,
    # and ORDER BY seq sorts nothing. (PostgreSQL would build an index and not use it.)
    key = " PRIMARY KEY" if connection.vendor == "sqlite" else ""
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(f"CREATE TEMPORARY TABLE {table} (seq integer{key}, {columns})")
    numbered = ((seq, *row) for seq, row in enumerate(rows))
    if connection.vendor == "postgresql":
        stream = io.StringIO()
        csv.writer(stream, quoting=csv.QUOTE_ALL).writerows(numbered)
        stream.seek(0)
        nullable = ", ".join(f.column for f in fields if f.null)
        force_null = f", FORCE_NULL ({nullable})" if nullable else ""
        cursor.copy_expert(
            f"COPY {table} FROM STDIN WITH (FORMAT csv{force_null})", stream
        )
        if len(rows) >= ANALYZED_ROWS:
            _analyze(cursor, table)
    else:
        marks = ", ".join(["%s"] * (len(fields) + 1))
        cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", numbered)


# On PostgreSQL, an import of this many rows or more has the tables it wrote analyzed
# before it reads them again (the joins of the history rows, the daily counts' recount):
# the planner's figures are otherwise those of the tables before the import (none at all
# for the temporary ones, which autovacuum never sees), and its plans a nested loop over
# every row.
ANALYZED_ROWS = 10_000


def _analyze(cursor, table: str) -> None:
    """Fresh planner statistics of `table` (PostgreSQL; SQLite plans by its indexes)."""
    if cursor.db.vendor == "postgresql":
        cursor.execute(f"ANALYZE {cursor.db.ops.quote_name(table)}")


def _insert_select_sql(
    connection, model, given: dict[str, str], source: str
) -> tuple[str, list]:
    """INSERT INTO `model`'s table SELECT the `given` columns (SQL expressions over
    `source`) and every other column's default (timestamps: now): the SQL and its
    parameters."""
    now = timezone.now()
    columns, values, params = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        if f.attname in given:
            values.append(given[f.attname])
            continue
        automatic = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        values.append("%s")
        params.append(
            f.get_db_prep_save(now if automatic else f.get_default(), connection)
        )
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({', '.join(columns)}) SELECT {', '.join(values)} {source}"
    )
    return sql, params


def _victim_changes(
    incidents: list[Incident], by_case: dict, outcomes: list[str]
) -> list[Victim]:
    """Remove the victims of `outcomes` ("injured", "killed") an updated incident no
    longer has; return those to add.

    Victims who stay are left alone, so their history shows only real changes.
    """
    if not outcomes:
        return []
    saved: dict = defaultdict(lambda: defaultdict(list))
    for chunk in chunks([i.pk for i in incidents]):
        for victim in Victim.all_objects.filter(incident_id__in=chunk).order_by("pk"):
            saved[victim.incident_id][victim.outcome].append(victim)
    removed, added = [], []
    for incident in incidents:
        record = by_case[incident.case_number]
        for name in outcomes:
            outcome, wanted = Victim.Outcome(name), getattr(record, name)
            have = saved[incident.pk][outcome]
            removed += [victim.pk for victim in have[wanted:]]
            added += [
                Victim(incident_id=incident.pk, outcome=outcome)
                for _ in range(wanted - len(have))
            ]
    for chunk in chunks(removed):
        Victim.all_objects.filter(pk__in=chunk).delete()  # one history row each
    return added


def _keep_exact_address(saved: Incident | FirearmRecovery, record: Record) -> None:
    """The staff-only address of `saved` once the import gives it `record`'s location
    (before the location is set): `exact_address`'s rule, as in the forms."""
    moved = saved.location != record.location
    saved.address = exact_address(saved.address, record.address, moved=moved)


def _save_recoveries(result: ImportPlan, user) -> None:
    """New recoveries whole; of a changed one, the fields the import sets only."""
    cases = {r.case_number for r in result.new + result.changed if r.case_number}
    incident_ids = dict(
        chunked_values(Incident.objects, "case_number", cases, "case_number", "pk")
    )

    def fields(record: RecoveryRecord) -> dict:
        return _row_values(record, incident_id=incident_ids.get(record.case_number))

    def mapped_fields(record: RecoveryRecord) -> dict:
        names = [name for name in RecoveryRecord.row_fields if name in result.fields]
        link = {"incident_id": incident_ids.get(record.case_number)}
        return _row_values(record, names, **(link if linked else {}))

    linked = result.fields is None or "case_number" in result.fields

    bulk_create_recorded(
        FirearmRecovery,
        [
            FirearmRecovery(reference=r.reference, address=r.address, **fields(r))
            for r in result.new
        ],
        user,
        batch_size=BATCH,
    )
    if result.changed:
        changed = fields if result.fields is None else mapped_fields
        _update_changed(FirearmRecovery, "reference", result.changed, changed, user)


@transaction.atomic
def apply(
    content: Source,
    fmt: str | Mapping,
    *,
    complete_through: datetime.date | None = None,
    user=None,
    progress: Progress = QUIET,
) -> ImportPlan:
    """Validate and save the file in one transaction; nothing is saved if any row is bad.

    Validation runs again inside the transaction, so the saved result is exactly what the
    checks saw even if someone else saved records since a preview.
    """
    result = plan(content, fmt, progress)
    if result.ok:
        write(result, complete_through, user, progress)
    return result


def write(
    result: ImportPlan,
    complete_through: datetime.date | None = None,
    user=None,
    progress: Progress = QUIET,
) -> None:
    """Save a clean plan's records, and "data complete through" if given; the daily
    counts of every day written are refreshed once, at the end, together."""
    written = len(result.new) + len(result.changed)
    # The figures' phase starts once the records are written and ends after the batch,
    # whose end refreshes them: it is entered on a stack that closes outside the batch.
    with ExitStack() as figures, daily.batch():
        with progress.phase(f"writing {written:,} records", written, "records") as p:
            if result.is_incidents:
                _save_incidents(result, user)
            else:
                _save_recoveries(result, user)
            write_places(result)
            # New incidents go in by SQL, past the querysets that note their days; a
            # changed record's days (before and after) are noted by its bulk_update();
            # the through rows go in past the signal that notes a change of places.
            daily.changed(record.date for record in (*result.new, *result.placed))
            p.advance(written)
        figures.enter_context(progress.phase("updating figures", unit="days"))
    if complete_through:
        DataCompleteness.set(complete_through, user)
