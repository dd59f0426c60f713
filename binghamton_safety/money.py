"""Money: Decimals to the cent, never floats; read from text, shown as dollars, and
stored in a `MoneyField`, so that money is recognised by its type."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.db import models

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY_DIGITS = 12
MAX_AMOUNT = Decimal("9999999999.99")  # the ledger's 12 digits
MILLION = Decimal("1000000")

_AMOUNT = re.compile(r"(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def money(value: Decimal, whole: bool = False, rounding: str = ROUND_HALF_UP) -> str:
    """Format a Decimal as dollars, e.g. `$1,000,000.00` or `-$5.00`; `whole` rounds to
    whole dollars (`$202,500`) for tiles, cards and sentences."""
    sign = "-" if value < 0 else ""
    if whole:
        return f"{sign}${abs(value).quantize(Decimal('1'), rounding=rounding):,}"
    return f"{sign}${abs(value):,.2f}"


def money_in_millions(value: Decimal) -> str:
    """`$174.7 million` from a million dollars up (to a tenth, half up), else whole
    dollars: for big figures in narrow tiles, shown next to the exact amount."""
    if abs(value) < MILLION:
        return money(value, whole=True)
    millions = (abs(value) / MILLION).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{'-' if value < 0 else ''}${millions} million"


def plain_amount(value: Decimal) -> str:
    """`1234.56` or `-5.00`: no dollar sign, no separators, for CSV files and the API."""
    return f"{value:.2f}"


def cents(value: Decimal) -> Decimal:
    """A database sum to the cent (SQLite sums decimals as floats of 15 digits)."""
    return value.quantize(CENT)


def parse_money(text: str) -> Decimal:
    """`"$2,500,000.00 "` -> 2500000.00, `($10,099.69)` -> -10099.69, `0` -> 0.00.

    A lone dash (how spreadsheets show zero in accounting format) is zero.
    Raises ValueError with a message for anything else.
    """
    shown = text.strip()
    value, negative = shown, False
    if value in {"-", "$-", "$ -"}:
        return ZERO
    if value.startswith("(") and value.endswith(")"):
        value, negative = value[1:-1].strip(), True
    elif value.startswith("-"):
        value, negative = value[1:].strip(), True
    value = value.removeprefix("$").strip()
    if not negative and value.startswith("-"):
        value, negative = value[1:].strip(), True
    if not shown:
        raise ValueError("is empty")
    if not _AMOUNT.fullmatch(value):
        raise ValueError(f"{shown!r} is not an amount of money")
    amount = Decimal(value.replace(",", ""))
    if amount != amount.quantize(CENT):
        raise ValueError(f"{shown!r} has more than two decimals")
    if amount > MAX_AMOUNT:
        raise ValueError(f"{shown!r} is more than {money(MAX_AMOUNT)}")
    amount = amount.quantize(CENT)
    return -amount if negative else amount


class MoneyFormField(forms.DecimalField):
    """Dollars and cents in a form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)


class MoneyField(models.DecimalField):
    """Dollars and cents: 12 digits, 2 after the point.

    In the database and in migrations it is a plain DecimalField (`deconstruct` says so),
    so adopting it changed no schema; in Python, the history pages and the edit-conflict
    message show its values as dollars because of its type.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MoneyFormField, **kwargs})
