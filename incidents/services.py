"""CSV import of incidents and firearm recoveries: check every row, then save all or nothing.

`plan()` reads and validates a file and compares it with the database without writing;
`apply()` saves a clean plan in one transaction. The management commands and the upload page
both use them, so the preview shows exactly what the import will do. Case numbers (incidents)
and references (recoveries) are the keys: a record already saved with the same values is left
alone, one with different values is updated, so importing a file twice changes nothing.
"""

import contextlib
import csv
import datetime
import gc
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import connections, router, transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from binghamton_safety.audit import bulk_create_recorded
from binghamton_safety.wording import count_of as _count

from .cells import (
    CASE_NUMBER_LENGTH,
    LOCATION_LENGTH,
    RECOVERY_LOCATION_LENGTH,
    REFERENCE_LENGTH,
    date_problem,
    house_address,
    is_clean_text,
    location_cell,
    quoted,
    text_problem,
    too_large,
    victims_problem,
    whole_number,
)
from .import_rows import (
    Checker,
    RowError,
    RowErrors,
    Rows,
    Source,
    close_text,
    open_text,
    undecodable,
)
from .import_rows import decode as decode  # the upload page keeps the text
from .locations import exact_address, generalise
from .models import (
    FIRST_INCIDENT_DATE,
    DataCompleteness,
    FirearmRecovery,
    Incident,
    Victim,
    WeaponType,
    max_victims_per_incident,
)

CANONICAL = "canonical"
NYPD = "nypd"
RECOVERIES = "recoveries"
FORMATS = {
    CANONICAL: "Incidents, canonical CSV",
    NYPD: "Incidents, NYPD Shooting Incident Data (Historic) export",
    RECOVERIES: "Firearm recoveries CSV",
}

CANONICAL_COLUMNS = [
    "case_number",
    "date",
    "time",
    "location",
    "shots_fired_confirmed",
    "victims_injured",
    "victims_killed",
    "status",
]
RECOVERY_COLUMNS = [
    "reference",
    "date",
    "count",
    "weapon_type",
    "location",
    "case_number",
]
NYPD_COLUMNS = [
    "INCIDENT_KEY",
    "OCCUR_DATE",
    "OCCUR_TIME",
    "BORO",
    "PRECINCT",
    "STATISTICAL_MURDER_FLAG",
]
# Only these columns are read from NYPD files: no coordinates, no victim or perpetrator detail.
NYPD_BOROUGHS = {
    "BRONX": "Bronx",
    "BROOKLYN": "Brooklyn",
    "MANHATTAN": "Manhattan",
    "QUEENS": "Queens",
    "STATEN ISLAND": "Staten Island",
}
NYPD_PREFIX = "NYPD-"

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
US_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
HH_MM = re.compile(r"(\d{2}):(\d{2})")
NYPD_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
WHOLE_NUMBER = re.compile(r"\d+")
YES_NO = {"yes": True, "no": False}
STATUSES = frozenset(Incident.Status.values)
BATCH = 2000  # rows per INSERT and per IN (...) lookup


@dataclass(slots=True)
class IncidentRecord:
    row: int  # first row of the file that describes it
    case_number: str
    date: datetime.date
    time: datetime.time | None
    location: str
    shots_fired_confirmed: bool
    status: str
    injured: int = 0
    killed: int = 0
    address: str = ""  # exact, staff only: a location cell's house number moves here

    key_field = "case_number"

    @property
    def key(self) -> str:
        return self.case_number

    def values(self) -> tuple:
        return (
            self.date,
            self.time,
            self.location,
            self.shots_fired_confirmed,
            self.status,
            self.injured,
            self.killed,
        )


@dataclass
class RecoveryRecord:
    row: int
    reference: str
    date: datetime.date
    count: int
    weapon_type: str
    location: str
    case_number: str
    address: str = ""  # exact, staff only: a location cell's house number moves here

    key_field = "reference"

    @property
    def key(self) -> str:
        return self.reference

    def values(self) -> tuple:
        return (
            self.date,
            self.count,
            self.weapon_type,
            self.location,
            self.case_number,
        )


Record = IncidentRecord | RecoveryRecord


