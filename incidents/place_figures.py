"""Year-to-date figures by place: every metric of every place of one kind, this year's
window against the comparison year's, with the change, z, signal and, where the place's
population is known, the rate per 100,000 residents a year.

The counts are sums of the daily counts kept per place (`incidents.daily`), so the
figures of every place cost two queries whatever the records: the city's sums and the
places' sums. Records of no place of the kind are the "not recorded" row (the city's
count less the places').

For the public, `disclosed` hides small counts of people (see SMALL_COUNT_METRICS and
README "Disclosure of small counts"); staff see the exact counts.
"""

import datetime
import itertools
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone

from places.models import Place, PlaceKind, code_order

from . import daily, daily_sums
from .counting import INCIDENTS, RECOVERIES
from .models import DataCompleteness
from .windows import Window, has_data, ytd_window
from .ytd import METRICS
from .ytd_statistics import Compared

# The counts of people that a small number could single out.
SMALL_COUNT_METRICS = ("shooting_victims", "victims_killed")
UNRECORDED = "not recorded"
RULE = (
    "Counts of people shot or killed from 1 to {threshold_less} of a place are shown as "
    '"fewer than {threshold}"; where one such count could be worked out from the '
    "city's total and the other places, the smallest other count is withheld too. "
    "City-wide figures are exact."
)
DAYS_A_YEAR = 365
FLAGS = ("illustrative", "illustrative_recoveries")
PLACE_FIELDS = ("kind", "code", "name", "population", "population_year")


@dataclass(frozen=True)
class PlaceCount(Compared):
    """One metric of one place in the two windows. For the public, `hidden` (the current
    count) and `hidden_previous` say "small" (1 to threshold - 1), "withheld" (so that a
    small one cannot be worked out) or "" (shown)."""

    current: int | None
    previous: int | None
    population: int | None
    days: int  # of the current window, for the yearly rate
    hidden: str = ""
    hidden_previous: str = ""

    @property
    def suppressed(self) -> bool:
        return bool(self.hidden or self.hidden_previous)

    @property
    def comparable(self) -> bool:
        return super().comparable and not self.suppressed

    @property
    def rate_per_100k(self) -> Decimal | None:
        """The current count a year per 100,000 residents, to one decimal."""
        if self.hidden or self.current is None or not self.population:
            return None
        yearly = Decimal(self.current) * DAYS_A_YEAR / self.days
        rate = yearly * 100_000 / self.population
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PlaceRow:
    code: str
    name: str
    population: int | None
    population_year: int | None
    metrics: dict[str, PlaceCount]
    place_id: int | None = None  # None: the city, or records of no place


@dataclass(frozen=True)
class PlaceFigures:
    kind: str
    as_of: datetime.date
    data_complete_through: datetime.date | None
    current: Window
    previous: Window
    city: PlaceRow
    places: list[PlaceRow]
    unrecorded: PlaceRow  # records of no place of the kind
    illustrative: bool  # some record counted is invented sample data
    threshold: int | None = None  # set when small counts are hidden

    @property
    def kind_label(self) -> str:
        return PlaceKind(self.kind).label

    @property
    def rows(self) -> list[PlaceRow]:
        """The places, then the records of none of them if there are any."""
        unrecorded = any(count.current for count in self.unrecorded.metrics.values())
        return [*self.places, self.unrecorded] if unrecorded else list(self.places)


def kinds_with_places() -> list[str]:
    """The kinds of place (not the city) that have places, in the kinds' order."""
    present = set(Place.objects.values_list("kind", flat=True).distinct())
    return [kind.value for kind in PlaceKind.of_records() if kind.value in present]


