"""The format builder's two halves: reading a sample of a file (its header and first rows,
read within a bound) and writing the TOML of the format an editor chose column by column.

The TOML is written here rather than by a library: a format is a few keys and tables,
and every text goes out as a TOML basic string (JSON's escapes are TOML's).
"""

import json
from dataclasses import dataclass

from binghamton_safety.wording import count_of

from .imports import reading
from .imports.mapping import INCIDENT_FIELDS, RECOVERY_FIELDS, SOURCES

SAMPLE_BYTES = 64 * 1024  # the most of a file the builder reads
SAMPLE_ROWS = 5  # the data rows it shows
# The fields each kind of row takes from a column, in the order the builder shows them.
FIELDS = {
    "victim": tuple(f for f in INCIDENT_FIELDS if not f.startswith("victims_")),
    "incident": INCIDENT_FIELDS,
    "recovery": RECOVERY_FIELDS,
    "daily counts": ("date",),
}
ALL_FIELDS = tuple(dict.fromkeys((*INCIDENT_FIELDS, *RECOVERY_FIELDS)))


class SampleError(ValueError):
    """A sample the builder cannot read; the message says why."""


@dataclass(frozen=True)
class Sample:
    """A file's name, header and first rows: all the builder keeps (in the session)."""

    name: str
    header: list[str]
    rows: list[list[str]]

    @property
    def columns(self) -> list[tuple[str, list[str]]]:
        """Each column of the file with its values in the sample's rows."""
        return [
            (name, [row[number] for row in self.rows])
            for number, name in enumerate(self.header)
        ]

    def as_dict(self) -> dict:
        return {"name": self.name, "header": self.header, "rows": self.rows}

    @classmethod
    def from_dict(cls, data) -> "Sample | None":
        """The sample kept in the session, or None if there is none (or it is broken)."""
        try:
            return cls(str(data["name"]), list(data["header"]), list(data["rows"]))
        except (KeyError, TypeError):
            return None


def read_sample(upload) -> Sample:
    """The header and first `SAMPLE_ROWS` rows of `upload`, read from its first
    `SAMPLE_BYTES` bytes at most; SampleError says why a file cannot be read."""
    head = upload.read(SAMPLE_BYTES + 1)
    cut = len(head) > SAMPLE_BYTES
    if cut:
        # A line break is never inside a UTF-8 character: cut after the last one.
        head = head[: head.rfind(b"\n", 0, SAMPLE_BYTES) + 1]
    text, problem = reading.decode(head)
    if problem:
        raise SampleError(f"Not a CSV file: {problem.problem}")
    rows = reading.Rows(text, [], normalise=str)
    _refuse(rows.errors)  # the header's problems
    found = []
    # A cut file may end inside a row: a row counts only if another starts after it.
    for _, fields in rows.raw():
        found.append(fields)
        if len(found) > SAMPLE_ROWS or (not cut and len(found) == SAMPLE_ROWS):
            break
    if cut and len(found) <= SAMPLE_ROWS:
        raise SampleError(
            f"The header and first {count_of(SAMPLE_ROWS, 'row')} of the file take more "
            f"than {SAMPLE_BYTES // 1024} KB, the most the builder reads."
        )
    _refuse(rows.errors)
    return Sample(upload.name[:200], rows.header, found[:SAMPLE_ROWS])


def _refuse(errors: reading.RowErrors) -> None:
    for error in errors:  # the first is enough to say why
        raise SampleError(f"Not a CSV file the builder can read: {error}")


# --- Writing TOML -----------------------------------------------------------------------


def toml_string(text: str) -> str:
    """`text` as a TOML basic string."""
    # JSON escapes the quote, the backslash and the control characters as TOML does,
    # except DEL, which TOML wants escaped too.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_string(item) for item in value) + "]"
    return toml_string(value)


def _lines(table: dict) -> list[str]:
    return [f"{key} = {_value(value)}" for key, value in table.items()]


def write_toml(top: dict, tables: dict[str, dict]) -> str:
    """A TOML text of the keys `top` and the tables `tables` (name -> keys, in order);
    empty tables are left out. Keys are bare: the product's own field names."""
    parts = ["# Written by the format builder: check it before saving.", *_lines(top)]
    for name, table in tables.items():
        if table:
            parts += ["", f"[{name}]", *_lines(table)]
    return "\n".join(parts) + "\n"


def values(text: str) -> list[str]:
    """The values of a comma-separated list, as typed ("1, Y" -> ["1", "Y"])."""
    return [value.strip() for value in text.split(",") if value.strip()]


def format_toml(chosen: dict) -> str:
    """The TOML of the format `chosen` describes (the builder form's cleaned data)."""
    rows = chosen["rows"]
    top = {"record": chosen["record"], "rows": rows}
    if rows != "daily counts":
        top["key"] = chosen["key"]
    if chosen["key_prefix"]:
        top["key_prefix"] = chosen["key_prefix"]
    columns = {f: chosen[f"column_{f}"] for f in FIELDS[rows] if chosen[f"column_{f}"]}
    tables = {"columns": columns}
    if chosen["date_format"]:
        tables["formats"] = {"date": chosen["date_format"]}
    if rows == "victim":
        tables["values.outcome"] = _outcome(chosen)
    if rows == "daily counts":
        tables["counts"] = {
            s: chosen[f"count_{s}"] for s in SOURCES if chosen[f"count_{s}"]
        }
    return write_toml(top, tables)


def _outcome(chosen: dict) -> dict:
    unknown = values(chosen["outcome_unknown"])
    if chosen["outcome_blank_unknown"]:
        unknown.append("")
    return {
        "column": chosen["outcome_column"],
        "killed": values(chosen["outcome_killed"]),
        "injured": values(chosen["outcome_injured"]),
        "unknown": unknown,
    }