@dataclass
class ImportPlan:
    format: str
    rows_read: int = 0
    records: list[Record] = field(default_factory=list)
    errors: RowErrors = field(default_factory=RowErrors)
    new: list[Record] = field(default_factory=list)
    changed: list[Record] = field(default_factory=list)
    unchanged: list[Record] = field(default_factory=list)
    voided: list[Record] = field(default_factory=list)  # saved and voided: left alone

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def is_incidents(self) -> bool:
        return self.format != RECOVERIES

    @property
    def victims(self) -> int:
        return sum(r.injured + r.killed for r in self.records if self.is_incidents)

    @property
    def firearms(self) -> int:
        return sum(r.count for r in self.records if not self.is_incidents)

    @property
    def first_date(self) -> datetime.date | None:
        return min((r.date for r in self.records), default=None)

    @property
    def last_date(self) -> datetime.date | None:
        return max((r.date for r in self.records), default=None)

    def action(self, record: Record) -> str:
        """ "new", "update", "voided" or "unchanged": what the import does with `record`."""
        if any(r.key == record.key for r in self.new):
            return "new"
        if any(r.key == record.key for r in self.changed):
            return "update"
        if any(r.key == record.key for r in self.voided):
            return "voided"
        return "unchanged"

    def summary(self) -> str:
        if self.is_incidents:
            what = _count(len(self.records), "incident")
            counted = _count(self.victims, "victim")
        else:
            what = _count(len(self.records), "firearm recovery", "firearm recoveries")
            counted = _count(self.firearms, "firearm")
        voided = (
            f"; {len(self.voided):,} voided before, left voided" if self.voided else ""
        )
        return (
            f"Read {_count(self.rows_read, 'row')}: {what} ({counted}); "
            f"{len(self.new):,} new, {len(self.changed):,} to update, "
            f"{len(self.unchanged):,} unchanged{voided}."
        )


# --- Reading ----------------------------------------------------------------------------


def strict_date(value: str) -> datetime.date:
    """A YYYY-MM-DD date and nothing else (fromisoformat also takes 20220504, 2022-W18)."""
    if not ISO_DATE.fullmatch(value):
        raise ValueError(f"{quoted(value)} is not a date as YYYY-MM-DD.")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{quoted(value)} is not a real date.") from None


def _iso_date(
    value: str, today: datetime.date
) -> tuple[datetime.date | None, str | None]:
    try:
        day = strict_date(value)
    except ValueError as error:
        return None, str(error)
    return day, date_problem(day, today)


# --- Formats ----------------------------------------------------------------------------


def _clean_canonical_row(
    number: int,
    fields: list[str],
    positions: Callable[[list[str]], tuple[str, ...]],
    today: datetime.date,
    seen: dict[str, int],
) -> IncidentRecord | None:
    """The record of a canonical row that passes every check, or None.

    A shortcut for the common case, no more lenient than the checks of
    `_parse_canonical`, which run on every row it turns down and explain the problems.
    """
    case, day, at, place, shots, injured, killed, status = map(
        str.strip, positions(fields)
    )
    if not is_clean_text(place, LOCATION_LENGTH, free_text=True):
        return None
    public, exact = generalise(place)
    confirmed = YES_NO.get(shots.lower())
    status = status.lower() or Incident.Status.PRELIMINARY
    if (
        not is_clean_text(case, CASE_NUMBER_LENGTH)
        or case in seen
        or len(public) > LOCATION_LENGTH
        or confirmed is None
        or status not in STATUSES
        or not ISO_DATE.fullmatch(day)
        or not WHOLE_NUMBER.fullmatch(injured)
        or not WHOLE_NUMBER.fullmatch(killed)
        or len(injured) + len(killed) > 6
    ):
        return None
    time = None
    try:
        date = datetime.date.fromisoformat(day)
        if at:
            match = HH_MM.fullmatch(at)
            if not match:
                return None
            time = datetime.time(int(match[1]), int(match[2]))
    except ValueError:
        return None
    injured, killed = int(injured), int(killed)
    if (
        not FIRST_INCIDENT_DATE <= date <= today
        or injured + killed > max_victims_per_incident()
        or (injured or killed)
        and not confirmed
    ):
        return None
    record = IncidentRecord(
        number, case, date, time, public, confirmed, status, injured, killed
    )
    record.address = exact or ""
    return record


