"""Pages that compose the funding and incidents apps: public summary, area pages, open data,
and the council dashboard."""

import json
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from audit.history import figure_changes
from binghamton_safety.cache import DATA, PAGE, cached_figures, public_cache
from binghamton_safety.money import plain_amount
from binghamton_safety.parameters import recorded_at_param
from binghamton_safety.roles import viewer_required
from binghamton_safety.spreadsheet import csv_writer
from funding import charts as funding_charts
from funding.deadlines import deadline_status
from funding.ledger import Ledger
from funding.models import FundingArea, SpendingEntry
from funding.summary import funding_summary
from incidents import charts as incident_charts
from incidents import ytd
from incidents.api import api_ytd
from incidents.models import DataCompleteness, FirearmRecovery, Incident

from . import headline
from .forms import DashboardForm

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


def _years_for(as_of, compare_year) -> list[int]:
    earliest = min(compare_year, as_of.year - EARLIER_YEARS)
    return list(range(earliest, as_of.year + 1))


def _city_wide(comparison: ytd.YtdComparison) -> ytd.YtdComparison:
    """`comparison` with the city-wide figures only (CITY_WIDE_METRICS)."""
    metrics = {key: comparison.metrics[key] for key in CITY_WIDE_METRICS}
    return replace(comparison, metrics=metrics)


def _incident_context(as_of, compare_year, records=None) -> dict:
    comparison = _city_wide(ytd.compare(as_of, compare_year, records))
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


def _figures_for(as_of, compare_year, money_as_of, records=None, ledger=None) -> dict:
    """The incident and money context, computed once per data version for every page
    and person that asks for the same figures (see cache.cached_figures), with the
    sentence that answers the page's question and the warning when the data are old."""
    records, ledger = records or ytd.Records(), ledger or Ledger()
    figures = {
        **cached_figures("incidents", _incident_context, as_of, compare_year, records),
        **cached_figures("money", _money_context, money_as_of, ledger),
    }
    comparison = figures["comparison"]
    today = (
        timezone.localtime(records.recorded_at).date() if records.recorded_at else None
    )
    figures["answer"] = headline.answer(comparison, figures["summary"])
    figures["stale_notice"] = ytd.stale_notice(comparison.data_complete_through, today)
    return figures


@public_cache(PAGE)
def home(request):
    """The public summary, for residents: plain language, mobile first."""
    as_of = DataCompleteness.current() or timezone.localdate()
    compare_year = as_of.year - 1
    context = {
        "as_of": as_of,
        "compare_year": compare_year,
        **_figures_for(as_of, compare_year, timezone.localdate()),
    }
    context["monthly_charts"] = context["monthly_charts"][:1]
    context["money_charts"] = context["money_charts"][:1]
    return render(request, "public/home.html", context)


def _area_results(slug: str) -> dict:
    """The year-to-date figures of what the area's program does (AREA_METRICS), as of
    the date the data are complete through, like the public summary's; none for most."""
    keys = AREA_METRICS.get(slug)
    if not keys:
        return {}
    as_of = DataCompleteness.current() or timezone.localdate()
    compare_year = as_of.year - 1
    comparison = cached_figures("ytd", ytd.compare, as_of, compare_year, ytd.Records())
    results = [comparison.metrics[key] for key in keys]
    return {
        "comparison": comparison,
        "as_of": as_of,
        "compare_year": compare_year,
        "results": [
            (m, incident_charts.ytd_sentence(m, as_of, compare_year)) for m in results
        ],
    }


@public_cache(PAGE)
def area_detail(request, slug: str):
    """One funding area for residents: what it is, its money month by month, its category,
    and the year-to-date figures of what its program does, if any (AREA_METRICS)."""
    as_of = timezone.localdate()
    area = get_object_or_404(FundingArea, slug=slug)
    summary = funding_summary(as_of, area.program)
    figures = next(row for row in summary.areas if row.area.pk == area.pk)
    deadlines = deadline_status(as_of, area.program)
    rows = SpendingEntry.objects.filter(area=area).monthly_totals(as_of)
    return render(
        request,
        "public/area.html",
        {
            "area": area,
            "figures": figures,
            "summary": summary,
            "deadlines": deadlines,
            "area_deadlines": next(r for r in deadlines.areas if r.label == area.name),
            "projects": area.projects.with_completion(as_of),
            "chart": funding_charts.area_monthly_spending(area.name, rows, as_of),
            **_area_results(area.slug),
        },
    )


