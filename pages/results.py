"""Money beside outcomes: each area's public results page, and the council dashboard's
Results section (one line per area).

The page puts the area's spending, its measures and the gun-violence figures it aims to
move side by side: one chart of the money spent to date, the first measure to date and
the first outcome's monthly counts with their normal range on one time axis
(`programs.results_chart`), what it bought, and the year before the area's first expenditure
against the latest twelve months (`programs.outcomes`), for its targeted places and the
rest of the city where it targets places. Small counts of people by place are withheld
from the public as on the By place page.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from binghamton_safety.cache import PAGE, cached_figures, public_cache
from binghamton_safety.roles import is_viewer
from funding import charts as funding_charts
from funding.ledger import Ledger
from funding.models import FundingArea
from funding.summary import funding_summary
from incidents import place_figures, trend_charts, trends
from incidents.models import DataCompleteness
from programs import outcomes, results_chart
from programs.results import area_results, program_results


def _complete_through():
    return DataCompleteness.current() or timezone.localdate()


def area_money(area: FundingArea, as_of) -> dict:
    """An area's money as of `as_of` and what it bought, as both of its pages show
    them: the program's summary, the area's figures, its monthly spending chart and its
    measures (and the ledger's monthly totals they come from)."""
    summary = funding_summary(as_of, area.program)
    figures = next(row for row in summary.areas if row.area.pk == area.pk)
    rows = Ledger().monthly_totals(as_of, area=area)
    return {
        "summary": summary,
        "figures": figures,
        "monthly_rows": rows,
        "chart": funding_charts.area_monthly_spending(area.name, rows, as_of),
        "outputs": area_results(area, as_of, figures.spent),
    }


@public_cache(PAGE)
def area_results_page(request, slug: str):
    """One area's money, outputs and outcomes on one time axis (the first outcome), then
    before and after, with the caveats; the long run of any further outcome."""
    area = get_object_or_404(FundingArea, slug=slug)
    as_of, complete_through = timezone.localdate(), _complete_through()
    found = cached_figures(
        "outcomes", outcomes.area_outcomes, area, as_of, complete_through
    )
    if not is_viewer(request.user):
        threshold = place_figures.small_count_threshold()
        found = [outcomes.disclosed(result, threshold) for result in found]
    city_trends = cached_figures("trends", trends.compute, complete_through)
    money = area_money(area, as_of)
    first = found[0] if found else None
    series = results_chart.results_series(
        money["figures"],
        money["monthly_rows"],
        money["outputs"],
        first,
        city_trends.months[first.metric.key] if first else [],
        as_of,
    )
    return render(
        request,
        "public/area_results.html",
        {
            "area": area,
            "as_of": as_of,
            "complete_through": complete_through,
            **money,
            # The one chart of the page, in place of the area page's monthly bars.
            "chart": results_chart.results_chart(series),
            "outcomes": found,
            "trend_charts": [
                trend_charts.trend_chart(
                    result.metric, city_trends.months[result.metric.key]
                )
                for result in found[1:]
            ],
            "threshold": place_figures.small_count_threshold(),
        },
    )


def dashboard_results(money_as_of, complete_through) -> dict:
    """The dashboard's Results section: per area, what it spent, its first measure
    against its target, and its first outcome before and after (exact counts: staff)."""
    areas = cached_figures("programs", program_results, money_as_of)
    rows = []
    for area in areas:
        found = cached_figures(
            "outcomes", outcomes.area_outcomes, area.area, money_as_of, complete_through
        )
        rows.append(
            {
                "area": area.area,
                "spent": area.spent,
                "measure": area.measures[0] if area.measures else None,
                "outcome": found[0] if found else None,
            }
        )
    return {"results_rows": rows}
