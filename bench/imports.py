"""Import speed: `import_incidents` on NYPD's file, on Philadelphia's through its format
file (`--mapping`) and on a generated canonical file; the floor: the same file loaded
into a bare table by the database's fastest path (PostgreSQL COPY; on SQLite, which has
no COPY, csv.reader plus one executemany); and the same-writes floor: the rows today's
import writes (incidents, victims, their history) by that same fastest path."""

import csv
import datetime
import io
import random
import statistics
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from incidents.models import Incident, Victim

from .data import LOCATIONS, copy_data, insert_data, wipe

FLOOR_TABLE = "bench_copy_floor"


def write_canonical(path: Path, rows: int, as_of: datetime.date, seed: int = 11):
    """A canonical incidents file of `rows` rows over 20 years, in date order."""
    rng = random.Random(seed)
    first = as_of.replace(year=as_of.year - 20)
    span = (as_of - first).days
    days = sorted(rng.choices(range(span + 1), k=rows))
    victims = rng.choices(range(4), weights=(55, 35, 8, 2), k=rows)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "case_number",
                "date",
                "time",
                "location",
                "shots_fired_confirmed",
                "victims_injured",
                "victims_killed",
                "status",
            ]
        )
        for number, (offset, hit) in enumerate(zip(days, victims, strict=True), 1):
            killed = sum(rng.random() < 0.2 for _ in range(hit))
            minute = rng.randrange(1440)
            writer.writerow(
                [
                    f"C-{number:07d}",
                    (first + datetime.timedelta(days=offset)).isoformat(),
                    f"{minute // 60:02d}:{minute % 60:02d}" if minute % 7 else "",
                    rng.choice(LOCATIONS),
                    "yes" if hit or rng.random() < 0.8 else "no",
                    hit - killed,
                    killed,
                    rng.choice(("final", "final", "preliminary", "")),
                ]
            )


def _count_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _import_once(path: Path, fmt: str, option: str = "--format") -> float:
    """Seconds of `import_incidents` of `path` into empty incident tables; `option`
    "--mapping" makes `fmt` a format file."""
    wipe()
    start = time.perf_counter()
    call_command(
        "import_incidents", str(path), option, fmt, quiet=True, stdout=io.StringIO()
    )
    return time.perf_counter() - start


def _imported(path: Path, seconds: list[float], incidents: int) -> dict:
    """The figures of the imports of `path` that took `seconds`, the last leaving
    `incidents`."""
    rows = _count_rows(path)
    median = statistics.median(seconds)
    return {
        "rows": rows,
        "incidents": incidents,
        "seconds": round(median, 2),
        "rows_per_second": round(rows / median),
    }


def time_import(path: Path, fmt: str, runs: int, option: str = "--format") -> dict:
    """Median seconds of `import_incidents` into empty incident tables; `option`
    "--mapping" makes `fmt` a format file."""
    seconds = [_import_once(path, fmt, option) for _ in range(runs)]
    return _imported(path, seconds, Incident.objects.count())


def _floor_once(path: Path) -> float:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        cursor.execute(
            f"CREATE TABLE {FLOOR_TABLE} (case_number varchar(50), date date, "
            "time time, location varchar(200), shots_fired_confirmed boolean, "
            "victims_injured integer, victims_killed integer, status varchar(20))"
        )
        start = time.perf_counter()
        if connection.vendor == "postgresql":
            with path.open(encoding="utf-8") as handle:
                cursor.copy_expert(
                    f"COPY {FLOOR_TABLE} FROM STDIN WITH (FORMAT csv, HEADER true)",
                    handle,
                )
        else:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = csv.reader(handle)
                next(rows)
                cursor.executemany(
                    f"INSERT INTO {FLOOR_TABLE} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    rows,
                )
        elapsed = time.perf_counter() - start
        cursor.execute(f"DROP TABLE {FLOOR_TABLE}")
    return elapsed


def time_floor(path: Path, runs: int) -> dict:
    rows = _count_rows(path)
    median = statistics.median(_floor_once(path) for _ in range(runs))
    method = (
        "COPY FROM STDIN (csv)"
        if connection.vendor == "postgresql"
        else "no COPY on SQLite: csv.reader + one executemany"
    )
    return {
        "method": method,
        "rows": rows,
        "seconds": round(median, 2),
        "rows_per_second": round(rows / median),
    }


# --- The same writes as the import, by the fastest path ---------------------------------

