"""The query parameters of the incident figure APIs (/api/ytd.json, /data/ytd.csv,
/api/trends.json, /data/trends.csv), bounded, and the one definition of a comparison year
(the dashboard's too)."""

import datetime
import re

from django import forms

from binghamton_safety.disclosure import FiguresParameters
from binghamton_safety.parameters import FIRST_YEAR, NotADate, local_date
from places.models import Place, PlaceKind

from . import place_figures, trends, ytd
from .imports.cells import quoted
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


class NotBeforeAsOf(ValueError):
    """A comparison year that is not before the as-of year (or is before FIRST_YEAR)."""


class BeforeRecords(ValueError):
    """A comparison year too long before the first record; `earliest` may be asked."""

    def __init__(self, earliest: int):
        super().__init__(
            "comparisons reach back at most five years before the first year with "
            "records"
        )
        self.earliest = earliest


def check_compare(year: int, as_of_year: int) -> int:
    """`year`, if figures as of a date in `as_of_year` may be compared with it: from
    FIRST_YEAR, before the as-of year and not too long before the first record. Raises
    NotBeforeAsOf or BeforeRecords; each caller words them its own way."""
    if not FIRST_YEAR <= year < as_of_year:
        raise NotBeforeAsOf
    earliest = earliest_compare_year(as_of_year)
    if year < earliest:
        raise BeforeRecords(earliest)
    return year


class IncidentParameters(FiguresParameters):
    """`recorded_at` and `as_of` (default: data complete through, as recorded then), for
    the incident figures. After cleaning, `records` and `complete_through` are those the
    figures are computed from."""

    history_models = (Incident, Victim, FirearmRecovery, DataCompleteness)

    def clean_as_of(self) -> datetime.date | None:
        if self.has_error("recorded_at"):
            return None
        recorded_at = self.cleaned_data.get("recorded_at")
        self.records = ytd.Records(recorded_at)
        self.complete_through = self.records.complete_through()
        latest = self.complete_through or local_date(recorded_at)
        self.default_as_of = latest
        as_of = self.given_as_of()
        if as_of is None:
            return latest
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

    def not_a_date(self, raw: str, error: NotADate) -> str:
        return f"as_of: {quoted(raw)} {error}."


class YtdParameters(IncidentParameters):
    """The incident parameters and `compare` (default: the year before)."""

    compare = forms.CharField(required=False, strip=False)

    def clean_compare(self) -> int | None:
        raw = self.cleaned_data["compare"]
        as_of = self.cleaned_data.get("as_of")
        if not raw or as_of is None:
            return None
        not_before = forms.ValidationError(
            f"compare must be a year before {as_of.year}, not {raw!r}."
        )
        if not YEAR.fullmatch(raw):
            raise not_before
        try:
            return check_compare(int(raw), as_of.year)
        except NotBeforeAsOf:
            raise not_before from None
        except BeforeRecords as error:
            raise forms.ValidationError(
                f"compare must be {error.earliest} or later, not {raw!r}: {error}."
            ) from None


class TrendParameters(IncidentParameters):
    """The incident parameters, `metric` (default: people shot) and `place` (KIND:CODE;
    default: the city)."""

    metric = forms.CharField(required=False, strip=False)
    place = forms.CharField(required=False, strip=False)

    def clean_metric(self) -> str:
        raw = self.cleaned_data["metric"]
        if not raw:
            return trends.MAIN_METRIC
        if raw not in ytd.METRICS:
            raise forms.ValidationError(
                f"metric must be one of {', '.join(ytd.METRICS)}; not {quoted(raw)}."
            )
        return raw

    def clean_place(self) -> Place | None:
        raw = self.cleaned_data["place"]
        if raw and self.cleaned_data.get("recorded_at"):
            raise forms.ValidationError(
                "place: a place's trend is of the current records only (a record's "
                "places are not kept in its history); leave recorded_at out."
            )
        return parse_place(raw) if raw else None


class PlaceParameters(YtdParameters):
    """The year-to-date parameters and `kind` (default: the first kind with places).
    Current figures only: the places of records are not kept in their history."""

    kind = forms.CharField(required=False, strip=False)

    def clean_recorded_at(self) -> None:
        if self.cleaned_data["recorded_at"]:
            raise forms.ValidationError(
                "recorded_at: figures by place are current figures only (a record's "
                "places are not kept in its history); leave recorded_at out."
            )
        return None

    def clean_kind(self) -> str:
        raw = self.cleaned_data["kind"]
        kinds = place_figures.kinds_with_places()
        if not kinds:
            raise forms.ValidationError("kind: no places are set up yet.")
        if not raw:
            return kinds[0]
        if raw not in kinds:
            raise forms.ValidationError(
                f"kind must be one of {', '.join(kinds)} (the kinds with places); "
                f"not {quoted(raw)}."
            )
        return raw


def parse_place(raw: str) -> Place:
    """The place "KIND:CODE" names, or a ValidationError saying what is wrong."""
    kind, colon, code = raw.partition(":")
    kinds = [k.value for k in PlaceKind.of_records()]
    if not colon or kind not in kinds or not code:
        raise forms.ValidationError(
            f"place must be KIND:CODE with a kind of {', '.join(kinds)}, e.g. "
            f"council_district:3; not {quoted(raw)}."
        )
    place = Place.objects.filter(kind=kind, code=code[:30]).first()
    if place is None or len(code) > 30:
        raise forms.ValidationError(f"place: no {kind} has the code {quoted(code)}.")
    return place
