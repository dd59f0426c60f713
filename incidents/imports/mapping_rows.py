"""Reading a file's rows by a format (`mapping.Mapping`): the incidents they describe.

Each row is checked cell by cell (`RowReader`); rows left out on purpose (`[skip]`) and
exact repeats are counted, not read. One row per victim: rows sharing a key are one
incident, which keeps its first row's date, time and location. One row per incident: a
repeated key is refused, or its first or last row kept (`duplicates`). What the rows
hold goes into the data-quality report (`quality.Quality`) as they are read.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from ..models import Incident, max_victims_per_incident
from .canonical import _row_problems, status, victim_count
from .cells import (
    CASE_NUMBER_LENGTH,
    LOCATION_LENGTH,
    REMEMBERED,
    date_problem,
    location_cell,
    quoted,
    strptime_any,
    text_problem,
)
from .places import PlaceCells, Placing
from .quality import POLICIES, Quality
from .reading import Rows
from .records import IncidentRecord

if TYPE_CHECKING:
    from .mapping import Mapping
    from .plan import ImportPlan

# A key written as a float ("202108002762.0", as spreadsheets and pandas write numbers)
# is read as the whole number.
FLOAT_KEY = re.compile(r"\d+\.0")
LOCATION_NOT_GIVEN = "Location not given"


class BadRow(Exception):
    """A row that cannot be read: the file column and the problem."""

    def __init__(self, column: str | None, problem: str):
        super().__init__(problem)
        self.column, self.problem = column, problem


def _one_of(value: str, listed: frozenset[str]) -> str:
    return ", ".join(quoted(v) for v in sorted(listed)) or "none"


class RowReader:
    """The cells of one file's rows, by its format; answers repeat from memory.

    Reads incidents; `recoveries.RecoveryReader` reads firearm recoveries with it."""

    key_length, key_what = CASE_NUMBER_LENGTH, "case number"
    location_length = LOCATION_LENGTH

    def __init__(
        self,
        mapping: Mapping,
        header: list[str],
        quality: Quality,
        placing: Placing | None = None,
    ):
        self.mapping, self.quality = mapping, quality
        self.at = {column: header.index(column) for column in mapping.read_columns()}
        self.today = timezone.localdate()
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.day = lru_cache(maxsize=REMEMBERED)(self._day)
        self.clock = lru_cache(maxsize=REMEMBERED)(self._clock)
        self.date_column = mapping.columns["date"]
        self.time_in_date = mapping.time_in_date
        self.utc = mapping.times_are == "utc"
        # product field -> position of its column in a row
        self.positions = {name: self.at[c] for name, c in mapping.columns.items()}
        self.date_position = self.positions["date"]
        self.time_position = self.positions.get("time")
        self.coordinates = (
            (self.positions["latitude"], self.positions["longitude"])
            if "latitude" in self.positions
            else None
        )
        self.key_position = self.at.get(mapping.key)
        coordinates = [mapping.columns.get(name) for name in ("latitude", "longitude")]
        self.place_cells = PlaceCells(
            placing, header, coordinates=coordinates if all(coordinates) else None
        )
        self.status = mapping.status or Incident.Status.PRELIMINARY.value
        outcome = mapping.outcome
        self.outcome_of = (
            {}
            if outcome is None
            else {
                value: name
                for name in ("killed", "injured", "unknown")
                for value in getattr(outcome, name)
            }
        )
        # (locations repeat less than dates: a larger memory)
        self.location = lru_cache(maxsize=4 * REMEMBERED)(self._location)
        self.skip = [(self.at[c], c, values) for c, values in mapping.skip.items()]

    def cell(self, fields: list[str], name: str) -> str | None:
        """The cell of product field `name` ([columns]), None if the format has none."""
        position = self.positions.get(name)
        return None if position is None else fields[position].strip()

    def skipped(self, fields: list[str]) -> bool:
        for position, column, values in self.skip:
            if (value := fields[position].strip()) in values:
                self.quality.skipped[column, value] += 1
                return True
        return False

    def key(self, fields: list[str]) -> str:
        raw = fields[self.key_position].strip()
        if raw.endswith(".0") and FLOAT_KEY.fullmatch(raw):
            raw = raw[:-2]
        key = self.mapping.key_prefix + raw if raw else ""
        if problem := text_problem(key, self.key_length, self.key_what):
            raise BadRow(self.mapping.key, problem)
        return key

    def _day(self, text: str) -> tuple:
        """(the moment in a date cell, its date, its time if the format has one and
        there is no time column)."""
        forms = self.mapping.formats_of("date")
        if not text:
            raise BadRow(self.date_column, "Enter the date.")
        if (found := strptime_any(text, forms)) is None:
            problem = f"{quoted(text)} is not a date as {' or '.join(forms)}."
            raise BadRow(self.date_column, problem)
        parsed, form = found
        at = parsed.time() if "%H" in form and self.time_in_date else None
        day = parsed.date()
        # A local date is final here (a UTC one may move: checked in `moment`).
        if not self.utc and (problem := date_problem(day, self.today)):
            raise BadRow(self.date_column, problem)
        return parsed, day, at

    def _clock(self, text: str) -> datetime.time:
        forms = self.mapping.formats_of("time")
        if (found := strptime_any(text, forms)) is None:
            problem = f"{quoted(text)} is not a time as {' or '.join(forms)}."
            raise BadRow(self.mapping.columns["time"], problem)
        return found[0].time()

    def moment(self, day_text: str, time_text: str | None) -> tuple:
        """(date, time) of a row's cells, in the city's time zone if `times_are` is
        "utc"; BadRow names the column of a date or time that cannot be read."""
        parsed, day, at = self.day(day_text)
        if time_text:
            at = self.clock(time_text)
        if not self.utc:
            return day, at
        if at is not None:
            instant = datetime.datetime.combine(day, at, parsed.tzinfo or datetime.UTC)
            local = instant.astimezone(self.zone)
            day, at = local.date(), local.time()
        if problem := date_problem(day, self.today):
            raise BadRow(self.date_column, problem)
        return day, at

    def _location(self, text: str) -> tuple:
        place, problem = location_cell(text, self.location_length)
        if problem:
            raise BadRow(self.mapping.columns["location"], problem)
        return place

    def place(self, fields: list[str], number: int) -> tuple[str, str]:
        """(public location, exact address) of a row."""
        text = self.cell(fields, "location")
        if text is None:
            return LOCATION_NOT_GIVEN, ""
        public, address = self.location(text)
        if public != text:
            self.quality.generalised.add(
                f"row {number}: {quoted(text)} → {quoted(public)}"
            )
        return public, address

    def choice(self, fields, column: str, rules: dict[str, frozenset], where: str):
        """The name of the rule (of `rules`) the cell of `column` fits."""
        value = fields[self.at[column]].strip()
        for name, values in rules.items():
            if value in values:
                return name
        listed = "; ".join(f"{name}: {_one_of(value, v)}" for name, v in rules.items())
        raise BadRow(column, f"{quoted(value)} fits no rule of [{where}] ({listed}).")

    def shots(self, fields: list[str], victims: int) -> bool:
        flag, m = self.mapping.shots, self.mapping
        if flag is not None and flag.constant is not None:
            return flag.constant
        if flag is not None:
            rules = {"yes": flag.yes, "no": flag.no}
            where = "values.shots_fired_confirmed"
            return self.choice(fields, flag.column, rules, where) == "yes"
        if (text := self.cell(fields, "shots_fired_confirmed")) is not None:
            value = {"yes": True, "no": False}.get(text.lower())
            if value is None:
                problem = f"{quoted(text)} is not yes or no."
                raise BadRow(m.columns["shots_fired_confirmed"], problem)
            return value
        return victims > 0

    def parsed(self, name: str, fields: list[str], parse):
        value, problem = parse(self.cell(fields, name))
        if problem:
            raise BadRow(self.mapping.columns[name], problem)
        return value

    def victims(self, fields: list[str], number: int) -> tuple[int, int]:
        """(injured, killed) of a row: its victim's outcome, or its counts."""
        m = self.mapping
        if m.per_victim:
            fits = self.outcome_of.get(fields[self.at[m.outcome.column]].strip())
            if fits is None:
                rules = {"killed": m.outcome.killed, "injured": m.outcome.injured}
                rules["unknown"] = m.outcome.unknown
                self.choice(fields, m.outcome.column, rules, "values.outcome")  # raises
            if fits == "unknown":
                self.quality.unknown_outcomes.add(f"row {number}")
            return (0, 1) if fits == "killed" else (1, 0)
        injured = killed = 0
        if "victims_injured" in m.columns:
            injured = self.parsed("victims_injured", fields, victim_count)
        if "victims_killed" in m.columns:
            killed = self.parsed("victims_killed", fields, victim_count)
        return injured, killed

    def records(self, number: int, fields: list[str]) -> list:
        """The records row `number` describes; BadRow if a cell fits no rule."""
        return [self.record(number, fields)]

    def record(self, number: int, fields: list[str]) -> IncidentRecord:
        """The incident row `number` describes (one victim's, if rows are victims);
        BadRow if a cell fits no rule."""
        key = self.key(fields)
        try:
            day, at = self.moment(
                fields[self.date_position].strip(),
                None
                if self.time_position is None
                else fields[self.time_position].strip(),
            )
        except BadRow as bad:
            if bad.column == self.date_column:
                self.quality.dates.add(f"row {number}")
            raise
        public, address = self.place(fields, number)
        if self.coordinates:
            lat, lng = self.coordinates
            self.quality.coordinate(number, fields[lat].strip(), fields[lng].strip())
        injured, killed = self.victims(fields, number)
        if "status" in self.positions:
            state = self.parsed("status", fields, status)
        else:
            state = self.status
        confirmed = self.shots(fields, injured + killed)
        record = IncidentRecord(
            number, key, day, at, public, confirmed, state, injured, killed, address
        )
        self.place_cells.read_into(record, fields)
        return record


