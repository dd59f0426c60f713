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


def values(
    measures: Iterable[Measure], as_of: datetime.date
) -> dict[int, Decimal | None]:
    """{measure id: its value as of `as_of`} for the derived ones of `measures` (their
    places prefetched): 0 (or None for a share) before a measure's first day."""
    by_source = defaultdict(list)
    for measure in measures:
        by_source[measure.source].append(measure)
    found: dict[int, Decimal | None] = {}
    found |= _bought_back(by_source[Source.FIREARMS_BOUGHT_BACK], as_of)
    found |= _buyback_days(by_source[Source.BUYBACK_DAYS], as_of)
    found |= _shares(by_source[Source.SHARE_IN_PLACES], as_of)
    return found


def _windows(measures: list[Measure], as_of: datetime.date) -> dict[str, Window]:
    return {
        str(measure.pk): window
        for measure in measures
        if (window := _window(measure, as_of)) is not None
    }


def _bought_back(measures: list[Measure], as_of: datetime.date) -> dict:
    windows = _windows(measures, as_of)
    sums = daily_sums.window_sums(windows, [BOUGHT_BACK]) if windows else {}
    return {
        m.pk: Decimal(sums.get(daily_sums.window_key(BOUGHT_BACK, str(m.pk)), 0))
        for m in measures
    }


def _buyback_days(measures: list[Measure], as_of: datetime.date) -> dict:
    windows = _windows(measures, as_of)
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
    return {m.pk: Decimal(counts.get(f"m{m.pk}", 0)) for m in measures}


def _shares(measures: list[Measure], as_of: datetime.date) -> dict:
    """Each share measure's percentage: one query for the city's counts and one per kind
    of place the measures count."""
    windows = _windows(measures, as_of)
    if not windows:
        return {m.pk: None for m in measures}
    city = daily_sums.window_sums(windows, [SHOTS])
    in_places: dict[int, int] = defaultdict(int)
    for kind in {place.kind for m in measures for place in m.places.all()}:
        by_place = daily_sums.place_window_sums(windows, [SHOTS], kind)
        for measure in measures:
            key = daily_sums.window_key(SHOTS, str(measure.pk))
            for place in measure.places.all():
                if place.kind == kind:
                    in_places[measure.pk] += by_place.get(place.pk, {}).get(key, 0)
    found = {}
    for measure in measures:
        total = city.get(daily_sums.window_key(SHOTS, str(measure.pk)), 0)
        found[measure.pk] = share(in_places[measure.pk], total)
    return found


def share(part: int, whole: int) -> Decimal | None:
    """100 x part / whole to one decimal (half up); None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)