def _parse_canonical(text: str, plan: ImportPlan) -> None:
    rows = Rows(text, CANONICAL_COLUMNS)
    seen: dict[str, int] = {}
    today = timezone.localdate()

    def date(value):
        return _iso_date(value, today)

    def case_number(value):
        return value, text_problem(value, CASE_NUMBER_LENGTH, "case number")

    def location(value):
        return location_cell(value, LOCATION_LENGTH)

    def time(value):
        if not value:
            return None, None
        match = HH_MM.fullmatch(value)
        if not match:
            return None, f"{quoted(value)} is not a time as HH:MM (or empty)."
        try:
            return datetime.time(int(match[1]), int(match[2])), None
        except ValueError:
            return None, f"{quoted(value)} is not a real time."

    def yes_no(value):
        answer = {"yes": True, "no": False}.get(value.lower())
        return (
            answer,
            None if answer is not None else f"{quoted(value)} is not yes or no.",
        )

    def count(value):
        if not WHOLE_NUMBER.fullmatch(value):
            return None, f"{quoted(value)} is not a whole number 0 or more."
        number = whole_number(value)
        return number, None if number is not None else too_large(value)

    def status(value):
        value = value.lower() or Incident.Status.PRELIMINARY
        if value not in STATUSES:
            return None, f"{quoted(value)} is not preliminary or final (or empty)."
        return value, None

    rows.unknown()
    if rows.errors:  # no row is read
        positions = None
    else:
        positions = itemgetter(*(rows.header.index(c) for c in CANONICAL_COLUMNS))
    for number, fields in rows.raw():
        # Most rows are clean: take them in one go; any doubt, and the checks below
        # find and word every problem.
        record = _clean_canonical_row(number, fields, positions, today, seen)
        if record is not None:
            seen[record.case_number] = number
            plan.records.append(record)
            continue
        check = Checker(rows, number, rows.named(fields))
        record = IncidentRecord(
            row=number,
            case_number=check("case_number", case_number),
            date=check("date", date),
            time=check("time", time),
            location=check("location", location),
            shots_fired_confirmed=check("shots_fired_confirmed", yes_no),
            injured=check("victims_injured", count),
            killed=check("victims_killed", count),
            status=check("status", status),
            # (after a bad cell, no generalise(): its house number may be 5,000 digits)
            address="" if check.bad else house_address(check.row["location"]),
        )
        if record.case_number:
            check.unique("case_number", record.case_number, seen)
        if (record.injured or record.killed) and record.shots_fired_confirmed is False:
            check.fail(
                "shots_fired_confirmed",
                "'no', but the row has victims: someone shot means a confirmed discharge.",
            )
        if None not in (record.injured, record.killed) and (
            problem := victims_problem(
                record.injured + record.killed, max_victims_per_incident()
            )
        ):
            check.fail(None, problem)
        if not check.bad:
            plan.records.append(record)
    plan.rows_read, plan.errors = rows.rows_read, rows.errors


