"""The canonical incidents format: one row per incident, the columns the tracker keeps.

Its columns are named by its shipped format file (`formats/canonical.toml`): `column_table`
gives the parser of each column's cells and `_row_problems` the rules across columns. Most rows are clean: `_clean_canonical_row` runs those parsers and rules
and takes a row in one go if none of them finds a problem; on any problem,
`_checked_row` runs the same ones again through a `Checker`, which reports every one.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache, partial
from operator import call, itemgetter
from typing import TYPE_CHECKING

from django.utils import timezone

from ..models import Incident, max_victims_per_incident
from .cells import (
    CASE_NUMBER_LENGTH,
    LOCATION_LENGTH,
    Cell,
    choice_cell,
    count_cell,
    iso_date,
    location_cell,
    quoted,
    remembering,
    text_problem,
    time_cell,
    victims_problem,
)
from .places import PlaceCells
from .reading import Checker, Rows
from .records import IncidentRecord
from .shipped import column_names

if TYPE_CHECKING:
    from .mapping import Mapping
    from .plan import ImportPlan

HH_MM = re.compile(r"(\d{2}):(\d{2})")
YES_NO = {"yes": True, "no": False}
STATUSES = frozenset(Incident.Status.values)


def case_number(value: str) -> tuple[str, str | None]:
    return value, text_problem(value, CASE_NUMBER_LENGTH, "case number")


def block_location(value: str) -> tuple[tuple[str, str] | None, str | None]:
    return location_cell(value, LOCATION_LENGTH)


def hh_mm_time(value: str) -> tuple[datetime.time | None, str | None]:
    return time_cell(value, HH_MM, "HH:MM (or empty)")


def yes_no(value: str) -> tuple[bool | None, str | None]:
    return choice_cell(value, YES_NO, "yes or no")


def victim_count(value: str) -> tuple[int | None, str | None]:
    return count_cell(value, "a whole number 0 or more")


def status(value: str) -> tuple[str | None, str | None]:
    value = value.lower() or Incident.Status.PRELIMINARY
    if value not in STATUSES:
        return None, f"{quoted(value)} is not preliminary or final (or empty)."
    return value, None


# The column of each field (the format file's key and [columns]).
NAMES = column_names("canonical")
CANONICAL_COLUMNS = list(NAMES.values())
OPTIONAL_FIELDS = ()


def column_table(
    today: datetime.date, names: dict[str, str] = NAMES
) -> dict[str, Cell]:
    """Each column of a canonical file, in order, and the parser of its cells."""
    parsers = {
        "key": case_number,
        "date": partial(iso_date, today=today),
        "time": hh_mm_time,
        "location": block_location,
        "shots_fired_confirmed": yes_no,
        "victims_injured": victim_count,
        "victims_killed": victim_count,
        "status": status,
    }
    return {names[field]: parse for field, parse in parsers.items()}


@lru_cache(maxsize=2)
def _parsers(today: datetime.date) -> tuple[Cell, ...]:
    """`column_table`'s parsers in field order, each keeping its latest answers: made
    once a day, not once a row or a file."""
    return tuple(remembering(column_table(today)).values())


def _record(number: int, values: Sequence) -> IncidentRecord:
    """The record of row `number` from its cells' values, in column order."""
    case, day, at, place, confirmed, injured, killed, state = values
    public, address = place or (None, "")
    return IncidentRecord(
        number, case, day, at, public, confirmed, state, injured, killed, address
    )


def _row_problems(record: IncidentRecord) -> Iterator[tuple[str | None, str]]:
    """(field, problem) for each rule across the fields that `record` breaks."""
    if (record.injured or record.killed) and record.shots_fired_confirmed is False:
        yield (
            "shots_fired_confirmed",
            "'no', but the row has victims: someone shot means a confirmed discharge.",
        )
    if None not in (record.injured, record.killed) and (
        problem := victims_problem(
            record.injured + record.killed, max_victims_per_incident()
        )
    ):
        yield None, problem


def _clean_canonical_row(
    number: int,
    fields: list[str],
    positions: Callable[[list[str]], tuple[str, ...]],
    today: datetime.date,
    seen: dict[str, int],
    most: int,
) -> IncidentRecord | None:
    """The record of a canonical row that passes every check, or None: the parsers of
    `column_table` (answering repeated cells from memory), then the rules of
    `_row_problems` (`most`: the most victims an incident may have). `_checked_row`
    reports the problems of a row turned down."""
    cells = map(str.strip, positions(fields))
    values, problems = zip(*map(call, _parsers(today), cells), strict=True)
    if any(problems):
        return None
    record = _record(number, values)
    if record.case_number in seen:
        return None
    # `_row_problems`'s rules, as a yes or no (its words are for the rows turned down).
    hurt, dead = record.injured, record.killed
    if (hurt or dead) and record.shots_fired_confirmed is False:
        return None
    if hurt is not None and dead is not None and hurt + dead > most:
        return None
    return record


def _checked_row(
    rows: Rows,
    number: int,
    fields: list[str],
    cells: dict[str, Cell],
    seen: dict[str, int],
    names: dict[str, str],
) -> IncidentRecord | None:
    """The record of a row, every cell checked and every problem reported; None if bad."""
    check = Checker(rows, number, rows.named(fields))
    record = _record(number, [check(column, parse) for column, parse in cells.items()])
    if record.case_number:
        check.unique(names["key"], record.case_number, seen)
    for field, problem in _row_problems(record):
        check.fail(field and names[field], problem)
    return None if check.bad else record


def read(stream, plan: ImportPlan, mapping: Mapping) -> Rows:
    """The reader of a format file with reader = "canonical"."""
    places = tuple(place.column.lower() for place in mapping.places)
    return _parse_canonical(stream, plan, mapping.names, places)


def _parse_canonical(
    text, plan: ImportPlan, names: dict[str, str] = NAMES, places: tuple[str, ...] = ()
) -> Rows:
    """Read a canonical file (a text or a stream) into `plan`; its columns are `names`
    and the format's place columns, `places`."""
    columns = list(names.values())
    rows = Rows(text, [*columns, *places])
    seen: dict[str, int] = {}
    today = timezone.localdate()
    cells = column_table(today, names)
    rows.unknown()
    if rows.errors:  # no row is read
        positions = None
    else:
        positions = itemgetter(*(rows.header.index(c) for c in columns))
    place_cells = PlaceCells(plan.placing, rows.header, str.lower)
    most = max_victims_per_incident()
    for number, fields in rows.raw():
        # Most rows are clean: take them in one go; any doubt, and the checks below
        # find and word every problem.
        record = _clean_canonical_row(number, fields, positions, today, seen, most)
        if record is None:
            record = _checked_row(rows, number, fields, cells, seen, names)
        else:
            seen[record.case_number] = number
        if record is not None:
            place_cells.read_into(record, fields)
            plan.records.append(record)
    plan.rows_read, plan.errors = rows.rows_read, rows.errors
    return rows
