"""Import formats described in a TOML file: reading one, and refusing a bad one.

A format names the file's columns for the product's fields (`[columns]`), how its cells
are written (`[formats]`, `[values.*]`) and which rows to leave out (`[skip]`); the README
lists every key. `load()` reads and checks a format file; `Mapping.check_header()` checks
it against a file's header; `mapping_rows` reads the rows. Every refusal names the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Incident
from .mapping_rows import parse_mapped

if TYPE_CHECKING:
    from .plan import ImportPlan

SHIPPED = Path(__file__).resolve().parent / "formats"
REQUIRED = ("name", "record", "rows", "key", "columns")
CHOICES = {
    "record": ("incident",),
    "rows": ("victim", "incident"),
    "duplicates": ("refuse", "first", "last"),
    "times_are": ("local", "utc"),
}
TEXT_KEYS = ("name", "key", *CHOICES)
TABLE_KEYS = ("columns", "formats", "values", "skip")
COLUMN_FIELDS = (
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
INCIDENT_ROWS_ONLY = ("victims_injured", "victims_killed")
FORMAT_FIELDS = ("date", "time")
DEFAULT_FORMATS = {"date": ("%Y-%m-%d",), "time": ("%H:%M:%S", "%H:%M")}
VALUE_TABLES = ("outcome", "shots_fired_confirmed", "status")


class FormatError(ValueError):
    """A format file that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Outcome:
    """[values.outcome]: the column of each victim's outcome and the values of each."""

    column: str
    killed: frozenset[str]
    injured: frozenset[str]
    unknown: frozenset[str]


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
    key: str
    columns: dict[str, str]
    key_prefix: str = ""
    duplicates: str = "refuse"
    times_are: str = "local"
    formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    outcome: Outcome | None = None
    shots: Flag | None = None
    status: str | None = None  # [values.status] constant
    skip: dict[str, frozenset[str]] = field(default_factory=dict)

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
        read = {self.key: "key"}
        read.update(
            {column: f"columns.{name}" for name, column in self.columns.items()}
        )
        if self.outcome:
            read[self.outcome.column] = "values.outcome.column"
        if self.shots and self.shots.column:
            read[self.shots.column] = "values.shots_fired_confirmed.column"
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
        parse_mapped(self, stream, plan)


# --- Reading and checking a format file ----------------------------------------------


