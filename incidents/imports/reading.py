"""Reading an import file row by row, and the report of its problems.

The file is read as a stream, a row at a time, and the report keeps the first
`ERRORS_SHOWN` problems and a count of the rest: a file of 20 MB whose every row is bad
costs a page of 200 lines and little memory, not one line (and its copies) per problem.
"""

import contextlib
import csv
import gc
import heapq
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from binghamton_safety.wording import count_of, plural

from .cells import names, quoted

ERRORS_SHOWN = 200
Source = bytes | str | BinaryIO  # a file's content, or the open (binary) file


@dataclass(frozen=True)
class RowError:
    """One problem in one row (row 1 is the header, as in a spreadsheet)."""

    row: int
    column: str | None
    problem: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.problem}"


class RowErrors:
    """The problems found in a file: the first `ERRORS_SHOWN` by row, and a count.

    `len()` is the number of all problems; iterating gives those kept, in row order
    (problems of one row in the order found).
    """

    def __init__(self) -> None:
        self._kept: list[tuple[int, int, RowError]] = []  # a heap: the latest on top
        self._found = 0

    def append(self, error: RowError) -> None:
        self._found += 1
        entry = (-error.row, -self._found, error)
        if len(self._kept) < ERRORS_SHOWN:
            heapq.heappush(self._kept, entry)
        elif entry > self._kept[0]:
            heapq.heapreplace(self._kept, entry)

    def __len__(self) -> int:
        return self._found

    def __iter__(self) -> Iterator[RowError]:
        return (error for _, _, error in sorted(self._kept, reverse=True))

    @property
    def kept(self) -> int:
        return len(self._kept)

    @property
    def more(self) -> int:
        """How many problems were found beyond those kept."""
        return self._found - self.kept

    def more_text(self) -> str:
        """ "… and 12,345 more problems", or nothing if every problem is kept."""
        return f"… and {count_of(self.more, 'more problem')}" if self.more else ""


def decode(content: bytes | str) -> tuple[str | None, RowError | None]:
    """UTF-8 text with or without a byte-order mark."""
    if isinstance(content, str):
        return content.removeprefix("\ufeff"), None
    try:
        return content.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, undecodable(content)


def open_text(content: Source) -> TextIO:
    """`content` as a stream of text, decoded as it is read (UTF-8, BOM or not)."""
    if isinstance(content, str):
        return io.StringIO(content.removeprefix("\ufeff"), newline="")
    if isinstance(content, bytes):
        content = io.BytesIO(content)
    return io.TextIOWrapper(content, encoding="utf-8-sig", newline="")


def count_lines(content: Source) -> int:
    """The lines of `content` (a row broken by a quoted line break counts twice), read
    a block at a time; an open file is put back where it was."""
    if isinstance(content, str | bytes):
        blocks = [content.encode() if isinstance(content, str) else content]
    else:
        start = content.tell()
        blocks = iter(lambda: content.read(1 << 20), b"")
    lines, last = 0, b"\n"
    for block in blocks:
        lines += block.count(b"\n")
        last = block[-1:] or last
    if not isinstance(content, str | bytes):
        content.seek(start)
    return lines + (last != b"\n")


def close_text(stream: TextIO) -> None:
    """Done with `stream`; an uploaded file under it stays open for its owner."""
    if isinstance(stream, io.TextIOWrapper):
        stream.detach()


def undecodable(content: Source) -> RowError:
    """Where a file that is not UTF-8 first goes wrong (a line break is never inside a
    UTF-8 character, so lines can be checked one at a time)."""
    source = io.BytesIO(content) if isinstance(content, bytes) else content
    source.seek(0)
    for row, line in enumerate(source, 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            return RowError(
                row,
                None,
                f"The file is not UTF-8 text (byte 0x{line[error.start]:02x}); "
                "save it as UTF-8.",
            )
    return RowError(1, None, "The file is not UTF-8 text; save it as UTF-8.")


def _unreadable(error: csv.Error) -> str:
    if "field limit" in str(error):
        what = f"A field is longer than {csv.field_size_limit():,} characters"
    else:
        what = f"The row is not CSV ({error})"
    return f"{what}; the file was not read past it."


class Rows:
    """Rows of a file as dicts keyed by header, with per-row error collection."""

    def __init__(self, text: str | TextIO, columns: list[str], *, normalise=str.lower):
        self.errors = RowErrors()
        self.rows_read = 0
        self.columns = columns
        self._number = 0  # of the last row read
        stream = io.StringIO(text, newline="") if isinstance(text, str) else text
        self._records = csv.reader(stream)
        first = self._next()
        self.header = [normalise(name.strip()) for name in first] if first else []
        if self.errors:
            return
        if first is None or not any(self.header):
            self.error(1, None, "The file is empty; a header row is required.")
            return
        missing = [c for c in columns if c not in self.header]
        if missing:
            self.error(
                1,
                None,
                f"The header lacks the {plural(len(missing), 'column')} "
                f"{', '.join(missing)}; expected {','.join(columns)}.",
            )
        for name, times in Counter(self.header).items():
            if times > 1:
                how_often = "twice" if times == 2 else f"{times:,} times"
                self.error(1, None, f"The column {names([name])} appears {how_often}.")

    def _next(self) -> list[str] | None:
        """The next record of the file; None at its end or where it cannot be read."""
        try:
            fields = next(self._records, None)
        except csv.Error as error:
            self.error(self._number + 1, None, _unreadable(error))
            return None
        self._number += 1
        return fields

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for number, fields in self.raw():
            yield number, self.named(fields)

    def raw(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, fields) of every data row that has as many fields as the header."""
        if self.errors:
            return
        while (fields := self._next()) is not None:
            if not fields:
                continue  # a blank line
            self.rows_read += 1
            if len(fields) != len(self.header):
                self.error(
                    self._number,
                    None,
                    f"The row has {len(fields):,} fields; the header has "
                    f"{len(self.header):,}.",
                )
                continue
            yield self._number, fields
        if not self.rows_read and not self.errors:
            self.error(1, None, "The file has a header but no data rows.")

    def named(self, fields: list[str]) -> dict[str, str]:
        return {
            name: value.strip() for name, value in zip(self.header, fields, strict=True)
        }

    def unknown(self) -> None:
        """Refuse header names that are not among the columns."""
        if unknown := [c for c in self.header if c not in self.columns]:
            self.error(
                1, None, f"Unknown {plural(len(unknown), 'column')} {names(unknown)}."
            )

    def error(self, row: int, column: str | None, problem: str) -> None:
        self.errors.append(RowError(row, column, problem))


class Checker:
    """Collects the value of each column of one row, or the problem with it."""

    def __init__(self, rows: Rows, number: int, row: dict[str, str]):
        self.rows, self.number, self.row = rows, number, row
        self.bad = False

    def __call__(self, column: str, parse) -> object:
        value, problem = parse(self.row[column])
        if problem:
            self.fail(column, problem)
        return value

    def fail(self, column: str | None, problem: str) -> None:
        self.bad = True
        self.rows.error(self.number, column, problem)

    def unique(self, column: str, value: str, seen: dict[str, int]) -> None:
        """`value` of `column` is on no earlier row (`seen`: value -> row)."""
        if value in seen:
            self.fail(column, f"{quoted(value)} is also on row {seen[value]}.")
        else:
            seen[value] = self.number


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a file is read: a million rows make millions
    of new objects, none of them cyclic garbage, and the collector would scan them over
    and over (it nearly doubles the time of a large file)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
