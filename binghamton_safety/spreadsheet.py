"""Cells for the spreadsheets we write, CSV and XLSX, safe to open in a spreadsheet program.

Excel, LibreOffice and Google Sheets read a cell that begins with `=`, `+`, `-`, `@`, a
tab, a carriage return or a NUL as a formula (CSV or formula injection): a payee written as
`=HYPERLINK(...)` would become a live link, `+cmd|...` a command. Every writer passes its
rows through `safe_row`, which puts an apostrophe before such text (the OWASP and ASVS
advice), so the program shows it as text. Numbers stay numbers: Decimals, ints, dates and
flags pass untouched, and so does text that is exactly a number, such as the "-5.00" our
CSV files write for money.

This is plumbing: it knows no product app.
"""

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Text a spreadsheet reads as a plain number, never as a formula: "-5.00", "12", "-1.5e-05".
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def safe_cell(value: Any) -> Any:
    """`value`, or text that a spreadsheet shows as written rather than evaluates."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeCsvWriter:
    """`csv.writer`, with every cell passed through `safe_cell`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: IO[str], **options: Any) -> SafeCsvWriter:
    """The writer for every CSV file the product hands to people."""
    return SafeCsvWriter(out, **options)


# Characters an XLSX file cannot hold (openpyxl raises IllegalCharacterError on them).
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_cell(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, str):
        # Names are refused with control characters at entry; one saved before that
        # rule must not make every later export fail.
        return XLSX_ILLEGAL.sub("\ufffd", value)
    return value


def append_row(sheet, row: Iterable[Any]) -> None:
    """Append `row` to an openpyxl worksheet; openpyxl would store any text beginning
    with `=` as a formula, and refuses control characters."""
    sheet.append([_xlsx_cell(value) for value in row])
