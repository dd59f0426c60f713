"""The sample money's story, from the adopted budgets of 2022-05-16 to November 2026.

Every amount, date, award and name here is invented for demonstration; `sample_data`
loads it flagged `illustrative=True`. The story: each area spends every month from July
2022 through December 2026, in three phases each obligated just before it starts (the
last in December 2024, so that every area's budget is obligated by the Treasury's
deadline of 2024-12-31). A council amendment of June 2024 moves $25,000 from hot-spots
policing to violence intervention; the buyback area releases $2,500 in 2022 and obligates
it again with its last phase. Spending is recorded through November 2026: each area's
December 2026 invoice is what is left to spend by the deadline of 2026-12-31.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from binghamton_safety.money import CENT

from . import models
from .monthly import next_month

OBLIGATION = models.SpendingEntry.Kind.OBLIGATION
EXPENDITURE = models.SpendingEntry.Kind.EXPENDITURE
D = datetime.date
SPENT_THROUGH = D(2026, 11, 30)  # the last month recorded; December 2026 is to come
INVOICE_DAY = 28


class Phase(NamedTuple):
    """A stretch of the spending, obligated on one day before its first month."""

    obligated_on: datetime.date
    first_month: datetime.date
    last_month: datetime.date
    description: str


PHASES = [
    Phase(D(2022, 6, 15), D(2022, 7, 1), D(2023, 6, 1), "First-year contract"),
    Phase(D(2023, 6, 15), D(2023, 7, 1), D(2024, 12, 1), "Renewal through 2024"),
    Phase(D(2024, 12, 16), D(2025, 1, 1), D(2026, 12, 1), "Renewal through 2026"),
]


class Release(NamedTuple):
    """Part of a phase's obligation released: that phase spends only the rest."""

    phase: int  # index in PHASES
    day: datetime.date
    amount: Decimal  # negative
    reason: str


class Stream(NamedTuple):
    """One area's money to one payee in each phase: an award's number or a vendor's name
    (None: nothing in that phase), and the amount obligated then and spent evenly over
    the phase's months (the last month takes the cents left over)."""

    position: int  # the area's
    payees: tuple[str | None, str | None, str | None]
    amounts: tuple[str, str, str]
    release: Release | None = None


# Per area, the amounts add up to its budget after the amendment.
STREAMS = [
    Stream(1, ("Sample vendor 1",) * 3, ("54000.00", "81000.00", "115000.00")),
    Stream(2, ("Sample vendor 2",) * 3, ("42000.00", "63000.00", "70000.00")),
    Stream(3, ("C-2022-014",) * 3, ("30000.00", "45000.00", "65000.00")),
    Stream(3, ("Sample vendor 3",) * 3, ("7000.00", "10500.00", "17500.00")),
    Stream(
        4,
        ("Sample vendor 4",) * 3,
        # The last phase obligates again the $2,500 released in 2022.
        ("20000.00", "25000.00", "32500.00"),
        Release(
            0,
            D(2022, 9, 30),
            Decimal("-2500.00"),
            "A third autumn event was not held; its unused obligation is released.",
        ),
    ),
    Stream(
        5,
        ("VI-2022-001", "VI-2022-001", "VI-2025-001"),
        ("48000.00", "72000.00", "105000.00"),
    ),
    Stream(6, ("Sample vendor 6",) * 3, ("12000.00", "18000.00", "26000.00")),
    Stream(6, (None, "G-2023-003", "G-2024-011"), ("0.00", "20000.00", "24000.00")),
]


class Amendment(NamedTuple):
    """A council amendment moving money from one area's budget to another's."""

    effective_on: datetime.date
    reference: str
    from_position: int
    to_position: int
    amount: Decimal
    reason: str


AMENDMENT = Amendment(
    D(2024, 6, 5),
    "SAMPLE-RES-2024-041",
    2,
    5,
    Decimal("25000.00"),
    "Illustrative amendment: the crime analysis software cost less than budgeted, and "
    "the savings extend street outreach through 2026.",
)


class SampleAward(NamedTuple):
    """An invented award of an area's project; the streams name the entries under it."""

    position: int  # the area's
    number: str
    kind: str
    recipient: str
    amount: Decimal
    starts_on: datetime.date
    ends_on: datetime.date
    purpose: str
    recipient_kind: str = "organization"


