"""The methodology page: how every public figure is made, in plain words, from the code's
own definitions (the metrics, the windows, the tests, the normal range, the small-count
rule, "data complete through") and the open-data licence of the settings."""

from django.conf import settings
from django.shortcuts import render

from binghamton_safety.cache import PAGE, cached_figures, public_cache
from funding.models import FundingSource, Program
from incidents import place_figures, trends, ytd
from incidents.models import DataCompleteness
from incidents.ytd_notes import method_notes
from incidents.ytd_statistics import BEYOND, WITHIN, Z_THRESHOLD

from .figures import CITY_WIDE_METRICS


def _normal_range() -> dict:
    """The c-chart's terms (incidents.trends), for the page's sentences."""
    return {
        "years": trends.LIMIT_YEARS,
        "months": trends.LIMIT_MONTHS,
        "sigmas": trends.SIGMAS,
        "high": trends.UNUSUALLY_HIGH,
        "low": trends.UNUSUALLY_LOW,
        "main_metric": ytd.METRICS[trends.MAIN_METRIC],
    }


def _sources() -> list[str]:
    """The funding sources of the programs recorded (their names as Treasury gives
    them), or every source the ledger knows while none is recorded."""
    used = Program.objects.values_list("funding_source", flat=True).distinct()
    return [str(FundingSource(source).label) for source in used] or [
        str(label) for label in FundingSource.labels
    ]


@public_cache(PAGE)
def methodology(request):
    """How the figures are made: each metric, the same-period and leap-day rules, the
    normal-variation test, the normal range, the small-count rule, what "data complete
    through" means, the sources and the licence. Links the glossary for the words."""
    complete_through = DataCompleteness.current()
    comparison = cached_figures("ytd", ytd.compare, None, None, ytd.Records())
    threshold = place_figures.small_count_threshold()
    return render(
        request,
        "public/methodology.html",
        {
            "metrics": ytd.METRICS.values(),
            "city_wide": CITY_WIDE_METRICS,
            "method_notes": method_notes(comparison),
            "z_threshold": Z_THRESHOLD,
            "beyond": BEYOND,
            "within": WITHIN,
            "average_years": ytd.AVERAGE_YEARS,
            "normal_range": _normal_range(),
            "small_count_rule": place_figures.rule(threshold),
            "small_count_threshold": threshold,
            "small_count_metrics": [
                ytd.METRICS[key] for key in place_figures.SMALL_COUNT_METRICS
            ],
            "complete_through": complete_through,
            "complete_through_meaning": DataCompleteness._meta.get_field(
                "complete_through"
            ).help_text,
            "stale_after_days": settings.STALE_AFTER_DAYS,
            "funding_sources": _sources(),
            "licence": settings.OPEN_DATA_LICENCE,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
        },
    )
