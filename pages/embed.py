"""Embeddable charts (`/embed/<chart>/`): one public chart on a minimal page, with its
title, sentence, plot, table and a source line, for other sites to show in a frame.

They take the public parameters of the API their figures come from (the same forms,
the same 400s), and only the origins of settings.EMBED_ALLOWED_ORIGINS may frame them
(README, "Embedding a chart"); every other page keeps frame-ancestors 'none'.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from csp.constants import NONE
from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt

from binghamton_safety.cache import PAGE, public_cache
from binghamton_safety.chart_frame import Chart
from funding.api_forms import FundingParameters
from funding.ledger import Ledger
from incidents.api_forms import YtdParameters

from .figures import incident_figures, money_figures, trend_context


@dataclass(frozen=True)
class Embedded:
    """A chart to embed, with what its source line says."""

    chart: Chart
    as_of: datetime.date  # the date its figures are as of
    illustrative: bool
    complete_through: datetime.date | None = None  # incident figures only


def _incident_figures(form: YtdParameters) -> dict:
    as_of = form.cleaned_data["as_of"]
    compare = form.cleaned_data["compare"] or as_of.year - 1
    return incident_figures(as_of, compare, form.records) | {"compare": compare}


def _monthly(index: int) -> Callable:
    """The public summary's monthly chart of CHARTED_METRICS[index]."""

    def build(form: YtdParameters) -> Embedded:
        figures = _incident_figures(form)
        comparison = figures["comparison"]
        return Embedded(
            figures["monthly_charts"][index],
            comparison.as_of,
            comparison.illustrative,
            comparison.data_complete_through,
        )

    return build


def _trend(index: int) -> Callable:
    """The public summary's long-run chart (0: months in their normal range; 1: this
    year's running total against earlier years, at month ends)."""

    def build(form: YtdParameters) -> Embedded:
        figures = _incident_figures(form)
        comparison = figures["comparison"]
        charts = trend_context(
            comparison.as_of, figures["compare"], form.records, daily=False
        )["trend_charts"]
        return Embedded(
            charts[index],
            comparison.as_of,
            comparison.illustrative,
            comparison.data_complete_through,
        )

    return build


def _money_by_area(form: FundingParameters) -> Embedded:
    figures = money_figures(
        form.cleaned_data["as_of"], Ledger(form.cleaned_data["recorded_at"])
    )
    summary = figures["summary"]
    if summary is None:
        raise Http404("No program has been recorded yet.")
    return Embedded(figures["money_charts"][0], summary.as_of, summary.illustrative)


# Each chart: (the parameters it takes, how it is built).
CHARTS: dict[str, tuple[type, Callable]] = {
    "shots-fired-by-month": (YtdParameters, _monthly(0)),
    "people-shot-by-month": (YtdParameters, _monthly(1)),
    "long-run-trend": (YtdParameters, _trend(0)),
    "running-total": (YtdParameters, _trend(1)),
    "money-by-area": (FundingParameters, _money_by_area),
}


def framed_by_allowed_origins(view: Callable) -> Callable:
    """Let the origins of settings.EMBED_ALLOWED_ORIGINS (read at each request) frame
    the view's pages, and no one else: CSP frame-ancestors lists exactly them ('none'
    while there are none); X-Frame-Options, which cannot name origins, is left off."""
    exempt = xframe_options_exempt(view)

    @wraps(view)
    def framed(request, *args, **kwargs):
        origins = list(settings.EMBED_ALLOWED_ORIGINS) or [NONE]
        return csp_replace({"frame-ancestors": origins})(exempt)(
            request, *args, **kwargs
        )

    return framed


@public_cache(PAGE)
@framed_by_allowed_origins
def embed(request, chart: str):
    """One public chart on a page of its own, to be framed by the allowed origins; an
    unknown chart is a 404, a bad parameter a 400 that says what is wrong."""
    if chart not in CHARTS:
        raise Http404(f"No chart {chart!r}: choose one of {', '.join(CHARTS)}.")
    parameters, build = CHARTS[chart]
    form = parameters(request)
    if not form.is_valid():
        context = {"message": form.first_error(), "charts": CHARTS}
        return render(request, "public/embed_error.html", context, status=400)
    return render(request, "public/embed.html", {"embedded": build(form)})
