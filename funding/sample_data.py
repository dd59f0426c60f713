"""The program and six areas from the 2022-05-04 announcement, with illustrative money.

The announcement gave no split of the $1,000,000 between the areas: every budget, project and
spending entry below is invented for demonstration and flagged `illustrative=True`.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction

from binghamton_safety.money import CENT

from . import models
from .categories import ExpenditureCategory

PROGRAM_NAME = "Binghamton Public Safety Investment"


class SampleArea(NamedTuple):
    """An area of the announcement, with its invented budget and Treasury category."""

    slug: str
    name: str
    description: str
    budget: Decimal
    category: ExpenditureCategory
    rationale: str  # why Treasury's expenditure category fits


AREAS = [
    SampleArea(
        "community-policing",
        "Community Policing and Street Outreach",
        "Pays for more work by the police department's Community Response Team: officers "
        "walking and cycling through neighborhoods, getting to know residents and building "
        "the trust that helps prevent and solve crimes.",
        Decimal("250000.00"),
        ExpenditureCategory.EC_3_1,
        "The money pays salaries and overtime of sworn officers doing community patrols, "
        "which Treasury counts as payroll for public safety workers.",
    ),
    SampleArea(
        "hot-spots-policing",
        "Data-Driven Hot-Spots Policing",
        "Adds patrols and technology in the small number of places where the crime analysis "
        "center's data show that most violent crime happens.",
        Decimal("200000.00"),
        ExpenditureCategory.EC_3_4,
        "Analysis software and data work make the police department's existing service more "
        "effective, Treasury's category for public sector capacity.",
    ),
    SampleArea(
        "cpted",
        "Crime Prevention Through Environmental Design",
        "Brings several city departments together to change the physical places where crime "
        "happens: lighting, sight lines, vacant lots and building entrances.",
        Decimal("175000.00"),
        ExpenditureCategory.EC_2_22,
        "Lighting and other changes to streets and lots are neighborhood features that "
        "promote health and safety.",
    ),
    SampleArea(
        "gun-buyback",
        "Gun Buyback Programs",
        "Holds buyback events across the city with churches, community centers and "
        "non-profit groups, so that residents can hand in unwanted guns safely.",
        Decimal("75000.00"),
        ExpenditureCategory.EC_1_11,
        "Taking guns out of circulation is a community violence intervention.",
    ),
    SampleArea(
        "violence-intervention",
        "Violence Intervention",
        "Police and social services reach out together, before violence happens, to the "
        "people and neighborhoods most affected by gun crime.",
        Decimal("200000.00"),
        ExpenditureCategory.EC_1_11,
        "Focused outreach to those at highest risk of gun violence is Treasury's model case "
        "of a community violence intervention.",
    ),
    SampleArea(
        "neighborhood-watch",
        "Expanded Neighborhood Watch Partnerships",
        "Supports neighborhood watch groups and small businesses, and community safety "
        "events such as National Night Out.",
        Decimal("100000.00"),
        ExpenditureCategory.EC_6_1,
        "Grants to watch groups and community events are general government services, "
        "funded from the revenue-loss allowance.",
    ),
]

ADOPTED_ON = datetime.date(2022, 5, 16)

# Quarterly Project and Expenditure reports from the program's first quarter to the end;
# the current one is the last quarter that has ended (late 2026).
REPORTING_QUARTERS = [
    f"{year}-Q{quarter}"
    for year in range(2022, 2027)
    for quarter in range(1, 5)
    if (year, quarter) >= (2022, 2)
]
CURRENT_PERIOD = "2026-Q3"

OBLIGATION = models.SpendingEntry.Kind.OBLIGATION
EXPENDITURE = models.SpendingEntry.Kind.EXPENDITURE
D = datetime.date


class SampleAward(NamedTuple):
    """An invented award of an area's project, and the sample entries made under it:
    those of the area of each (kind, first day, last day) in `covers`."""

    position: int  # the area's
    number: str
    kind: str
    recipient: str
    amount: Decimal
    starts_on: datetime.date
    ends_on: datetime.date
    purpose: str
    covers: tuple = ()
    recipient_kind: str = "organization"


# The entries keep their amounts: the awards only say what they were made under, so every
# sample figure stays as it was. Payments to individuals have no entries of their own.
AWARDS = [
    SampleAward(
        5,
        "VI-2022-001",
        "grant",
        "Sample Southside Peace Alliance",
        Decimal("150000.00"),
        D(2022, 6, 15),
        D(2023, 6, 30),
        "Street outreach workers who reach the people at highest risk of gun violence.",
        (
            (OBLIGATION, D(2022, 6, 15), D(2022, 6, 15)),
            (EXPENDITURE, D(2022, 7, 1), D(2023, 6, 30)),
        ),
    ),
    SampleAward(
        3,
        "C-2022-014",
        "contract",
        "Sample Lighting Contractors Inc.",
        Decimal("140000.00"),
        D(2022, 6, 15),
        D(2023, 12, 31),
        "Street and alley lighting on the blocks the crime analysis center chose.",
        (
            (OBLIGATION, D(2022, 6, 1), D(2023, 1, 31)),
            (EXPENDITURE, D(2022, 7, 1), D(2023, 6, 30)),
        ),
    ),
    SampleAward(
        6,
        "G-2023-003",
        "grant",
        "Sample Westside Neighborhood Watch",
        Decimal("20000.00"),
        D(2023, 1, 17),
        D(2023, 12, 31),
        "Radios, signs and National Night Out events of the watch groups.",
        (
            (OBLIGATION, D(2023, 1, 17), D(2023, 1, 17)),
            (EXPENDITURE, D(2023, 1, 1), D(2023, 4, 30)),
        ),
    ),
    *(
        SampleAward(
            4,
            f"BB-2022-{number:04d}",
            "direct_payment",
            f"Sample buyback participant {number}",
            amount,
            D(2022, 8, 13),
            D(2022, 8, 13),
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


def _spending_plan() -> list[tuple]:
    """(area position, kind, date, amount, payee, description, reason), all illustrative.

    Each area obligates 60% of its budget in June 2022 and 20% more in January 2023, and
    spends 5% a month from July 2022 to June 2023; one buyback obligation is released.
    """
    plan = []
    for position, area in enumerate(AREAS, start=1):
        budget = area.budget
        payee = f"Sample vendor {position}"
        for day, share, what in (
            (datetime.date(2022, 6, 15), "0.60", "First-year contract"),
            (datetime.date(2023, 1, 17), "0.20", "Contract extension"),
        ):
            amount = (budget * Decimal(share)).quantize(CENT)
            plan.append((position, OBLIGATION, day, amount, payee, what, ""))
        monthly = (budget * Decimal("0.05")).quantize(CENT)
        for month in range(12):
            year, mon = (2022, 7 + month) if month < 6 else (2023, month - 5)
            day = datetime.date(year, mon, 28)
            what = f"Invoice {year}-{mon:02d}"
            plan.append((position, EXPENDITURE, day, monthly, payee, what, ""))
    release = "Autumn event moved to spring; unused obligation released."
    day = datetime.date(2022, 9, 30)
    plan.append(
        (
            4,
            OBLIGATION,
            day,
            Decimal("-2500.00"),
            "Sample vendor 4",
            "Event cancelled",
            release,
        )
    )
    return plan


@transaction.atomic
def load() -> models.Program:
    """The program, its areas, projects and adopted budgets, the spending and the
    reporting periods; what exists already is kept (the program and areas updated)."""
    program, _ = models.Program.objects.update_or_create(
        name=PROGRAM_NAME,
        defaults={
            "total": Decimal("1000000.00"),
            "announced_on": datetime.date(2022, 5, 4),
            "presented_to_council_on": datetime.date(2022, 5, 16),
        },
    )
    for position, area in enumerate(AREAS, 1):
        _load_area(program, position, area)
    awards = _load_awards(program)
    _load_spending(program, awards)
    _load_periods()
    return program


def _load_area(program: models.Program, position: int, sample: SampleArea) -> None:
    """An area with its one project and its adopted budget."""
    area, _ = models.FundingArea.objects.update_or_create(
        slug=sample.slug,
        defaults={
            "program": program,
            "position": position,
            "name": sample.name,
            "description": sample.description,
        },
    )
    project, _ = models.TreasuryProject.objects.update_or_create(
        identifier=f"BGM-PS-{position:02d}",
        defaults={
            "area": area,
            "name": sample.name,
            "expenditure_category": sample.category,
            "category_rationale": sample.rationale,
            "illustrative": True,
        },
    )
    _get_or_create_checked(
        models.BudgetEntry,
        area=area,
        project=project,
        reference=f"SAMPLE-RES-2022-{position:02d}",
        defaults={
            "kind": models.BudgetEntry.Kind.ADOPTED,
            "effective_on": ADOPTED_ON,
            "amount": sample.budget,
            "reason": "Illustrative adopted budget.",
            "illustrative": True,
        },
    )


def _load_awards(program: models.Program) -> dict[str, models.Award]:
    """The sample awards by number; an award already there is kept as it is."""
    areas = {area.position: area for area in program.areas.all()}
    awards = {}
    for sample in AWARDS:
        area = areas[sample.position]
        awards[sample.number] = _get_or_create_checked(
            models.Award,
            number=sample.number,
            defaults={
                "kind": sample.kind,
                "recipient_kind": sample.recipient_kind,
                "recipient": sample.recipient,
                "amount": sample.amount,
                "starts_on": sample.starts_on,
                "ends_on": sample.ends_on,
                "purpose": sample.purpose,
                "area": area,
                "project": area.projects.first(),
                "illustrative": True,
            },
        )
    return awards


def _award_of(position: int, kind: str, day: datetime.date) -> SampleAward | None:
    for sample in AWARDS:
        if sample.position == position and any(
            kind == covered and first <= day <= last
            for covered, first, last in sample.covers
        ):
            return sample
    return None


def _load_spending(program: models.Program, awards: dict) -> None:
    areas = {
        area.position: area
        for area in models.FundingArea.objects.filter(program=program)
    }
    for number, (position, kind, day, amount, payee, description, reason) in enumerate(
        _spending_plan(), start=1
    ):
        area = areas[position]
        sample = _award_of(position, kind, day)
        award = awards[sample.number] if sample else None
        entry = _get_or_create_checked(
            models.SpendingEntry,
            area=area,
            reference=f"SAMPLE-{number:04d}",
            defaults={
                "project": area.projects.first(),
                "kind": kind,
                "occurred_on": day,
                "amount": amount,
                "payee": sample.recipient if sample else payee,
                "description": description,
                "reason": reason,
                "illustrative": True,
                "award": award,
            },
        )
        if award and entry.award_id is None:
            # Loaded before the sample had awards: put it under its award now.
            entry.award, entry.payee = award, sample.recipient
            entry.full_clean(validate_constraints=False)
            entry.save()


def _load_periods() -> None:
    """The quarterly reporting periods, and the current one unless one is current."""
    for name in REPORTING_QUARTERS:
        if not models.ReportingPeriod.objects.filter(name=name).exists():
            models.ReportingPeriod.named(name).save()
    if not models.ReportingPeriod.objects.filter(is_current=True).exists():
        models.ReportingPeriod.objects.get(name=CURRENT_PERIOD).make_current()


def _get_or_create_checked(model, defaults, **lookup):
    # Voided records too: one voided on the staff pages stays as it is, never loaded twice.
    entry = model.all_objects.filter(**lookup).first()
    if entry is None:
        entry = model(**lookup, **defaults)
        # The same ledger invariants as the forms; the row constraints are the database's.
        entry.full_clean(validate_constraints=False)
        entry.save()
    return entry
