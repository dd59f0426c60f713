"""A measure's value to date month by month, as the measures table would give it at the
end of each month (`results.py`): the sum of an entered measure's counted months to that
month, or a derived one's figure from its first day to the month's last day (the as-of
date in the as-of month). None for the months before the measure's first month.

One measure's months cost what its value does: one grouped query for an entered measure,
a query per source (and kind of place) for a derived one (`derived.values_at`).
"""

import datetime
from decimal import Decimal

from django.db.models import Sum

from binghamton_safety.money import CENT, ZERO, cents
from incidents.place_months import month_end

from . import derived
from .models import Measure, MeasureValue


def value_by_month(
    measure: Measure, months: list[datetime.date], as_of: datetime.date
) -> list[Decimal | None]:
    """The value to date of `measure` (its places prefetched) at the end of each of
    `months` (first days, in order, none after `as_of`'s month)."""
    if not months:
        return []
    ends = [min(month_end(month), as_of) for month in months]
    if measure.derived:
        found = derived.values_at(measure, ends)
    else:
        found = _entered_to_date(measure, months)
    first = measure.counted_from.replace(day=1)
    return [
        value if month >= first else None
        for month, value in zip(months, found, strict=True)
    ]


def _entered_to_date(measure: Measure, months: list[datetime.date]) -> list[Decimal]:
    """The running sum of an entered measure's values (voided ones left out) from the
    month of its first day: one grouped query."""
    rows = (
        MeasureValue.objects.filter(
            measure=measure,
            month__gte=measure.counted_from.replace(day=1),
            month__lte=months[-1],
        )
        .order_by()
        .values("month")
        .annotate(total=Sum("value"))
    )
    per_month = {row["month"]: cents(row["total"]) for row in rows}
    running = sum(
        (value for month, value in per_month.items() if month < months[0]),
        ZERO.quantize(CENT),
    )
    found = []
    for month in months:
        running += per_month.get(month, ZERO)
        found.append(running)
    return found
