"""The query parameters of the funding API (/api/funding.json), bounded."""

import datetime

from django import forms
from django.utils import timezone

from binghamton_safety.disclosure import FiguresParameters

from .models import BudgetEntry, FundingArea, Program, SpendingEntry, TreasuryProject


class FundingParameters(FiguresParameters):
    """`recorded_at` and `as_of` (default: today, or the day of `recorded_at`)."""

    history_models = (Program, FundingArea, TreasuryProject, BudgetEntry, SpendingEntry)
    # Money has no data-complete date: its figures default to today.
    published_dates = "month ends, today and council packet dates"

    def clean_as_of(self) -> datetime.date | None:
        if self.has_error("recorded_at"):
            return None
        recorded_at = self.cleaned_data.get("recorded_at")
        self.default_as_of = (
            timezone.localtime(recorded_at).date()
            if recorded_at
            else timezone.localdate()
        )
        raw = self.cleaned_data["as_of"]
        if not raw:
            return self.default_as_of
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            raise forms.ValidationError(
                f"as_of must be a date as YYYY-MM-DD, not {raw!r}."
            ) from None
