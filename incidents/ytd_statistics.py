"""The statistics of the year-to-date comparison: change, z-score and averages (pure).

A change is "beyond normal variation" when |z| >= 3, z = 2 x (sqrt(current) -
sqrt(previous)); see `z_score`.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cached_property

BEYOND = "beyond normal variation"
WITHIN = "within normal variation"
Z_THRESHOLD = 3
# Square roots to 18 digits: a count below 10**12 has its root to 12 decimals, far finer
# than the two a z keeps, in a quarter of the time of the default 28 digits (a page of
# places computes hundreds, and a root of a large count takes longest).
ROOTS = Context(prec=18)


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def change_pct(current: int, previous: int) -> Decimal | None:
    """100 x (current - previous) / previous to one decimal; None when previous is 0."""
    if previous == 0:
        return None
    return _round(Decimal(100) * (current - previous) / previous, "0.1")


def z_score(current: int, previous: int) -> Decimal:
    """2 x (sqrt(current) - sqrt(previous)), two decimals.

    Square roots stabilise the variance of Poisson counts: for counts of rare events the
    difference is roughly standard normal when nothing has really changed, so |z| >= 3 is
    unlikely to be chance alone.
    """
    return _round(2 * (ROOTS.sqrt(current) - ROOTS.sqrt(previous)), "0.01")


def signal(z: Decimal) -> str:
    return BEYOND if abs(z) >= Z_THRESHOLD else WITHIN


class Compared:
    """A count against an earlier one: the change, change %, z and signal, each None
    unless `comparable` (both known, by default). For a dataclass with `current` and
    `previous`; the z is worked out once (the signal reads it too)."""

    current: int | None
    previous: int | None

    @property
    def comparable(self) -> bool:
        return self.current is not None and self.previous is not None

    @property
    def change(self) -> int | None:
        return self.current - self.previous if self.comparable else None

    @property
    def change_pct(self) -> Decimal | None:
        return change_pct(self.current, self.previous) if self.comparable else None

    @cached_property
    def z(self) -> Decimal | None:
        return z_score(self.current, self.previous) if self.comparable else None

    @property
    def signal(self) -> str | None:
        return None if self.z is None else signal(self.z)


def average(values: Iterable[int | None]) -> Decimal | None:
    """Mean of the values that are not None, one decimal; None when there are none."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return _round(Decimal(sum(known)) / len(known), "0.1")