def _same_place(first: IncidentRecord, record: IncidentRecord) -> list[str]:
    differ = [
        name
        for name in ("date", "time", "location")
        if getattr(first, name) != getattr(record, name)
    ]
    return differ + (["places"] if first.place_codes != record.place_codes else [])


def _add_victim(
    rows: Rows,
    incidents: dict,
    record: IncidentRecord,
    key_column: str,
    quality: Quality,
) -> None:
    """Another victim row of an incident already read."""
    first = incidents[record.case_number]
    if first.injured + first.killed >= (most := max_victims_per_incident()):
        rows.error(
            record.row,
            key_column,
            f"Incident {record.case_number} (row {first.row}) already has {most:,} "
            "victims, the most an incident may have.",
        )
        return
    if differ := _same_place(first, record):
        quality.differing.add(
            f"{record.case_number} (rows {first.row} and {record.row}: {', '.join(differ)})"
        )
    first.injured += record.injured
    first.killed += record.killed


def _repeat_key(
    rows: Rows,
    incidents: dict,
    record: IncidentRecord,
    mapping: Mapping,
    quality: Quality,
) -> None:
    """A row of an incident already read, one row per incident: `duplicates` decides."""
    first = incidents[record.key]
    if (first.values(), first.place_codes) == (record.values(), record.place_codes):
        # apart in columns the format ignores
        quality.repeats.add(f"row {record.row} (as row {first.row})")
        return
    quality.differing.add(f"{record.key} (rows {first.row} and {record.row})")
    if not mapping.key:  # daily counts: a day on two rows
        problem = (
            f"{record.date:%Y-%m-%d} is also on row {first.row}, with other counts."
        )
        rows.error(record.row, mapping.columns["date"], problem)
    elif mapping.duplicates == "refuse":
        rows.error(
            record.row,
            mapping.key,
            f"{quoted(record.key)} is also on row {first.row}, with other "
            'values; set duplicates = "first" or "last" to keep one of them.',
        )
    elif mapping.duplicates == "last":
        incidents[record.key] = record


