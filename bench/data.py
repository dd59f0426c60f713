"""Synthetic data at scale: incidents, victims and firearm recoveries over 20 years, and
spending entries, written straight into the tables (COPY on PostgreSQL, executemany on
SQLite) in big batches, then the daily counts and the monthly spending totals brought to
them (`keep_daily_counts`, `keep_monthly_totals`).

The rows are fake but shaped like real ones: most incidents have no one hit, a few have
several victims, a fifth of victims die, recoveries are of one to three guns.
"""

import contextlib
import datetime
import importlib
import io
import random
import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.apps import apps
from django.core.management import CommandError, call_command, get_commands
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from binghamton_safety.cache import bump_data_version
from funding import sample_data
from funding.models import FIRST_ELIGIBLE_COST_DATE, FundingArea, SpendingEntry
from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim
from places.models import Place, PlaceKind

from .nypd import ROOT

# The 77 NYPD precincts' real boundaries: the places of the generated records, so the
# figures by place and the map are measured with real shapes.
PRECINCTS = ROOT.parent / "shared/data/real/nyc_precincts/police_precincts.geojson"

YEARS = 20
BATCH = 50_000
LOCATIONS = [f"{block}00 block of {street}" for block in range(1, 10) for street in (
    "Main St", "Court St", "Clinton St", "Front St", "Robinson St", "Conklin Ave",
    "Leroy St", "Oak St", "Chenango St", "Washington St",
)]  # fmt: skip


def bulk_load(model, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (values of `columns`, by attname) into `model`'s table, fast.

    Every other column gets the field's default (timestamps: now), so the loader keeps
    working when a model gains a column with a default.
    """
    count = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, BATCH):
            count += len(chunk)
            if connection.vendor == "postgresql":
                cursor.copy_expert(*copy_data(model, columns, chunk))
            else:
                for insert, values in insert_data(model, columns, chunk):
                    cursor.execute(insert, values)
    return count


def _columns(model, columns: list[str]) -> tuple[str, str, tuple]:
    """(quoted table, quoted column list, values of the columns not given)."""
    now = timezone.now()
    extra: dict[str, object] = {}
    for field in model._meta.concrete_fields:
        if field.attname in columns or field.primary_key:
            continue
        if isinstance(field, models.DateTimeField) and (
            field.auto_now or field.auto_now_add
        ):
            value = now
        else:
            value = field.get_default()
        extra[field.column] = field.get_db_prep_save(value, connection)
    names = [model._meta.get_field(c).column if c != "id" else "id" for c in columns]
    names += list(extra)
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    return table, quoted, tuple(extra.values())


def copy_data(
    model, columns: list[str], rows: Iterable[tuple]
) -> tuple[str, io.StringIO]:
    """PostgreSQL: the COPY statement and its data, ready for `cursor.copy_expert`."""
    table, quoted, constants = _columns(model, columns)
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(_copy_text, row + constants)))
        buffer.write("\n")
    buffer.seek(0)
    return f"COPY {table} ({quoted}) FROM STDIN", buffer


def insert_data(
    model, columns: list[str], rows: Iterable[tuple]
) -> list[tuple[str, list]]:
    """SQLite: multi-row INSERT statements of `rows`, each within SQLite's limit of
    parameters, for `cursor.execute`: SQLite's fastest path without COPY (far fewer
    steps than one executemany)."""
    table, quoted, constants = _columns(model, columns)
    width = len(columns) + len(constants)
    one_row = "(" + ", ".join(["%s"] * width) + ")"
    statements = []
    for chunk in _chunks(
        (tuple(row) + constants for row in rows), _rows_per_insert(width)
    ):
        values = [value for row in chunk for value in row]
        rows_sql = ", ".join([one_row] * len(chunk))
        statements.append((f"INSERT INTO {table} ({quoted}) VALUES {rows_sql}", values))
    return statements


def _rows_per_insert(width: int) -> int:
    """As many rows of `width` values as one SQLite statement takes parameters."""
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, limit // width)


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def wipe() -> None:
    """Empty the tables the generator and the imports fill, history included, and the
    product's daily counts and monthly spending totals of them."""
    models_ = [Victim, FirearmRecovery, Incident, SpendingEntry]
    tables = [  # the links of records to places, and the like: first, as they name them
        f.remote_field.through._meta.db_table
        for m in models_
        for f in m._meta.many_to_many
    ]
    tables += [m._meta.db_table for m in models_]
    tables += [m.history.model._meta.db_table for m in models_ if hasattr(m, "history")]
    tables += [m._meta.db_table for m in daily_count_models() + monthly_total_models()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses while foreign-key checks of this transaction wait:
            # run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
            # As RESTART IDENTITY: the generated records are numbered from 1 again,
            # and the links to places name them so.
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables
            )
    bump_data_version()


