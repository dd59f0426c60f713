"""Illustrative incidents, victims and firearm recoveries, 2017-01-01 to 2026-11-30.

The hand-written records here hold the year-to-date totals as of 2022-05-04 that WBNG 12
News reported that day: 18 confirmed shots fired against 10 in the same period of 2021, 6
people shot against 3, 1 killed, and 28 firearms recovered. Three records stand for the
events named in the report, and the Oak Street recovery of May 3, 2022 holds the six
firearms another report listed, by type; every other date, time, place and case number
is invented and flagged `illustrative`. Locations are block level. The firearms bought
back at two buyback events in April 2022 and those surrendered for safekeeping are
invented too; they are not among the 28 recovered (seized) ones. The years around them (2017 to 2020, 2022
after May 4 to November 2026, and 2021's recoveries) are generated from a fixed seed by
`incidents.sample_history`, which also gives every record its illustrative council
district. One stored import format is invented as well, named as illustrative: the
layout of a records-system export that the README's example file has.
"""

import datetime
import functools
import io

from django.db import transaction

import places.sample_data
from audit.bulk import bulk_create_recorded
from places.models import Place, PlaceKind

from . import daily, sample_history
from .models import DataCompleteness, FirearmRecovery, ImportFormat, Incident, Victim

COMPLETE_THROUGH = sample_history.LAST_DAY

F, P = Incident.Status.FINAL, Incident.Status.PRELIMINARY

# (case number, local date and time, public location, discharge confirmed, people injured,
#  people killed, status)
INCIDENTS = [
    # 2021, January 1 to May 4: 10 confirmed, 3 people shot.
    ("S21-0001", "2021-01-09 23:40", "100 block of Clinton St", True, 0, 0, F),
    ("S21-0002", "2021-02-06 01:15", "300 block of Main St", True, 2, 0, F),
    ("S21-0003", "2021-02-20 22:05", "100 block of Robinson St", True, 0, 0, F),
    ("S21-0004", "2021-03-05 20:30", "200 block of Court St", True, 0, 0, F),
    ("S21-0005", "2021-03-14 02:45", "400 block of Chenango St", True, 1, 0, F),
    ("S21-0006", "2021-03-27 21:10", "100 block of Front St", False, 0, 0, F),
    ("S21-0007", "2021-04-02 19:55", "100 block of Susquehanna St", True, 0, 0, F),
    ("S21-0008", "2021-04-11 00:20", "200 block of Conklin Ave", True, 0, 0, F),
    ("S21-0009", "2021-04-25", "100 block of Leroy St", True, 0, 0, F),
    ("S21-0010", "2021-05-01 23:05", "100 block of Carroll St", True, 0, 0, F),
    ("S21-0011", "2021-05-04 18:40", "State St & Henry St", True, 0, 0, F),
    # 2021, May 5 to December 31: outside the comparison window, for full-year charts.
    ("S21-0012", "2021-05-05 01:30", "200 block of Washington St", True, 1, 0, F),
    ("S21-0013", "2021-05-22 22:50", "100 block of Liberty St", True, 0, 0, F),
    ("S21-0014", "2021-06-05 23:15", "300 block of Main St", True, 2, 0, F),
    ("S21-0015", "2021-06-19 02:10", "100 block of Susquehanna St", True, 0, 0, F),
    ("S21-0016", "2021-07-04 23:55", "200 block of Clinton St", True, 1, 0, F),
    ("S21-0017", "2021-07-17 21:35", "100 block of Carroll St", True, 0, 0, F),
    ("S21-0018", "2021-07-30 01:05", "400 block of Chenango St", True, 1, 1, F),
    ("S21-0019", "2021-08-14 22:25", "200 block of Conklin Ave", True, 0, 0, F),
    ("S21-0020", "2021-08-28 20:45", "100 block of Robinson St", True, 1, 0, F),
    ("S21-0021", "2021-09-11 00:35", "100 block of Front St", True, 0, 0, F),
    ("S21-0022", "2021-09-25 23:20", "200 block of Court St", True, 0, 0, F),
    ("S21-0023", "2021-10-09 02:55", "100 block of Leroy St", True, 1, 0, F),
    ("S21-0024", "2021-10-30 21:00", "State St & Henry St", True, 0, 0, F),
    ("S21-0025", "2021-11-13 19:40", "100 block of Washington St", True, 0, 0, F),
    ("S21-0026", "2021-12-04 22:15", "300 block of Main St", True, 0, 1, F),
    ("S21-0027", "2021-12-26 01:50", "100 block of Liberty St", True, 0, 0, F),
    # 2022, January 1 to May 4: 18 confirmed, 6 people shot, 1 killed.
    ("S22-0001", "2022-01-08 23:30", "100 block of Clinton St", True, 0, 0, F),
    ("S22-0002", "2022-01-15 02:20", "300 block of Main St", True, 2, 0, F),
    ("S22-0003", "2022-01-29 21:45", "100 block of Robinson St", True, 0, 0, F),
    ("S22-0004", "2022-02-05 22:10", "200 block of Court St", True, 0, 0, F),
    ("S22-0005", "2022-02-12 20:05", "100 block of Front St", False, 0, 0, F),
    ("S22-0006", "2022-02-19 01:40", "400 block of Chenango St", True, 0, 0, F),
    ("S22-0007", "2022-02-26 23:55", "100 block of Susquehanna St", True, 1, 0, F),
    ("S22-0008", "2022-03-05 19:30", "200 block of Conklin Ave", True, 0, 0, F),
    ("S22-0009", "2022-03-12 00:50", "100 block of Leroy St", True, 0, 0, F),
    ("S22-0010", "2022-03-19 22:35", "100 block of Carroll St", True, 0, 0, F),
    ("S22-0011", "2022-03-26 21:15", "100 block of Henry St", True, 0, 1, F),
    ("S22-0012", "2022-04-02 02:05", "200 block of Washington St", True, 0, 0, F),
    ("S22-0013", "2022-04-05 21:50", "100 block of State St", True, 0, 0, F),
    ("S22-0014", "2022-04-09 23:10", "100 block of Tremont Ave", True, 1, 0, P),
    ("S22-0015", "2022-04-16 20:25", "100 block of Liberty St", True, 0, 0, F),
    ("S22-0016", "2022-04-20 01:20", "State St & Henry St", False, 0, 0, P),
    ("S22-0017", "2022-04-23 22:40", "300 block of Main St", True, 1, 0, P),
    ("S22-0018", "2022-04-30 00:15", "200 block of Clinton St", True, 0, 0, P),
    ("S22-0019", "2022-05-03 17:45", "Mygatt St & Meadows St", True, 0, 0, P),
    ("S22-0020", "2022-05-04 01:35", "100 block of Court St", True, 0, 0, P),
]

