"""Which figures the public APIs give anonymous visitors (README, "Disclosure of small
counts"), and the bounded form their query parameters pass through.

Counts are small. Subtracting one day's figures from the next day's tells a single event
("2022-05-02: 1 killed"), and figures recorded a minute apart tell when a record was
entered or voided. So anyone may ask figures as of a month end, the default date (the
date the data are complete through) and the date of a published council packet, and the
past only as a packet recorded it. Staff (viewers and editors) keep exact dates and
moments, within the same bounds.
"""

import calendar
import datetime

from django import forms
from django.db.models import Min, Model
from django.http import HttpRequest

from .models import CouncilPacket
from .parameters import (
    NotADate,
    TooEarly,
    parse_as_of,
    parse_recorded_at,
    recorded_at_param,
)
from .roles import is_viewer

PUBLISHED = "Public figures are published as of"


def is_month_end(day: datetime.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def first_recorded(models: tuple[type[Model], ...]) -> datetime.datetime | None:
    """The moment of the first history record of any of `models`: one query each."""
    moments = [
        model.history.aggregate(first=Min("history_date"))["first"] for model in models
    ]
    return min(filter(None, moments), default=None)


class FiguresParameters(forms.Form):
    """The query parameters of a public figures API: each given at most once, nothing
    unknown, every value bounded; for anonymous visitors, only the published dates and
    moments. The responses cached for anonymous visitors are then a bounded set.

    Subclasses clean `as_of` (with `given_as_of`) and set `default_as_of` (the date
    figures default to).
    """

    recorded_at = forms.CharField(required=False, strip=False)
    as_of = forms.CharField(required=False, strip=False)

    # The models whose history the figures read: before their first record, no figure.
    history_models: tuple[type[Model], ...] = ()
    # The dates published for anyone, in words, after PUBLISHED.
    published_dates = "month ends, the data-complete date and council packet dates"

    def __init__(self, request: HttpRequest):
        super().__init__(request.GET)
        self.staff = is_viewer(request.user)
        self.default_as_of: datetime.date | None = None

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]

    def clean_recorded_at(self) -> datetime.datetime | None:
        raw = self.cleaned_data["recorded_at"]
        if not raw:
            return None
        try:
            moment = parse_recorded_at(raw)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if not self.staff:
            if not CouncilPacket.objects.reproduced_by(moment).exists():
                raise forms.ValidationError(
                    "Past figures are published only as a council packet recorded "
                    f"them; recorded_at {raw!r} is no packet's."
                )
            return moment
        first = first_recorded(self.history_models)
        if first is None:
            raise forms.ValidationError(
                f"recorded_at {raw!r}: no figure has been recorded yet."
            )
        if moment < first:
            raise forms.ValidationError(
                f"recorded_at {raw!r} is before the first figure was recorded "
                f"(on {recorded_at_param(first)})."
            )
        return moment

    def given_as_of(self) -> datetime.date | None:
        """The as_of given (`parse_as_of`), or None when none is."""
        raw = self.cleaned_data["as_of"]
        if not raw:
            return None
        try:
            return parse_as_of(raw)
        except NotADate as error:
            raise forms.ValidationError(self.not_a_date(raw, error)) from None
        except TooEarly as error:
            raise forms.ValidationError(str(error)) from None

    def not_a_date(self, raw: str, error: NotADate) -> str:
        """What an as_of that is no date as YYYY-MM-DD gets told."""
        return f"as_of must be a date as YYYY-MM-DD, not {raw!r}."

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in self.data:
            if name not in self.fields:
                raise forms.ValidationError(
                    f"Unknown parameter {name!r}: this API takes "
                    f"{', '.join(self.fields)}."
                )
            if len(self.data.getlist(name)) > 1:
                raise forms.ValidationError(f"Give {name} once.")
        as_of = cleaned.get("as_of")
        if as_of and not self.staff and not self._published(as_of):
            raise forms.ValidationError(
                f"{PUBLISHED} {self.published_dates}; {as_of.isoformat()} is none of "
                "these."
            )
        return cleaned

    def _published(self, as_of: datetime.date) -> bool:
        return (
            as_of == self.default_as_of
            or is_month_end(as_of)
            or CouncilPacket.objects.filter(presented_on=as_of).exists()
        )
