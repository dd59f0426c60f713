"""The program and six areas from the 2022-05-04 announcement, with illustrative money.

The announcement gave no split of the $1,000,000 between the areas: every budget, project,
amendment, award and spending entry is invented for demonstration and flagged
`illustrative=True`. The money's story to November 2026 is in sample_story.py.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction

from . import models, monthly, sample_story
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


@transaction.atomic
def load() -> models.Program:
    """The program, its areas, projects and adopted budgets, and the reporting periods;
    what exists already is kept (the program and areas updated). The money's story
    (sample_story: the amendment, the awards and the spending) is added only to a
    program without sample spending: one that already has some, this story's or the
    earlier one's (obligations and expenditures to June 2023, SAMPLE-0001 to
    SAMPLE-0085), keeps what it has and gets no spending, amendment or award added, so
    that two stories never mix into double spending or a broken ledger."""
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
    if not _has_sample_spending(program):
        areas = {area.position: area for area in program.areas.all()}
        _load_amendment(areas)
        _load_spending(areas, _load_awards(areas))
    _load_periods()
    return program


def _has_sample_spending(program: models.Program) -> bool:
    return models.SpendingEntry.all_objects.filter(
        area__program=program, reference__startswith="SAMPLE-"
    ).exists()


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


def _load_amendment(areas: dict[int, models.FundingArea]) -> None:
    """The council amendment's pair of entries, the reduction first: the areas'
    budgets never add up to more than the program total."""
    amendment = sample_story.AMENDMENT
    for position, amount in (
        (amendment.from_position, -amendment.amount),
        (amendment.to_position, amendment.amount),
    ):
        area = areas[position]
        _get_or_create_checked(
            models.BudgetEntry,
            area=area,
            reference=amendment.reference,
            defaults={
                "project": area.projects.first(),
                "kind": models.BudgetEntry.Kind.AMENDMENT,
                "effective_on": amendment.effective_on,
                "amount": amount,
                "reason": amendment.reason,
                "illustrative": True,
            },
        )


def _load_awards(areas: dict[int, models.FundingArea]) -> dict[str, models.Award]:
    """The sample awards by number; an award already there is kept as it is."""
    awards = {}
    for sample in sample_story.AWARDS:
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


def _load_spending(areas: dict[int, models.FundingArea], awards: dict) -> None:
    """The story's obligations and expenditures, numbered SAMPLE-0001 on in date order;
    an entry whose payee is an award's number is made under that award, to its
    recipient. The monthly totals are refreshed once, at the end (the ledger's rules
    read the entries)."""
    projects = {position: area.projects.first() for position, area in areas.items()}
    with monthly.batch():
        for number, planned in enumerate(sample_story.spending_plan(), start=1):
            award = awards.get(planned.payee)
            _get_or_create_checked(
                models.SpendingEntry,
                area=areas[planned.position],
                reference=f"SAMPLE-{number:04d}",
                defaults={
                    "project": projects[planned.position],
                    "kind": planned.kind,
                    "occurred_on": planned.day,
                    "amount": planned.amount,
                    "payee": award.recipient if award else planned.payee,
                    "description": planned.description,
                    "reason": planned.reason,
                    "illustrative": True,
                    "award": award,
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
    # Voided records too: one voided on the staff pages stays as it is, never loaded twice.
    entry = model.all_objects.filter(**lookup).first()
    if entry is None:
        entry = model(**lookup, **defaults)
        # The same ledger invariants as the forms; the row constraints are the database's.
        entry.full_clean(validate_constraints=False)
        entry.save()
    return entry