def _parse_nypd(text: str, plan: ImportPlan) -> None:
    """NYPD's counting rules: a row is a victim, rows sharing INCIDENT_KEY are one incident."""
    rows = Rows(text, NYPD_COLUMNS, normalise=str.upper)
    incidents: dict[str, IncidentRecord] = {}
    today = timezone.localdate()

    def key(value):
        if not WHOLE_NUMBER.fullmatch(value):
            return None, f"{quoted(value)} is not an incident key (digits only)."
        if len(value) > (most := CASE_NUMBER_LENGTH - len(NYPD_PREFIX)):
            return None, f"{quoted(value)} is longer than an incident key ({most})."
        return value, None

    def date(value):
        match = US_DATE.fullmatch(value)
        if not match:
            return None, f"{quoted(value)} is not a date as MM/DD/YYYY."
        try:
            day = datetime.date(int(match[3]), int(match[1]), int(match[2]))
        except ValueError:
            return None, f"{quoted(value)} is not a real date."
        return day, date_problem(day, today)

    def time(value):
        if not value:
            return None, None
        match = NYPD_TIME.fullmatch(value)
        if not match:
            return None, f"{quoted(value)} is not a time as HH:MM:SS."
        try:
            return datetime.time(int(match[1]), int(match[2]), int(match[3] or 0)), None
        except ValueError:
            return None, f"{quoted(value)} is not a real time."

    def borough(value):
        name = NYPD_BOROUGHS.get(value.upper())
        return (
            name,
            None if name else f"{quoted(value)} is not a New York City borough.",
        )

    def precinct(value):
        if not WHOLE_NUMBER.fullmatch(value):
            return None, f"{quoted(value)} is not a precinct number."
        number = whole_number(value)
        return number, None if number is not None else too_large(value)

    def murder(value):
        answer = {"true": True, "false": False}.get(value.lower())
        return (
            answer,
            None if answer is not None else f"{quoted(value)} is not true or false.",
        )

    shared = ("OCCUR_DATE", "OCCUR_TIME", "BORO", "PRECINCT")
    first_rows: dict[str, tuple[int, dict[str, str]]] = {}
    for number, row in rows:
        check = Checker(rows, number, row)
        incident_key = check("INCIDENT_KEY", key)
        day = check("OCCUR_DATE", date)
        at = check("OCCUR_TIME", time)
        boro = check("BORO", borough)
        pct = check("PRECINCT", precinct)
        killed = check("STATISTICAL_MURDER_FLAG", murder)
        if check.bad:
            continue
        if incident_key in first_rows:
            first_number, first = first_rows[incident_key]
            so_far = incidents[incident_key].injured + incidents[incident_key].killed
            if so_far >= (most := max_victims_per_incident()):
                check.fail(
                    "INCIDENT_KEY",
                    f"Incident {incident_key} (row {first_number}) already has "
                    f"{most:,} victims, the most an incident may have.",
                )
            for column in shared:
                if row[column] != first[column]:
                    check.fail(
                        column,
                        f"{quoted(row[column])} differs from {quoted(first[column])} "
                        f"on row {first_number}, another victim of incident {incident_key}.",
                    )
            if check.bad:
                continue
        else:
            first_rows[incident_key] = (number, {c: row[c] for c in shared})
            incidents[incident_key] = IncidentRecord(
                row=number,
                case_number=f"{NYPD_PREFIX}{incident_key}",
                date=day,
                time=at,
                location=f"Precinct {pct}, {boro}",
                shots_fired_confirmed=True,  # NYPD lists only shootings with a victim hit
                status=Incident.Status.FINAL,
            )
        if killed:
            incidents[incident_key].killed += 1
        else:
            incidents[incident_key].injured += 1
    plan.records = list(incidents.values())
    plan.rows_read, plan.errors = rows.rows_read, rows.errors


def _parse_recoveries(text: str, plan: ImportPlan) -> None:
    rows = Rows(text, RECOVERY_COLUMNS)
    seen: dict[str, int] = {}
    today = timezone.localdate()

    def date(value):
        return _iso_date(value, today)

    def reference(value):
        return value, text_problem(value, REFERENCE_LENGTH, "reference")

    def count(value):
        number = whole_number(value) if WHOLE_NUMBER.fullmatch(value) else None
        if number is None or not 1 <= number <= 32767:
            return (
                None,
                f"{quoted(value)} is not a whole number of firearms, 1 or more.",
            )
        return int(value), None

    def weapon_type(value):
        if value and value not in WeaponType.values:
            codes = ", ".join(WeaponType.values)
            return (
                None,
                f"{quoted(value)} is not a NIBRS firearm code ({codes}) or empty.",
            )
        return value, None

    def location(value):
        return location_cell(value, RECOVERY_LOCATION_LENGTH)

    rows.unknown()
    for number, row in rows:
        check = Checker(rows, number, row)
        record = RecoveryRecord(
            row=number,
            reference=check("reference", reference),
            date=check("date", date),
            count=check("count", count),
            weapon_type=check("weapon_type", weapon_type),
            location=check("location", location),
            case_number=row["case_number"],
            # (after a bad cell, no generalise(): its house number may be 5,000 digits)
            address="" if check.bad else house_address(row["location"]),
        )
        if record.reference:
            check.unique("reference", record.reference, seen)
        if record.case_number and (
            problem := text_problem(
                record.case_number, CASE_NUMBER_LENGTH, "linked case number"
            )
        ):
            check.fail("case_number", problem)
        if not check.bad:
            plan.records.append(record)
    plan.rows_read, plan.errors = rows.rows_read, rows.errors
    # Links must point at incidents already saved.
    wanted = {r.case_number for r in plan.records if r.case_number}
    known = set(_chunked_values(Incident.objects, "case_number", wanted, "case_number"))
    # A voided incident no longer counts: recoveries cannot be linked to it.
    for record in list(plan.records):
        if record.case_number and record.case_number not in known:
            plan.errors.append(
                RowError(
                    record.row,
                    "case_number",
                    f"No incident has the case number {quoted(record.case_number)}; "
                    "import or enter it first, or leave the column empty.",
                )
            )
            plan.records.remove(record)


