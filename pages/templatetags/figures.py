"""Filters that say a change in words and signs, never by colour alone."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def signed(value: int | Decimal | None) -> str:
    """`+8`, `−3` (a true minus sign), `0`; an em dash when there is nothing to compare."""
    if value is None:
        return "—"
    if value > 0:
        return f"+{value:,}"
    if value < 0:
        return f"\u2212{abs(value):,}"
    return "0"


@register.filter
def direction(change: int | None) -> str:
    """The direction of a change as words, for the tiles: "up", "down", "no change"."""
    if change is None:
        return "no comparison"
    return "up" if change > 0 else "down" if change < 0 else "no change"


@register.filter
def arrow(change: int | None) -> str:
    if change is None:
        return ""
    return "▲" if change > 0 else "▼" if change < 0 else "■"


@register.filter
def years_with_data(values: dict[int, int | None]) -> int:
    """How many of the averaged years have data (years before the first record do not)."""
    return sum(1 for value in values.values() if value is not None)
