"""Import formats described in a TOML file: reading one, and refusing a bad one.

A format names the file's columns for the product's fields (`[columns]`), how its cells
are written (`[formats]`, `[values.*]`) and which rows to leave out (`[skip]`); the README
lists every key. `load()` reads and checks a format file; `Mapping.check_header()` checks
it against a file's header; `mapping_rows` reads the rows of incidents, `recoveries` those
of firearm recoveries (`record = "recovery"`). A format with `reader` is read by a
built-in reader (`canonical`, `nypd`, `recoveries`: the shipped layouts, each with its own
cell rules and a fast path); its [columns] name that reader's columns. [places] names
a column per kind of place, in any format (`places`). Every refusal names the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import FirearmRecovery, Incident
from . import canonical, nypd, recoveries, shipped
from .format_keys import FormatError, known_keys, table_key, text_key, texts_key
from .mapping_rows import parse_mapped
from .places import PlaceColumn, format_places
from .quality import reader_report
from .recoveries import parse_mapped_recoveries

if TYPE_CHECKING:
    from .plan import ImportPlan

SHIPPED = shipped.FOLDER
# The built-in readers, by the value of `reader`.
READERS = {"canonical": canonical, "nypd": nypd, "recoveries": recoveries}
# What a format with a reader may say besides its [columns].
READER_KEYS = ("name", "record", "rows", "reader", "key", "key_prefix", "columns")
READER_KEYS += ("places",)  # as any format
# `name` is optional: without it, a format is named by its file ("the format file").
REQUIRED = ("record", "rows", "columns")
# The rows each record may have.
ROWS = {"incident": ("victim", "incident"), "recovery": ("recovery", "daily counts")}
RECORDS = {"incident": "incidents", "recovery": "firearm recoveries"}
CHOICES = {
    "record": tuple(ROWS),
    "duplicates": ("refuse", "first", "last"),
    "times_are": ("local", "utc"),
    "reader": tuple(READERS),
}
TEXT_KEYS = ("name", "key", "rows", *CHOICES)
TABLE_KEYS = ("columns", "formats", "values", "skip", "counts", "places")
INCIDENT_FIELDS = (
    "date",
    "time",
    "location",
    "place",
    "victims_injured",
    "victims_killed",
    "shots_fired_confirmed",
    "status",
    "latitude",
    "longitude",
)
RECOVERY_FIELDS = ("date", "count", "weapon_type", "location", "case_number", "source")
INCIDENT_ROWS_ONLY = ("victims_injured", "victims_killed")
FORMAT_FIELDS = ("date", "time")
DEFAULT_FORMATS = {"date": ("%Y-%m-%d",), "time": ("%H:%M:%S", "%H:%M")}
VALUE_TABLES = ("outcome", "shots_fired_confirmed", "status")
SOURCES = tuple(FirearmRecovery.Source.values)


@dataclass(frozen=True)
class Outcome:
    """[values.outcome]: the column of each victim's outcome and the values of each."""

    column: str
    killed: frozenset[str]
    injured: frozenset[str]
    unknown: frozenset[str]