PARSERS = {
    CANONICAL: _parse_canonical,
    NYPD: _parse_nypd,
    RECOVERIES: _parse_recoveries,
}


# --- Comparing with the database --------------------------------------------------------


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _chunked_values(queryset, key: str, keys, *fields) -> Iterator:
    for chunk in _chunks(sorted(keys)):
        yield from queryset.filter(**{f"{key}__in": chunk}).values_list(
            *fields, flat=len(fields) == 1
        )


def _existing(model, field: str, keys: list[str]) -> list[str]:
    """The `keys` that some saved row of `model` has as its (unique) `field`.

    Each query takes 50,000 keys as one parameter (an array on PostgreSQL, a JSON list
    on SQLite): a million keys cost 20 queries, not 500 queries of 2,000 placeholders.
    """
    connection = connections[router.db_for_read(model)]
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    if connection.vendor == "postgresql":
        sql = f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)"
        param = list
    else:
        sql = f"SELECT {column} FROM {table} WHERE {column} IN "
        sql += "(SELECT value FROM json_each(%s))"
        param = json.dumps
    found = []
    with connection.cursor() as cursor:
        for chunk in _chunks(keys, 50_000):
            cursor.execute(sql, [param(chunk)])
            found += (row[0] for row in cursor.fetchall())
    return found


def _saved_incidents(keys: list[str]) -> dict[str, tuple[tuple, bool]]:
    """Case number -> (the values an import compares, whether it is voided)."""
    # Which case numbers exist at all, from the unique index alone; then the values of
    # those only (a file of new incidents costs no join).
    keys = _existing(Incident, "case_number", keys)
    queryset = Incident.all_objects.order_by().annotate(
        injured=Count("victims", filter=Q(victims__outcome=Victim.Outcome.INJURED)),
        killed=Count("victims", filter=Q(victims__outcome=Victim.Outcome.KILLED)),
    )
    fields = ("date", "time", "location", "shots_fired_confirmed", "status")
    return {
        row[0]: (tuple(row[1:-1]), row[-1] is not None)
        for row in _chunked_values(
            queryset,
            "case_number",
            keys,
            "case_number",
            *fields,
            "injured",
            "killed",
            "voided_at",
        )
    }


def _saved_recoveries(keys: list[str]) -> dict[str, tuple[tuple, bool]]:
    fields = ("date", "count", "weapon_type", "location")
    return {
        row[0]: ((*row[1:-2], row[-2] or ""), row[-1] is not None)
        for row in _chunked_values(
            FirearmRecovery.all_objects.order_by(),
            "reference",
            keys,
            "reference",
            *fields,
            "incident__case_number",
            "voided_at",
        )
    }


