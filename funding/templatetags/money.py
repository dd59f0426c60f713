"""Template filters that show money (always through binghamton_safety.money) and days
to a deadline."""

from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from django import template

from binghamton_safety.money import money, money_in_millions
from binghamton_safety.wording import days_phrase

register = template.Library()


@register.filter
def dollars(value: Decimal | None) -> str:
    """`$1,234.50`; an em dash for a missing figure."""
    return "—" if value is None else money(value)


@register.filter
def whole_dollars(value: Decimal | None, rounding: str = "") -> str:
    """`$202,500`: whole dollars for tiles, cards and sentences (cents stay in tables).
    `|whole_dollars:"up"` rounds up, for money that must be found ("$6,584 a day")."""
    if value is None:
        return "—"
    return money(
        value, whole=True, rounding=ROUND_UP if rounding == "up" else ROUND_HALF_UP
    )


@register.filter
def headline_dollars(value: Decimal | None) -> str:
    """`$174.7 million` from a million up, else whole dollars: for big figures in narrow
    tiles. Show the exact amount next to it.
    """
    return "—" if value is None else money_in_millions(value)


@register.filter
def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


register.filter("days_phrase", days_phrase)
