"""Shooting incidents, their victims, firearm recoveries and how far the records are complete.

Public figures are counts only. Exact addresses, coordinates and notes are for staff, and
victims are stored as an outcome and nothing else: no name, age or birth date exists here.

The records are in `records`, "data complete through" in `completeness`, stored import
formats in `formats` and the kept daily counts in `daily_count`; every name is here too.
"""

from .completeness import DataCompleteness
from .daily_count import DailyCount, PlaceDailyCount, PlaceMonthlyCount
from .formats import MAX_FORMAT_CHARACTERS, ImportFormat
from .records import (
    FIRST_INCIDENT_DATE,
    CountedVictimManager,
    FirearmRecovery,
    FirearmRecoveryQuerySet,
    Incident,
    IncidentQuerySet,
    Victim,
    WeaponType,
    coordinate,
    date_problems,
    max_victims_per_incident,
)

__all__ = [
    "FIRST_INCIDENT_DATE",
    "MAX_FORMAT_CHARACTERS",
    "PlaceDailyCount",
    "PlaceMonthlyCount",
    "CountedVictimManager",
    "DailyCount",
    "DataCompleteness",
    "FirearmRecovery",
    "FirearmRecoveryQuerySet",
    "ImportFormat",
    "Incident",
    "IncidentQuerySet",
    "Victim",
    "WeaponType",
    "coordinate",
    "date_problems",
    "max_victims_per_incident",
]