# Staff-only notes; the three records that stand for reported events say so.
NOTES = {
    "S21-0006": "Reported shots; no casings or damage found.",
    "S22-0005": "Reported shots; fireworks found.",
    "S22-0011": "Stands for the fatal shooting named in the WBNG report of 2022-05-04. The report gives no date or place; both are placeholders.",
    "S22-0014": "Stands for the Tremont Avenue shooting named in the WBNG report: one person wounded. Date and block are placeholders.",
    "S22-0016": "Reported shots; nothing found.",
    "S22-0019": "Stands for the shootout between two SUVs named in the WBNG report. Weapons were later recovered from a residence on Oak Street (see the linked recovery).",
}

OAK_STREET = "200 block of Oak St"

# (reference, date, number of firearms, NIBRS weapon type, public location, case number)
RECOVERIES = [
    ("SR22-0001", "2022-01-12", 3, "12", "300 block of Main St", "S22-0002"),
    ("SR22-0002", "2022-01-28", 2, "12", "100 block of Robinson St", None),
    ("SR22-0003", "2022-02-09", 1, "13", "200 block of Court St", None),
    ("SR22-0004", "2022-02-22", 1, "12", "400 block of Chenango St", None),
    ("SR22-0005", "2022-03-03", 2, "12", "100 block of Susquehanna St", None),
    ("SR22-0006", "2022-03-16", 1, "14", "100 block of Leroy St", None),
    ("SR22-0007", "2022-03-30", 3, "12", "100 block of Henry St", "S22-0011"),
    ("SR22-0008", "2022-04-08", 2, "12", "200 block of Washington St", None),
    ("SR22-0009", "2022-04-19", 1, "15", "100 block of Liberty St", None),
    ("SR22-0010", "2022-04-27", 3, "12", "200 block of Clinton St", None),
    # The Oak Street residence of May 3 (the exact address is not public; the block is a
    # placeholder), one row a type: a Glock 19 9 mm, a .45 caliber "1911" and a privately
    # made .40 caliber pistol without a serial number; a 6.5 mm Creedmoor and a .22
    # rifle; a 12-gauge shotgun.
    ("SR22-0011-1", "2022-05-03", 3, "12", OAK_STREET, "S22-0019"),
    ("SR22-0011-2", "2022-05-03", 2, "13", OAK_STREET, "S22-0019"),
    ("SR22-0011-3", "2022-05-03", 1, "14", OAK_STREET, "S22-0019"),
    ("SR22-0012", "2022-05-04", 3, "12", "100 block of Carroll St", None),
]

