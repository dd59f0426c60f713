from decimal import Decimal

from django import template

from funding.models import money

register = template.Library()


@register.filter
def dollars(value: Decimal | None) -> str:
    """`$1,234.50`; an em dash for a missing figure."""
    return "—" if value is None else money(value)


@register.filter
def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"