def _check_incidents(rows: Rows, mapping: Mapping, records) -> None:
    """The rules across an incident's fields (victims but no confirmed shots, too many)."""
    for record in records:
        for field, problem in _row_problems(record):
            column = mapping.columns.get(field) if field else None
            if field == "shots_fired_confirmed" and mapping.shots:
                column = mapping.shots.column
            rows.error(record.row, column, problem)


def _quality(mapping: Mapping, header: list[str]) -> Quality:
    """The report of a file with `header`, before its rows are read."""
    read = mapping.read_columns()
    quality = Quality(
        name=mapping.name,
        policy=POLICIES["victim" if mapping.per_victim else mapping.duplicates],
        ignored=[column for column in header if column not in read],
        record=mapping.record,
    )
    if "place" in mapping.columns:
        quality.not_stored.append(
            f"Place (column {mapping.columns['place']}): not stored (a place is "
            "matched by its code: name the column in [places])."
        )
    return quality


def start(mapping: Mapping, stream, plan: ImportPlan, reader=RowReader):
    """(the rows of `stream`, a `reader` of them) once its header has every column
    `mapping` reads; None, with the problems in `plan`, if not."""
    rows = Rows(stream, [], normalise=str)
    for column, problem in mapping.check_header(rows.header) if not rows.errors else ():
        rows.error(1, column, problem)
    quality = _quality(mapping, rows.header)
    plan.quality, plan.fields, plan.errors = quality, mapping.fields, rows.errors
    if rows.errors:
        return None
    return rows, reader(mapping, rows.header, quality, plan.placing)


