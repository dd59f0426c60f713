"""Checks of single cells of an import file, as strict as the databases are.

PostgreSQL refuses a NUL character in text and a string longer than its varchar; SQLite
stores both. The preview checks here, so a file it accepts saves on either database (and a
backup of it restores on either). Each check returns the problem in words, or None; a
parser of a column's cells (a `Cell`) returns the value and the problem. `strptime_any`
reads a date or time by a format file's strptime formats.
"""

import datetime
import re
from collections.abc import Callable
from functools import lru_cache

from ..locations import generalise
from ..models import FIRST_INCIDENT_DATE, FirearmRecovery, Incident

CASE_NUMBER_LENGTH = Incident._meta.get_field("case_number").max_length
LOCATION_LENGTH = Incident._meta.get_field("location").max_length
REFERENCE_LENGTH = FirearmRecovery._meta.get_field("reference").max_length
RECOVERY_LOCATION_LENGTH = FirearmRecovery._meta.get_field("location").max_length

# Control characters (Unicode category Cc): none in a key; in free text, tab and line
# breaks only.
IN_KEY = re.compile(r"[\x00-\x1f\x7f-\x9f]")
IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SHOWN_CHARACTERS = 40  # of a bad value, in a message
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WHOLE_NUMBER = re.compile(r"\d+")
MOST_DIGITS = 18  # a longer number is not parsed at all (int() of 5,000 digits fails)
REMEMBERED = 4096  # answers a parser keeps, in `remembering`

Cell = Callable[[str], tuple[object, str | None]]  # a cell -> (its value, the problem)


def remembering(table: dict[str, Cell]) -> dict[str, Cell]:
    """`table` (column -> parser) with each parser keeping its latest answers: an answer
    depends on the cell alone, and most cells of a file repeat (dates, times, places,
    counts), so a file of a million rows is not parsed a million times over."""
    return {
        column: lru_cache(maxsize=REMEMBERED)(parse) for column, parse in table.items()
    }


def shown(value: str) -> str:
    """`value` for a message: control characters spelled out, a long one cut short."""
    cut = IN_KEY.sub(lambda m: f"\\x{ord(m[0]):02x}", value[:SHOWN_CHARACTERS])
    return cut + ("…" if len(value) > SHOWN_CHARACTERS else "")


def quoted(value: str) -> str:
    if not value:
        return "empty"
    if len(value) > SHOWN_CHARACTERS:
        return f"'{shown(value)}' ({len(value):,} characters)"
    return f"'{shown(value)}'"


def names(items: list[str], most: int = 10) -> str:
    """Column names for a message: the first `most` of them, then how many more."""
    listed = ", ".join(shown(name) or "(blank)" for name in items[:most])
    return listed + (f" and {len(items) - most:,} more" if len(items) > most else "")


def text_problem(
    value: str, max_length: int, what: str, *, free_text: bool = False
) -> str | None:
    """Why `value` cannot be saved as the (required) `what`."""
    if not value:
        return f"Enter the {what}."
    if len(value) > max_length:
        return f"The {what} is {len(value):,} characters long; at most {max_length}."
    if match := (IN_TEXT if free_text else IN_KEY).search(value):
        return (
            f"The {what} holds a control character (U+{ord(match[0]):04X}) at "
            f"position {match.start() + 1}; remove it."
        )
    return None


def location_cell(
    value: str, max_length: int
) -> tuple[tuple[str, str] | None, str | None]:
    """((the block-level text, the staff-only exact address), the problem) of a location
    cell; the address is empty without a house number.

    The cell is kept as the exact address: it and the public text must both fit.
    """
    what = "block-level location"
    if problem := text_problem(value, max_length, what, free_text=True):
        return None, problem
    public, exact = generalise(value)
    # (text that generalise() left as it was has passed already)
    if public != value and (
        problem := text_problem(public, max_length, what, free_text=True)
    ):
        return None, problem
    return (public, exact or ""), None


def whole_number(digits: str) -> int | None:
    """The value of a string of digits, or None if it is too long to be a count."""
    return int(digits) if len(digits) <= MOST_DIGITS else None


def too_large(value: str) -> str:
    return f"{quoted(value)} is too large a number."


def count_cell(value: str, what: str) -> tuple[int | None, str | None]:
    """(the number in a cell of digits, the problem): "'x' is not `what`." otherwise."""
    if not WHOLE_NUMBER.fullmatch(value):
        return None, f"{quoted(value)} is not {what}."
    number = whole_number(value)
    return number, None if number is not None else too_large(value)


