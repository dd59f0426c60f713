"""What keeps an import of figures reported to Treasury bounded and storable.

- A bad file is reported in full but shown in part: the first `ERRORS_SHOWN` problems,
  then how many more there are, so that neither the page nor the memory grows with the
  file.
- The ledger's figures are sums of entries, each held in 12 digits (`MAX_AMOUNT`). Every
  figure the pages show is a sum of some of a program's entries of one kind (a project's,
  an area's, a period's, a month's), so if the absolute amounts of all of them add up to
  no more than `MAX_AMOUNT`, no figure can pass it, on any database.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Abs, Coalesce

from binghamton_safety.money import CENT, MAX_AMOUNT, ZERO, money
from binghamton_safety.wording import plural

from .models import (
    BudgetEntry,
    Program,
    SpendingEntry,
    no_control_characters,
)

ERRORS_SHOWN = 200
# Rows read from one file: some hundreds of projects times the quarters of a few years,
# with room to spare. Each row costs some ledger entries to check and write, so this keeps
# a preview or a save (two requests) well within a worker's timeout.
MAX_ROWS = 10_000
# Wide enough for any sum of 12-digit amounts (SQLite would otherwise round the sum to
# the field's 12 digits, and fail beyond them).
WIDE = DecimalField(max_digits=30, decimal_places=2)
BUDGET = "budget"
KIND_COLUMNS = {  # kind: (the file's column for it, words)
    BUDGET: ("budget", "budget"),
    SpendingEntry.Kind.OBLIGATION: ("total_obligations", "obligation"),
    SpendingEntry.Kind.EXPENDITURE: ("total_expenditures", "expenditure"),
}


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    problem: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        column = f", column {self.column}" if self.column else ""
        return f"{where.capitalize()}{column}: {self.problem}"


@dataclass
class ProblemList:
    """Every problem counted, the first `ERRORS_SHOWN` kept; `len()` is the count."""

    shown: list[RowProblem] = field(default_factory=list)
    count: int = 0

    def append(self, problem: RowProblem) -> None:
        self.count += 1
        if len(self.shown) < ERRORS_SHOWN:
            self.shown.append(problem)

    def extend(self, problems) -> None:
        for problem in problems:
            self.append(problem)

    def sort(self, key) -> None:
        self.shown.sort(key=key)

    def __iter__(self):
        return iter(self.shown)

    def __len__(self) -> int:
        return self.count

    @property
    def more(self) -> int:
        """How many problems are counted but not shown."""
        return self.count - len(self.shown)

    def more_text(self) -> str:
        """`"and 1,234 more problems"`, or empty when all are shown."""
        if not self.more:
            return ""
        return f"and {self.more:,} more {plural(self.more, 'problem')}"


def control_character_problem(value: str) -> str | None:
    """Why `value` cannot be a name or identifier (the models' validator), or None."""
    try:
        no_control_characters(value)
    except ValidationError as error:
        return error.messages[0]
    return None


class LedgerVolume:
    """The absolute amounts of a program's entries, per kind, added up: those saved and
    those the import is about to write."""

    def __init__(self, program: Program | None) -> None:
        self.volume = dict.fromkeys(KIND_COLUMNS, ZERO)
        self.passed: set[str] = set()
        if program is None:
            return
        self.volume[BUDGET] += _volume(
            BudgetEntry.objects.filter(area__program=program)
        )
        spending = SpendingEntry.objects.filter(area__program=program)
        for kind in (SpendingEntry.Kind.OBLIGATION, SpendingEntry.Kind.EXPENDITURE):
            self.volume[kind] += _volume(spending.filter(kind=kind))

    def add(self, kind: str, amount: Decimal, line: int) -> RowProblem | None:
        """Count `amount`; the problem, the first time the kind passes `MAX_AMOUNT`."""
        self.volume[kind] += abs(amount)
        if self.volume[kind] <= MAX_AMOUNT or kind in self.passed:
            return None
        self.passed.add(kind)
        column, words = KIND_COLUMNS[kind]
        return RowProblem(
            line,
            column,
            f"with this row the program's {words} entries would add up to "
            f"{money(self.volume[kind])}, increases and decreases alike: more than the "
            f"{money(MAX_AMOUNT)} that the ledger's figures can hold",
        )


def _volume(entries) -> Decimal:
    total = entries.aggregate(
        volume=Coalesce(
            Sum(Abs("amount"), output_field=WIDE), Value(ZERO), output_field=WIDE
        )
    )["volume"]
    return total.quantize(CENT)


def program_total_problem(total: Decimal, line: int) -> RowProblem | None:
    """A new program's total (its latest budgets) must fit the ledger's 12 digits."""
    if total <= MAX_AMOUNT:
        return None
    return RowProblem(
        line,
        "budget",
        f"the latest budgets add up to {money(total)}, the new program's total: more "
        f"than the {money(MAX_AMOUNT)} a total can hold",
    )
