"""The public incident figure APIs: /api/ytd.json (this year's figures against an earlier
year's same days, from the year-to-date engine), /api/places.json (the same by place,
small counts hidden from the public) and /api/trends.json (a metric month by month with
its normal range, and year by year, from `incidents.trends`, city-wide or of a place)."""

from django.http import JsonResponse
from django.utils import timezone

from binghamton_safety.cache import DATA, cached_figures, public_cache
from binghamton_safety.methodology import with_methodology
from binghamton_safety.parameters import recorded_at_param

from . import place_figures, trends, ytd
from .api_forms import (
    IncidentParameters,
    PlaceParameters,
    TrendParameters,
    YtdParameters,
)


def bad_request(message: str) -> JsonResponse:
    """The 400 every figure API and download answers bad parameters with."""
    return JsonResponse({"error": message}, status=400)


@public_cache(DATA)
def api_ytd(request):
    """Public, aggregate-only year-to-date comparison (see the README for the shape);
    with `recorded_at`, as the figures had been recorded at that past moment. Anonymous
    visitors get the published dates and moments only (YtdParameters)."""
    form = YtdParameters(request)
    if not form.is_valid():
        return bad_request(form.first_error())
    records = form.records
    recorded_at = records.recorded_at
    # Computed once per data version and day for every parameter set, even for
    # requests that skip the response cache (a session cookie).
    comparison = cached_figures(
        "ytd",
        ytd.compare,
        form.cleaned_data["as_of"],
        form.cleaned_data["compare"],
        records,
    )
    data = ytd_json(comparison)
    today = timezone.localtime(recorded_at).date() if recorded_at else None
    data["stale_notice"] = ytd.stale_notice(form.complete_through, today)
    if recorded_at:
        data["recorded_at"] = recorded_at_param(recorded_at)
    return JsonResponse(with_methodology(data))


def _number(value) -> float | None:
    return None if value is None else float(value)


def _window_json(w: ytd.Window) -> dict:
    return {"year": w.year, "start": w.start.isoformat(), "end": w.end.isoformat()}


def _metric_json(m: ytd.MetricComparison) -> dict:
    return {
        "label": m.label,
        "current": m.current,
        "previous": m.previous,
        "change": m.change,
        "change_pct": _number(m.change_pct),
        "z": _number(m.z),
        "signal": m.signal,
        "five_year_average": _number(m.five_year_average),
    }


def _windows_json(figures) -> dict:
    """The as-of date, "data complete through" and the two windows of `figures` (a
    year-to-date comparison, or the figures by place)."""
    complete = figures.data_complete_through
    return {
        "as_of": figures.as_of.isoformat(),
        "data_complete_through": complete.isoformat() if complete else None,
        "current": _window_json(figures.current),
        "previous": _window_json(figures.previous),
    }


def ytd_json(result: ytd.YtdComparison) -> dict:
    """Counts and statistics only: no case number, place, note or victim detail."""

    rolling = result.last_28_days
    return {
        **_windows_json(result),
        "metrics": {key: _metric_json(m) for key, m in result.metrics.items()},
        "last_28_days": {
            "start": rolling.current_window.start.isoformat(),
            "end": rolling.current_window.end.isoformat(),
            "previous_start": rolling.previous_window.start.isoformat(),
            "previous_end": rolling.previous_window.end.isoformat(),
            "metrics": {
                key: {"current": current, "previous": previous}
                for key, (current, previous) in rolling.counts.items()
            },
        },
        "notes": result.notes,
    }


# --- Trends -------------------------------------------------------------------------------


def trend_figures(form: IncidentParameters) -> trends.Trends:
    """The trends a valid form asks (of its `place`, if it has one), computed once per
    data version and day."""
    place = form.cleaned_data.get("place")
    return cached_figures(
        "trends",
        trends.compute,
        form.cleaned_data["as_of"],
        form.records,
        place.pk if place else None,
    )


