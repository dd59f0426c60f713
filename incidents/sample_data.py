"""Illustrative incidents, victims and firearm recoveries, 2021-01-01 to 2022-05-04.

The year-to-date totals as of 2022-05-04 are the ones WBNG 12 News reported that day:
18 confirmed shots fired against 10 in the same period of 2021, 6 people shot against 3,
1 killed, and 28 firearms recovered (2021 recoveries were not reported, so none are
invented). Three records stand for the events named in the report; every other date, time,
place and case number is invented and flagged `illustrative`. Locations are block level.
The firearms bought back at two buyback events and those surrendered for safekeeping are
invented too; they are not among the 28 recovered (seized) ones. One stored import format
is invented as well, named as illustrative: the layout of a records-system export that the
README's example file has.
"""

import datetime

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .models import DataCompleteness, FirearmRecovery, ImportFormat, Incident, Victim

COMPLETE_THROUGH = datetime.date(2022, 5, 4)

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

# (reference, date, number of firearms, NIBRS weapon type, public location, case number)
RECOVERIES = [
    ("SR22-0001", "2022-01-12", 3, "12", "300 block of Main St", "S22-0002"),
    ("SR22-0002", "2022-01-28", 2, "12", "100 block of Robinson St", None),
    ("SR22-0003", "2022-02-09", 1, "13", "200 block of Court St", None),
    ("SR22-0004", "2022-02-22", 4, "", "400 block of Chenango St", None),
    ("SR22-0005", "2022-03-03", 2, "12", "100 block of Susquehanna St", None),
    ("SR22-0006", "2022-03-16", 1, "14", "100 block of Leroy St", None),
    ("SR22-0007", "2022-03-30", 3, "12", "100 block of Henry St", "S22-0011"),
    ("SR22-0008", "2022-04-08", 2, "12", "200 block of Washington St", None),
    ("SR22-0009", "2022-04-19", 1, "15", "100 block of Liberty St", None),
    ("SR22-0010", "2022-04-27", 3, "12", "200 block of Clinton St", None),
    ("SR22-0011", "2022-05-03", 3, "", "Oak St", "S22-0019"),
    ("SR22-0012", "2022-05-04", 3, "12", "100 block of Carroll St", None),
]

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


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@transaction.atomic
def load(stdout) -> None:
    """Add the sample records that are missing; existing records are left alone."""
    added = _load_incidents()
    recovered = _load_recoveries()
    if DataCompleteness.current() is None:
        DataCompleteness.set(COMPLETE_THROUGH)
    stdout.write(
        f"Incidents: added {added} illustrative incidents and {recovered} firearm "
        f"recoveries; data complete through {DataCompleteness.current():%Y-%m-%d}."
    )


def _load_incidents() -> int:
    """The missing incidents of INCIDENTS, with their victims; how many were added."""
    added = 0
    for case, when, location, confirmed, injured, killed, status in INCIDENTS:
        if Incident.objects.filter(case_number=case).exists():
            continue
        day, _, time = when.partition(" ")
        incident = Incident(
            case_number=case,
            date=_day(day),
            time=datetime.time.fromisoformat(time) if time else None,
            location=location,
            shots_fired_confirmed=confirmed,
            status=status,
            notes=NOTES.get(case, ""),
            illustrative=True,
        )
        incident.full_clean()  # sample data obeys the same rules as the forms
        incident.save()
        outcomes = [Victim.Outcome.INJURED] * injured + [Victim.Outcome.KILLED] * killed
        bulk_create_with_history(
            [Victim(incident=incident, outcome=outcome) for outcome in outcomes], Victim
        )
        added += 1
    return added


def _load_recoveries() -> int:
    """The missing recoveries of RECOVERIES (seized) and NOT_SEIZED; how many were added."""
    recovered = 0
    rows = [(*row, FirearmRecovery.Source.SEIZED) for row in RECOVERIES] + [
        (reference, day, count, "", location, None, source)
        for reference, day, count, source, location in NOT_SEIZED
    ]
    for reference, day, count, weapon, location, case, source in rows:
        if FirearmRecovery.objects.filter(reference=reference).exists():
            continue
        recovery = FirearmRecovery(
            reference=reference,
            date=_day(day),
            count=count,
            source=source,
            weapon_type=weapon,
            location=location,
            incident=Incident.objects.get(case_number=case) if case else None,
            illustrative=True,
        )
        recovery.full_clean()
        recovery.save()
        recovered += 1
    return recovered


def load_formats(stdout) -> None:
    """The illustrative stored import format, unless a format of its name exists."""
    if not ImportFormat.objects.filter(name=FORMAT_NAME).exists():
        stored = ImportFormat(name=FORMAT_NAME, text=FORMAT_TEXT)
        stored.full_clean()  # checked as the format pages check it
        stored.save()
    stdout.write(f"Import formats: {ImportFormat.objects.count()} stored.")
