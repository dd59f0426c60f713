"""The canonical incidents format: one row per incident, the columns the tracker keeps.

`column_table` gives the check of each column's cells; `_parse_canonical` applies it and
the rules across columns to every row. Most rows are clean, and `_clean_canonical_row`
takes those in one go, no more leniently than the checks.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING

from django.utils import timezone

from ..locations import generalise
from ..models import FIRST_INCIDENT_DATE, Incident, max_victims_per_incident
from .cells import (
    CASE_NUMBER_LENGTH,
    ISO_DATE,
    LOCATION_LENGTH,
    WHOLE_NUMBER,
    house_address,
    is_clean_text,
    iso_date,
    location_cell,
    quoted,
    text_problem,
    too_large,
    victims_problem,
    whole_number,
)
from .reading import Checker, Rows
from .records import IncidentRecord

if TYPE_CHECKING:
    from .plan import ImportPlan

HH_MM = re.compile(r"(\d{2}):(\d{2})")
YES_NO = {"yes": True, "no": False}
STATUSES = frozenset(Incident.Status.values)

Cell = Callable[[str], tuple[object, str | None]]  # a cell -> (its value, the problem)


def case_number(value: str) -> tuple[str, str | None]:
    return value, text_problem(value, CASE_NUMBER_LENGTH, "case number")


def block_location(value: str) -> tuple[str | None, str | None]:
    return location_cell(value, LOCATION_LENGTH)


def hh_mm_time(value: str) -> tuple[datetime.time | None, str | None]:
    if not value:
        return None, None
    match = HH_MM.fullmatch(value)
    if not match:
        return None, f"{quoted(value)} is not a time as HH:MM (or empty)."
    try:
        return datetime.time(int(match[1]), int(match[2])), None
    except ValueError:
        return None, f"{quoted(value)} is not a real time."


def yes_no(value: str) -> tuple[bool | None, str | None]:
    answer = {"yes": True, "no": False}.get(value.lower())
    return (
        answer,
        None if answer is not None else f"{quoted(value)} is not yes or no.",
    )


def victim_count(value: str) -> tuple[int | None, str | None]:
    if not WHOLE_NUMBER.fullmatch(value):
        return None, f"{quoted(value)} is not a whole number 0 or more."
    number = whole_number(value)
    return number, None if number is not None else too_large(value)


def status(value: str) -> tuple[str | None, str | None]:
    value = value.lower() or Incident.Status.PRELIMINARY
    if value not in STATUSES:
        return None, f"{quoted(value)} is not preliminary or final (or empty)."
    return value, None


def column_table(today: datetime.date) -> dict[str, Cell]:
    """Each column of a canonical file, in order, and the check of its cells."""
    return {
        "case_number": case_number,
        "date": partial(iso_date, today=today),
        "time": hh_mm_time,
        "location": block_location,
        "shots_fired_confirmed": yes_no,
        "victims_injured": victim_count,
        "victims_killed": victim_count,
        "status": status,
    }


CANONICAL_COLUMNS = list(column_table(FIRST_INCIDENT_DATE))


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


def _checked_row(
    rows: Rows,
    number: int,
    fields: list[str],
    cells: dict[str, Cell],
    seen: dict[str, int],
) -> IncidentRecord | None:
    """The record of a row, every cell checked and every problem reported; None if bad."""
    check = Checker(rows, number, rows.named(fields))
    value = {column: check(column, parse) for column, parse in cells.items()}
    record = IncidentRecord(
        row=number,
        case_number=value["case_number"],
        date=value["date"],
        time=value["time"],
        location=value["location"],
        shots_fired_confirmed=value["shots_fired_confirmed"],
        injured=value["victims_injured"],
        killed=value["victims_killed"],
        status=value["status"],
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
    return None if check.bad else record


def _parse_canonical(text: str, plan: ImportPlan) -> None:
    rows = Rows(text, CANONICAL_COLUMNS)
    seen: dict[str, int] = {}
    today = timezone.localdate()
    cells = column_table(today)
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
        record = _checked_row(rows, number, fields, cells, seen)
        if record is not None:
            plan.records.append(record)
    plan.rows_read, plan.errors = rows.rows_read, rows.errors
