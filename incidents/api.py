"""The public incident figure APIs: /api/ytd.json (this year's figures against an earlier
year's same days, from the year-to-date engine) and /api/trends.json (a metric month by
month with its normal range, and year by year, from `incidents.trends`)."""

from django.http import JsonResponse
from django.utils import timezone

from binghamton_safety.cache import DATA, cached_figures, public_cache
from binghamton_safety.parameters import recorded_at_param

from . import trends, ytd
from .api_forms import IncidentParameters, TrendParameters, YtdParameters


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
    return JsonResponse(data)


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


def ytd_json(result: ytd.YtdComparison) -> dict:
    """Counts and statistics only: no case number, place, note or victim detail."""

    rolling = result.last_28_days
    return {
        "as_of": result.as_of.isoformat(),
        "data_complete_through": (
            result.data_complete_through.isoformat()
            if result.data_complete_through
            else None
        ),
        "current": _window_json(result.current),
        "previous": _window_json(result.previous),
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
    """The trends a valid form asks, computed once per data version and day."""
    return cached_figures(
        "trends", trends.compute, form.cleaned_data["as_of"], form.records
    )


@public_cache(DATA)
def api_trends(request):
    """Public, aggregate-only trend of one metric (see the README for the shape); as of
    and as recorded at the moments /api/ytd.json allows."""
    form = TrendParameters(request)
    if not form.is_valid():
        return bad_request(form.first_error())
    result = trend_figures(form)
    metric = form.cleaned_data["metric"]
    data = {
        "metric": metric,
        "place": None,
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
    if form.records.recorded_at:
        data["recorded_at"] = recorded_at_param(form.records.recorded_at)
    return JsonResponse(data)


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
