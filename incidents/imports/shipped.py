"""The format files shipped with the product (`formats/`), by name.

The built-in readers (`canonical`, `nypd`, `recoveries`) take their columns from their
shipped file, so each layout's column names are written in one place: its format file.
"""

import tomllib
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "formats"


def path(name: str) -> Path:
    return FOLDER / f"{name}.toml"


@cache
def _data(name: str) -> dict:
    return tomllib.loads(path(name).read_text(encoding="utf-8"))


def column_names(name: str) -> dict[str, str]:
    """The column of each field of shipped format `name`, its key first (as "key")."""
    data = _data(name)
    return {"key": data["key"], **data["columns"]}


def key_prefix(name: str) -> str:
    return setting(name, "key_prefix")


def setting(name: str, key: str) -> str:
    """A top-level text of shipped format `name` ("" if it has none)."""
    return _data(name).get(key, "")
