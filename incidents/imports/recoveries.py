"""The firearm recoveries format: one row per recovery, linked to a saved incident or not.

The columns of `column_table` are required but `source`, which older files lack: a
recovery without one, or with it empty, was seized by police.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING

from django.utils import timezone

from ..models import FIRST_INCIDENT_DATE, FirearmRecovery, Incident, WeaponType
from .cells import (
    CASE_NUMBER_LENGTH,
    RECOVERY_LOCATION_LENGTH,
    REFERENCE_LENGTH,
    WHOLE_NUMBER,
    Cell,
    choice_cell,
    iso_date,
    location_cell,
    quoted,
    text_problem,
    whole_number,
)
from .lookups import chunked_values
from .reading import Checker, RowError, Rows
from .records import RecoveryRecord

if TYPE_CHECKING:
    from .plan import ImportPlan


def reference(value: str) -> tuple[str, str | None]:
    return value, text_problem(value, REFERENCE_LENGTH, "reference")


def firearm_count(value: str) -> tuple[int | None, str | None]:
    number = whole_number(value) if WHOLE_NUMBER.fullmatch(value) else None
    if number is None or not 1 <= number <= 32767:
        return (
            None,
            f"{quoted(value)} is not a whole number of firearms, 1 or more.",
        )
    return int(value), None


def weapon_type(value: str) -> tuple[str | None, str | None]:
    if value and value not in WeaponType.values:
        codes = ", ".join(WeaponType.values)
        return (
            None,
            f"{quoted(value)} is not a NIBRS firearm code ({codes}) or empty.",
        )
    return value, None


def recovery_location(value: str) -> tuple[tuple[str, str] | None, str | None]:
    return location_cell(value, RECOVERY_LOCATION_LENGTH)


def linked_case_number(value: str) -> tuple[str, str | None]:
    """Checked after the reference is known unique (its problem comes last)."""
    return value, value and text_problem(
        value, CASE_NUMBER_LENGTH, "linked case number"
    )


# What a source cell may say, in any case: a source's value, its label ("bought back"),
# or nothing for seized.
SOURCES = {
    "": FirearmRecovery.Source.SEIZED.value,
    **{label.lower(): value for value, label in FirearmRecovery.Source.choices},
    **{value: value for value in FirearmRecovery.Source.values},
}


def recovery_source(value: str) -> tuple[str | None, str | None]:
    return choice_cell(
        value, SOURCES, "seized, surrendered or bought back (or empty for seized)"
    )


def column_table(today: datetime.date) -> dict[str, Cell]:
    """Each column of a recoveries file, in order, and the parser of its cells."""
    return {
        "reference": reference,
        "date": partial(iso_date, today=today),
        "count": firearm_count,
        "weapon_type": weapon_type,
        "location": recovery_location,
        "case_number": linked_case_number,
        "source": recovery_source,
    }


OPTIONAL_COLUMNS = ["source"]
# The columns a file must have, in order (the header of a file of the tracker's own).
RECOVERY_COLUMNS = [
    column
    for column in column_table(FIRST_INCIDENT_DATE)
    if column not in OPTIONAL_COLUMNS
]


def _checked_row(
    rows: Rows, number: int, row: dict[str, str], cells: dict[str, Cell], seen: dict
) -> RecoveryRecord | None:
    """The record of a row, every cell checked and every problem reported; None if bad."""
    check = Checker(rows, number, row)
    reference, day, count, weapon, place = (
        check(column, cells[column])
        for column in ("reference", "date", "count", "weapon_type", "location")
    )
    public, address = place or (None, "")
    record = RecoveryRecord(
        number, reference, day, count, weapon, public, row["case_number"], address
    )
    if record.reference:
        check.unique("reference", record.reference, seen)
    check("case_number", cells["case_number"])
    if "source" in row:
        record.source = check("source", cells["source"])
    return None if check.bad else record


def _parse_recoveries(text: str, plan: ImportPlan) -> None:
    rows = Rows(text, RECOVERY_COLUMNS)
    rows.columns = [*RECOVERY_COLUMNS, *OPTIONAL_COLUMNS]  # known, if not required
    seen: dict[str, int] = {}
    cells = column_table(timezone.localdate())
    rows.unknown()
    for number, row in rows:
        record = _checked_row(rows, number, row, cells, seen)
        if record is not None:
            plan.records.append(record)
    plan.rows_read, plan.errors = rows.rows_read, rows.errors
    _refuse_unknown_links(plan)


def _refuse_unknown_links(plan: ImportPlan) -> None:
    """Links must point at incidents already saved."""
    wanted = {r.case_number for r in plan.records if r.case_number}
    known = set(chunked_values(Incident.objects, "case_number", wanted, "case_number"))
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
