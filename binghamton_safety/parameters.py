"""The query parameters every page, download and API shares: dates, years and past
moments, each with one definition of what is valid (README, "Asking for figures")."""

import datetime
import re

from django import forms
from django.utils import timezone

# The first year a figure can be compared with: an as-of date or a past moment must be
# later, so that its windows (and the year before it) exist.
FIRST_YEAR = 1900


RECORDED_AT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?")


def parse_recorded_at(raw: str) -> datetime.datetime:
    """`2022-05-04T14:05` or `2022-05-04T14:05:30`, local time, as the last instant of that
    minute (or second): every change saved during it counts. Raises ValueError."""
    match = RECORDED_AT.fullmatch(raw.strip())
    if not match:
        raise ValueError(
            f"recorded_at must be a local date and time as YYYY-MM-DDTHH:MM, not {raw!r}."
        )
    year, month, day, hour, minute, second = match.groups()
    try:
        naive = datetime.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 59)
        )
    except ValueError:
        raise ValueError(f"recorded_at {raw!r} is not a real date and time.") from None
    if naive.year <= FIRST_YEAR:
        raise ValueError(f"recorded_at must be after {FIRST_YEAR}, not {raw!r}.")
    moment = timezone.make_aware(naive.replace(microsecond=999_999))
    if moment - datetime.timedelta(seconds=60) > timezone.now():
        raise ValueError(f"recorded_at {raw!r} is in the future.")
    return moment


def recorded_at_param(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M:%S}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RecordedAtInput(forms.DateTimeInput):
    input_type = "datetime-local"


class RecordedAtField(forms.CharField):
    """A past moment, local time: the figures as they had been recorded then."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "As recorded at")
        kwargs.setdefault(
            "help_text",
            "Optional: a past date and time, to show the figures as they stood then "
            "(later corrections left out).",
        )
        super().__init__(
            required=False, max_length=30, widget=RecordedAtInput(), **kwargs
        )

    def clean(self, value) -> datetime.datetime | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_recorded_at(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