@contextlib.contextmanager
def _no_cycle_collection():
    """Pause Python's cycle collector while a file is read: a million rows make millions
    of new objects, none of them cyclic garbage, and the collector would scan them over
    and over (it nearly doubles the time of a large file)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def plan(content: Source, fmt: str) -> ImportPlan:
    """Validate every row and work out what an import would do; writes nothing.

    `content` may be an open binary file (an upload): it is read as a stream."""
    if fmt not in PARSERS:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(PARSERS)}.")
    result = ImportPlan(format=fmt)
    stream = open_text(content)
    try:
        with _no_cycle_collection():
            PARSERS[fmt](stream, result)
    except UnicodeDecodeError:  # the file is refused whole
        result = ImportPlan(format=fmt)
        result.errors.append(undecodable(content))
    finally:
        close_text(stream)
    if result.errors:
        return result
    keys = [record.key for record in result.records]
    saved = (_saved_incidents if result.is_incidents else _saved_recoveries)(keys)
    for record in result.records:
        if record.key not in saved:
            result.new.append(record)
            continue
        values, voided = saved[record.key]
        if voided:  # voided on purpose: an import does not bring it back
            result.voided.append(record)
        elif values != record.values():
            result.changed.append(record)
        else:
            result.unchanged.append(record)
    return result


# --- Saving -----------------------------------------------------------------------------


def _incident_fields(record: IncidentRecord) -> dict:
    return {
        "date": record.date,
        "time": record.time,
        "location": record.location,
        "shots_fired_confirmed": record.shots_fired_confirmed,
        "status": record.status,
        "illustrative": False,
    }


def _save_incidents(result: ImportPlan, user) -> None:
    _insert_new_incidents(result.new, user)
    victims = []
    if result.changed:
        by_case = {r.case_number: r for r in result.changed}
        incidents = []
        for chunk in _chunks(sorted(by_case)):
            incidents += Incident.all_objects.filter(case_number__in=chunk)
        now = timezone.now()
        for incident in incidents:
            record = by_case[incident.case_number]
            _keep_exact_address(incident, record)
            for name, value in _incident_fields(record).items():
                setattr(incident, name, value)
            incident.updated_at = now
            incident.version += 1  # an editor's open form on it is now out of date
        fields = [
            *_incident_fields(result.changed[0]),
            "address",
            "updated_at",
            "version",
        ]
        bulk_update_with_history(
            incidents, Incident, fields, batch_size=BATCH, default_user=user
        )
        victims += _victim_changes(incidents, by_case)
    bulk_create_recorded(Victim, victims, user, batch_size=BATCH)


# --- New incidents, set-based -------------------------------------------------------------

STAGED_INCIDENTS = "staged_import_incident"
STAGED_VICTIMS = "staged_import_victim"


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
    victims = [
        (case, outcome)
        for r in records
        for case, outcome in [(r.case_number, Victim.Outcome.INJURED.value)] * r.injured
        + [(r.case_number, Victim.Outcome.KILLED.value)] * r.killed
    ]
    with _no_cycle_collection(), connection.cursor() as cursor:
        _stage(
            cursor,
            STAGED_INCIDENTS,
            "case_number varchar(50), date date, time time, location varchar(200), "
            "shots_fired_confirmed boolean, status varchar(20), address varchar(200)",
            nullable="time",
            rows=[
                (
                    r.case_number,
                    r.date.isoformat(),
                    r.time.isoformat() if r.time else None,
                    r.location,
                    r.shots_fired_confirmed,
                    str(r.status),
                    r.address,
                )
                for r in records
            ],
        )
        _stage(
            cursor,
            STAGED_VICTIMS,
            "case_number varchar(50), outcome varchar(10)",
            victims,
        )
        staged = {
            name: f"s.{name}"
            for name in (
                "case_number",
                "date",
                "time",
                "location",
                "shots_fired_confirmed",
                "status",
                "address",
            )
        }
        _insert_select(
            cursor,
            Incident,
            staged,
            f"FROM {STAGED_INCIDENTS} s ORDER BY s.seq",
        )
        incidents = Incident._meta.db_table
        _insert_select(
            cursor,
            Victim,
            {"incident_id": "i.id", "outcome": "v.outcome"},
            f"FROM {STAGED_VICTIMS} v JOIN {incidents} i "
            "ON i.case_number = v.case_number ORDER BY v.seq",
        )
        now = timezone.now()
        _copy_history(
            cursor,
            Incident,
            f"JOIN {STAGED_INCIDENTS} s ON s.case_number = t.case_number",
            now,
            user,
        )
        _copy_history(
            cursor,
            Victim,
            f"JOIN {incidents} i ON i.id = t.incident_id "
            f"JOIN {STAGED_INCIDENTS} s ON s.case_number = i.case_number",
            now,
            user,
        )
        cursor.execute(f"DROP TABLE {STAGED_INCIDENTS}")
        cursor.execute(f"DROP TABLE {STAGED_VICTIMS}")


def _stage(
    cursor, table: str, columns: str, rows: list[tuple], nullable: str = ""
) -> None:
    """A temporary table `table` holding `rows`; `seq` numbers them in order.

    On PostgreSQL the rows travel as one CSV stream (COPY), every value quoted: an empty
    value is NULL only in the `nullable` columns.
    """
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(f"CREATE TEMPORARY TABLE {table} (seq integer, {columns})")
    numbered = ((seq, *row) for seq, row in enumerate(rows))
    if cursor.db.vendor == "postgresql":
        stream = io.StringIO()
        csv.writer(stream, quoting=csv.QUOTE_ALL).writerows(numbered)
        stream.seek(0)
        force_null = f", FORCE_NULL ({nullable})" if nullable else ""
        cursor.copy_expert(
            f"COPY {table} FROM STDIN WITH (FORMAT csv{force_null})", stream
        )
    else:
        marks = ", ".join(["%s"] * (columns.count(",") + 2))
        cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", numbered)


def _insert_select(cursor, model, given: dict[str, str], source: str) -> None:
    """INSERT INTO `model`'s table SELECT the `given` columns (SQL expressions over
    `source`) and every other column's default (timestamps: now)."""
    connection = cursor.db
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
    cursor.execute(
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({', '.join(columns)}) SELECT {', '.join(values)} {source}",
        params,
    )