@public_cache(DATA)
def api_trends(request):
    """Public, aggregate-only trend of one metric (see the README for the shape); as of
    and as recorded at the moments /api/ytd.json allows."""
    form = TrendParameters(request)
    if not form.is_valid():
        return bad_request(form.first_error())
    result = trend_figures(form)
    metric, place = form.cleaned_data["metric"], form.cleaned_data["place"]
    data = {
        "metric": metric,
        "place": f"{place.kind}:{place.code}" if place else None,
        "as_of": result.as_of.isoformat(),
        "months": trend_months_json(result, metric),
        "years": [
            {
                "year": total.year,
                "count": total.count,
                "through": total.through.isoformat(),
                "partial": total.partial,
            }
            for total in result.years[metric]
        ],
    }
    if place and not form.staff and metric in place_figures.SMALL_COUNT_METRICS:
        _hide_small(data["months"], data["years"])
    if form.records.recorded_at:
        data["recorded_at"] = recorded_at_param(form.records.recorded_at)
    return JsonResponse(with_methodology(data))


def trend_months_json(result: trends.Trends, metric: str) -> list[dict]:
    """One metric's months: count, limits to one decimal (null without three earlier
    years with data) and flag."""
    months = []
    for month in result.months[metric]:
        limits = month.limits.shown() if month.limits else (None, None, None)
        center, upper, lower = (_number(value) for value in limits)
        months.append(
            {
                "month": f"{month.month:%Y-%m}",
                "count": month.count,
                "center": center,
                "upper": upper,
                "lower": lower,
                "flag": month.flag,
            }
        )
    return months


def _hide_small(months: list[dict], years: list[dict]) -> None:
    """A place's counts of people from 1 to the threshold less one, hidden for the
    public: of a month, and of a year with a hidden month or whose days after its last
    complete month are such a count (else the year less its months would tell it)."""
    threshold = place_figures.small_count_threshold()

    def small(count: int) -> bool:
        return 0 < count < threshold

    in_months: dict[int, int] = {}
    hidden_years = set()
    for month in months:
        year = int(month["month"][:4])
        in_months[year] = in_months.get(year, 0) + month["count"]
        month["suppressed"] = small(month["count"])
        if month["suppressed"]:
            month["count"] = None
            hidden_years.add(year)
    for year in years:
        rest = year["count"] - in_months.get(year["year"], 0)
        year["suppressed"] = (
            year["year"] in hidden_years or small(year["count"]) or small(rest)
        )
        if year["suppressed"]:
            year["count"] = None


# --- By place -----------------------------------------------------------------------------


@public_cache(DATA)
def api_places(request):
    """Public, aggregate-only year-to-date figures of every place of a kind (see the
    README for the shape); for the public, small counts of people hidden."""
    form = PlaceParameters(request)
    if not form.is_valid():
        return bad_request(form.first_error())
    figures = cached_figures(
        "places",
        place_figures.compute,
        form.cleaned_data["kind"],
        form.cleaned_data["as_of"],
        form.cleaned_data["compare"],
    )
    if not form.staff:
        figures = place_figures.disclosed(figures)
    return JsonResponse(with_methodology(places_json(figures)))


def _count_json(count: place_figures.PlaceCount) -> dict:
    return {
        "current": None if count.hidden else count.current,
        "previous": None if count.hidden_previous else count.previous,
        "change": count.change,
        "change_pct": _number(count.change_pct),
        "z": _number(count.z),
        "signal": count.signal,
        "rate_per_100k": _number(count.rate_per_100k),
        "suppressed": count.suppressed,
    }


def _row_json(row: place_figures.PlaceRow) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "population": row.population,
        "population_year": row.population_year,
        "metrics": {key: _count_json(count) for key, count in row.metrics.items()},
    }


def places_json(figures: place_figures.PlaceFigures) -> dict:
    """Counts and statistics by place only: no case number, address or victim detail."""
    return {
        "kind": figures.kind,
        "kind_label": figures.kind_label,
        **_windows_json(figures),
        "city": _row_json(figures.city),
        "places": [_row_json(row) for row in figures.places],
        "not_recorded": _row_json(figures.unrecorded),
        "suppression": (
            {
                "threshold": figures.threshold,
                "metrics": list(place_figures.SMALL_COUNT_METRICS),
                "rule": place_figures.rule(figures.threshold),
            }
            if figures.threshold
            else None
        ),
    }
