"""The program's money as of one day: budgeted, obligated and spent, per area and in
all, with the federal deadlines."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from binghamton_safety.money import CENT, ZERO

from .ledger import EXPENDITURE_DEADLINE, OBLIGATION_DEADLINE, Ledger
from .models import FundingArea, Program


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """100 x part / whole to one decimal (half up), or None when whole is zero."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Figures:
    """Money budgeted, obligated and spent as of one day, and what is left of it."""

    budget: Decimal
    obligated: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def pct_spent(self) -> Decimal | None:
        return percent(self.spent, self.budget)


@dataclass(frozen=True)
class AreaFigures(Figures):
    area: FundingArea

    @property
    def unobligated(self) -> Decimal:
        return self.budget - self.obligated


@dataclass(frozen=True)
class FundingSummary(Figures):
    """The program's money as of the end of one day, with its federal deadlines: the
    figures are its areas' added up."""

    program: Program
    as_of: datetime.date
    areas: list[AreaFigures]
    illustrative: bool

    @property
    def budgeted(self) -> Decimal:
        """What the areas' budgets add up to (the program's total may be more)."""
        return self.budget

    @property
    def unobligated(self) -> Decimal:
        """Program money not yet obligated: at risk of return after the obligation deadline."""
        return self.program.total - self.obligated

    @property
    def unspent(self) -> Decimal:
        return self.program.total - self.spent

    @property
    def days_to_obligation_deadline(self) -> int:
        return (OBLIGATION_DEADLINE - self.as_of).days

    @property
    def days_to_spending_deadline(self) -> int:
        return (EXPENDITURE_DEADLINE - self.as_of).days

    obligate_by = OBLIGATION_DEADLINE
    spend_by = EXPENDITURE_DEADLINE

    def figures(self) -> dict[str, Decimal]:
        """Every figure by name, to the cent: to compare two moments."""
        figures = {
            "Program total": self.program.total,
            "Budgeted to areas": self.budgeted,
            "Obligated": self.obligated,
            "Spent": self.spent,
        }
        for row in self.areas:
            figures[f"{row.area.name}, budget"] = row.budget
            figures[f"{row.area.name}, obligated"] = row.obligated
            figures[f"{row.area.name}, spent"] = row.spent
        return {name: value.quantize(CENT) for name, value in figures.items()}


def funding_summary(
    as_of: datetime.date, program: Program | None = None, ledger: Ledger | None = None
) -> FundingSummary | None:
    """Figures for `program` (default: the first one) as of `as_of`; None without a program.

    With a `ledger` recorded at a past moment, the figures as they stood then.
    """
    ledger = ledger or Ledger()
    program = ledger.program(program)
    if program is None:
        return None
    areas = [
        AreaFigures(area.budget, area.obligated, area.spent, area=area)
        for area in ledger.existing(FundingArea.objects.filter(program=program))
        .with_totals(as_of, ledger)
        .order_by("position")
    ]
    return FundingSummary(
        sum((a.budget for a in areas), ZERO),
        sum((a.obligated for a in areas), ZERO),
        sum((a.spent for a in areas), ZERO),
        program=program,
        as_of=as_of,
        areas=areas,
        illustrative=ledger.has_illustrative(program),
    )
