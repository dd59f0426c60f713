"""The formats shipped with the product, by name: each a format file in `formats/`.

`canonical`, `nypd` and `recoveries` name a built-in reader (`reader = ...`: their own
cell rules and a fast path); `philadelphia` is read by the format machinery alone. Every
import, of a shipped format or of one staff wrote, goes through `mapping.Mapping`.
"""

from functools import cache

from . import shipped
from .mapping import Mapping, from_toml

CANONICAL = "canonical"
NYPD = "nypd"
RECOVERIES = "recoveries"
PHILADELPHIA = "philadelphia"


@cache
def shipped_format(name: str) -> Mapping:
    """The shipped format `name` (one of `FORMATS`)."""
    text = shipped.path(name).read_text(encoding="utf-8")
    return from_toml(text, default_name=name)


# Each shipped format's name, by the name the commands and the upload page use.
FORMATS = {
    name: shipped_format(name).name
    for name in (CANONICAL, NYPD, RECOVERIES, PHILADELPHIA)
}


def resolve(fmt: str | Mapping) -> Mapping:
    """The format `fmt` names (a shipped format's name), or `fmt` itself."""
    if isinstance(fmt, Mapping):
        return fmt
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    return shipped_format(fmt)
