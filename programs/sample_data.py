"""Illustrative measures of the six areas, their targets for every quarter, and a value
for every month of the entered ones from June 2022 (the first month after the council
adopted the money) to November 2026.

Every measure, target and value here is invented to show the tracker working, and
flagged `illustrative`; the derived measures count the sample recoveries and incidents.
The targets of the hot-spots area's share count council districts 1 and 2, the sample's
(illustrative) targeted places.
"""

import datetime
import random
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction

from audit.bulk import bulk_create_recorded
from funding.models import FundingArea, ReportingPeriod
from funding.monthly import next_month
from places.models import Place, PlaceKind

from .models import (
    AreaOutcome,
    Direction,
    Measure,
    MeasureTarget,
    MeasureValue,
    Source,
)

COUNTED_FROM = datetime.date(2022, 5, 16)  # the council adopted the money
FIRST_MONTH = datetime.date(2022, 6, 1)
LAST_MONTH = datetime.date(2026, 11, 1)
TARGETED_DISTRICTS = ("1", "2")
SEED = 2022


class SampleMeasure(NamedTuple):
    area: str  # the area's slug
    name: str
    unit: str
    definition: str
    source: Source = Source.ENTERED
    monthly: tuple[int, int] = (0, 0)  # an entered value's range, each month
    target_per_month: Decimal = Decimal(0)  # what the quarter targets add up
    direction: Direction = Direction.MORE


MEASURES = [
    SampleMeasure(
        "community-policing",
        "Foot and bicycle patrol hours",
        "hours",
        "Overtime hours, paid from the program, that officers of the Community Response "
        "Team spent patrolling on foot or by bicycle.",
        monthly=(55, 75),
        target_per_month=Decimal(65),
    ),
    SampleMeasure(
        "community-policing",
        "Community meetings",
        "meetings",
        "Neighborhood and block-club meetings officers attended.",
        monthly=(3, 7),
        target_per_month=Decimal(4),
    ),
    SampleMeasure(
        "hot-spots-policing",
        "Patrol hours in the targeted places",
        "hours",
        "Directed patrol hours, paid from the program, in the places the crime analysis "
        "center targets.",
        monthly=(30, 45),
        target_per_month=Decimal(38),
    ),
    SampleMeasure(
        "hot-spots-policing",
        "Share of confirmed shots fired in the targeted places",
        "%",
        "Of the incidents with a confirmed discharge, the percentage in the targeted "
        "places (illustrative: council districts 1 and 2).",
        source=Source.SHARE_IN_PLACES,
        direction=Direction.LESS,
    ),
    SampleMeasure(
        "cpted",
        "Sites assessed",
        "sites",
        "Streets, lots and entrances assessed by the city's design review team.",
        monthly=(1, 4),
        target_per_month=Decimal(2),
    ),
    SampleMeasure(
        "cpted",
        "Sites improved",
        "sites",
        "Sites where lighting was added or a vacant lot cleaned and secured.",
        monthly=(0, 2),
        target_per_month=Decimal(1),
    ),
    SampleMeasure(
        "gun-buyback",
        "Buyback events held",
        "events",
        "Days on which a buyback event took in at least one firearm.",
        source=Source.BUYBACK_DAYS,
        target_per_month=Decimal("0.25"),
    ),
    SampleMeasure(
        "gun-buyback",
        "Firearms bought back",
        "firearms",
        "Firearms handed in at buyback events (recoveries whose source is bought back).",
        source=Source.FIREARMS_BOUGHT_BACK,
        target_per_month=Decimal(2),
    ),
    SampleMeasure(
        "violence-intervention",
        "People engaged",
        "people",
        "People at high risk of gun violence who took part in outreach at least once.",
        monthly=(6, 15),
        target_per_month=Decimal(10),
    ),
    SampleMeasure(
        "violence-intervention",
        "Conflicts mediated",
        "conflicts",
        "Disputes that outreach workers mediated before they turned violent.",
        monthly=(1, 6),
        target_per_month=Decimal(3),
    ),
    SampleMeasure(
        "neighborhood-watch",
        "Watch groups funded",
        "groups",
        "Neighborhood watch groups that received a grant (each counted in the month of "
        "its grant).",
        monthly=(0, 1),
        target_per_month=Decimal("0.3"),
    ),
    SampleMeasure(
        "neighborhood-watch",
        "Community events held",
        "events",
        "Community safety events supported, such as National Night Out.",
        monthly=(0, 3),
        target_per_month=Decimal("1.5"),
    ),
]
# The outcomes each area aims to move: (area slug, metric, targets the districts?).
OUTCOMES = [
    ("community-policing", "shots_fired_confirmed", False),
    ("hot-spots-policing", "shots_fired_confirmed", True),
    ("cpted", "shots_fired_confirmed", False),
    ("gun-buyback", "firearms_recovered", False),
    ("gun-buyback", "firearms_bought_back", False),
    ("violence-intervention", "shooting_victims", False),
    ("neighborhood-watch", "shots_fired_confirmed", False),
]
SHARE_TARGET = Decimal(
    40
)  # at most 40% of the city's shots fired in the targeted places


