"""How a measure's figures read on a page: "1,240", "12.5", "38.2%", or a dash."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def measure_value(value: Decimal | None, measure) -> str:
    """`value` in `measure`'s terms: a share as a percentage, a count without trailing
    zeros; "—" when there is none."""
    if value is None:
        return "—"
    shown = f"{value.normalize():,f}" if value else "0"
    return f"{shown}%" if measure.is_share else shown