INCIDENT_COLUMNS = ["id", "case_number", "date", "time", "location"]
INCIDENT_COLUMNS += ["shots_fired_confirmed", "status"]
# History models copy the timestamps as plain fields: they get no automatic value.
HISTORY_COLUMNS = ["created_at", "updated_at", "history_date", "history_type"]
SAME_WRITES_MODELS = [Incident, Victim, Incident.history.model, Victim.history.model]


def _same_writes_rows(path: Path) -> list[tuple[type, list[str], list[tuple]]]:
    """(model, columns, rows) of what importing `path` writes: incidents, victims and a
    history row for each."""
    incidents, victims = [], []
    # As the database stores it (on SQLite a string), rendered before the clock starts.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        for number, row in enumerate(rows, 1):
            case, day, at, place, shots, injured, killed, status = row
            incidents.append(
                (
                    number,
                    case,
                    day,
                    at or None,
                    place,
                    shots == "yes",
                    status or "preliminary",
                )
            )
            victims += [(number, "injured")] * int(injured)
            victims += [(number, "killed")] * int(killed)
    victims = [(number, *victim) for number, victim in enumerate(victims, 1)]
    history = (now, now, now, "+")
    victim_columns = ["id", "incident_id", "outcome"]
    return [
        (Incident, INCIDENT_COLUMNS, incidents),
        (Victim, victim_columns, victims),
        (
            Incident.history.model,
            INCIDENT_COLUMNS + HISTORY_COLUMNS,
            [row + history for row in incidents],
        ),
        (
            Victim.history.model,
            victim_columns + HISTORY_COLUMNS,
            [row + history for row in victims],
        ),
    ]


def _same_writes(path: Path) -> list[tuple[str, io.StringIO]]:
    """PostgreSQL: COPY statements that write what importing `path` writes. Rendered
    before the clock starts."""
    return [copy_data(*table) for table in _same_writes_rows(path)]


def _same_inserts(path: Path) -> list[tuple[str, list]]:
    """SQLite (no COPY): the same writes as multi-row INSERT statements."""
    return [
        insert for table in _same_writes_rows(path) for insert in insert_data(*table)
    ]


def _write_once(cursor, statements: list) -> float:
    """Seconds of `statements` (COPY on PostgreSQL, multi-row INSERTs on SQLite), with
    constraints checked as they go; rolled back."""
    write = cursor.copy_expert if connection.vendor == "postgresql" else cursor.execute
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            _without_triggers(cursor)
            start = time.perf_counter()
            for sql, data in statements:
                write(sql, data)
            elapsed = time.perf_counter() - start
            raise _RollBack
    except _RollBack:
        return elapsed


def _without_triggers(cursor) -> None:
    """The floor is today's writes: triggers of the tables it writes (a product keeping
    its daily counts by trigger) are off, until the rollback; constraints stay."""
    tables = [model._meta.db_table for model in SAME_WRITES_MODELS]
    if connection.vendor == "postgresql":
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        return
    marks = ", ".join(["%s"] * len(tables))
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
        f"({marks})",
        tables,
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP TRIGGER "{name}"')  # SQLite's DDL rolls back too


def _same_writes_once(path: Path) -> float:
    """Seconds of writing into the incident, victim and both history tables, with their
    indexes and constraints, what importing `path` writes (today's import: no daily
    counts); rolled back."""
    render = _same_writes if connection.vendor == "postgresql" else _same_inserts
    wipe()
    statements = render(path)
    with connection.cursor() as cursor:
        return _write_once(cursor, statements)


def _same_written(path: Path, seconds: list[float]) -> dict:
    rows = _count_rows(path)
    median = statistics.median(seconds)
    how = "COPY" if connection.vendor == "postgresql" else "multi-row INSERTs (no COPY)"
    return {
        "method": f"{how} into the incident, victim and both history tables",
        "rows": rows,
        "seconds": round(median, 2),
        "rows_per_second": round(rows / median),
    }


def time_import_and_same_writes(path: Path, runs: int) -> tuple[dict, dict]:
    """The import of the canonical `path` and the same writes (`_same_writes_once`), in turn
    (an import, the same writes, an import, ...): a slow spell of the machine falls on
    both, and their ratio compares runs of the same minutes."""
    imported, written = [], []
    for _ in range(runs):
        imported.append(_import_once(path, "canonical"))
        incidents = Incident.objects.count()
        written.append(_same_writes_once(path))
    return _imported(path, imported, incidents), _same_written(path, written)


class _RollBack(Exception):
    pass
