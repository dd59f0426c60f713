"""Pages that compose the funding and incidents apps: area pages and open data (the
public summary is in `pages.public_summary`, the council's pages in `pages.council`).
Their figures are computed in `pages.figures`."""

import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from binghamton_safety.cache import DATA, PAGE, cached_figures, public_cache
from binghamton_safety.money import plain_amount
from binghamton_safety.spreadsheet import csv_writer
from documents.models import Document
from funding.awards import PUBLIC_AWARD_COLUMNS, public_award_rows, public_awards
from funding.deadlines import deadline_status
from funding.ledger import Ledger
from funding.models import FundingArea, SpendingEntry
from incidents import charts as incident_charts
from incidents import ytd
from incidents.api import (
    api_places,
    api_ytd,
    bad_request,
    trend_figures,
    trend_months_json,
)
from incidents.api_forms import IncidentParameters
from incidents.models import DataCompleteness, FirearmRecovery, Incident

from .figures import AREA_METRICS
from .results import area_money


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
    """One funding area for residents: what it is, its money month by month, what it
    bought (its measures), its category, and the year-to-date figures of what its program
    does, if any (AREA_METRICS)."""
    as_of = timezone.localdate()
    area = get_object_or_404(FundingArea, slug=slug)
    deadlines = deadline_status(as_of, area.program)
    return render(
        request,
        "public/area.html",
        {
            "area": area,
            **area_money(area, as_of),
            "deadlines": deadlines,
            "area_deadlines": next(r for r in deadlines.areas if r.label == area.name),
            "projects": area.projects.with_completion(as_of),
            "awards": public_awards(area),
            "documents": Document.objects.public().of_area(area),
            **_area_results(area.slug),
        },
    )


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

TREND_COLUMNS = [
    ("metric", "Metric key, as in /api/ytd.json."),
    (
        "month",
        "Month (YYYY-MM), from January of the first year with data to the last "
        "month complete by the as-of date.",
    ),
    ("count", "Count in that month, city-wide."),
    (
        "center",
        "Mean monthly count over the 36 months of the three calendar years before the "
        "month's year, one decimal; empty when any of those years has no data.",
    ),
    ("upper", "center + 3 × √center, one decimal; empty without center."),
    ("lower", "center − 3 × √center, at least 0, one decimal; empty without center."),
    (
        "flag",
        "'unusually high' above upper, 'unusually low' below lower, else empty.",
    ),
]

PLACE_COLUMNS = [
    (
        "kind",
        "Kind of place, as in /api/places.json (council_district, precinct, ...).",
    ),
    ("code", "The place's code within its kind; empty for the records of no place."),
    ("name", "The place's name; 'not recorded' for the records of no place."),
    ("population", "Residents, where known; empty otherwise."),
    ("population_year", "The year of the population figure."),
    ("metric", "Metric key, as in /api/ytd.json."),
    ("as_of", "Last day counted (YYYY-MM-DD)."),
    ("current", "Count from January 1 to the as-of date; empty when hidden."),
    ("previous", "Count in the same days of the comparison year; empty when hidden."),
    ("change", "current − previous; empty when either is hidden."),
    ("change_pct", "100 × change / previous, one decimal; empty when previous is 0."),
    ("z", "2 × (√current − √previous), two decimals."),
    (
        "signal",
        "'beyond normal variation' when |z| ≥ 3, else 'within normal variation'.",
    ),
    ("rate_per_100k", "current a year per 100,000 residents, one decimal."),
    (
        "suppressed",
        "'true' where a small count of people shot or killed is hidden (see the rule "
        "on the By place page).",
    ),
]

PLACE_FIGURES = [name for name, _ in PLACE_COLUMNS[7:14]]


# The open-data page's downloads: (slug, title, URL name, data dictionary, description).
DATASETS = [
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
        "One row per metric, year and month, city-wide, since the first record.",
    ),
    (
        "trends",
        "Monthly trends with normal ranges",
        "open_data_trends",
        TREND_COLUMNS,
        "The months of /api/trends.json for every metric, city-wide, with "
        "the normal range of each (a c-chart's limits). Accepts as_of.",
    ),
    (
        "places",
        "Year-to-date figures by place",
        "open_data_places",
        PLACE_COLUMNS,
        "The figures of /api/places.json, one row per place and metric, with the "
        "records of no place last. Accepts kind, as_of and compare; small counts of "
        "people are hidden as on the By place page.",
    ),
    (
        "funding",
        "Funding per area and month",
        "open_data_funding",
        FUNDING_COLUMNS,
        "Obligations and expenditures per funding area and month, through today.",
    ),
    (
        "awards",
        "Awards",
        "open_data_awards",
        PUBLIC_AWARD_COLUMNS,
        "The contracts, grants and payments each area has made, one row per award to "
        "an organization; awards to people are added up, one row per area, without "
        "any name.",
    ),
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
            "datasets": DATASETS,
            "licence": settings.OPEN_DATA_LICENCE,
            "documents": Document.objects.public(),
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
def open_data_places(request):
    """The API's figures by place as CSV (same parameters, same 400 on bad input)."""
    api = api_places(request)
    if api.status_code != 200:
        return api
    data = json.loads(api.content)
    rows = [
        [
            data["kind"],
            place["code"],
            place["name"],
            _blank(place["population"]),
            _blank(place["population_year"]),
            key,
            data["as_of"],
            *(_blank(m[name]) for name in PLACE_FIGURES),
            "true" if m["suppressed"] else "false",
        ]
        for place in [*data["places"], data["not_recorded"]]
        for key, m in place["metrics"].items()
    ]
    return _csv_response("places.csv", [name for name, _ in PLACE_COLUMNS], rows)


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
        for row in Ledger().monthly_totals(timezone.localdate(), per_area=True)
    ]
    return _csv_response(
        "funding-monthly.csv", [name for name, _ in FUNDING_COLUMNS], rows
    )


@public_cache(DATA)
def open_data_awards(request):
    """Awards to organizations one by one; individuals' only added up, never named."""
    header = [name for name, _ in PUBLIC_AWARD_COLUMNS]
    return _csv_response("awards.csv", header, public_award_rows())


@public_cache(DATA)
def open_data_trends(request):
    """Every metric's months with their normal ranges (/api/trends.json's) as CSV."""
    form = IncidentParameters(request)
    if not form.is_valid():
        return bad_request(form.first_error())
    result = trend_figures(form)
    rows = [
        [key, m["month"], m["count"]]
        + [_blank(m[name]) for name in ("center", "upper", "lower", "flag")]
        for key in ytd.METRICS
        for m in trend_months_json(result, key)
    ]
    return _csv_response("trends.csv", [name for name, _ in TREND_COLUMNS], rows)
