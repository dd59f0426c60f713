"""The dashboard's controls (DashboardForm): the as-of dates, the comparison year and the
kind of place, as the APIs define them (binghamton_safety.parameters, incidents.api_forms)."""

import datetime

from django import forms

from binghamton_safety.parameters import (
    FIRST_YEAR,
    AsOfField,
    RecordedAtField,
    local_date,
)
from incidents.api_forms import BeforeRecords, NotBeforeAsOf, check_compare
from places.models import PlaceKind


class DashboardForm(forms.Form):
    """The dashboard's controls; every field lands in the URL so a link reproduces the view."""

    as_of = AsOfField(
        label="Incidents as of",
        help_text="Default: the date the incident data are complete through.",
    )
    compare = forms.IntegerField(
        label="Compare with year",
        required=False,
        min_value=FIRST_YEAR,
        # Suggests the years that have data (the page renders the list); any year from
        # five years before the first record may still be typed, and one without data
        # says so.
        widget=forms.NumberInput(attrs={"list": "compare-years"}),
        help_text="Default: the year before.",
    )
    money_as_of = AsOfField(label="Money as of", help_text="Default: today.")
    kind = forms.ChoiceField(
        label="Places by",
        required=False,
        help_text="The tables by place. Default: the first kind with places.",
    )
    recorded_at = RecordedAtField(
        help_text="Optional: a past date and time, to show every figure as it had been "
        "recorded then, e.g. to reproduce a council packet after later corrections."
    )

    def __init__(
        self,
        *args,
        complete_through: datetime.date | None = None,
        recorded_at: datetime.datetime | None = None,
        kinds: list[str] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.kinds = list(kinds)
        self.fields["kind"].choices = [(k, PlaceKind(k).label) for k in self.kinds]
        self.complete_through = complete_through
        self.today = local_date(recorded_at)

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of and self.complete_through and as_of > self.complete_through:
            raise forms.ValidationError(
                f"Incident data are complete only through "
                f"{self.complete_through:%B} {self.complete_through.day}, "
                f"{self.complete_through.year}; choose that date or an earlier one."
            )
        return as_of

    def clean(self):
        cleaned = super().clean()
        as_of = cleaned.get("as_of") or self.default_as_of()
        compare = cleaned.get("compare")
        if compare is None:
            return cleaned
        try:
            check_compare(compare, as_of.year)
        except NotBeforeAsOf:
            self.add_error("compare", f"Choose a year before {as_of.year}.")
        except BeforeRecords as error:
            self.add_error("compare", f"Choose {error.earliest} or later: {error}.")
        return cleaned

    def default_as_of(self) -> datetime.date:
        return self.complete_through or self.today

    def choices(self) -> tuple[datetime.date, int, datetime.date]:
        """(incidents as of, comparison year, money as of): valid input or the defaults."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        as_of = data.get("as_of") or self.default_as_of()
        compare = data.get("compare") or as_of.year - 1
        money_as_of = data.get("money_as_of") or self.today
        return as_of, compare, money_as_of

    def place_kind(self) -> str | None:
        """The kind of place of the tables by place: valid input or the first kind."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("kind") or (self.kinds[0] if self.kinds else None)
