"""The query parameters of the year-to-date API (/api/ytd.json, /data/ytd.csv), bounded."""

import datetime
import re

from django import forms
from django.utils import timezone

from binghamton_safety.disclosure import FiguresParameters
from binghamton_safety.parameters import FIRST_YEAR

from . import ytd
from .imports.cells import strict_date
from .models import DataCompleteness, FirearmRecovery, Incident, Victim

# A comparison year as far before the first record as the five-year average reaches:
# earlier years can only be empty, and asking them made every count scan back to 1901.
YEARS_BEFORE_FIRST_RECORD = 5
YEAR = re.compile(r"[0-9]{1,4}")


def earliest_compare_year(as_of_year: int) -> int:
    """The earliest comparison year anyone may ask: five years before the first year
    with a record (before the as-of year, while there is none). Two indexed queries."""
    first = min(
        filter(
            None,
            (Incident.objects.earliest_date(), FirearmRecovery.objects.earliest_date()),
        ),
        default=None,
    )
    return (first.year if first else as_of_year) - YEARS_BEFORE_FIRST_RECORD


class YtdParameters(FiguresParameters):
    """`recorded_at`, `as_of` (default: data complete through, as recorded then) and
    `compare` (default: the year before). After cleaning, `records` and
    `complete_through` are those the figures are computed from."""

    compare = forms.CharField(required=False, strip=False)

    history_models = (Incident, Victim, FirearmRecovery, DataCompleteness)

    def clean_as_of(self) -> datetime.date | None:
        if self.has_error("recorded_at"):
            return None
        recorded_at = self.cleaned_data.get("recorded_at")
        self.records = ytd.Records(recorded_at)
        self.complete_through = self.records.complete_through()
        latest = self.complete_through or (
            timezone.localtime(recorded_at).date()
            if recorded_at
            else timezone.localdate()
        )
        self.default_as_of = latest
        raw = self.cleaned_data["as_of"]
        if not raw:
            return latest
        try:
            as_of = strict_date(raw)
        except ValueError as error:
            raise forms.ValidationError(f"as_of: {error}") from None
        if as_of.year <= FIRST_YEAR:
            raise forms.ValidationError(
                f"as_of must be after {FIRST_YEAR}, not {as_of.isoformat()}."
            )
        if as_of > latest:
            what = (
                "the data are complete only through"
                if self.complete_through
                else "that is after today,"
            )
            raise forms.ValidationError(
                f"as_of {as_of.isoformat()} is too late: {what} {latest.isoformat()}."
            )
        return as_of

    def clean_compare(self) -> int | None:
        raw = self.cleaned_data["compare"]
        as_of = self.cleaned_data.get("as_of")
        if not raw or as_of is None:
            return None
        if not YEAR.fullmatch(raw) or not FIRST_YEAR <= int(raw) < as_of.year:
            raise forms.ValidationError(
                f"compare must be a year before {as_of.year}, not {raw!r}."
            )
        earliest = earliest_compare_year(as_of.year)
        if int(raw) < earliest:
            raise forms.ValidationError(
                f"compare must be {earliest} or later, not {raw!r}: comparisons reach "
                "back at most five years before the first year with records."
            )
        return int(raw)
