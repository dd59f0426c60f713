"""The public summary (`/`), for residents, phone first: four questions in order, each
answered in one sentence built from the figures (`pages.headline`) and shown in one visual.

1. Are shootings up or down this year? The year-to-date tiles, each with its direction
   in words and color and a small line of its last 24 whole months.
2. Is that unusual? The long-run chart of people shot with its normal range, and this
   year's running total against earlier years'.
3. Where? The map of confirmed shots fired by place, small counts hidden as on the By
   place page.
4. Where did the money go, what did it buy, is it on time? A bar of each area's spending
   against its budget, with its main output, and the two federal deadlines.

Then the areas, the downloads and what the numbers can and cannot tell.
"""

import datetime
from dataclasses import dataclass

from django.shortcuts import render
from django.utils import timezone

from binghamton_safety.cache import PAGE, cached_figures, public_cache
from funding.summary import FundingSummary
from incidents import place_figures, trends, ytd
from incidents.models import DataCompleteness
from programs.results import program_results

from . import headline
from .by_place import place_context, shown_count
from .figures import figures_for, trend_context

SPARK_MONTHS = 24
# The sparkline's box, in SVG user units; CSS sizes it.
SPARK_WIDTH, SPARK_HEIGHT = 120, 32
# The place map's figure: a count of incidents (counts of people are mostly too small
# to show by place).
PLACE_METRIC = "shots_fired_confirmed"


@dataclass(frozen=True)
class Sparkline:
    """A metric's last whole months as a line, with the words a screen reader says."""

    counts: list[int]
    first: datetime.date  # first day of the first month
    last: datetime.date  # first day of the last month

    @property
    def points(self) -> str:
        """The SVG polyline's points: months left to right, 0 at the bottom."""
        top = max(max(self.counts), 1)
        step = SPARK_WIDTH / max(len(self.counts) - 1, 1)
        usable = SPARK_HEIGHT - 4  # room for the stroke at the top and bottom
        return " ".join(
            f"{i * step:.1f},{SPARK_HEIGHT - 2 - usable * count / top:.1f}"
            for i, count in enumerate(self.counts)
        )

    @property
    def label(self) -> str:
        low, high, last = min(self.counts), max(self.counts), self.counts[-1]
        return (
            f"Month by month, {self.first:%B %Y} to {self.last:%B %Y}: from {low:,} to "
            f"{high:,} a month; {last:,} in {self.last:%B %Y}."
        )


def sparkline(months: list[trends.MonthTrend], through: datetime.date):
    """The last SPARK_MONTHS whole months to `through` (a month's first day), or None
    with fewer than two."""
    shown = [m for m in months if m.month <= through][-SPARK_MONTHS:]
    if len(shown) < 2:
        return None
    return Sparkline([m.count for m in shown], shown[0].month, shown[-1].month)


def _tiles(comparison: ytd.YtdComparison, found: trends.Trends, through) -> list:
    """(metric comparison, sparkline) for each tile, in the comparison's order."""
    return [
        (m, sparkline(found.months[key], through))
        for key, m in comparison.metrics.items()
    ]


def _places(as_of: datetime.date) -> dict:
    """The map of PLACE_METRIC by the first kind of place, as the public sees it."""
    kinds = place_figures.kinds_with_places()
    if not kinds:
        return {}
    found = cached_figures("places", place_figures.compute, kinds[0], as_of, None)
    shown = place_context(place_figures.disclosed(found), PLACE_METRIC, staff=False)
    return {
        "place_figures": shown["figures"],
        "place_map": shown["place_map"],
        "place_bars": place_bars(shown["figures"], PLACE_METRIC),
        "place_table": shown["table"],
        "where_answer": headline.where_answer(shown["figures"], PLACE_METRIC),
    }


def place_bars(figures: place_figures.PlaceFigures, metric: str) -> list[dict]:
    """The by-place chart, for kinds of place without boundaries to map: each place's
    count in words (hidden ones say so) and its bar's length, the largest 100."""
    counts = [row.metrics[metric] for row in figures.places]
    shown = [0 if c.hidden else c.current or 0 for c in counts]
    top = max(shown, default=0) or 1
    return [
        {"name": row.name, "label": shown_count(count), "pct": 100 * value / top}
        for row, count, value in zip(figures.places, counts, shown, strict=True)
    ]


def _areas(summary: FundingSummary) -> list[dict]:
    """Each area's money and its first measure (what it bought), in the areas' order."""
    results = cached_figures("programs", program_results, summary.as_of)
    measures = {row.area.pk: row.measures for row in results}
    return [
        {
            "figures": row,
            "bar_pct": min(row.pct_spent or 0, 100),
            "measure": next(iter(measures.get(row.area.pk, [])), None),
        }
        for row in summary.areas
    ]


@public_cache(PAGE)
def home(request):
    """The public summary: the four questions, then the areas, downloads and limits."""
    as_of = DataCompleteness.current() or timezone.localdate()
    compare_year, today = as_of.year - 1, timezone.localdate()
    context = {
        "as_of": as_of,
        "compare_year": compare_year,
        **figures_for(as_of, compare_year, today),
        **trend_context(as_of, compare_year, daily=False),
        **_places(as_of),
    }
    found = cached_figures("trends", trends.compute, as_of, ytd.Records())
    through = trends.last_complete_month(as_of)
    context["tiles"] = _tiles(context["comparison"], found, through)
    context["shootings_answer"] = headline.shootings_answer(context["comparison"])
    context["unusual_answer"] = headline.unusual_answer(
        context["trend_metric"].label, found.months[trends.MAIN_METRIC], through
    )
    if context["summary"]:
        context["money_answer"] = headline.money_answer(context["deadlines"])
        context["areas"] = _areas(context["summary"])
    return render(request, "public/home.html", context)
