"""Each area's measures as of a date: the value to date, the target of the reporting
period that holds the date, and the cost per unit.

- An entered measure's value to date is the sum of the values recorded for its months,
  from the month of its first day to the as-of date's month (voided values left out); a
  derived one's comes from the records (`derived.py`).
- The target is the one set for the reporting period that holds the as-of date (the
  shortest, where a quarter and a year both do): what the measure aims to reach, counted
  from its first day, by the end of that period.
- The cost per unit is the area's spending to date (expenditures, as every funding figure
  counts them) divided by the value to date, to the cent; none when the value is 0, and
  none for a share.

A page of every area's measures costs a fixed number of queries, whatever the records.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from binghamton_safety.money import CENT, ZERO, cents
from funding.models import FundingArea, Program, ReportingPeriod
from funding.summary import funding_summary

from . import derived
from .models import Direction, Measure, MeasureTarget, MeasureValue


@dataclass(frozen=True)
class MeasureFigures:
    """One measure as of a date."""

    measure: Measure
    value: Decimal | None  # None: a share with nothing to divide
    target: Decimal | None
    period: ReportingPeriod | None  # the target's
    cost_per_unit: Decimal | None

    @property
    def met(self) -> bool | None:
        """Whether the value is at or beyond the target, the measure's better way."""
        if self.target is None or self.value is None:
            return None
        if self.measure.direction == Direction.LESS:
            return self.value <= self.target
        return self.value >= self.target

    @property
    def progress_pct(self) -> Decimal | None:
        """The value as a percentage of the target (a count's progress), one decimal."""
        if self.measure.is_share or not self.target or self.value is None:
            return None
        return (100 * self.value / self.target).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class AreaResults:
    area: FundingArea
    spent: Decimal
    measures: list[MeasureFigures]


def program_results(
    as_of: datetime.date, program: Program | None = None
) -> list[AreaResults]:
    """Every area of `program` (default: the first) with its measures as of `as_of`."""
    summary = funding_summary(as_of, program)
    if summary is None:
        return []
    spent = {row.area.pk: row.spent for row in summary.areas}
    measures = _measures(Measure.objects.filter(area__program=summary.program))
    figures = _figures(measures, as_of, spent)
    return [
        AreaResults(row.area, row.spent, figures.get(row.area.pk, []))
        for row in summary.areas
    ]


def area_results(
    area: FundingArea, as_of: datetime.date, spent: Decimal
) -> AreaResults:
    """One area's measures as of `as_of`, its spending to date being `spent`."""
    measures = _measures(Measure.objects.filter(area=area))
    figures = _figures(measures, as_of, {area.pk: spent})
    return AreaResults(area, spent, figures.get(area.pk, []))


def _measures(measures) -> list[Measure]:
    return list(measures.select_related("area").prefetch_related("places"))


def _figures(
    measures: list[Measure], as_of: datetime.date, spent: dict[int, Decimal]
) -> dict[int, list[MeasureFigures]]:
    """{area id: its measures' figures, in order}."""
    found = entered_values(measures, as_of) | derived.values(measures, as_of)
    targets = _targets(measures, as_of)
    by_area = defaultdict(list)
    for measure in measures:
        value = found.get(measure.pk)
        target = targets.get(measure.pk)
        by_area[measure.area_id].append(
            MeasureFigures(
                measure,
                value,
                target.value if target else None,
                target.period if target else None,
                cost_per_unit(measure, spent.get(measure.area_id, ZERO), value),
            )
        )
    return by_area


def entered_values(measures: list[Measure], as_of: datetime.date) -> dict:
    """{measure id: value to date} of the entered ones: one grouped query."""
    entered = [m.pk for m in measures if not m.derived]
    if not entered:
        return {}
    rows = (
        MeasureValue.objects.filter(
            measure__in=entered,
            month__lte=as_of,
            month__gte=TruncMonth("measure__counted_from"),
        )
        .order_by()
        .values("measure")
        .annotate(total=Sum("value"))
    )
    totals = {row["measure"]: cents(row["total"]) for row in rows}
    return {pk: totals.get(pk, ZERO.quantize(CENT)) for pk in entered}


def _targets(measures: list[Measure], as_of: datetime.date) -> dict:
    """{measure id: the target of the shortest period that holds `as_of`}: one query."""
    rows = (
        MeasureTarget.objects.filter(
            measure__in=[m.pk for m in measures],
            period__starts_on__lte=as_of,
            period__ends_on__gte=as_of,
        )
        .select_related("period")
        .order_by("-period__ends_on", "period__starts_on")
    )
    return {row.measure_id: row for row in rows}  # the last, the shortest, wins


def cost_per_unit(
    measure: Measure, spent: Decimal, value: Decimal | None
) -> Decimal | None:
    """`spent` / `value` to the cent, half up; None when the value is 0 or a share."""
    if measure.is_share or not value:
        return None
    return (spent / value).quantize(CENT, ROUND_HALF_UP)
