"""The generated years of the illustrative sample: incidents and recoveries from
2017-01-01 to 2026-11-30 around the hand-written records of `incidents.sample_data`.

Everything here is invented, from one fixed seed, so every load makes the same records
whatever the date: a few dozen confirmed shots fired a year (more in summer, some years
higher than others), about a third with someone hit, a few people killed a year, two
months with a spike the trend charts flag, police seizures every month, buyback events
from the summer of 2022 on and a few surrenders. The records of the hand-written periods
(all of 2021's incidents, 2022's incidents and recoveries to May 4) are not added to, so
the figures of the announcement stay as reported.

Locations are real Binghamton streets at block level; each street block belongs to one
council district, in an invented assignment (no boundaries: the map says they can be
added). A long street crosses into a second district.
"""

import calendar
import datetime
import math
import random

FIRST_DAY = datetime.date(2017, 1, 1)
LAST_DAY = datetime.date(2026, 11, 30)
SEED = 9  # one of the seeds whose people-shot chart flags the two SPIKES alone

# Illustrative council districts: (street, its blocks there) for each district code.
DISTRICT_STREETS = {
    "1": [  # North Side
        ("Chenango St", (300, 400, 500, 600, 700)),
        ("Liberty St", (100, 200)),
        ("Bevier St", (100, 200)),
        ("Prospect St", (100, 200)),
        ("Frederick St", (100,)),
    ],
    "2": [  # East Side
        ("Robinson St", (100, 200, 300)),
        ("Court St", (400, 500, 600)),
        ("Griswold St", (100, 200)),
        ("Moeller St", (100,)),
        ("Tompkins St", (100, 200)),
        ("Mygatt St", (100, 200)),
    ],
    "3": [  # First Ward
        ("Clinton St", (100, 200, 300, 400)),
        ("Glenwood Ave", (100, 200, 300)),
        ("Front St", (300, 400)),
        ("Beethoven St", (100,)),
        ("Mather St", (100,)),
    ],
    "4": [  # West Side, north of Main St
        ("Main St", (400, 500, 600, 700, 800)),
        ("Oak St", (100, 200)),
        ("Chapin St", (100,)),
        ("Murray St", (100, 200)),
    ],
    "5": [  # West Side, toward the Susquehanna
        ("Leroy St", (100, 200, 300)),
        ("Riverside Dr", (100, 200, 300)),
        ("Seminary Ave", (100,)),
        ("Laurel Ave", (100,)),
        ("Walnut St", (100, 200)),
    ],
    "6": [  # South Side
        ("Conklin Ave", (100, 200, 300, 400)),
        ("Vestal Ave", (100, 200)),
        ("Pennsylvania Ave", (100, 200)),
        ("Park Ave", (100, 200)),
        ("Tremont Ave", (100, 200)),
    ],
    "7": [  # Downtown
        ("Main St", (100, 200, 300)),
        ("Court St", (100, 200, 300)),
        ("Chenango St", (100, 200)),
        ("Front St", (100, 200)),
        ("State St", (100,)),
        ("Washington St", (100, 200)),
        ("Henry St", (100,)),
        ("Hawley St", (100,)),
        ("Water St", (100,)),
        ("Carroll St", (100,)),
        ("Susquehanna St", (100,)),
    ],
}
# Corners, each in the district of its first street's block there.
INTERSECTIONS = {
    "State St & Henry St": "7",
    "Court St & Water St": "7",
    "Main St & Front St": "7",
    "Mygatt St & Meadows St": "2",
    "Chenango St & Bevier St": "1",
    "Clinton St & Glenwood Ave": "3",
}
BLOCKS = {
    f"{number} block of {street}": code
    for code, streets in DISTRICT_STREETS.items()
    for street, numbers in streets
    for number in numbers
}
DISTRICT_OF = {**BLOCKS, **INTERSECTIONS}

