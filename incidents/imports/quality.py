"""The data-quality report of a file read by a format: what it holds, before any save.

`Quality` is filled while the rows are read (`mapping_rows`) and finished with the
records; `lines()` words it for the dry run and the preview. Two rules judge the dates:

- A date is outside the range of the rest of the file when it lies apart: the file's
  dates split wherever two dates in a row (sorted) are more than `APART` apart, and every
  date outside the part holding the most incidents is reported.
- A day's count is far above the file's usual when it has more than `LUMP_TIMES` times
  the median incidents of the days that have any, and at least `LUMP_LEAST`.
"""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings

from binghamton_safety.wording import count_of

from .cells import names, quoted

NAMED = 20  # repeated keys, rows and days named in the report
APART = datetime.timedelta(days=365)
LUMP_TIMES = 10
LUMP_LEAST = 10
# What happens to a repeated key whose rows differ, by the format's rows or duplicates.
POLICIES = {
    "victim": "each incident keeps its first row's date, time and location",
    "refuse": "refused",
    "first": "the first row kept",
    "last": "the last row kept",
}


def city_bounds() -> tuple[float, float, float, float]:
    """settings.CITY_BOUNDS: (south, west, north, east) in degrees."""
    return tuple(settings.CITY_BOUNDS)


@dataclass
class Listed:
    """A count and the first `NAMED` things counted."""

    count: int = 0
    named: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.count += 1
        if len(self.named) < NAMED:
            self.named.append(what)

    def text(self) -> str:
        if not self.count:
            return "none"
        more = self.count - len(self.named)
        return (
            f"{self.count:,}: "
            + "; ".join(self.named)
            + (f"; and {more:,} more" if more else "")
        )


@dataclass
class Quality:
    name: str
    policy: str  # what happens to a repeated key whose rows differ
    ignored: list[str] = field(default_factory=list)  # columns of the file not read
    not_stored: list[str] = field(default_factory=list)
    rows_read: int = 0
    skipped: Counter = field(default_factory=Counter)  # (column, value) -> rows
    repeats: Listed = field(default_factory=Listed)
    differing: Listed = field(default_factory=Listed)
    dates: Listed = field(default_factory=Listed)  # unreadable or missing
    outliers: Listed = field(default_factory=Listed)
    coordinates: dict[str, Listed] = field(
        default_factory=lambda: {k: Listed() for k in ("blank", "0", "outside")}
    )
    generalised: Listed = field(default_factory=Listed)
    unknown_outcomes: Listed = field(default_factory=Listed)
    lumps: Listed = field(default_factory=Listed)
    bounds: tuple[float, ...] = field(default_factory=city_bounds)
    record: str = "incident"  # or "recovery": a day's count is of firearms

    def coordinate(self, row: int, latitude: str, longitude: str) -> None:
        """Count a row's coordinates if blank, 0 or outside the city's box."""
        if not latitude or not longitude:
            self.coordinates["blank"].add(f"row {row}")
            return
        try:
            lat, lng = float(latitude), float(longitude)
        except ValueError:
            self.coordinates["outside"].add(f"row {row} ({latitude}, {longitude})")
            return
        if lat == 0 or lng == 0:
            self.coordinates["0"].add(f"row {row}")
            return
        south, west, north, east = self.bounds
        if not (south <= lat <= north and west <= lng <= east):
            self.coordinates["outside"].add(f"row {row} ({latitude}, {longitude})")

    def finish(self, per_day: Counter) -> None:
        """Judge the dates of the records read: incidents, or firearms, of each day."""
        if not per_day:
            return
        what = "incident" if self.record == "incident" else "firearm"
        for day in _apart(per_day):
            self.outliers.add(f"{day:%Y-%m-%d} ({count_of(per_day[day], what)})")
        usual = statistics.median(per_day.values())
        for day, count in sorted(per_day.items()):
            if count > LUMP_TIMES * usual and count >= LUMP_LEAST:
                self.lumps.add(f"{day:%Y-%m-%d} ({count_of(count, what)})")

    def lines(self) -> list[str]:
        skipped = sum(self.skipped.values())
        rules = ", ".join(
            f"{column} = {quoted(value)}: {count:,}"
            for (column, value), count in sorted(self.skipped.items())
        )
        coordinates = "; ".join(
            f"{kind}: {listed.text()}" for kind, listed in self.coordinates.items()
        )
        usual = (
            f"more than {LUMP_TIMES} times the median day, and at least {LUMP_LEAST}"
        )
        incidents_only = [
            f"  Coordinates blank, 0 or outside the city's box: {coordinates}",
            "  Victims of unknown outcome (counted as shot, not as killed): "
            f"{self.unknown_outcomes.text()}",
        ]
        lines = [
            f'Data-quality report (format "{self.name}"):',
            f"  Rows read: {self.rows_read:,}",
            f"  Rows skipped by rule: {skipped:,}" + (f" ({rules})" if rules else ""),
            f"  Exact repeats skipped: {self.repeats.text()}",
            f"  Repeated keys that differ ({self.policy}): {self.differing.text()}",
            f"  Unreadable or missing dates: {self.dates.text()}",
            "  Dates apart from the rest of the file (more than a year from its main "
            f"span): {self.outliers.text()}",
            f"  Locations generalised to the block: {self.generalised.text()}",
            f"  Days far above the file's usual ({usual}): {self.lumps.text()}",
            f"  Columns the format ignores (never read or stored): {names(self.ignored, 50) or 'none'}",
            *(f"  {text}" for text in self.not_stored),
        ]
        if self.record == "incident":
            lines[7:7] = incidents_only[:1]
            lines[9:9] = incidents_only[1:]
        return lines


def reader_report(name: str, record: str, ignored: list[str], plan) -> Quality:
    """The report of a file read by a built-in reader (`plan` read): its checks refuse
    repeated keys and unreadable dates as problems, so only what they pass is counted."""
    quality = Quality(
        name=name,
        policy=POLICIES["refuse"],
        ignored=ignored,
        record=record,
        rows_read=plan.rows_read,
    )
    per_day = Counter()
    for row in plan.records:
        per_day[row.date] += 1 if record == "incident" else row.count
        if row.address:
            quality.generalised.add(
                f"row {row.row}: {quoted(row.address)} → {quoted(row.location)}"
            )
    quality.finish(per_day)
    return quality


def _apart(per_day: Counter) -> list[datetime.date]:
    """The days outside the main span of the file (see the module's docstring)."""
    spans: list[list[datetime.date]] = []
    for day in sorted(per_day):
        if spans and day - spans[-1][-1] <= APART:
            spans[-1].append(day)
        else:
            spans.append([day])
    main = max(spans, key=lambda span: sum(per_day[d] for d in span))
    return [day for span in spans if span is not main for day in span]