SEIZED = FirearmRecovery.Source.SEIZED
BOUGHT_BACK = FirearmRecovery.Source.BOUGHT_BACK
SURRENDERED = FirearmRecovery.Source.SURRENDERED

# Firearms the police did not seize: (reference, date, number of firearms, source, public
# location). Two Saturday buyback events, and two owners who turned guns in for safekeeping.
NOT_SEIZED = [
    ("SS22-0001", "2022-03-19", 1, SURRENDERED, "100 block of Front St"),
    ("SB22-0001", "2022-04-09", 7, BOUGHT_BACK, "100 block of Main St"),
    ("SS22-0002", "2022-04-25", 2, SURRENDERED, "200 block of Court St"),
    ("SB22-0002", "2022-04-30", 5, BOUGHT_BACK, "100 block of Clinton St"),
]


FORMAT_NAME = "Illustrative: Binghamton PD CAD export"
FORMAT_TEXT = """\
# Illustrative: an invented layout of a computer-aided dispatch export, one row per
# person shot; rows with the same CADNumber are one incident. Not a real city format.
record = "incident"
rows = "victim"
key = "CADNumber"
key_prefix = "BPD-"

[columns]
date = "CallDate"            # 01/05/2024
time = "CallTime"            # 23:15
location = "Block"           # 100 BLOCK CLINTON ST
place = "Sector"

[formats]
date = "%m/%d/%Y"

[values.outcome]
column = "Outcome"
killed = ["Killed"]
injured = ["Injured"]
unknown = [""]
"""


@functools.cache
def records() -> tuple[tuple, tuple]:
    """(every sample incident, every sample recovery), hand-written and generated, as
    rows of INCIDENTS and of RECOVERIES with their source last; made once."""
    incidents, recoveries = sample_history.generate()
    hand_written = [(*row, SEIZED) for row in RECOVERIES] + [
        (reference, day, count, "", location, None, source)
        for reference, day, count, source, location in NOT_SEIZED
    ]
    return tuple(INCIDENTS + incidents), tuple(hand_written + recoveries)


@transaction.atomic
def load(stdout) -> None:
    """Add the sample records that are missing; existing records are left alone. They
    go in by bulk writes with their history rows, in one batch whose days' counts are
    recounted once, at its end (their places included)."""
    districts = _districts()
    with daily.batch():
        added = _load_incidents(districts)
        recovered = _load_recoveries(districts)
    if DataCompleteness.current() is None:
        DataCompleteness.set(COMPLETE_THROUGH)
    stdout.write(
        f"Incidents: added {added} illustrative incidents and {recovered} firearm "
        f"recoveries; data complete through {DataCompleteness.current():%Y-%m-%d}."
    )


def _districts() -> dict[str, Place]:
    """The council districts by code, the sample places loaded first if they are not."""
    codes = set(sample_history.DISTRICT_STREETS)
    districts = Place.objects.filter(kind=PlaceKind.COUNCIL_DISTRICT, code__in=codes)
    if districts.count() < len(codes):
        places.sample_data.load(io.StringIO())
    return {place.code: place for place in districts.all()}


def _missing(model, key: str, rows: tuple) -> list[tuple]:
    """The rows whose `key` (their first value) no record of `model` has yet."""
    keys = [row[0] for row in rows]
    saved = model.all_objects.filter(**{f"{key}__in": keys}).values_list(key, flat=True)
    saved = set(saved)
    return [row for row in rows if row[0] not in saved]


