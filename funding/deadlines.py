"""ARPA's two federal deadlines and the money they put at risk.

Money must be obligated by 2024-12-31 and spent by 2026-12-31, or go back to the US
Treasury. Once the obligation deadline has passed, only money obligated by then can still be
spent: obligations recorded later do not count, and money de-obligated later is lost too.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal

from binghamton_safety.money import CENT, ZERO, cents

from .ledger import EXPENDITURE_DEADLINE, OBLIGATION_DEADLINE, Ledger
from .models import FundingArea, Program, TreasuryProject

DAYS_PER_MONTH = 30
FIGURES = ["budget", "obligated", "obligated_by_deadline", "spent"]


@dataclass(frozen=True)
class DeadlineFigures:
    """Where one program, area or project stands against both deadlines on `as_of`."""

    label: str
    as_of: datetime.date
    budget: Decimal
    obligated: Decimal
    obligated_by_deadline: Decimal
    spent: Decimal

    @property
    def obligation_deadline_passed(self) -> bool:
        return self.as_of > OBLIGATION_DEADLINE

    @property
    def days_left(self) -> int:
        """Days from the end of `as_of` to the end of the expenditure deadline."""
        return (EXPENDITURE_DEADLINE - self.as_of).days

    @property
    def obligation_that_counts(self) -> Decimal:
        if not self.obligation_deadline_passed:
            return self.obligated
        return min(self.obligated_by_deadline, self.obligated)

    @property
    def unobligated(self) -> Decimal:
        """Budget not obligated: at risk of return once the obligation deadline passed."""
        return max(self.budget - self.obligation_that_counts, ZERO)

    @property
    def spendable(self) -> Decimal:
        """What may still be spent: the budget, or after 2024 only what was obligated."""
        if self.obligation_deadline_passed:
            return min(self.obligation_that_counts, self.budget)
        return self.budget

    @property
    def unspent(self) -> Decimal:
        return max(self.spendable - self.spent, ZERO)

    @property
    def per_day(self) -> Decimal | None:
        """Spending needed each day to finish on time, rounded up; None once too late."""
        if self.days_left <= 0:
            return None
        return (self.unspent / self.days_left).quantize(CENT, rounding=ROUND_UP)

    @property
    def per_month(self) -> Decimal | None:
        """Spending needed per month of 30 days, rounded up; None once too late."""
        if self.days_left <= 0:
            return None
        return (self.unspent * DAYS_PER_MONTH / self.days_left).quantize(
            CENT, rounding=ROUND_UP
        )

    @property
    def at_risk(self) -> bool:
        return self.unobligated > 0 and self.obligation_deadline_passed


@dataclass(frozen=True)
class DeadlineStatus:
    """The program, its areas and its projects against the deadlines, worst first."""

    program: Program
    as_of: datetime.date
    overall: DeadlineFigures
    areas: list[DeadlineFigures]
    projects: list[DeadlineFigures]
    illustrative: bool

    obligate_by = OBLIGATION_DEADLINE
    spend_by = EXPENDITURE_DEADLINE

    @property
    def days_to_obligation_deadline(self) -> int:
        return (OBLIGATION_DEADLINE - self.as_of).days

    @property
    def days_since_obligation_deadline(self) -> int:
        return -self.days_to_obligation_deadline

    @property
    def days_to_spending_deadline(self) -> int:
        return self.overall.days_left

    @property
    def days_since_spending_deadline(self) -> int:
        return -self.days_to_spending_deadline


def _worst_first(rows: list[DeadlineFigures]) -> list[DeadlineFigures]:
    return sorted(rows, key=lambda row: (-row.unobligated, -row.unspent, row.label))


def _figures(label: str, as_of: datetime.date, row) -> DeadlineFigures:
    """An area's or project's figures, annotated by `with_deadline_totals`."""
    return DeadlineFigures(
        label, as_of, *(cents(getattr(row, name)) for name in FIGURES)
    )


def _project_label(project: TreasuryProject) -> str:
    if project.name == project.identifier:
        return project.identifier
    return f"{project.identifier} {project.name}"


def _overall(program: Program, as_of, areas: list[DeadlineFigures]) -> DeadlineFigures:
    """The whole program: money never budgeted to an area was never obligated either."""
    return DeadlineFigures(
        program.name,
        as_of,
        program.total,
        sum((area.obligated for area in areas), ZERO),
        # Per area, late obligations do not make up for another area's shortfall.
        sum((area.obligation_that_counts for area in areas), ZERO),
        sum((area.spent for area in areas), ZERO),
    )


def deadline_status(
    as_of: datetime.date, program: Program | None = None, ledger: Ledger | None = None
) -> DeadlineStatus | None:
    """`program` (default: the first one) against both deadlines at the end of `as_of`;
    with a `ledger` recorded at a past moment, as the figures stood then.

    Five queries whatever the number of areas, projects and entries.
    """
    ledger = ledger or Ledger()
    program = ledger.program(program)
    if program is None:
        return None
    areas = [
        _figures(area.name, as_of, area)
        for area in ledger.existing(
            FundingArea.objects.filter(program=program)
        ).with_deadline_totals(as_of, ledger)
    ]
    projects = [
        _figures(_project_label(project), as_of, project)
        for project in ledger.existing(
            TreasuryProject.objects.filter(area__program=program)
        )
        .with_deadline_totals(as_of, ledger)
        .order_by("identifier")
    ]
    return DeadlineStatus(
        program=program,
        as_of=as_of,
        overall=_overall(program, as_of, areas),
        areas=_worst_first(areas),
        projects=_worst_first(projects),
        illustrative=ledger.has_illustrative(program),
    )