# Confirmed shots fired a year, as a whole year's rate; 2021 is hand-written whole.
YEAR_LEVEL = {2017: 28, 2018: 24, 2019: 30, 2020: 34, 2022: 52}
YEAR_LEVEL |= {2023: 38, 2024: 31, 2025: 27, 2026: 24}
SEASON = (0.55, 0.5, 0.7, 0.85, 1.05, 1.3, 1.55, 1.45, 1.15, 0.95, 0.75, 0.6)
# The unusual months: extra shootings, each with this many people shot.
SPIKES = {(2020, 7): (2, 1, 1, 2, 1), (2024, 8): (1, 3, 1, 2)}
HIT_SHARE = 0.33
KILLED_SHARE = 0.17
PRELIMINARY_FROM = LAST_DAY - datetime.timedelta(days=45)
SEIZURES_A_MONTH = 3.0
SURRENDERS_A_MONTH = 0.4
# Buyback events, Saturdays from the summer of 2022 on, and where they were held.
BUYBACKS = [
    ("2022-08-20", "100 block of Conklin Ave"),
    ("2022-10-15", "200 block of Clinton St"),
    ("2023-05-20", "100 block of Robinson St"),
    ("2023-09-16", "500 block of Main St"),
    ("2024-05-18", "300 block of Chenango St"),
    ("2024-09-21", "100 block of Leroy St"),
    ("2025-05-17", "100 block of Court St"),
    ("2025-09-20", "200 block of Conklin Ave"),
    ("2026-06-13", "100 block of Glenwood Ave"),
    ("2026-09-19", "100 block of Tompkins St"),
]

# The rows of `incidents.sample_data`: as INCIDENTS, and as RECOVERIES with the source
# last. (case, "YYYY-MM-DD HH:MM", location, confirmed, injured, killed, status), and
# (reference, "YYYY-MM-DD", count, weapon type, location, case, source).
IncidentRow = tuple
RecoveryRow = tuple


def district_of(location: str) -> str:
    """The illustrative council district of a sample location (KeyError if none)."""
    return DISTRICT_OF[location]


def in_hand_written(day: datetime.date, kind: str) -> bool:
    """Whether `day` is in a period whose `kind` ("incidents", "recoveries") of records
    are the hand-written ones only."""
    if datetime.date(2022, 1, 1) <= day <= datetime.date(2022, 5, 4):
        return True
    return kind == "incidents" and day.year == 2021


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method: fine for the small means here)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _months() -> list[tuple[int, int]]:
    return [
        (year, month)
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1)
        for month in range(1, 13)
        if datetime.date(year, month, 1) <= LAST_DAY
    ]


def _open_days(year: int, month: int, kind: str) -> list[datetime.date]:
    """The days of a month that generated records of `kind` may fall on."""
    days = [
        datetime.date(year, month, day)
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
    ]
    return [d for d in days if d <= LAST_DAY and not in_hand_written(d, kind)]


def _time(rng: random.Random) -> str:
    """An evening or night time, mostly; now and then unknown."""
    if rng.random() < 0.08:
        return ""
    hour = rng.choice((17, 18, 19, 20, 21, 21, 22, 22, 23, 23, 0, 0, 1, 1, 2, 3, 14))
    return f" {hour:02d}:{rng.randrange(0, 60, 5):02d}"


