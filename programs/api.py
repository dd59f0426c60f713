"""The public programs API (/api/programs.json): each area's spending to date and its
measures' values, targets and cost per unit (see results.py)."""

import datetime
from decimal import Decimal

from django.http import JsonResponse

from binghamton_safety.cache import DATA, cached_figures, public_cache
from binghamton_safety.disclosure import FiguresParameters
from binghamton_safety.methodology import with_methodology
from binghamton_safety.money import plain_amount
from binghamton_safety.parameters import local_date

from .models import Measure, MeasureTarget, MeasureValue
from .results import AreaResults, MeasureFigures, program_results


class ProgramsParameters(FiguresParameters):
    """`as_of` only (default: today); the past as recorded is not offered here."""

    recorded_at = None
    history_models = (Measure, MeasureTarget, MeasureValue)
    published_dates = "month ends, today and council packet dates"

    def clean_as_of(self) -> datetime.date | None:
        self.default_as_of = local_date(None)
        return self.given_as_of() or self.default_as_of


@public_cache(DATA)
def api_programs(request):
    """Public figures of what each area's money bought, as of a date (default today)."""
    form = ProgramsParameters(request)
    if not form.is_valid():
        return JsonResponse({"error": form.first_error()}, status=400)
    as_of = form.cleaned_data["as_of"]
    areas = cached_figures("programs", program_results, as_of)
    return JsonResponse(with_methodology(programs_json(as_of, areas)))


def _number(value: Decimal | None) -> int | float | None:
    """A whole number as an integer (40), else as a decimal number (12.5)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _measure_json(figures: MeasureFigures) -> dict:
    measure = figures.measure
    return {
        "name": measure.name,
        "unit": measure.unit,
        "definition": measure.definition,
        "direction": measure.direction,
        "derived": measure.derived,
        "counted_from": measure.counted_from.isoformat(),
        "value": _number(figures.value),
        "target": _number(figures.target),
        "target_period": figures.period.name if figures.period else None,
        "cost_per_unit": (
            None
            if figures.cost_per_unit is None
            else plain_amount(figures.cost_per_unit)
        ),
        "illustrative": measure.illustrative,
    }


def _area_json(area: AreaResults) -> dict:
    return {
        "slug": area.area.slug,
        "name": area.area.name,
        "spent": plain_amount(area.spent),
        "measures": [_measure_json(figures) for figures in area.measures],
    }


def programs_json(as_of: datetime.date, areas: list[AreaResults]) -> dict:
    return {"as_of": as_of.isoformat(), "areas": [_area_json(a) for a in areas]}