# --- The product's kept counts and totals (issue 15) ------------------------------------

CHECK_COMMAND = "check_daily_counts"
CHECK_TOTALS_COMMAND = "check_spending_totals"


def daily_count_models() -> list:
    """The incidents app's tables of daily (and per-place monthly) counts, if the
    product keeps any."""
    return [
        model
        for model in apps.get_app_config("incidents").get_models()
        if model._meta.model_name.endswith(("dailycount", "monthlycount"))
    ]


def monthly_total_models() -> list:
    """The funding app's table of monthly spending totals, if the product keeps one."""
    return [
        model
        for model in apps.get_app_config("funding").get_models()
        if model._meta.model_name == "monthlyspending"
    ]


def _rewrite_kept(module: str, command: str, what: str) -> str:
    """After the generator's bulk loads, which no form or import sees: the product's
    kept `what` rewritten from the rows (`module`'s `refresh_all`), then checked by
    `command` where it exists. Raises when they differ; says in words what was done."""
    try:
        kept = importlib.import_module(module)
    except ModuleNotFoundError:
        return f"no {what} kept by the product"
    kept.refresh_all()
    if command not in get_commands():
        return f"{what} recounted"
    try:
        call_command(command, stdout=io.StringIO())
    except (CommandError, SystemExit) as error:
        raise RuntimeError(
            f"{command} finds the {what} wrong after the generator's rows were "
            f"recounted ({error})"
        ) from error
    return f"{what} recounted and checked"


def keep_daily_counts() -> str:
    """The daily counts brought to the generator's incidents and recoveries."""
    return _rewrite_kept("incidents.daily", CHECK_COMMAND, "daily counts")


def keep_monthly_totals() -> str:
    """The monthly spending totals brought to the generator's spending entries."""
    return _rewrite_kept("funding.monthly", CHECK_TOTALS_COMMAND, "monthly totals")


