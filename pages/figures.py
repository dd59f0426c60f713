"""The figures the composed pages show, computed once per data version and day for every
page and person that asks the same (see cache.cached_figures): the year-to-date figures
and their monthly charts, the money, and the long-run trend of the main metric."""

from dataclasses import replace

from django.utils import timezone

from binghamton_safety.cache import cached_figures
from funding import charts as funding_charts
from funding.deadlines import deadline_status
from funding.ledger import Ledger
from funding.summary import funding_summary
from incidents import charts as incident_charts
from incidents import trend_charts, trends, ytd

from . import headline

# The dashboard's monthly charts; the other metrics are in the tiles and the open data.
CHARTED_METRICS = ("shots_fired_confirmed", "shooting_victims")
# Earlier years drawn beside the as-of and comparison years.
EARLIER_YEARS = 3
# The year-to-date figures of what a funding area's program does, shown on its page, by
# the area's slug. The public summary and the dashboard show the city-wide figures, the
# others (a sixth tile would sit alone on a second row of the dashboard's).
AREA_METRICS = {"gun-buyback": ("firearms_bought_back",)}
CITY_WIDE_METRICS = [
    key for key in ytd.METRICS if not any(key in keys for keys in AREA_METRICS.values())
]


def headline_figures(comparison, summary) -> dict:
    """The dashboard's headline figures by name (a council packet's), to compare two
    moments: each city-wide metric this year to date and in the same period of the
    comparison year, and the money (`FundingSummary.figures`)."""
    current, previous = comparison.current.year, comparison.previous.year
    figures = {}
    for m in city_wide(comparison).metrics.values():
        figures[f"{m.label}, {current} to date"] = m.current
        figures[f"{m.label}, {previous} same period"] = m.previous
    return figures | (summary.figures() if summary else {})


def _years_for(as_of, compare_year) -> list[int]:
    earliest = min(compare_year, as_of.year - EARLIER_YEARS)
    return list(range(earliest, as_of.year + 1))


def city_wide(comparison: ytd.YtdComparison) -> ytd.YtdComparison:
    """`comparison` with the city-wide figures only (CITY_WIDE_METRICS)."""
    metrics = {key: comparison.metrics[key] for key in CITY_WIDE_METRICS}
    return replace(comparison, metrics=metrics)


def _incident_context(as_of, compare_year, records=None) -> dict:
    comparison = city_wide(ytd.compare(as_of, compare_year, records))
    series = ytd.monthly_series(
        _years_for(as_of, compare_year), through=as_of, records=records
    )
    # Years before the first record are no data, not zero: leave them off the charts.
    series_years = [
        year
        for year in series.years
        if any(v is not None for values in series.counts.values() for v in values[year])
    ]
    series = ytd.MonthlySeries(series_years, series.through, series.counts)
    monthly = [
        incident_charts.incidents_monthly(
            series, ytd.METRICS[key], as_of, compare_year, comparison.metrics[key]
        )
        for key in CHARTED_METRICS
    ]
    sentences = {
        key: incident_charts.ytd_sentence(metric, as_of, compare_year)
        for key, metric in comparison.metrics.items()
    }
    counts = comparison.last_28_days.counts
    last_28_rows = [(m.label, *counts[key]) for key, m in comparison.metrics.items()]
    first = min(
        filter(None, (records or ytd.Records()).earliest().values()), default=None
    )
    return {
        "comparison": comparison,
        "monthly_charts": monthly,
        "sentences": sentences,
        "last_28_rows": last_28_rows,
        # Years the comparison field offers: from the first record to the year before.
        "compare_years": list(range(as_of.year - 1, first.year - 1, -1))
        if first
        else [],
        "compare_has_data": any(
            m.previous is not None for m in comparison.metrics.values()
        ),
    }


def _money_context(money_as_of, ledger=None) -> dict:
    ledger = ledger or Ledger()
    summary = funding_summary(money_as_of, ledger=ledger)
    if summary is None:
        return {"summary": None, "money_charts": []}
    monthly_rows = ledger.monthly_totals(money_as_of, area__program=summary.program)
    return {
        "summary": summary,
        "deadlines": deadline_status(money_as_of, summary.program, ledger),
        "money_charts": [
            funding_charts.area_money(summary),
            funding_charts.spending_over_time(monthly_rows, summary),
        ],
    }


def incident_figures(as_of, compare_year, records=None) -> dict:
    """The year-to-date figures and their monthly charts (CHARTED_METRICS), computed
    once per data version and day."""
    records = records or ytd.Records()
    return cached_figures("incidents", _incident_context, as_of, compare_year, records)


def money_figures(money_as_of, ledger=None) -> dict:
    """The money figures and charts (by area, over time; none without a program),
    computed once per data version and day."""
    return cached_figures("money", _money_context, money_as_of, ledger or Ledger())


def figures_for(as_of, compare_year, money_as_of, records=None, ledger=None) -> dict:
    """The incident and money context, computed once per data version for every page
    and person that asks for the same figures (see cache.cached_figures), with the
    sentence that answers the page's question and the warning when the data are old."""
    records, ledger = records or ytd.Records(), ledger or Ledger()
    figures = {
        **incident_figures(as_of, compare_year, records),
        **money_figures(money_as_of, ledger),
    }
    comparison = figures["comparison"]
    today = (
        timezone.localtime(records.recorded_at).date() if records.recorded_at else None
    )
    figures["answer"] = headline.answer(comparison, figures["summary"])
    figures["stale_notice"] = ytd.stale_notice(comparison.data_complete_through, today)
    return figures


# The public summary's trend shows this year and the five before (the whole series is in
# /api/trends.json and /data/trends.csv); the dashboard shows every year.
PUBLIC_TREND_YEARS = 5


def _trend_context(as_of, compare_year, metric_key, daily, records) -> dict:
    result = cached_figures("trends", trends.compute, as_of, records)
    metric = ytd.METRICS[metric_key]
    months = result.months[metric_key]
    if not daily:  # the public page: the years before, to keep the page light
        first = as_of.year - PUBLIC_TREND_YEARS
        months = [month for month in months if month.month.year >= first]
    curve = trends.cumulative(metric_key, as_of, compare_year, records)
    return {
        "trend_metric": metric,
        "trend_first_year": months[0].month.year if months else None,
        "trend_charts": [
            trend_charts.trend_chart(metric, months),
            trend_charts.cumulative_chart(metric, curve, daily=daily),
        ],
    }


def trend_context(as_of, compare_year, records=None, daily=True) -> dict:
    """The trend chart of the main metric (people shot) with its sentence, and this year's running total
    against `compare_year`'s and the five-year range: `daily` day by day (staff), else
    at month ends (the public: day-by-day totals would date single incidents)."""
    return cached_figures(
        "trend-charts",
        _trend_context,
        as_of,
        compare_year,
        trends.MAIN_METRIC,
        daily,
        records or ytd.Records(),
    )
