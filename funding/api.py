"""The public funding API (/api/funding.json): aggregate figures of the program's money."""

from django.http import JsonResponse

from binghamton_safety.cache import DATA, cached_figures, public_cache
from binghamton_safety.methodology import with_methodology
from binghamton_safety.money import plain_amount
from binghamton_safety.parameters import recorded_at_param

from .api_forms import FundingParameters
from .ledger import Ledger
from .summary import funding_summary


@public_cache(DATA)
def api_funding(request):
    """Public, aggregate-only figures of the program's money as of a date (default today);
    with `recorded_at`, as they had been recorded at that past moment. Anonymous
    visitors get the published dates and moments only (FundingParameters)."""
    form = FundingParameters(request)
    if not form.is_valid():
        return JsonResponse({"error": form.first_error()}, status=400)
    recorded_at = form.cleaned_data["recorded_at"]
    # Computed once per data version and day, even for requests that skip the
    # response cache (a session cookie).
    summary = cached_figures(
        "funding",
        funding_summary,
        form.cleaned_data["as_of"],
        None,
        Ledger(recorded_at),
    )
    if summary is None:
        return JsonResponse({"error": "No program has been recorded yet."}, status=404)
    data = funding_json(summary)
    if recorded_at:
        data["recorded_at"] = recorded_at_param(recorded_at)
    return JsonResponse(with_methodology(data))


def funding_json(summary) -> dict:
    def pct(value):
        return None if value is None else float(value)

    return {
        "as_of": summary.as_of.isoformat(),
        "program": {
            "name": summary.program.name,
            "total": plain_amount(summary.program.total),
            "budgeted": plain_amount(summary.budgeted),
            "obligated": plain_amount(summary.obligated),
            "spent": plain_amount(summary.spent),
            "unobligated": plain_amount(summary.unobligated),
            "unspent": plain_amount(summary.unspent),
        },
        "areas": [
            {
                "slug": figures.area.slug,
                "name": figures.area.name,
                "budget": plain_amount(figures.budget),
                "obligated": plain_amount(figures.obligated),
                "spent": plain_amount(figures.spent),
                "remaining": plain_amount(figures.remaining),
                "pct_spent": pct(figures.pct_spent),
            }
            for figures in summary.areas
        ],
        "deadlines": {
            "obligate_by": summary.obligate_by.isoformat(),
            "spend_by": summary.spend_by.isoformat(),
            "days_to_obligation_deadline": summary.days_to_obligation_deadline,
            "days_to_spending_deadline": summary.days_to_spending_deadline,
        },
        "illustrative": summary.illustrative,
    }