def _place(model, saved: list, districts: dict[str, Place]) -> None:
    """Each saved record in the council district of its location, in one write; the
    batch recounts their days, places included, at its end."""
    through = model.places.through
    source = model.places.field.m2m_field_name()
    through.objects.bulk_create(
        through(
            **{f"{source}_id": record.pk},
            place_id=districts[sample_history.district_of(record.location)].pk,
        )
        for record in saved
    )
    daily.changed(record.date for record in saved)


def _load_incidents(districts: dict[str, Place]) -> int:
    """The missing sample incidents, with their victims; how many were added."""
    rows = _missing(Incident, "case_number", records()[0])
    incidents = [_incident(*row) for row in rows]
    bulk_create_recorded(Incident, incidents)
    victims = [
        Victim(incident=incident, outcome=outcome)
        for incident, (*_, injured, killed, _) in zip(incidents, rows, strict=True)
        for outcome in [Victim.Outcome.INJURED] * injured
        + [Victim.Outcome.KILLED] * killed
    ]
    bulk_create_recorded(Victim, victims)
    _place(Incident, incidents, districts)
    return len(incidents)


def _incident(case, when, location, confirmed, injured, killed, status) -> Incident:
    day, _, time = when.partition(" ")
    incident = Incident(
        case_number=case,
        date=datetime.date.fromisoformat(day),
        time=datetime.time.fromisoformat(time) if time else None,
        location=location,
        shots_fired_confirmed=confirmed,
        status=status,
        notes=NOTES.get(case, ""),
        illustrative=True,
    )
    # The fields' own rules, as the forms check them; not full_clean(), whose dates are
    # checked against today: the load must not depend on the day it runs.
    incident.clean_fields()
    return incident


def _load_recoveries(districts: dict[str, Place]) -> int:
    """The missing sample recoveries, seized or not; how many were added."""
    rows = _missing(FirearmRecovery, "reference", records()[1])
    cases = {row[5] for row in rows if row[5]}
    incident_ids = dict(
        Incident.all_objects.filter(case_number__in=cases).values_list(
            "case_number", "pk"
        )
    )
    recoveries = []
    for reference, day, count, weapon, location, case, source in rows:
        recovery = FirearmRecovery(
            reference=reference,
            date=datetime.date.fromisoformat(day),
            count=count,
            source=source,
            weapon_type=weapon,
            location=location,
            incident_id=incident_ids[case] if case else None,
            illustrative=True,
        )
        recovery.clean_fields(exclude=["incident"])
        recoveries.append(recovery)
    bulk_create_recorded(FirearmRecovery, recoveries)
    _place(FirearmRecovery, recoveries, districts)
    return len(recoveries)


def load_formats(stdout) -> None:
    """The illustrative stored import format, unless a format of its name exists."""
    if not ImportFormat.objects.filter(name=FORMAT_NAME).exists():
        stored = ImportFormat(name=FORMAT_NAME, text=FORMAT_TEXT)
        stored.full_clean()  # checked as the format pages check it
        stored.save()
    stdout.write(f"Import formats: {ImportFormat.objects.count()} stored.")


# Why the illustrative late report's history says it was recorded after the packet.
LATE_REASON = (
    "Illustrative: reported late, after the council packet's figures were taken, to "
    "show a correction."
)


def report_late(first: datetime.date, last: datetime.date, moment) -> Incident | None:
    """Make the first confirmed sample shooting dated from `first` to `last` a late
    report: its history (and its victims') says it was recorded at `moment`, so a
    council packet whose figures were taken before then did not count it, and the
    corrections page lists what it changed. The records and their counts stay as they
    are; only the history's moment moves. None when the sample has no such incident."""
    incident = (
        Incident.objects.filter(
            illustrative=True,
            shots_fired_confirmed=True,
            date__gte=first,
            date__lte=last,
        )
        .order_by("date", "pk")
        .first()
    )
    if incident is None:
        return None
    late = {"history_date": moment, "history_change_reason": LATE_REASON}
    Incident.history.filter(id=incident.pk).update(**late)
    victims = Victim.all_objects.filter(incident=incident).values("id")
    Victim.history.filter(id__in=victims).update(history_date=moment)
    return incident