# An award's amount is what its streams obligate under it, and its dates hold theirs.
# The gift cards paid to individuals have no entries of their own.
AWARDS = [
    SampleAward(
        5,
        "VI-2022-001",
        "grant",
        "Sample Southside Peace Alliance",
        Decimal("120000.00"),
        D(2022, 6, 15),
        D(2024, 12, 31),
        "Street outreach workers who reach the people at highest risk of gun violence.",
    ),
    SampleAward(
        5,
        "VI-2025-001",
        "grant",
        "Sample Southside Peace Alliance",
        Decimal("105000.00"),
        D(2024, 12, 16),
        D(2026, 12, 31),
        "Street outreach renewed for 2025 and 2026, with more outreach hours.",
    ),
    SampleAward(
        3,
        "C-2022-014",
        "contract",
        "Sample Lighting Contractors Inc.",
        Decimal("140000.00"),
        D(2022, 6, 15),
        D(2026, 12, 31),
        "Street and alley lighting on the blocks the crime analysis center chose, "
        "installed in phases through 2026.",
    ),
    SampleAward(
        6,
        "G-2023-003",
        "grant",
        "Sample Westside Neighborhood Watch",
        Decimal("20000.00"),
        D(2023, 6, 15),
        D(2024, 12, 31),
        "Radios, signs and National Night Out events of the watch groups.",
    ),
    SampleAward(
        6,
        "G-2024-011",
        "grant",
        "Sample Westside Neighborhood Watch",
        Decimal("24000.00"),
        D(2024, 12, 16),
        D(2026, 12, 31),
        "The watch groups' grant renewed for 2025 and 2026.",
    ),
    *(
        SampleAward(
            4,
            f"BB-2022-{number:04d}",
            "direct_payment",
            f"Sample buyback participant {number}",
            amount,
            D(2022, 8, 20),
            D(2022, 8, 20),
            "Gift card for a firearm handed in at the August buyback.",
            recipient_kind="individual",
        )
        for number, amount in (
            (1, Decimal("100.00")),
            (2, Decimal("200.00")),
            (3, Decimal("150.00")),
        )
    ),
]


class PlannedEntry(NamedTuple):
    position: int  # the area's
    kind: str
    day: datetime.date
    amount: Decimal
    payee: str  # an award's number or a vendor's name
    description: str
    reason: str = ""


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    while first <= last:
        months.append(first)
        first = next_month(first)
    return months


def _phase_entries(
    stream: Stream, phase: Phase, payee: str, amount: Decimal
) -> list[PlannedEntry]:
    """The phase's obligation, its release if any, and its monthly invoices to date."""
    entries = [
        PlannedEntry(
            stream.position,
            OBLIGATION,
            phase.obligated_on,
            amount,
            payee,
            phase.description,
        )
    ]
    release = stream.release
    if release and PHASES[release.phase] == phase:
        entries.append(
            PlannedEntry(
                stream.position,
                OBLIGATION,
                release.day,
                release.amount,
                payee,
                "Obligation released",
                release.reason,
            )
        )
        amount += release.amount
    months = _months(phase.first_month, phase.last_month)
    monthly = (amount / len(months)).quantize(CENT)
    for index, month in enumerate(months):
        day = month.replace(day=INVOICE_DAY)
        if day > SPENT_THROUGH:
            break
        share = monthly if index + 1 < len(months) else amount - monthly * index
        what = f"Invoice {month:%Y-%m}"
        entries.append(
            PlannedEntry(stream.position, EXPENDITURE, day, share, payee, what)
        )
    return entries


def spending_plan() -> list[PlannedEntry]:
    """Every sample obligation and expenditure, in date order (the order they are
    recorded in, so that each is checked against the ledger as it stood then)."""
    plan = []
    for stream in STREAMS:
        for phase, payee, amount in zip(
            PHASES, stream.payees, stream.amounts, strict=True
        ):
            if payee is not None:
                plan += _phase_entries(stream, phase, payee, Decimal(amount))
    return sorted(plan, key=lambda entry: entry.day)