def _months() -> list[datetime.date]:
    months, month = [], FIRST_MONTH
    while month <= LAST_MONTH:
        months.append(month)
        month = next_month(month)
    return months


def _months_to(day: datetime.date) -> int:
    """The months from FIRST_MONTH to the month of `day`, both counted."""
    return (day.year - FIRST_MONTH.year) * 12 + day.month - FIRST_MONTH.month + 1


@transaction.atomic
def load(stdout) -> None:
    """Add the sample measures that are missing, with their targets and values;
    existing ones are left alone."""
    areas = {area.slug: area for area in FundingArea.objects.all()}
    quarters = list(
        ReportingPeriod.objects.filter(
            kind=ReportingPeriod.Kind.QUARTER, ends_on__gte=FIRST_MONTH
        )
    )
    added = 0
    for index, sample in enumerate(MEASURES):
        position = 1 + sum(other.area == sample.area for other in MEASURES[:index])
        area = areas.get(sample.area)
        if area is None or Measure.objects.filter(area=area, name=sample.name).exists():
            continue
        measure = _measure(area, position, sample)
        _targets(measure, sample, quarters)
        if not measure.derived:
            _values(measure, sample, random.Random(f"{SEED}-{sample.name}"))
        added += 1
    _outcomes(areas)
    stdout.write(
        f"Programs: {Measure.objects.count()} measures ({added} added) and "
        f"{AreaOutcome.objects.count()} outcomes, illustrative."
    )


def _outcomes(areas: dict) -> None:
    districts = Place.objects.filter(
        kind=PlaceKind.COUNCIL_DISTRICT, code__in=TARGETED_DISTRICTS
    )
    for index, (slug, metric, targeted) in enumerate(OUTCOMES):
        area = areas.get(slug)
        if (
            area is None
            or AreaOutcome.objects.filter(area=area, metric=metric).exists()
        ):
            continue
        position = 1 + sum(other[0] == slug for other in OUTCOMES[:index])
        outcome = AreaOutcome.objects.create(
            area=area, position=position, metric=metric, illustrative=True
        )
        if targeted:
            outcome.places.set(districts)


def _measure(area: FundingArea, position: int, sample: SampleMeasure) -> Measure:
    measure = Measure.objects.create(
        area=area,
        position=position,
        name=sample.name,
        unit=sample.unit,
        definition=sample.definition,
        source=sample.source,
        direction=sample.direction,
        counted_from=COUNTED_FROM,
        illustrative=True,
    )
    if sample.source == Source.SHARE_IN_PLACES:
        measure.places.set(
            Place.objects.filter(
                kind=PlaceKind.COUNCIL_DISTRICT, code__in=TARGETED_DISTRICTS
            )
        )
    return measure


def _targets(measure: Measure, sample: SampleMeasure, quarters: list) -> None:
    """A target for every quarter: the monthly plan times the months to its end (for
    the share, the same ceiling every quarter)."""
    for quarter in quarters:
        if measure.is_share:
            value = SHARE_TARGET
        else:
            value = (sample.target_per_month * _months_to(quarter.ends_on)).quantize(1)
        MeasureTarget.objects.create(
            measure=measure, period=quarter, value=value, illustrative=True
        )


def _values(measure: Measure, sample: SampleMeasure, rng: random.Random) -> None:
    low, high = sample.monthly
    bulk_create_recorded(
        MeasureValue,
        [
            MeasureValue(
                measure=measure,
                month=month,
                value=Decimal(rng.randint(low, high)),
                note="Illustrative sample value.",
                illustrative=True,
            )
            for month in _months()
        ],
    )
