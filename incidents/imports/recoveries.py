"""The firearm recoveries format: one row per recovery, linked to a saved incident or not.

Its columns are named by its shipped format file (`formats/recoveries.toml`). The columns
of `RECOVERY_COLUMNS` are required but `source`, which older files lack: a recovery without
one, or with it empty, was seized by police. A file of another layout
is read by its format file (`parse_mapped_recoveries`, with `mapping_rows`' machinery).
"""

from __future__ import annotations

import datetime
from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from django.utils import timezone

from ..models import FirearmRecovery, Incident, WeaponType
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
from .mapping_rows import (
    LOCATION_NOT_GIVEN,
    BadRow,
    RowReader,
    finish,
    keep,
    read_records,
    start,
)
from .places import PlaceCells
from .reading import Checker, RowError, Rows
from .records import RecoveryRecord
from .shipped import column_names

if TYPE_CHECKING:
    from .mapping import Mapping
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


# The column of each field (the format file's key and [columns]).
NAMES = column_names("recoveries")
OPTIONAL_FIELDS = ("source",)
OPTIONAL_COLUMNS = [NAMES[field] for field in OPTIONAL_FIELDS]
# The columns a file must have, in order (the header of a file of the tracker's own).
RECOVERY_COLUMNS = [
    column for field, column in NAMES.items() if field not in OPTIONAL_FIELDS
]


def field_parsers(today: datetime.date) -> dict[str, Cell]:
    """The parser of each field's cells."""
    return {
        "key": reference,
        "date": partial(iso_date, today=today),
        "count": firearm_count,
        "weapon_type": weapon_type,
        "location": recovery_location,
        "case_number": linked_case_number,
        "source": recovery_source,
    }


def _checked_row(
    rows: Rows,
    number: int,
    row: dict[str, str],
    cells: dict[str, Cell],
    seen: dict,
    names: dict[str, str],
) -> RecoveryRecord | None:
    """The record of a row, every cell checked and every problem reported; None if bad."""
    check = Checker(rows, number, row)
    reference, day, count, weapon, place = (
        check(names[field], cells[field])
        for field in ("key", "date", "count", "weapon_type", "location")
    )
    public, address = place or (None, "")
    linked = row[names["case_number"]]
    record = RecoveryRecord(
        number, reference, day, count, weapon, public, linked, address
    )
    if record.reference:
        check.unique(names["key"], record.reference, seen)
    check(names["case_number"], cells["case_number"])
    if names.get("source") in row:  # an optional column, in the format or the file
        record.source = check(names["source"], cells["source"])
    return None if check.bad else record


def read(stream, plan: ImportPlan, mapping: Mapping) -> Rows:
    """The reader of a format file with reader = "recoveries"."""
    places = tuple(place.column.lower() for place in mapping.places)
    return _parse_recoveries(stream, plan, mapping.names, places)


def _parse_recoveries(
    text, plan: ImportPlan, names: dict[str, str] = NAMES, places: tuple[str, ...] = ()
) -> Rows:
    """Read a recoveries file (a text or a stream) into `plan`; its columns are `names`
    and the format's place columns, `places`."""
    required = [c for field, c in names.items() if field not in OPTIONAL_FIELDS]
    rows = Rows(text, [*required, *places])
    rows.columns = [*names.values(), *places]  # known, if not required
    seen: dict[str, int] = {}
    cells = field_parsers(timezone.localdate())
    place_cells = PlaceCells(plan.placing, rows.header, str.lower)
    rows.unknown()
    for number, fields in rows.raw():
        record = _checked_row(rows, number, rows.named(fields), cells, seen, names)
        if record is not None:
            place_cells.read_into(record, fields)
            plan.records.append(record)
    plan.rows_read, plan.errors = rows.rows_read, rows.errors
    _refuse_unknown_links(plan, names["case_number"])
    return rows