def choice_cell(
    value: str, choices: dict, what: str, *, key=str.lower
) -> tuple[object, str | None]:
    """(the choice that a cell's `key` names, the problem): "'x' is not `what`." when
    it names none."""
    answer = choices.get(key(value))
    return answer, None if answer is not None else f"{quoted(value)} is not {what}."


def time_cell(
    value: str, pattern: re.Pattern, form: str
) -> tuple[datetime.time | None, str | None]:
    """(the time in a cell, the problem); an empty cell is no time. The groups of
    `pattern` are the hours, the minutes and any seconds; `form` names it ("HH:MM")."""
    if not value:
        return None, None
    match = pattern.fullmatch(value)
    if not match:
        return None, f"{quoted(value)} is not a time as {form}."
    try:
        return datetime.time(*map(int, match.groups("0"))), None
    except ValueError:
        return None, f"{quoted(value)} is not a real time."


def victims_problem(victims: int, most: int) -> str | None:
    if victims > most:
        return (
            f"A row may list at most {most:,} victims per incident; "
            f"this one lists {victims:,}."
        )
    return None


def date_problem(day: datetime.date, today: datetime.date) -> str | None:
    """Why `day` cannot be the date of an incident or recovery, in a file's terms."""
    if day > today:
        return f"{day:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d})."
    if day < FIRST_INCIDENT_DATE:
        return (
            f"{day.isoformat()} is before {FIRST_INCIDENT_DATE.isoformat()}, "
            "the earliest date the tracker takes."
        )
    return None


def strict_date(value: str) -> datetime.date:
    """A YYYY-MM-DD date and nothing else (fromisoformat also takes 20220504, 2022-W18)."""
    if not ISO_DATE.fullmatch(value):
        raise ValueError(f"{quoted(value)} is not a date as YYYY-MM-DD.")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{quoted(value)} is not a real date.") from None


def iso_date(
    value: str, today: datetime.date
) -> tuple[datetime.date | None, str | None]:
    try:
        day = strict_date(value)
    except ValueError as error:
        return None, str(error)
    return day, date_problem(day, today)


# strptime's numeric fields, read by a regular expression of our own: strptime costs
# some 25 microseconds a call, a third of the time of reading a file of distinct dates.
NUMERIC = {
    "Y": r"(?P<year>\d{4})",
    "m": r"(?P<month>\d{1,2})",
    "d": r"(?P<day>\d{1,2})",
    "H": r"(?P<hour>\d{1,2})",
    "M": r"(?P<minute>\d{1,2})",
    "S": r"(?P<second>\d{1,2})",
}
DIRECTIVE = re.compile(r"(%.)")
DEFAULTS = {"year": 1900, "month": 1, "day": 1}  # as strptime's


@lru_cache(maxsize=64)
def _pattern(form: str) -> re.Pattern | None:
    """The strptime format `form` as a regular expression, if it has only the fields of
    `NUMERIC` (each once) and text; None: strptime reads it."""
    parts = []
    for part in DIRECTIVE.split(form):
        if DIRECTIVE.fullmatch(part):
            if part[1] not in NUMERIC:
                return None
            parts.append(NUMERIC[part[1]])
        else:  # as in strptime: any run of whitespace matches any other
            parts.append(r"\s+".join(map(re.escape, re.split(r"\s+", part))))
    try:
        return re.compile("".join(parts), re.IGNORECASE)
    except re.error:  # a field twice
        return None


def strptime(text: str, form: str) -> datetime.datetime:
    """`datetime.strptime(text, form)`, faster for the numeric fields."""
    pattern = _pattern(form)
    if pattern is None:
        return datetime.datetime.strptime(text, form)
    if not (match := pattern.fullmatch(text)):
        raise ValueError(text)
    fields = {**DEFAULTS, **{name: int(v) for name, v in match.groupdict().items()}}
    return datetime.datetime(**fields)  # ValueError if not a real date


def strptime_any(
    text: str, forms: tuple[str, ...]
) -> tuple[datetime.datetime, str] | None:
    """(the moment in `text`, the first of `forms` it fits), or None."""
    for form in forms:
        try:
            return strptime(text, form), form
        except ValueError:
            continue
    return None
