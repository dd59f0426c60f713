"""The formats a file may be imported by, as the upload page offers them: the built-in
formats shipped in `imports/formats/` by name (`imports.formats.FORMATS`), any other
file there, and every format stored by an editor (`models.ImportFormat`).

The upload keeps the format it was previewed with in the session (a stored format's
text, not only its key), so the confirm step reads the file by exactly that format even
if the stored one is edited in between.
"""

from dataclasses import dataclass
from pathlib import Path

from .imports import formats
from .imports.mapping import SHIPPED, FormatError, Mapping, from_toml, load
from .models import ImportFormat

STORED = "stored-"  # the upload value of a stored format: "stored-<pk>"


@dataclass(frozen=True)
class Shipped:
    """A format file shipped with the product."""

    name: (
        str  # the file's name without .toml, as `mapping.load()` and the upload take it
    )
    label: str
    record: str  # "incident" or "recovery"; empty if the file cannot be read
    text: str
    problem: str = ""  # why the file cannot be read, if it cannot


def _shipped(path: Path) -> Shipped:
    name, text = path.stem, path.read_text(encoding="utf-8")
    try:
        found = from_toml(text, default_name=name)
    except FormatError as error:
        return Shipped(name, name, "", text, str(error))
    return Shipped(name, found.name, found.record, text)


def shipped() -> list[Shipped]:
    """Every format file shipped, by name."""
    return [_shipped(path) for path in sorted(SHIPPED.glob("*.toml"))]


def shipped_named(name: str) -> Shipped | None:
    return next((found for found in shipped() if found.name == name), None)


def choices() -> list[tuple[str, str]]:
    """(value, label) of every format an upload may choose: the shipped ones first,
    then the stored formats."""
    found = list(formats.FORMATS.items())
    found += [
        (file.name, file.label)
        for file in shipped()
        if file.name not in formats.FORMATS and not file.problem
    ]
    stored = ImportFormat.objects.order_by("name").values_list("pk", "name")
    return found + [(f"{STORED}{pk}", f"{name} (stored)") for pk, name in stored]


def described(value: str) -> dict | None:
    """What the session keeps of the format `value` (an upload's choice): its label
    and how to read it again; None if there is no such format."""
    if value in formats.FORMATS:
        return {"value": value, "label": formats.FORMATS[value]}
    if value.startswith(STORED) and value.removeprefix(STORED).isdigit():
        stored = ImportFormat.objects.filter(pk=int(value.removeprefix(STORED))).first()
        if stored is None:
            return None
        return {"value": value, "label": stored.name, "text": stored.text}
    file = shipped_named(value)
    if file is None or file.problem:
        return None
    return {"value": value, "label": file.label}


def reader(format_described: dict) -> str | Mapping:
    """The format to read a file by (`plan.plan()` and `save.apply()` take it), from
    `described()`; FormatError if it cannot be read any more."""
    value = format_described["value"]
    if "text" in format_described:
        return from_toml(
            format_described["text"], default_name=format_described["label"]
        )
    if value in formats.FORMATS:
        return value
    return load(value)