def read_records(rows: Rows, reader: RowReader):
    """The records of each row, but exact repeats and rows skipped by rule (counted in
    the report) and unreadable rows (their problem in `rows`)."""
    seen: dict[tuple, int] = {}
    for number, fields in rows.raw():
        whole = tuple(fields)
        if whole in seen:
            reader.quality.repeats.add(f"row {number} (as row {seen[whole]})")
            continue
        seen[whole] = number
        if reader.skipped(fields):
            continue
        try:
            records = reader.records(number, fields)
        except BadRow as bad:
            rows.error(number, bad.column, bad.problem)
            continue
        yield from records


def keep(rows: Rows, kept: dict, record, mapping: Mapping, quality: Quality) -> None:
    """Keep `record` in `kept` (key -> record), by the rules of a repeated key."""
    if record.key not in kept:
        kept[record.key] = record
    elif mapping.per_victim:
        _add_victim(rows, kept, record, mapping.key, quality)
    else:
        _repeat_key(rows, kept, record, mapping, quality)


def finish(rows: Rows, plan: ImportPlan, records: list, per_day: Counter) -> None:
    """The records read into `plan`, and the report judges the days (`per_day`)."""
    plan.quality.rows_read = plan.rows_read = rows.rows_read
    plan.quality.finish(per_day)
    plan.records = records


def parse_mapped(mapping: Mapping, stream, plan: ImportPlan) -> None:
    """Read `stream` by `mapping` into `plan`: its records, problems and quality report."""
    if (started := start(mapping, stream, plan)) is None:
        return
    rows, reader = started
    incidents: dict[str, IncidentRecord] = {}
    for record in read_records(rows, reader):
        keep(rows, incidents, record, mapping, reader.quality)
    _check_incidents(rows, mapping, incidents.values())
    per_day = Counter(record.date for record in incidents.values())
    finish(rows, plan, list(incidents.values()), per_day)
