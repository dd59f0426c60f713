"""Treasury's reporting periods by name: `2022-Q3` is a quarter, `2022` a year. The name
gives the kind and the dates (`period_bounds`); `ReportingPeriod` (models/periods.py) stores them,
and its queryset (here) finds the current one."""

import datetime
import re

from django.db import models


class PeriodKind(models.TextChoices):
    """A quarterly or an annual report (`ReportingPeriod.Kind`)."""

    QUARTER = "quarter", "Quarterly"
    YEAR = "year", "Annual"


_QUARTER_NAME = re.compile(r"(\d{4})-Q([1-4])")
_YEAR_NAME = re.compile(r"(\d{4})")
# ARPA's reporting years, with room to spare: a year outside (0001, 9999) is a typo, and
# the dates of 9999-Q4 would not even exist.
PERIOD_YEARS = (2021, 2030)


def period_bounds(name: str) -> tuple[str, datetime.date, datetime.date]:
    """(kind, first day, last day) of a period named like `2022-Q3` or `2022`."""
    match = _QUARTER_NAME.fullmatch(name) or _YEAR_NAME.fullmatch(name)
    if match and not PERIOD_YEARS[0] <= int(match[1]) <= PERIOD_YEARS[1]:
        raise ValueError(
            f"{name!r} is not a reporting period: the years run from "
            f"{PERIOD_YEARS[0]} to {PERIOD_YEARS[1]}."
        )
    if match := _QUARTER_NAME.fullmatch(name):
        year, quarter = int(match[1]), int(match[2])
        starts_on = datetime.date(year, 3 * quarter - 2, 1)
        next_start = (
            datetime.date(year + 1, 1, 1)
            if quarter == 4
            else datetime.date(year, 3 * quarter + 1, 1)
        )
        return (
            PeriodKind.QUARTER,
            starts_on,
            next_start - datetime.timedelta(days=1),
        )
    if match := _YEAR_NAME.fullmatch(name):
        year = int(match[1])
        return (
            PeriodKind.YEAR,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
        )
    raise ValueError(
        f"{name!r} is not a period name: use 2022-Q3 for a quarter or 2022 for a year."
    )


class ReportingPeriodQuerySet(models.QuerySet):
    def current_or_latest(self):
        """The period flagged current, else the one that ends last."""
        return self.order_by("-is_current", "-ends_on", "kind").first()