def _refuse_unknown_links(plan: ImportPlan, column: str = "case_number") -> None:
    """Links must point at incidents already saved (`column`: the file's column)."""
    wanted = {r.case_number for r in plan.records if r.case_number}
    known = set(chunked_values(Incident.objects, "case_number", wanted, "case_number"))
    # A voided incident no longer counts: recoveries cannot be linked to it.
    for record in list(plan.records):
        if record.case_number and record.case_number not in known:
            plan.errors.append(
                RowError(
                    record.row,
                    column,
                    f"No incident has the case number {quoted(record.case_number)}; "
                    "import or enter it first, or leave the column empty.",
                )
            )
            plan.records.remove(record)


# --- Recoveries by a format file (`mapping.Mapping`, record = "recovery") ------------


class RecoveryReader(RowReader):
    """The cells of a recoveries file's rows, by its format: one recovery a row, or
    the firearms of each source counted on a day's row (rows = "daily counts")."""

    key_length, key_what = REFERENCE_LENGTH, "reference"
    location_length = RECOVERY_LOCATION_LENGTH

    def records(self, number: int, fields: list[str]) -> list[RecoveryRecord]:
        try:
            day, _ = self.moment(fields[self.date_position].strip(), None)
        except BadRow:
            self.quality.dates.add(f"row {number}")
            raise
        if self.mapping.counts:
            return self.counted(number, fields, day)
        return [self.recovery(number, fields, day)]

    def counted(self, number: int, fields: list[str], day) -> list[RecoveryRecord]:
        """A recovery of each source counted on a day's row (a blank count: none)."""
        made = []
        for source, column in self.mapping.counts.items():
            text = fields[self.at[column]].strip()
            if not text or text == "0":
                continue
            count, problem = firearm_count(text)
            if problem:
                raise BadRow(column, problem)
            # Made from the day and the source, so that a file imported again
            # matches the recoveries it saved.
            reference = f"{self.mapping.key_prefix}{day:%Y-%m-%d}-{source}"
            if problem := text_problem(reference, REFERENCE_LENGTH, "reference"):
                raise BadRow(self.mapping.columns["date"], problem)
            made.append(
                RecoveryRecord(
                    number,
                    reference,
                    day,
                    count,
                    "",
                    LOCATION_NOT_GIVEN,
                    "",
                    "",
                    source,
                )
            )
        return made

    def recovery(self, number: int, fields: list[str], day) -> RecoveryRecord:
        """The recovery of a row of rows = "recovery"."""
        reference = self.key(fields)
        count = self.parsed("count", fields, firearm_count) or 1
        weapon = self.parsed("weapon_type", fields, weapon_type) or ""
        public, address = self.place(fields, number)
        case = self.parsed("case_number", fields, linked_case_number) or ""
        record = RecoveryRecord(
            number,
            reference,
            day,
            count,
            weapon,
            public,
            case,
            address,
            self.source(fields),
        )
        self.place_cells.read_into(record, fields)
        return record

    def parsed(self, name: str, fields: list[str], parse):
        """As `RowReader.parsed`; None if the format has no column for `name`."""
        return (
            None if name not in self.positions else super().parsed(name, fields, parse)
        )

    def source(self, fields: list[str]) -> str:
        rule = self.mapping.source
        if rule is not None and rule.constant:
            return rule.constant
        if rule is not None:
            return self.choice(fields, rule.column, rule.rules, "values.source")
        return self.parsed("source", fields, recovery_source) or SOURCES[""]


def parse_mapped_recoveries(mapping: Mapping, stream, plan: ImportPlan) -> None:
    """Read `stream` by `mapping` into `plan`: its recoveries, problems and report."""
    if (started := start(mapping, stream, plan, RecoveryReader)) is None:
        return
    rows, reader = started
    recoveries: dict[str, RecoveryRecord] = {}
    for record in read_records(rows, reader):
        keep(rows, recoveries, record, mapping, reader.quality)
    per_day = Counter()
    for record in recoveries.values():
        per_day[record.date] += record.count
    finish(rows, plan, list(recoveries.values()), per_day)
    if plan.ok:
        _refuse_unknown_links(plan, mapping.columns.get("case_number"))
