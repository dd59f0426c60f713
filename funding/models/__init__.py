"""The funding ledger: the program, its six areas, Treasury projects, budgets and spending,
awards, and Treasury's reporting periods.

Every budget, obligation and expenditure figure is a sum of dated ledger entries, so any
as-of date can be reproduced exactly. The sums are the querysets' (funding/ledger.py);
current spending figures add up the kept monthly totals (`MonthlySpending`, rewritten from
the entries by every write: monthly.py) and the entries of the as-of month. A period's
dates follow from its name (funding/periods.py).

The models live in the modules of their concept: base.py (what they share), program.py
(the program, areas and projects), ledger.py (budget and spending entries, the monthly
totals), awards.py and periods.py. Callers import every name from here, including the
vocabulary the models use, re-exported below.
"""

from ..awards import (
    AwardKind,
    AwardQuerySet,
    RecipientKind,
    award_problems,
    entry_award_problems,
    entry_date_problems,
)
from ..categories import ExpenditureCategory
from ..completion import Completion, CompletionStatus
from ..ledger import (
    EXPENDITURE_DEADLINE,
    FIRST_ELIGIBLE_COST_DATE,
    OBLIGATION_DEADLINE,
    FundingAreaQuerySet,
    Ledger,
    SpendingEntryQuerySet,
    SpendingKind,
    TreasuryProjectQuerySet,
)
from ..periods import PERIOD_YEARS, PeriodKind, ReportingPeriodQuerySet, period_bounds
from .awards import Award
from .base import no_control_characters
from .ledger import BudgetEntry, LedgerEntry, MonthlySpending, SpendingEntry
from .periods import ReportingPeriod
from .program import FundingArea, FundingSource, Program, TreasuryProject

__all__ = [
    "EXPENDITURE_DEADLINE",
    "FIRST_ELIGIBLE_COST_DATE",
    "OBLIGATION_DEADLINE",
    "PERIOD_YEARS",
    "Award",
    "AwardKind",
    "AwardQuerySet",
    "BudgetEntry",
    "Completion",
    "CompletionStatus",
    "ExpenditureCategory",
    "FundingArea",
    "FundingAreaQuerySet",
    "FundingSource",
    "Ledger",
    "LedgerEntry",
    "MonthlySpending",
    "PeriodKind",
    "Program",
    "RecipientKind",
    "ReportingPeriod",
    "ReportingPeriodQuerySet",
    "SpendingEntry",
    "SpendingEntryQuerySet",
    "SpendingKind",
    "TreasuryProject",
    "TreasuryProjectQuerySet",
    "award_problems",
    "entry_award_problems",
    "entry_date_problems",
    "no_control_characters",
    "period_bounds",
]