def generate(incidents: int, spending: int, as_of: datetime.date, seed: int = 7):
    """Replace the incidents, victims, recoveries and spending with synthetic ones."""
    rng = random.Random(seed)
    first = as_of.replace(year=as_of.year - YEARS) + datetime.timedelta(days=1)
    span = (as_of - first).days + 1
    days = [(first + datetime.timedelta(days=n)).isoformat() for n in range(span)]
    incident_columns, victims = _incidents(rng, incidents, days, as_of)
    recovery_columns = _recoveries(rng, incidents // 2, days)
    with _roomy_sqlite(), transaction.atomic():
        wipe()
        bulk_load_columns(Incident, incident_columns)
        bulk_load(Victim, ["incident_id", "outcome"], victims)
        bulk_load_columns(FirearmRecovery, recovery_columns)
        _spending(rng, spending, as_of)
        places = _places(rng, incidents, incidents // 2)
        DataCompleteness.set(as_of)
        _reset_sequences()
        bump_data_version()
        daily_counts = keep_daily_counts()
        monthly_totals = keep_monthly_totals()
    _analyze()
    return {
        "incidents": incidents,
        "victims": len(victims),
        "spending": spending,
        "places": places,
        "daily_counts": daily_counts,
        "monthly_totals": monthly_totals,
    }


def _places(rng: random.Random, incidents: int, recoveries: int) -> str:
    """The precincts imported, and each incident and recovery put in one of them."""
    if not PRECINCTS.exists():
        return f"no places: {PRECINCTS} not found"
    arguments = ("--kind", PlaceKind.PRECINCT, "--code-property", "precinct")
    call_command(
        "import_places", str(PRECINCTS), *arguments, quiet=True, stdout=io.StringIO()
    )
    ids = list(
        Place.objects.filter(kind=PlaceKind.PRECINCT).values_list("pk", flat=True)
    )
    for model, count in ((Incident, incidents), (FirearmRecovery, recoveries)):
        through = model.places.through
        record = f"{model._meta.model_name}_id"
        rows = ((number, rng.choice(ids)) for number in range(1, count + 1))
        bulk_load(through, [record, "place_id"], rows)
    return f"{len(ids)} precincts, every record in one"


def bulk_load_columns(model, columns: dict[str, Iterable]) -> int:
    """`bulk_load` of the values of each column (by attname), row by row."""
    return bulk_load(model, list(columns), zip(*columns.values(), strict=True))


def _incidents(
    rng: random.Random, count: int, days: list[str], as_of: datetime.date
) -> tuple[dict[str, Iterable], list[tuple]]:
    """The incidents' columns, and their victims' rows (incident id, outcome)."""
    # Records arrive roughly in date order, as in a real system: sort the dates.
    dates = sorted(rng.choices(days, k=count))
    hits = rng.choices(range(4), weights=(55, 35, 8, 2), k=count)
    victims = [
        (number, outcome)
        for number, hit in enumerate(hits, 1)
        for outcome in rng.choices(("injured", "killed"), weights=(4, 1), k=hit)
    ]
    preliminary_from = f"{as_of.year}-06-01"
    minutes = rng.choices(range(1440), k=count)
    columns = {
        "id": range(1, count + 1),
        "case_number": (f"SYN-{number:07d}" for number in range(1, count + 1)),
        "date": dates,
        "time": (f"{n // 60:02d}:{n % 60:02d}:00" for n in minutes),
        "location": rng.choices(LOCATIONS, k=count),
        # Drawn as the rows are written, after the recoveries' draws: the same seed
        # gives the same data only in this order.
        "shots_fired_confirmed": (hit > 0 or rng.random() < 0.8 for hit in hits),
        "status": (
            "preliminary" if day >= preliminary_from else "final" for day in dates
        ),
        "illustrative": [False] * count,
    }
    return columns, victims


def _recoveries(rng: random.Random, count: int, days: list[str]) -> dict[str, list]:
    return {
        "reference": [f"SYN-R-{number:07d}" for number in range(1, count + 1)],
        "date": sorted(rng.choices(days, k=count)),
        "count": rng.choices((1, 2, 3), weights=(3, 1, 1), k=count),
        "weapon_type": rng.choices(
            ("", "12", "13", "14"), weights=(1, 2, 1, 1), k=count
        ),
        "location": rng.choices(LOCATIONS, k=count),
        "illustrative": [False] * count,
    }


def _spending(rng: random.Random, count: int, as_of: datetime.date) -> None:
    sample_data.load()  # the program, its six areas and projects, adopted budgets
    SpendingEntry.objects.all().delete()
    areas = list(FundingArea.objects.values_list("pk", flat=True))
    first = FIRST_ELIGIBLE_COST_DATE
    span = (as_of - first).days + 1

    def rows():
        for number in range(1, count + 1):
            yield (
                rng.choice(areas),
                rng.choice(("obligation", "expenditure", "expenditure")),
                (first + datetime.timedelta(days=rng.randrange(span))).isoformat(),
                str(Decimal(rng.randrange(100, 50_000)) / 100),
                f"Payee {rng.randrange(500)}",
                "Synthetic entry",
                f"SYN-S-{number:07d}",
                "",
                False,
                False,
            )

    bulk_load(
        SpendingEntry,
        [
            "area_id",
            "kind",
            "occurred_on",
            "amount",
            "payee",
            "description",
            "reference",
            "reason",
            "illustrative",
            "adjustment",
        ],
        rows(),
    )


@contextlib.contextmanager
def _roomy_sqlite():
    """SQLite's default 2 MB page cache makes index inserts crawl; give it 512 MB while
    the data are written, then go back to what the application runs with."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        default = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -524288")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(default)}")


def _reset_sequences() -> None:
    models_ = [Incident, Victim, FirearmRecovery, SpendingEntry]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)


def _analyze() -> None:
    """Fresh statistics, and on PostgreSQL a vacuum, as autovacuum would soon do: it
    lets index-only scans skip the table. (Inside a transaction, as in the tests, the
    statistics only.)"""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
