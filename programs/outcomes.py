"""Money beside outcomes: for each gun-violence figure an area aims to move, the twelve
whole months before the area's first expenditure against the latest twelve complete
months, with the change, z and signal of the year-to-date figures (the same Poisson
method, `incidents.ytd_statistics`).

- *Before*: the twelve calendar months before the month of the area's first expenditure
  (its first counted expenditure of a positive amount up to the money's as-of date).
- *After*: the twelve months up to the last month complete by the date the data are
  complete through. When the area has spent for less than a year, the two overlap; the
  result says so.
- A figure is None for a span that starts before the records begin (no data).

For an outcome with targeted places, the same for those places together and for the
rest of the city (the city's count less theirs), side by side. Counts come from the kept
daily counts: two sums a query, whatever the records.
"""

import datetime
from dataclasses import dataclass, replace

from funding.models import FundingArea, SpendingEntry
from incidents import daily, daily_sums, place_figures
from incidents.trends import last_complete_month
from incidents.windows import Window
from incidents.ytd import METRICS, Metric
from incidents.ytd_statistics import Compared

from .models import AreaOutcome

CITY = "City-wide"
TARGETED = "The targeted places"
REST = "The rest of the city"


@dataclass(frozen=True)
class BeforeAfter(Compared):
    """One place's count before (`previous`) and after (`current`)."""

    where: str
    previous: int | None
    current: int | None
    hidden: bool = False  # a small count of people withheld from the public


@dataclass(frozen=True)
class OutcomeResult:
    outcome: AreaOutcome
    metric: Metric
    before: Window | None  # None: the area has spent nothing yet
    after: Window | None
    rows: list[BeforeAfter]
    first_spent: datetime.date | None = None  # the area's first expenditure

    @property
    def overlap(self) -> bool:
        return bool(self.before and self.after and self.after.start <= self.before.end)

    @property
    def withheld(self) -> bool:
        """Whether a small count of people was withheld from the public (`disclosed`)."""
        return any(row.hidden for row in self.rows)

    @property
    def main(self) -> BeforeAfter | None:
        """The row the dashboard shows: the targeted places', else the city's."""
        return self.rows[1] if len(self.rows) > 1 else (self.rows or [None])[0]


def months_back(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def first_expenditure(area: FundingArea, as_of: datetime.date) -> datetime.date | None:
    return (
        SpendingEntry.objects.filter(
            area=area, kind="expenditure", amount__gt=0, occurred_on__lte=as_of
        )
        .order_by("occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )


def spans(first: datetime.date, complete_through: datetime.date) -> tuple:
    """(before, after): the twelve months before `first`'s month and the latest twelve
    complete by `complete_through`."""
    start = first.replace(day=1)
    before = Window(months_back(start, 12), start - datetime.timedelta(days=1))
    last = last_complete_month(complete_through)
    after_end = months_back(last, -1) - datetime.timedelta(days=1)
    return before, Window(months_back(last, 11), after_end)


def area_outcomes(
    area: FundingArea, money_as_of: datetime.date, complete_through: datetime.date
) -> list[OutcomeResult]:
    """Each outcome of `area`, before and after, in order."""
    outcomes = list(area.outcomes.prefetch_related("places"))
    first = first_expenditure(area, money_as_of)
    if first is None or not outcomes:
        return [OutcomeResult(o, METRICS[o.metric], None, None, []) for o in outcomes]
    before, after = spans(first, complete_through)
    windows = {"before": before, "after": after}
    keys = [o.metric for o in outcomes]
    city = daily_sums.window_sums(windows, keys)
    first_incident, first_recovery = daily.first_days()
    return [
        replace(
            _result(outcome, windows, city, (first_incident, first_recovery)),
            first_spent=first,
        )
        for outcome in outcomes
    ]


def _result(outcome: AreaOutcome, windows: dict, city: dict, firsts) -> OutcomeResult:
    metric = METRICS[outcome.metric]
    earliest = firsts[0] if metric.source == "incidents" else firsts[1]

    def known(name: str, value: int) -> int | None:
        usable = earliest is not None and windows[name].start >= earliest.replace(
            month=1, day=1
        )
        return value if usable else None

    def count(sums: dict, name: str) -> int:
        return sums.get(daily_sums.window_key(metric.key, name), 0)

    rows = [
        BeforeAfter(
            CITY,
            known("before", count(city, "before")),
            known("after", count(city, "after")),
        )
    ]
    places = list(outcome.places.all())
    if places:
        inside = _places_sums(places, windows, metric.key)
        for where, sums in ((TARGETED, inside), (REST, _less(city, inside))):
            rows.append(
                BeforeAfter(
                    where,
                    known("before", count(sums, "before")),
                    known("after", count(sums, "after")),
                )
            )
    return OutcomeResult(outcome, metric, windows["before"], windows["after"], rows)


def _places_sums(places: list, windows: dict, key: str) -> dict:
    """The sums of `places` together, by window key: a query per kind of place."""
    total: dict[str, int] = {}
    for kind in {place.kind for place in places}:
        by_place = daily_sums.place_window_sums(windows, [key], kind)
        for place in places:
            if place.kind == kind:
                for name, value in by_place.get(place.pk, {}).items():
                    total[name] = total.get(name, 0) + value
    return total


def _less(city: dict, inside: dict) -> dict:
    return {name: value - inside.get(name, 0) for name, value in city.items()}


def disclosed(result: OutcomeResult, threshold: int) -> OutcomeResult:
    """`result` as the public sees it: where the targeted places' count of people shot
    or killed in a span is from 1 to `threshold` - 1, that span's counts of the targeted
    places and of the rest of the city (the city's less theirs) are withheld."""
    if (
        len(result.rows) < 3
        or result.metric.key not in place_figures.SMALL_COUNT_METRICS
    ):
        return result
    city, targeted, rest = result.rows
    for span in ("previous", "current"):
        value = getattr(targeted, span)
        if value and 0 < value < threshold:
            targeted = replace(targeted, hidden=True, **{span: None})
            rest = replace(rest, hidden=True, **{span: None})
    return replace(result, rows=[city, targeted, rest])