class _Generator:
    """One pass over the months with one seeded random source, in a fixed order."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.locations = sorted(DISTRICT_OF)
        self.numbers: dict[str, int] = {}

    def location(self) -> str:
        return self.rng.choice(self.locations)

    def number(self, prefix: str, day: datetime.date, first: int = 1) -> str:
        """The next reference of `prefix` in `day`'s year ("S23-0007")."""
        key = f"{prefix}{day:%y}"
        self.numbers[key] = self.numbers.get(key, first - 1) + 1
        return f"{key}-{self.numbers[key]:04d}"

    def incidents_of(self, year: int, month: int) -> list[tuple]:
        """(day, time, confirmed, people shot) of a month's incidents, in date order."""
        days = _open_days(year, month, "incidents")
        if not days:
            return []
        share = len(days) / calendar.monthrange(year, month)[1]
        mean = YEAR_LEVEL[year] * SEASON[month - 1] / sum(SEASON) * share
        drawn = [(True, self.shot()) for _ in range(_poisson(self.rng, mean))]
        drawn += [(False, 0) for _ in range(_poisson(self.rng, 0.2 * share))]
        drawn += [(True, shot) for shot in SPIKES.get((year, month), ())]
        found = [(self.rng.choice(days), _time(self.rng), *row) for row in drawn]
        return sorted(found, key=lambda row: (row[0], row[1]))

    def shot(self) -> int:
        if self.rng.random() >= HIT_SHARE:
            return 0
        return self.rng.choices((1, 2, 3), weights=(78, 17, 5))[0]

    def incident(
        self, day: datetime.date, time: str, confirmed: bool, shot: int
    ) -> IncidentRow:
        killed = sum(self.rng.random() < KILLED_SHARE for _ in range(shot))
        first = 21 if day.year == 2022 else 1  # after the hand-written S22-0020
        status = "preliminary" if day >= PRELIMINARY_FROM else "final"
        case = self.number("S", day, first)
        when = f"{day.isoformat()}{time}"
        return (case, when, self.location(), confirmed, shot - killed, killed, status)

    def seizure(
        self, day: datetime.date, location: str, case: str | None
    ) -> RecoveryRow:
        count = self.rng.choices((1, 2, 3), weights=(65, 25, 10))[0]
        weapon = self.rng.choices(("12", "13", "14", "15"), weights=(76, 12, 9, 3))[0]
        if count > 1 and self.rng.random() < 0.5:
            weapon = ""  # a recovery that mixes types
        reference = self.number("SR", day, 13 if day.year == 2022 else 1)
        return (reference, day.isoformat(), count, weapon, location, case, "seized")

    def recoveries_of(
        self, year: int, month: int, incidents: list[IncidentRow]
    ) -> list[RecoveryRow]:
        """A month's seizures and surrenders; some seizures follow its shootings."""
        days = _open_days(year, month, "recoveries")
        if not days:
            return []
        found = []
        for case, when, location, _, injured, killed, _ in incidents:
            day = datetime.date.fromisoformat(when[:10])
            day += datetime.timedelta(days=self.rng.randint(0, 3))
            if injured + killed and self.rng.random() < 0.4 and day in days:
                found.append((day, location, case))
        found += [
            (self.rng.choice(days), self.location(), None)
            for _ in range(_poisson(self.rng, SEIZURES_A_MONTH))
        ]
        surrenders = sorted(
            self.rng.choice(days) for _ in range(_poisson(self.rng, SURRENDERS_A_MONTH))
        )
        rows = [self.seizure(*row) for row in sorted(found, key=lambda r: r[0])]
        for day in surrenders:
            reference = self.number("SS", day, 3 if day.year == 2022 else 1)
            location = self.location()
            row = (reference, day.isoformat(), 1, "", location, None, "surrendered")
            rows.append(row)
        return rows

    def buybacks(self) -> list[RecoveryRow]:
        rows = []
        for day, location in BUYBACKS:
            date = datetime.date.fromisoformat(day)
            reference = self.number("SB", date, 3 if date.year == 2022 else 1)
            count = self.rng.randint(4, 16)
            rows.append((reference, day, count, "", location, None, "bought_back"))
        return rows


def generate() -> tuple[list[IncidentRow], list[RecoveryRow]]:
    """The generated incidents (with their people shot) and recoveries, in date order;
    the same every time."""
    generator = _Generator()
    incidents, recoveries = [], []
    for year, month in _months():
        month_incidents = [
            generator.incident(*row) for row in generator.incidents_of(year, month)
        ]
        incidents += month_incidents
        recoveries += generator.recoveries_of(year, month, month_incidents)
    return incidents, recoveries + generator.buybacks()