def _figures(comparison, summary) -> dict:
    """The dashboard's headline figures by name, to compare two moments."""
    current, previous = comparison.current.year, comparison.previous.year
    figures = {}
    for m in _city_wide(comparison).metrics.values():
        figures[f"{m.label}, {current} to date"] = m.current
        figures[f"{m.label}, {previous} same period"] = m.previous
    return figures | (summary.figures() if summary else {})


def _recorded_at(request):
    """The `recorded_at` moment, as the dashboard form's own field reads it, or None (the
    form explains a bad one). Read before the form is built: the form checks the other
    fields against the date the data were complete through at that moment."""
    field = DashboardForm(request.GET)["recorded_at"]
    try:
        return field.field.clean(field.data)
    except ValidationError:
        return None


@viewer_required
def dashboard(request):
    """The council dashboard: year-to-date tiles, charts, money and deadlines; prints.

    With `?recorded_at=`, every figure as it had been recorded at that moment, and what
    has changed since.
    """
    recorded_at = _recorded_at(request)
    records, ledger = ytd.Records(recorded_at), Ledger(recorded_at)
    complete_through = records.complete_through()
    options = {"complete_through": complete_through, "recorded_at": recorded_at}
    form = DashboardForm(request.GET or None, **options)
    as_of, compare_year, money_as_of = form.choices()
    if not form.is_bound:
        # Show the defaults in the controls, so the page says what it is showing.
        initial = {"as_of": as_of, "compare": compare_year, "money_as_of": money_as_of}
        form = DashboardForm(initial=initial, **options)
    context = {
        "form": form,
        "as_of": as_of,
        "compare_year": compare_year,
        "money_as_of": money_as_of,
        "recorded_at": recorded_at,
        **_figures_for(as_of, compare_year, money_as_of, records, ledger),
    }
    if recorded_at:
        context["changes"] = figure_changes(
            _figures(context["comparison"], context["summary"]),
            _figures(ytd.compare(as_of, compare_year), funding_summary(money_as_of)),
        )
    else:
        # The link that reproduces this packet later, whatever is corrected meanwhile.
        query = request.GET.copy()
        query["recorded_at"] = recorded_at_param(timezone.now())
        context["reproduce_query"] = query.urlencode()
    return render(request, "council/dashboard.html", context)


# --- Open data ----------------------------------------------------------------------------

YTD_COLUMNS = [
    ("metric", "Metric key, as in /api/ytd.json."),
    ("label", "What is counted, in words."),
    ("as_of", "Last day counted (YYYY-MM-DD)."),
    ("current_start", "First day of the current window (January 1 of the as-of year)."),
    ("current_end", "Last day of the current window (the as-of date)."),
    ("current", "Count in the current window."),
    (
        "previous_start",
        "First day of the comparison window (January 1 of the comparison year).",
    ),
    (
        "previous_end",
        "Last day of the comparison window (same month and day; Feb 28 for Feb 29).",
    ),
    ("previous", "Count in the comparison window; empty when that year has no data."),
    ("change", "current − previous."),
    ("change_pct", "100 × change / previous, one decimal; empty when previous is 0."),
    ("z", "2 × (√current − √previous), two decimals: a test for small counts."),
    (
        "signal",
        "'beyond normal variation' when |z| ≥ 3, else 'within normal variation'.",
    ),
    (
        "five_year_average",
        "Average of the same window over the five years before; empty without data.",
    ),
]
MONTHLY_COLUMNS = [
    ("metric", "Metric key, as in /api/ytd.json."),
    ("year", "Calendar year."),
    ("month", "Month number, 1–12."),
    (
        "count",
        "Count in that month, city-wide. Months after the data-complete date are left out.",
    ),
]
FUNDING_COLUMNS = [
    ("area", "Funding area key (slug)."),
    ("area_name", "Funding area name."),
    ("month", "Month (YYYY-MM)."),
    (
        "obligated",
        "Obligations recorded in that month, dollars with two decimals (negative = released).",
    ),
    (
        "spent",
        "Expenditures recorded in that month, dollars with two decimals (negative = refund).",
    ),
    ("illustrative", "'true' while the area's figures include invented sample data."),
]


