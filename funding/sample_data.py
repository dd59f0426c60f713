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
    _load_spending(program)
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


def _load_spending(program: models.Program) -> None:
    areas = {
        area.position: area
        for area in models.FundingArea.objects.filter(program=program)
    }
    for number, (position, kind, day, amount, payee, description, reason) in enumerate(
        _spending_plan(), start=1
    ):
        area = areas[position]
        _get_or_create_checked(
            models.SpendingEntry,
            area=area,
            reference=f"SAMPLE-{number:04d}",
            defaults={
                "project": area.projects.first(),
                "kind": kind,
                "occurred_on": day,
                "amount": amount,
                "payee": payee,
                "description": description,
                "reason": reason,
                "illustrative": True,
            },
        )


def _load_periods() -> None:
    """The quarterly reporting periods, and the current one unless one is current."""
    for name in REPORTING_QUARTERS:
        if not models.ReportingPeriod.objects.filter(name=name).exists():
            models.ReportingPeriod.named(name).save()
    if not models.ReportingPeriod.objects.filter(is_current=True).exists():
        models.ReportingPeriod.objects.get(name=CURRENT_PERIOD).make_current()


def _get_or_create_checked(model, defaults, **lookup):
    entry = model.objects.filter(**lookup).first()
    if entry is None:
        entry = model(**lookup, **defaults)
        # The same ledger invariants as the forms; the row constraints are the database's.
        entry.full_clean(validate_constraints=False)
        entry.save()
    return entry
