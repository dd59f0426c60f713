"""The values of the measures worked out from the incident records, as of a date.

Each is read from the kept daily counts (`incidents.daily_sums`), so a measure costs the
same however many records there are, and a page of measures costs a query per source:

- firearms bought back: the firearms of the recoveries whose source is bought back, from
  the measure's first day to the as-of date;
- buyback events: the days in that span with a firearm bought back (a buyback event is a
  day on which one was held);
- share in places: of the confirmed shots-fired incidents in that span, the percentage
  that happened in the measure's places (to one decimal; none when the city had none).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from incidents import daily_sums
from incidents.models import DailyCount
from incidents.windows import Window

from .models import Measure, Source

BOUGHT_BACK = "firearms_bought_back"
SHOTS = "shots_fired_confirmed"


def _window(measure: Measure, as_of: datetime.date) -> Window | None:
    """The measure's days to `as_of`; None before its first day."""
    if as_of < measure.counted_from:
        return None
    return Window(measure.counted_from, as_of)


# Cases: {name: (a measure, a date)}, the measure's value as of the date wanted under the
# name; every source answers all its cases at once, whatever their number.
Cases = dict[str, tuple[Measure, datetime.date]]


def values(
    measures: Iterable[Measure], as_of: datetime.date
) -> dict[int, Decimal | None]:
    """{measure id: its value as of `as_of`} for the derived ones of `measures` (their
    places prefetched): 0 (or None for a share) before a measure's first day."""
    found = _values({str(m.pk): (m, as_of) for m in measures if m.derived})
    return {int(name): value for name, value in found.items()}


def values_at(measure: Measure, days: list[datetime.date]) -> list[Decimal | None]:
    """A derived measure's value as of each of `days`: the queries of one value."""
    found = _values(
        {f"{measure.pk}_{index}": (measure, day) for index, day in enumerate(days)}
    )
    return [found[f"{measure.pk}_{index}"] for index in range(len(days))]


def _values(cases: Cases) -> dict[str, Decimal | None]:
    """{name: value} of every case: a query per source (and kind of place)."""
    by_source: dict[str, Cases] = defaultdict(dict)
    for name, (measure, day) in cases.items():
        by_source[measure.source][name] = (measure, day)
    found: dict[str, Decimal | None] = {}
    found |= _bought_back(by_source[Source.FIREARMS_BOUGHT_BACK])
    found |= _buyback_days(by_source[Source.BUYBACK_DAYS])
    found |= _shares(by_source[Source.SHARE_IN_PLACES])
    return found


def _windows(cases: Cases) -> dict[str, Window]:
    return {
        name: window
        for name, (measure, day) in cases.items()
        if (window := _window(measure, day)) is not None
    }


def _bought_back(cases: Cases) -> dict:
    windows = _windows(cases)
    sums = daily_sums.window_sums(windows, [BOUGHT_BACK]) if windows else {}
    return {
        name: Decimal(sums.get(daily_sums.window_key(BOUGHT_BACK, name), 0))
        for name in cases
    }


def _buyback_days(cases: Cases) -> dict:
    windows = _windows(cases)
    counts = {}
    if windows:
        counts = DailyCount.objects.aggregate(
            **{
                f"m{name}": Count(
                    "pk",
                    filter=Q(
                        date__gte=window.start,
                        date__lte=window.end,
                        **{f"{BOUGHT_BACK}__gt": 0},
                    ),
                )
                for name, window in windows.items()
            }
        )
    return {name: Decimal(counts.get(f"m{name}", 0)) for name in cases}


def _shares(cases: Cases) -> dict:
    """Each share case's percentage: one query for the city's counts and one per kind
    of place the measures count."""
    windows = _windows(cases)
    if not windows:
        return dict.fromkeys(cases)
    city = daily_sums.window_sums(windows, [SHOTS])
    in_places: dict[str, int] = defaultdict(int)
    kinds = {
        place.kind for measure, _ in cases.values() for place in measure.places.all()
    }
    for kind in kinds:
        by_place = daily_sums.place_window_sums(windows, [SHOTS], kind)
        for name, (measure, _) in cases.items():
            key = daily_sums.window_key(SHOTS, name)
            for place in measure.places.all():
                if place.kind == kind:
                    in_places[name] += by_place.get(place.pk, {}).get(key, 0)
    return {
        name: share(in_places[name], city.get(daily_sums.window_key(SHOTS, name), 0))
        for name in cases
    }


def share(part: int, whole: int) -> Decimal | None:
    """100 x part / whole to one decimal (half up); None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)
