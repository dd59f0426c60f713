"""Import speed: `import_incidents` on NYPD's file, on Philadelphia's through its format
file (`--mapping`) and on a generated canonical file, and
the floor: the same file loaded into a bare table by the database's fastest path
(PostgreSQL COPY; on SQLite, which has no COPY, csv.reader plus one executemany)."""

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

from .data import LOCATIONS, copy_data, wipe

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


def time_import(path: Path, fmt: str, runs: int, option: str = "--format") -> dict:
    """Median seconds of `import_incidents` into empty incident tables; `option`
    "--mapping" makes `fmt` a format file."""
    seconds = []
    for _ in range(runs):
        wipe()
        start = time.perf_counter()
        call_command("import_incidents", str(path), option, fmt, stdout=io.StringIO())
        seconds.append(time.perf_counter() - start)
    rows = _count_rows(path)
    median = statistics.median(seconds)
    return {
        "rows": rows,
        "incidents": Incident.objects.count(),
        "seconds": round(median, 2),
        "rows_per_second": round(rows / median),
    }


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


# --- The same writes as the import, by COPY ------------------------------------------------

INCIDENT_COLUMNS = ["id", "case_number", "date", "time", "location"]
INCIDENT_COLUMNS += ["shots_fired_confirmed", "status"]
# History models copy the timestamps as plain fields: they get no automatic value.
HISTORY_COLUMNS = ["created_at", "updated_at", "history_date", "history_type"]


def _same_writes(path: Path) -> list[tuple[str, io.StringIO]]:
    """COPY statements that write what importing `path` writes: incidents, victims and a
    history row for each (PostgreSQL only). Rendered before the clock starts."""
    incidents, victims = [], []
    now = timezone.now()
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
    return [
        copy_data(Incident, INCIDENT_COLUMNS, incidents),
        copy_data(Victim, ["id", "incident_id", "outcome"], victims),
        copy_data(
            Incident.history.model,
            INCIDENT_COLUMNS + HISTORY_COLUMNS,
            (row + history for row in incidents),
        ),
        copy_data(
            Victim.history.model,
            ["id", "incident_id", "outcome", *HISTORY_COLUMNS],
            (row + history for row in victims),
        ),
    ]


def time_same_writes(path: Path, runs: int) -> dict | None:
    """Seconds of COPY into the incident, victim and both history tables, with their
    indexes, and constraints checked at once; rolled back each time."""
    if connection.vendor != "postgresql":
        return None
    seconds = []
    for _ in range(runs):
        wipe()
        statements = _same_writes(path)
        with connection.cursor() as cursor:
            try:
                with transaction.atomic():
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    start = time.perf_counter()
                    for sql, data in statements:
                        cursor.copy_expert(sql, data)
                    seconds.append(time.perf_counter() - start)
                    raise _RollBack
            except _RollBack:
                pass
    rows = _count_rows(path)
    median = statistics.median(seconds)
    return {
        "method": "COPY into the incident, victim and both history tables",
        "rows": rows,
        "seconds": round(median, 2),
        "rows_per_second": round(rows / median),
    }


class _RollBack(Exception):
    pass