def glossary(request):
    """Plain-language meanings of the words the public pages use."""
    return render(request, "public/glossary.html")


@public_cache(PAGE)
def open_data(request):
    """The open-data page: each download with its data dictionary."""
    return render(
        request,
        "public/open_data.html",
        {
            "stale_notice": ytd.stale_notice(DataCompleteness.current()),
            "metrics": ytd.METRICS.values(),
            "datasets": [
                (
                    "ytd",
                    "Year-to-date comparison",
                    "open_data_ytd",
                    YTD_COLUMNS,
                    "The figures of /api/ytd.json, one row per metric. Accepts the same "
                    "as_of and compare parameters.",
                ),
                (
                    "monthly",
                    "Monthly counts per metric and year",
                    "open_data_monthly",
                    MONTHLY_COLUMNS,
                    "One row per metric, year and month, city-wide, since "
                    "the first record.",
                ),
                (
                    "funding",
                    "Funding per area and month",
                    "open_data_funding",
                    FUNDING_COLUMNS,
                    "Obligations and expenditures per funding area and month, "
                    "through today.",
                ),
            ],
        },
    )


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv_writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _blank(value) -> str:
    return "" if value is None else str(value)


@public_cache(DATA)
def open_data_ytd(request):
    """The API's year-to-date figures as CSV (same parameters, same 400 on bad input)."""
    api = api_ytd(request)
    if api.status_code != 200:
        return api
    data = json.loads(api.content)
    rows = [
        [
            key,
            m["label"],
            data["as_of"],
            data["current"]["start"],
            data["current"]["end"],
            _blank(m["current"]),
            data["previous"]["start"],
            data["previous"]["end"],
            _blank(m["previous"]),
            _blank(m["change"]),
            _blank(m["change_pct"]),
            _blank(m["z"]),
            _blank(m["signal"]),
            _blank(m["five_year_average"]),
        ]
        for key, m in data["metrics"].items()
    ]
    return _csv_response("ytd.csv", [name for name, _ in YTD_COLUMNS], rows)


@public_cache(DATA)
def open_data_monthly(request):
    through = DataCompleteness.current() or timezone.localdate()
    first = min(
        (
            day
            for day in (
                Incident.objects.earliest_date(),
                FirearmRecovery.objects.earliest_date(),
            )
            if day
        ),
        default=through,
    )
    series = ytd.monthly_series(range(first.year, through.year + 1), through=through)
    rows = [
        [key, year, month, count]
        for key in ytd.METRICS
        for year in series.years
        for month, count in enumerate(series.counts[key][year], start=1)
        if count is not None
    ]
    return _csv_response(
        "monthly-counts.csv", [name for name, _ in MONTHLY_COLUMNS], rows
    )


@public_cache(DATA)
def open_data_funding(request):
    illustrative = set(
        SpendingEntry.objects.filter(illustrative=True).values_list(
            "area__slug", flat=True
        )
    )
    rows = [
        [
            row["area__slug"],
            row["area__name"],
            f"{row['month']:%Y-%m}",
            plain_amount(row["obligation"]),
            plain_amount(row["expenditure"]),
            "true" if row["area__slug"] in illustrative else "false",
        ]
        for row in SpendingEntry.objects.monthly_totals(
            timezone.localdate(), per_area=True
        )
    ]
    return _csv_response(
        "funding-monthly.csv", [name for name, _ in FUNDING_COLUMNS], rows
    )