def _text(table: dict, key: str, where: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise FormatError(f"{where}{key} must be a text, not {value!r}.")
    return value


def _texts(table: dict, key: str, where: str, *, required: bool = True) -> frozenset:
    """A list of texts (a single text is a list of one)."""
    if key not in table:
        if required:
            raise FormatError(f"{where} lacks the key {key}.")
        return frozenset()
    value = table[key]
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FormatError(f"{where}.{key} must be a text or a list of texts.")
    return frozenset(value)


def _known(table: dict, allowed, where: str) -> None:
    if unknown := sorted(set(table) - set(allowed)):
        raise FormatError(
            f"Unknown key {where}{unknown[0]}; known keys: {', '.join(allowed)}."
        )


def _table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise FormatError(f"{key} must be a table ([{key}]), not {value!r}.")
    return value


def _top(data: dict) -> dict:
    _known(data, (*TEXT_KEYS, "key_prefix", *TABLE_KEYS), "")
    for key in REQUIRED:
        if key not in data:
            raise FormatError(f"The format lacks the key {key}.")
    top = {key: _text(data, key, "") for key in TEXT_KEYS if key in data}
    if "key_prefix" in data and not isinstance(data["key_prefix"], str):
        raise FormatError(f"key_prefix must be a text, not {data['key_prefix']!r}.")
    top["key_prefix"] = data.get("key_prefix", "")
    for key, allowed in CHOICES.items():
        if key in top and top[key] not in allowed:
            choices = " or ".join(f'"{a}"' for a in allowed)
            raise FormatError(f"{key} must be {choices}, not {top[key]!r}.")
    if "duplicates" in top and top["rows"] != "incident":
        raise FormatError('duplicates applies to rows = "incident" only.')
    return top


def _columns(data: dict, rows: str) -> dict[str, str]:
    columns = _table(data, "columns")
    _known(columns, COLUMN_FIELDS, "columns.")
    if "date" not in columns:
        raise FormatError("[columns] lacks the key date.")
    for name in INCIDENT_ROWS_ONLY:
        if name in columns and rows != "incident":
            raise FormatError(f'columns.{name} applies to rows = "incident" only.')
    if ("latitude" in columns) != ("longitude" in columns):
        raise FormatError("[columns] needs both latitude and longitude, or neither.")
    return {name: _text(columns, name, "columns.") for name in columns}


def _formats(data: dict) -> dict[str, tuple[str, ...]]:
    formats = _table(data, "formats")
    _known(formats, FORMAT_FIELDS, "formats.")
    result = {}
    for name in formats:
        forms = _texts(formats, name, "[formats]")
        if not forms or not all("%" in form for form in forms):
            raise FormatError(f"formats.{name} must hold strptime formats (with %).")
        value = formats[name]
        result[name] = (value,) if isinstance(value, str) else tuple(value)
    return result


def _outcome(table: dict) -> Outcome:
    _known(table, ("column", "killed", "injured", "unknown"), "values.outcome.")
    if "column" not in table:
        raise FormatError("[values.outcome] lacks the key column.")
    lists = {
        name: _texts(table, name, "[values.outcome]", required=name != "unknown")
        for name in ("killed", "injured", "unknown")
    }
    for first, second in (("killed", "injured"), ("killed", "unknown")) + (
        ("injured", "unknown"),
    ):
        if both := sorted(lists[first] & lists[second]):
            raise FormatError(
                f"values.outcome: {both[0]!r} is in both {first} and {second}."
            )
    return Outcome(_text(table, "column", "values.outcome."), **lists)


def _flag(table: dict, columns: dict) -> Flag:
    where = "values.shots_fired_confirmed"
    if "shots_fired_confirmed" in columns:
        raise FormatError(f"Give columns.shots_fired_confirmed or [{where}], not both.")
    if "constant" in table:
        _known(table, ("constant",), f"{where}.")
        if not isinstance(table["constant"], bool):
            raise FormatError(f"{where}.constant must be true or false.")
        return Flag(constant=table["constant"])
    _known(table, ("constant", "column", "yes", "no"), f"{where}.")
    if "column" not in table:
        raise FormatError(f"[{where}] needs constant, or column with yes and no.")
    yes, no = (_texts(table, name, f"[{where}]") for name in ("yes", "no"))
    if both := sorted(yes & no):
        raise FormatError(f"{where}: {both[0]!r} is in both yes and no.")
    return Flag(column=_text(table, "column", f"{where}."), yes=yes, no=no)


def _status(table: dict, columns: dict) -> str:
    _known(table, ("constant",), "values.status.")
    if "status" in columns:
        raise FormatError("Give columns.status or [values.status], not both.")
    value = table.get("constant")
    if value not in Incident.Status.values:
        raise FormatError(
            f"values.status.constant must be one of {', '.join(Incident.Status.values)}."
        )
    return value


def _values(data: dict, rows: str, columns: dict) -> dict:
    values = _table(data, "values")
    _known(values, VALUE_TABLES, "values.")
    for name in values:
        _table(values, name)
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


def _skip(data: dict) -> dict[str, frozenset[str]]:
    skip = _table(data, "skip")
    return {column: _texts(skip, column, "[skip]") for column in skip}


def from_toml(text: str) -> Mapping:
    """The format a TOML text describes; FormatError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FormatError(f"The format file is not TOML: {error}.") from None
    top = _top(data)
    columns = _columns(data, top["rows"])
    return Mapping(
        **top,
        columns=columns,
        formats=_formats(data),
        **_values(data, top["rows"], columns),
        skip=_skip(data),
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
    return from_toml(text)
