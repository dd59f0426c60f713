"""NYPD's Shooting Incident Data (Historic) export.

NYPD's counting rules: a row is a victim, rows sharing INCIDENT_KEY are one incident. Its
columns are named by its shipped format file (`formats/nypd.toml`); only those of
`column_table` are read, and, to find places by their boundaries, the optional Latitude
and Longitude (never stored) and the [places] columns: no victim or perpetrator detail.
"""

from __future__ import annotations

import datetime
import re
from functools import partial
from itertools import starmap
from typing import TYPE_CHECKING

from django.utils import timezone

from ..models import Incident, max_victims_per_incident
from .cells import (
    CASE_NUMBER_LENGTH,
    WHOLE_NUMBER,
    Cell,
    choice_cell,
    count_cell,
    date_problem,
    quoted,
    remembering,
    time_cell,
)
from .places import PlaceCells
from .reading import Checker, Rows
from .records import IncidentRecord
from .shipped import column_names, key_prefix

if TYPE_CHECKING:
    from .mapping import Mapping
    from .plan import ImportPlan

NYPD_BOROUGHS = {
    "BRONX": "Bronx",
    "BROOKLYN": "Brooklyn",
    "MANHATTAN": "Manhattan",
    "QUEENS": "Queens",
    "STATEN ISLAND": "Staten Island",
}
TRUE_FALSE = {"true": True, "false": False}
# The column of each field (the format file's key and [columns]).
NAMES = column_names("nypd")
# Read when the file has them (NYPD's older releases do too), to find places.
OPTIONAL_FIELDS = ("latitude", "longitude")
NYPD_COLUMNS = [c for field, c in NAMES.items() if field not in OPTIONAL_FIELDS]
NYPD_PREFIX = key_prefix("nypd")
US_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
NYPD_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
# The fields every victim of one incident must share.
SHARED = ("date", "time", "borough", "precinct")


def incident_key(value: str, prefix: str) -> tuple[str | None, str | None]:
    if not WHOLE_NUMBER.fullmatch(value):
        return None, f"{quoted(value)} is not an incident key (digits only)."
    if len(value) > (most := CASE_NUMBER_LENGTH - len(prefix)):
        return None, f"{quoted(value)} is longer than an incident key ({most})."
    return value, None


def us_date(
    value: str, today: datetime.date
) -> tuple[datetime.date | None, str | None]:
    match = US_DATE.fullmatch(value)
    if not match:
        return None, f"{quoted(value)} is not a date as MM/DD/YYYY."
    try:
        day = datetime.date(int(match[3]), int(match[1]), int(match[2]))
    except ValueError:
        return None, f"{quoted(value)} is not a real date."
    return day, date_problem(day, today)


def nypd_time(value: str) -> tuple[datetime.time | None, str | None]:
    return time_cell(value, NYPD_TIME, "HH:MM:SS")


def borough(value: str) -> tuple[str | None, str | None]:
    return choice_cell(value, NYPD_BOROUGHS, "a New York City borough", key=str.upper)


def precinct(value: str) -> tuple[int | None, str | None]:
    return count_cell(value, "a precinct number")


def murder_flag(value: str) -> tuple[bool | None, str | None]:
    return choice_cell(value, TRUE_FALSE, "true or false")


def column_table(
    today: datetime.date, names: dict[str, str] = NAMES, prefix: str = NYPD_PREFIX
) -> dict[str, Cell]:
    """Each column read from an NYPD file, in order, and the parser of its cells."""
    parsers = {
        "key": partial(incident_key, prefix=prefix),
        "date": partial(us_date, today=today),
        "time": nypd_time,
        "borough": borough,
        "precinct": precinct,
        "outcome": murder_flag,
    }
    return {names[field]: parse for field, parse in parsers.items()}


def _check_another_victim(
    check: Checker,
    key: str,
    incident: IncidentRecord,
    first: tuple[int, dict[str, str]],
    names: dict[str, str],
) -> None:
    """A further row of incident `key`: room for one more victim, the shared columns
    as on its first row."""
    first_number, first_row = first
    so_far = incident.injured + incident.killed
    if so_far >= (most := max_victims_per_incident()):
        check.fail(
            names["key"],
            f"Incident {key} (row {first_number}) already has "
            f"{most:,} victims, the most an incident may have.",
        )
    for column in (names[field] for field in SHARED):
        if check.row[column] != first_row[column]:
            check.fail(
                column,
                f"{quoted(check.row[column])} differs from {quoted(first_row[column])} "
                f"on row {first_number}, another victim of incident {key}.",
            )


def read(stream, plan: ImportPlan, mapping: Mapping) -> Rows:
    """The reader of a format file with reader = "nypd"."""
    places = tuple(place.column.upper() for place in mapping.places)
    return _parse_nypd(stream, plan, mapping.names, mapping.key_prefix, places)


def _parse_nypd(
    text,
    plan: ImportPlan,
    names: dict[str, str] = NAMES,
    prefix: str = NYPD_PREFIX,
    places: tuple[str, ...] = (),
) -> Rows:
    """NYPD's counting rules: a row is a victim, rows sharing a key are one incident.
    The format's place columns (`places`) are required too."""
    names = {field: column.upper() for field, column in names.items()}
    required = [c for field, c in names.items() if field not in OPTIONAL_FIELDS]
    rows = Rows(text, [*required, *places], normalise=str.upper)
    incidents: dict[str, IncidentRecord] = {}
    cells = remembering(column_table(timezone.localdate(), names, prefix))
    shared = [names[field] for field in SHARED]
    first_rows: dict[str, tuple[int, dict[str, str]]] = {}
    coordinates = [names.get(field) for field in OPTIONAL_FIELDS]
    place_cells = PlaceCells(
        plan.placing, rows.header, str.upper, coordinates if all(coordinates) else None
    )
    for number, fields in rows.raw():
        row = rows.named(fields)
        check = Checker(rows, number, row)
        key, day, at, boro, pct, killed = starmap(check, cells.items())
        if check.bad:
            continue
        if key in first_rows:
            _check_another_victim(check, key, incidents[key], first_rows[key], names)
            if check.bad:
                continue
        else:
            first_rows[key] = (number, {c: row[c] for c in shared})
            incidents[key] = IncidentRecord(
                row=number,
                case_number=f"{prefix}{key}",
                date=day,
                time=at,
                location=f"Precinct {pct}, {boro}",
                shots_fired_confirmed=True,  # NYPD lists only shootings with a victim hit
                status=Incident.Status.FINAL,
            )
            place_cells.read_into(incidents[key], fields)
        if killed:
            incidents[key].killed += 1
        else:
            incidents[key].injured += 1
    plan.records = list(incidents.values())
    plan.rows_read, plan.errors = rows.rows_read, rows.errors
    return rows