@dataclass(frozen=True)
class SourceRule:
    """[values.source]: a constant, or a column and the values of each source."""

    constant: str | None = None
    column: str | None = None
    rules: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Flag:
    """[values.shots_fired_confirmed]: a constant, or a column and its yes and no values."""

    constant: bool | None = None
    column: str | None = None
    yes: frozenset[str] = frozenset()
    no: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mapping:
    name: str
    record: str
    rows: str
    columns: dict[str, str]
    key: str = ""  # rows = "daily counts": none, each reference is made
    key_prefix: str = ""
    duplicates: str = "refuse"
    times_are: str = "local"
    formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    outcome: Outcome | None = None
    shots: Flag | None = None
    status: str | None = None  # [values.status] constant
    skip: dict[str, frozenset[str]] = field(default_factory=dict)
    source: SourceRule | None = None  # [values.source]
    counts: dict[str, str] = field(default_factory=dict)  # [counts]: source -> column
    reader: str = ""  # a built-in reader's name, or none
    places: tuple[PlaceColumn, ...] = ()  # [places]

    @property
    def names(self) -> dict[str, str]:
        """The column of each field, the key first (as "key")."""
        return {"key": self.key, **self.columns}

    def formats_of(self, name: str) -> tuple[str, ...]:
        return self.formats.get(name, DEFAULT_FORMATS[name])

    @property
    def time_in_date(self) -> bool:
        """No time column, and the date's formats carry a time of day."""
        return "time" not in self.columns and any(
            "%H" in form for form in self.formats_of("date")
        )

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields of a record this format sets (the record's `compared` names)."""
        if self.record == "recovery":
            return self.recovery_fields
        return self.incident_fields

    @property
    def recovery_fields(self) -> tuple[str, ...]:
        # Daily counts set each recovery's count (its date and source make its key).
        mapped = {"date", "count", "source"} if self.counts else {"date"}
        mapped.update(self.columns)
        if self.source:
            mapped.add("source")
        return tuple(name for name in RECOVERY_FIELDS if name in mapped)

    @property
    def incident_fields(self) -> tuple[str, ...]:
        """The fields of an incident this format sets (`IncidentRecord.compared`'s
        names): an import leaves the others of a saved incident as they are."""
        mapped = {"date"}
        if "time" in self.columns or self.time_in_date:
            mapped.add("time")
        mapped.update({"location", "status"} & set(self.columns))
        if self.status:
            mapped.add("status")
        if self.shots or "shots_fired_confirmed" in self.columns or self.per_victim:
            mapped.add("shots_fired_confirmed")
        if self.per_victim:
            mapped.update(("injured", "killed"))
        if "victims_injured" in self.columns:
            mapped.add("injured")
        if "victims_killed" in self.columns:
            mapped.add("killed")
        order = ("date", "time", "location", "shots_fired_confirmed", "status")
        return tuple(name for name in (*order, "injured", "killed") if name in mapped)

    @property
    def per_victim(self) -> bool:
        return self.rows == "victim"

    def read_columns(self) -> dict[str, str]:
        """Every column the format reads, each with the key that names it."""
        read = {self.key: "key"} if self.key else {}
        read.update(
            {column: f"columns.{name}" for name, column in self.columns.items()}
        )
        if self.outcome:
            read[self.outcome.column] = "values.outcome.column"
        if self.shots and self.shots.column:
            read[self.shots.column] = "values.shots_fired_confirmed.column"
        if self.source and self.source.column:
            read[self.source.column] = "values.source.column"
        read.update({column: f"counts.{name}" for name, column in self.counts.items()})
        for place in self.places:
            read.setdefault(place.column, f"places.{place.kind}")
        read.update({column: f"skip.{column}" for column in self.skip})
        return read

    def check_header(self, header: list[str]) -> list[tuple[str, str]]:
        """(column, problem) for each column the format reads that the file lacks."""
        return [
            (column, f"The format's {key} is {column!r}, a column the file lacks.")
            for column, key in self.read_columns().items()
            if column not in header
        ]

    def parse(self, stream, plan: ImportPlan) -> None:
        if self.reader:
            self._read_by_reader(stream, plan)
        elif self.record == "recovery":
            parse_mapped_recoveries(self, stream, plan)
        else:
            parse_mapped(self, stream, plan)

    def _read_by_reader(self, stream, plan: ImportPlan) -> None:
        """Read by the built-in reader; the report says what its checks leave to say."""
        rows = READERS[self.reader].read(stream, plan, self)
        names = [*self.names.values(), *(place.column for place in self.places)]
        read = [column.casefold() for column in names]
        ignored = [column for column in rows.header if column.casefold() not in read]
        plan.quality = reader_report(self.name, self.record, ignored, plan)


# --- Reading and checking a format file ----------------------------------------------


def _top(data: dict) -> dict:
    known_keys(data, (*TEXT_KEYS, "key_prefix", *TABLE_KEYS), "")
    if "reader" in data:
        known_keys(data, READER_KEYS, f"(not taken with reader = {data['reader']!r}) ")
    for key in REQUIRED:
        if key not in data:
            raise FormatError(f"The format lacks the key {key}.")
    top = {key: text_key(data, key, "") for key in TEXT_KEYS if key in data}
    if "key_prefix" in data and not isinstance(data["key_prefix"], str):
        raise FormatError(f"key_prefix must be a text, not {data['key_prefix']!r}.")
    top["key_prefix"] = data.get("key_prefix", "")
    for key, allowed in CHOICES.items():
        if key in top and top[key] not in allowed:
            choices = " or ".join(f'"{a}"' for a in allowed)
            raise FormatError(f"{key} must be {choices}, not {top[key]!r}.")
    _rows(top["record"], top["rows"])
    # One row per record (rows = record): only there may rows repeat a key.
    if "duplicates" in top and top["rows"] != top["record"]:
        raise FormatError(f'duplicates applies to rows = "{top["record"]}" only.')
    if top["rows"] == "daily counts":
        if "key" in top:
            raise FormatError(
                'rows = "daily counts" takes no key: each reference is made from '
                "key_prefix, the date and the source."
            )
    elif "key" not in top:
        raise FormatError("The format lacks the key key.")
    return top


def _rows(record: str, rows: str) -> None:
    """Refuse rows that the record does not take."""
    for other, kinds in ROWS.items():
        if rows in kinds and other != record:
            raise FormatError(
                f'rows = "{rows}" is for {RECORDS[other]}: record must be "{other}", '
                f"not {record!r}."
            )
    if rows not in ROWS[record]:
        choices = " or ".join(f'"{a}"' for a in ROWS[record])
        raise FormatError(f"rows must be {choices}, not {rows!r}.")


def _reader(top: dict) -> None:
    """A reader's format must have the record and rows of its shipped file."""
    reader = top["reader"]
    for key in ("record", "rows"):
        if top[key] != (expected := shipped.setting(reader, key)):
            raise FormatError(f"reader = {reader!r} reads {key} = {expected!r} only.")
    if top["key_prefix"] and reader != "nypd":
        raise FormatError(f"reader = {reader!r} takes no key_prefix.")


def _reader_columns(data: dict, reader: str) -> dict[str, str]:
    """[columns] of a format with a reader: the reader's fields, each named once."""
    columns, module = table_key(data, "columns"), READERS[reader]
    fields = [name for name in module.NAMES if name != "key"]
    known_keys(columns, fields, "columns.")
    for name in fields:
        if name not in columns and name not in module.OPTIONAL_FIELDS:
            raise FormatError(f"[columns] lacks the key {name} (reader = {reader!r}).")
    _paired_coordinates(columns)
    return {name: text_key(columns, name, "columns.") for name in columns}


def _columns(data: dict, record: str, rows: str) -> dict[str, str]:
    columns = table_key(data, "columns")
    allowed = {"incident": INCIDENT_FIELDS, "recovery": RECOVERY_FIELDS}[record]
    known_keys(columns, ("date",) if rows == "daily counts" else allowed, "columns.")
    if "date" not in columns:
        raise FormatError("[columns] lacks the key date.")
    for name in INCIDENT_ROWS_ONLY:
        if name in columns and rows != "incident":
            raise FormatError(f'columns.{name} applies to rows = "incident" only.')
    _paired_coordinates(columns)
    return {name: text_key(columns, name, "columns.") for name in columns}


def _paired_coordinates(columns: dict) -> None:
    if ("latitude" in columns) != ("longitude" in columns):
        raise FormatError("[columns] needs both latitude and longitude, or neither.")


def _formats(data: dict) -> dict[str, tuple[str, ...]]:
    formats = table_key(data, "formats")
    known_keys(formats, FORMAT_FIELDS, "formats.")
    result = {}
    for name in formats:
        forms = texts_key(formats, name, "[formats]")
        if not forms or not all("%" in form for form in forms):
            raise FormatError(f"formats.{name} must hold strptime formats (with %).")
        value = formats[name]
        result[name] = (value,) if isinstance(value, str) else tuple(value)
    return result


def _rules(table: dict, where: str, names: tuple, optional: tuple = ()) -> dict:
    """The lists of values of each rule `names` of a [values.*] table, no value in two."""
    lists = {
        name: texts_key(table, name, f"[{where}]", required=name not in optional)
        for name in names
    }
    for number, first in enumerate(names):
        for second in names[number + 1 :]:
            if both := sorted(lists[first] & lists[second]):
                raise FormatError(
                    f"{where}: {both[0]!r} is in both {first} and {second}."
                )
    return lists


def _outcome(table: dict) -> Outcome:
    known_keys(table, ("column", "killed", "injured", "unknown"), "values.outcome.")
    if "column" not in table:
        raise FormatError("[values.outcome] lacks the key column.")
    names = ("killed", "injured", "unknown")
    lists = _rules(table, "values.outcome", names, optional=("unknown",))
    return Outcome(text_key(table, "column", "values.outcome."), **lists)


def _constant(table: dict, columns: dict, name: str) -> bool:
    """Whether [values.`name`] is a constant (then alone in it); never with a column."""
    if name in columns:
        raise FormatError(f"Give columns.{name} or [values.{name}], not both.")
    if "constant" in table:
        known_keys(table, ("constant",), f"values.{name}.")
    return "constant" in table


def _source(table: dict, columns: dict) -> SourceRule:
    """[values.source]: constant = a source, or a column and each source's values."""
    where = "values.source"
    if _constant(table, columns, "source"):
        if table["constant"] not in SOURCES:
            raise FormatError(f"{where}.constant must be one of {', '.join(SOURCES)}.")
        return SourceRule(constant=table["constant"])
    known_keys(table, ("constant", "column", *SOURCES), f"{where}.")
    if "column" not in table:
        raise FormatError(f"[{where}] needs constant, or column with its values.")
    present = tuple(name for name in SOURCES if name in table)
    if not present:
        raise FormatError(f"[{where}] needs the values of {' or '.join(SOURCES)}.")
    rules = _rules(table, where, present)
    return SourceRule(column=text_key(table, "column", f"{where}."), rules=rules)


def _flag(table: dict, columns: dict) -> Flag:
    where = "values.shots_fired_confirmed"
    if _constant(table, columns, "shots_fired_confirmed"):
        if not isinstance(table["constant"], bool):
            raise FormatError(f"{where}.constant must be true or false.")
        return Flag(constant=table["constant"])
    known_keys(table, ("constant", "column", "yes", "no"), f"{where}.")
    if "column" not in table:
        raise FormatError(f"[{where}] needs constant, or column with yes and no.")
    yes, no = (texts_key(table, name, f"[{where}]") for name in ("yes", "no"))
    if both := sorted(yes & no):
        raise FormatError(f"{where}: {both[0]!r} is in both yes and no.")
    return Flag(column=text_key(table, "column", f"{where}."), yes=yes, no=no)


def _status(table: dict, columns: dict) -> str:
    known_keys(table, ("constant",), "values.status.")
    if "status" in columns:
        raise FormatError("Give columns.status or [values.status], not both.")
    value = table.get("constant")
    if value not in Incident.Status.values:
        raise FormatError(
            f"values.status.constant must be one of {', '.join(Incident.Status.values)}."
        )
    return value


def _values(data: dict, rows: str, columns: dict) -> dict:
    values = table_key(data, "values")
    for name in values:
        table_key(values, name)
    if rows in ROWS["recovery"]:
        known_keys(values, ("source",) if rows == "recovery" else (), "values.")
        return {"source": _source(values["source"], columns)} if values else {}
    known_keys(values, VALUE_TABLES, "values.")
    if "outcome" in values and rows != "victim":
        raise FormatError('values.outcome applies to rows = "victim" only.')
    if rows == "victim" and "outcome" not in values:
        raise FormatError('rows = "victim" needs [values.outcome].')
    found = {}
    if "outcome" in values:
        found["outcome"] = _outcome(values["outcome"])
    if "shots_fired_confirmed" in values:
        found["shots"] = _flag(values["shots_fired_confirmed"], columns)
    if "status" in values:
        found["status"] = _status(values["status"], columns)
    return found


def _counts(data: dict, rows: str) -> dict[str, str]:
    """[counts] of rows = "daily counts": source -> the column of its count."""
    counts = table_key(data, "counts")
    if rows != "daily counts":
        if "counts" in data:
            raise FormatError('[counts] applies to rows = "daily counts" only.')
        return {}
    known_keys(counts, SOURCES, "counts.")
    if not counts:
        raise FormatError('rows = "daily counts" needs [counts]: source = column.')
    return {name: text_key(counts, name, "counts.") for name in counts}


def _skip(data: dict) -> dict[str, frozenset[str]]:
    skip = table_key(data, "skip")
    return {column: texts_key(skip, column, "[skip]") for column in skip}


def from_toml(text: str, default_name: str = "the format file") -> Mapping:
    """The format a TOML text describes; FormatError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FormatError(f"The format file is not TOML: {error}.") from None
    top = {"name": default_name, **_top(data)}
    if "reader" in top:
        _reader(top)
        return Mapping(
            **top,
            columns=_reader_columns(data, top["reader"]),
            places=format_places(data, top["rows"]),
        )
    columns = _columns(data, top["record"], top["rows"])
    return Mapping(
        **top,
        columns=columns,
        formats=_formats(data),
        **_values(data, top["rows"], columns),
        skip=_skip(data),
        counts=_counts(data, top["rows"]),
        places=format_places(data, top["rows"]),
    )


def load(path: str | Path) -> Mapping:
    """The format in the TOML file at `path` (a name alone: a shipped format)."""
    path = Path(path)
    if not path.exists() and (SHIPPED / f"{path.name}.toml").exists():
        path = SHIPPED / f"{path.name}.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"Cannot read the format file {path}: {error}.") from None
    return from_toml(text, default_name=path.name)