def compute(
    kind: str, as_of: datetime.date | None = None, compare_year: int | None = None
) -> PlaceFigures:
    """Every metric of every place of `kind` as of `as_of` (default: data complete
    through) against `compare_year` (default: the year before). Five queries whatever
    the records: completeness, the earliest days, the places, the city's sums and the
    places' sums."""
    complete_through = DataCompleteness.current()
    as_of = as_of or complete_through or timezone.localdate()
    windows = {
        "current": ytd_window(as_of),
        "previous": ytd_window(as_of, compare_year or as_of.year - 1),
    }
    first_incident, first_recovery = daily.first_days()
    earliest = {INCIDENTS: first_incident, RECOVERIES: first_recovery}
    places = _places_and_city(kind)
    city_place = next((p for p in places if p.kind == PlaceKind.CITY), None)
    city_sums = daily_sums.window_sums(windows, (*METRICS, *FLAGS))
    sums = daily_sums.place_window_sums(windows, METRICS, kind)

    def row(place, found, code, name) -> PlaceRow:
        population = place.population if place else None
        counts = {
            key: _count(windows, earliest[metric.source], found, key, population)
            for key, metric in METRICS.items()
        }
        return PlaceRow(
            code, name, population, place and place.population_year, counts,
            place_id=place.pk if place and place.kind != PlaceKind.CITY else None,
        )  # fmt: skip

    rows = [
        row(p, sums.get(p.pk, {}), p.code, p.name) for p in places if p.kind == kind
    ]
    city = row(city_place, city_sums, "", city_place.name if city_place else "City")
    return PlaceFigures(
        kind=kind,
        as_of=as_of,
        data_complete_through=complete_through,
        current=windows["current"],
        previous=windows["previous"],
        city=city,
        places=rows,
        unrecorded=_unrecorded(city, rows),
        illustrative=any(
            city_sums.get(daily_sums.window_key(flag, name))
            for flag, name in itertools.product(FLAGS, windows)
        ),
    )


def _places_and_city(kind: str) -> list[Place]:
    """The places of `kind`, and the city's (if set up), in code order: one query."""
    return sorted(
        Place.objects.filter(kind__in=(kind, PlaceKind.CITY)).only(*PLACE_FIELDS),
        key=code_order,
    )


def _count(windows, earliest, found, key, population) -> PlaceCount:
    def window_count(name: str) -> int | None:
        if not has_data(windows[name], earliest):
            return None
        return found.get(daily_sums.window_key(key, name), 0)

    return PlaceCount(
        current=window_count("current"),
        previous=window_count("previous"),
        population=population,
        days=windows["current"].days,
    )


def _unrecorded(city: PlaceRow, rows: list[PlaceRow]) -> PlaceRow:
    """The city's counts less those of the places: records of none of them."""

    def less(key: str, window: str) -> int | None:
        total = getattr(city.metrics[key], window)
        if total is None:
            return None
        return total - sum(getattr(row.metrics[key], window) or 0 for row in rows)

    counts = {
        key: replace(
            city.metrics[key],
            current=less(key, "current"),
            previous=less(key, "previous"),
            population=None,
        )
        for key in METRICS
    }
    return PlaceRow("", UNRECORDED, None, None, counts)


# --- Small counts in public ---------------------------------------------------------------


def disclosed(figures: PlaceFigures, threshold: int | None = None) -> PlaceFigures:
    """The figures as the public sees them: in each window, a count of SMALL_COUNT_METRICS
    from 1 to `threshold` - 1 of a place (or of the records of none) is hidden; and where
    a column would then have one hidden count, worked out from the city's total less the
    others, the smallest other count is withheld too. The city's figures stay."""
    threshold = threshold or small_count_threshold()
    rows = [*figures.places, figures.unrecorded]
    for key in SMALL_COUNT_METRICS:
        for window, field in (("current", "hidden"), ("previous", "hidden_previous")):
            hidden = _hidden_cells(rows, key, window, threshold)
            rows = [
                _with_hidden(row, key, field, hidden[index]) if index in hidden else row
                for index, row in enumerate(rows)
            ]
    return replace(figures, places=rows[:-1], unrecorded=rows[-1], threshold=threshold)


def small_count_threshold() -> int:
    return settings.SMALL_COUNT_THRESHOLD


def rule(threshold: int) -> str:
    """The rule in words, for pages and the API."""
    return RULE.format(threshold=threshold, threshold_less=threshold - 1)


def _hidden_cells(rows, key: str, window: str, threshold: int) -> dict[int, str]:
    """{row index: "small" or "withheld"} for one metric in one window."""
    values = [getattr(row.metrics[key], window) for row in rows]
    small = {i: "small" for i, v in enumerate(values) if v and 0 < v < threshold}
    if len(small) != 1:
        return small
    # The smallest other count, a zero only if every other is one.
    others = [
        (v == 0, v, i) for i, v in enumerate(values) if i not in small and v is not None
    ]
    if others:
        small[min(others)[2]] = "withheld"
    return small


def _with_hidden(row: PlaceRow, key: str, field: str, reason: str) -> PlaceRow:
    metrics = {**row.metrics, key: replace(row.metrics[key], **{field: reason})}
    return replace(row, metrics=metrics)