def _copy_history(cursor, model, join: str, when: datetime.datetime, user) -> None:
    """A "+" history row, by `user`, for each row of `model` that `join` selects."""
    connection = cursor.db
    quote = connection.ops.quote_name
    history = model.history.model
    columns = [quote(f.column) for f in model._meta.concrete_fields]
    history_date = history._meta.get_field("history_date").get_db_prep_save(
        when, connection
    )
    cursor.execute(
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}, "
        "history_date, history_type, history_user_id, history_change_reason) "
        f"SELECT {', '.join(f't.{c}' for c in columns)}, %s, %s, %s, %s "
        f"FROM {quote(model._meta.db_table)} t {join} ORDER BY t.id",
        [history_date, "+", user.pk if user else None, None],
    )


def _victim_changes(incidents: list[Incident], by_case: dict) -> list[Victim]:
    """Remove the victims an updated incident no longer has; return those to add.

    Victims who stay are left alone, so their history shows only real changes.
    """
    saved: dict = defaultdict(lambda: defaultdict(list))
    for chunk in _chunks([i.pk for i in incidents]):
        for victim in Victim.all_objects.filter(incident_id__in=chunk).order_by("pk"):
            saved[victim.incident_id][victim.outcome].append(victim)
    removed, added = [], []
    for incident in incidents:
        record = by_case[incident.case_number]
        for outcome, wanted in (
            (Victim.Outcome.INJURED, record.injured),
            (Victim.Outcome.KILLED, record.killed),
        ):
            have = saved[incident.pk][outcome]
            removed += [victim.pk for victim in have[wanted:]]
            added += [
                Victim(incident_id=incident.pk, outcome=outcome)
                for _ in range(wanted - len(have))
            ]
    for chunk in _chunks(removed):
        Victim.all_objects.filter(pk__in=chunk).delete()  # one history row each
    return added


def _keep_exact_address(saved: Incident | FirearmRecovery, record: Record) -> None:
    """The staff-only address of `saved` once the import gives it `record`'s location
    (before the location is set): `exact_address`'s rule, as in the forms."""
    moved = saved.location != record.location
    saved.address = exact_address(saved.address, record.address, moved=moved)


def _save_recoveries(result: ImportPlan, user) -> None:
    cases = {r.case_number for r in result.new + result.changed if r.case_number}
    incident_ids = dict(
        _chunked_values(Incident.objects, "case_number", cases, "case_number", "pk")
    )

    def fields(record: RecoveryRecord) -> dict:
        return {
            "date": record.date,
            "count": record.count,
            "weapon_type": record.weapon_type,
            "location": record.location,
            "incident_id": incident_ids.get(record.case_number),
            "illustrative": False,
        }

    bulk_create_recorded(
        FirearmRecovery,
        [
            FirearmRecovery(reference=r.reference, address=r.address, **fields(r))
            for r in result.new
        ],
        user,
        batch_size=BATCH,
    )
    if not result.changed:
        return
    by_reference = {r.reference: r for r in result.changed}
    recoveries = []
    for chunk in _chunks(sorted(by_reference)):
        recoveries += FirearmRecovery.all_objects.filter(reference__in=chunk)
    now = timezone.now()
    for recovery in recoveries:
        record = by_reference[recovery.reference]
        _keep_exact_address(recovery, record)
        for name, value in fields(record).items():
            setattr(recovery, name, value)
        recovery.updated_at = now
        recovery.version += 1
    bulk_update_with_history(
        recoveries,
        FirearmRecovery,
        [*fields(result.changed[0]), "address", "updated_at", "version"],
        batch_size=BATCH,
        default_user=user,
    )


@transaction.atomic
def apply(
    content: Source,
    fmt: str,
    *,
    complete_through: datetime.date | None = None,
    user=None,
) -> ImportPlan:
    """Validate and save the file in one transaction; nothing is saved if any row is bad.

    Validation runs again inside the transaction, so the saved result is exactly what the
    checks saw even if someone else saved records since a preview.
    """
    result = plan(content, fmt)
    if not result.ok:
        return result
    if result.is_incidents:
        _save_incidents(result, user)
    else:
        _save_recoveries(result, user)
    if complete_through:
        DataCompleteness.set(complete_through, user)
    return result
