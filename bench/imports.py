"""Import speed: `import_incidents` on NYPD's file and on a generated canonical file, and
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

from incidents.models import Incident

from .data import LOCATIONS, wipe

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


def time_import(path: Path, fmt: str, runs: int) -> dict:
    """Median seconds of `import_incidents` into empty incident tables."""
    seconds = []
    for _ in range(runs):
        wipe()
        start = time.perf_counter()
        call_command(
            "import_incidents", str(path), "--format", fmt, stdout=io.StringIO()
        )
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
