"""The query parameters of the funding API (/api/funding.json), bounded."""

import datetime

from binghamton_safety.disclosure import FiguresParameters
from binghamton_safety.parameters import local_date

from .models import BudgetEntry, FundingArea, Program, SpendingEntry, TreasuryProject


class FundingParameters(FiguresParameters):
    """`recorded_at` and `as_of` (default: today, or the day of `recorded_at`)."""

    history_models = (Program, FundingArea, TreasuryProject, BudgetEntry, SpendingEntry)
    # Money has no data-complete date: its figures default to today.
    published_dates = "month ends, today and council packet dates"

    def clean_as_of(self) -> datetime.date | None:
        if self.has_error("recorded_at"):
            return None
        self.default_as_of = local_date(self.cleaned_data.get("recorded_at"))
        return self.given_as_of() or self.default_as_of
