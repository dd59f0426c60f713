"""The query parameters every page, download and API shares: dates, years and past
moments, each with one definition of what is valid (README, "Asking for figures")."""

import datetime
import re

from django import forms
from django.utils import timezone

# The first year a figure can be compared with: an as-of date or a past moment must be
# later, so that its windows (and the year before it) exist.
FIRST_YEAR = 1900

# YYYY-MM-DD and nothing else: date.fromisoformat alone also takes 20220504 and 2022-W18.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
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
    if not after_first_year(naive):
        raise ValueError(f"recorded_at must be after {FIRST_YEAR}, not {raw!r}.")
    moment = timezone.make_aware(naive.replace(microsecond=999_999))
    if moment - datetime.timedelta(seconds=60) > timezone.now():
        raise ValueError(f"recorded_at {raw!r} is in the future.")
    return moment


def recorded_at_param(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M:%S}"


def after_first_year(day: datetime.date) -> bool:
    """Whether an as-of date or a past moment is late enough: after FIRST_YEAR."""
    return day.year > FIRST_YEAR


class NotADate(ValueError):
    """Text that is no date as YYYY-MM-DD, or no real one. Its words say which and follow
    the text in a message: "'2022-02-30' is not a real date"."""


class TooEarly(ValueError):
    """An as-of date in FIRST_YEAR or before."""


def parse_date(raw: str) -> datetime.date:
    """A real date written YYYY-MM-DD. Raises NotADate."""
    if not ISO_DATE.fullmatch(raw):
        raise NotADate("is not a date as YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise NotADate("is not a real date") from None


def parse_as_of(raw: str) -> datetime.date:
    """The one definition of an as-of date, for every page, download and API: a real
    date written YYYY-MM-DD, after FIRST_YEAR. Raises NotADate or TooEarly (both
    ValueErrors); each caller words the first its own way."""
    day = parse_date(raw)
    if not after_first_year(day):
        raise TooEarly(f"as_of must be after {FIRST_YEAR}, not {day.isoformat()}.")
    return day


def local_date(moment: datetime.datetime | None) -> datetime.date:
    """The local date of `moment`, or today when there is none: the default as-of date
    of figures as recorded then (or now)."""
    return timezone.localtime(moment).date() if moment else timezone.localdate()


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


class AsOfField(forms.DateField):
    """An optional as-of date in a form (`parse_as_of`), picked from a calendar."""

    widget = DateInput
    default_error_messages = {"too_early": f"Choose a date after {FIRST_YEAR}."}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> datetime.date | None:
        if not isinstance(value, str):
            return super().to_python(value)  # empty, or a date already (the initial)
        if not value:
            return None
        try:
            # Spaces around it are tidied away, as by every text field of a form.
            return parse_as_of(value.strip())
        except TooEarly:
            raise forms.ValidationError(
                self.error_messages["too_early"], code="too_early"
            ) from None
        except NotADate:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None
