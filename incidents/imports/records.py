"""What a valid row of an import file becomes: an incident or a firearm recovery."""

import datetime
from dataclasses import dataclass


@dataclass(slots=True)
class IncidentRecord:
    row: int  # first row of the file that describes it
    case_number: str
    date: datetime.date
    time: datetime.time | None
    location: str
    shots_fired_confirmed: bool
    status: str
    injured: int = 0
    killed: int = 0
    address: str = ""  # exact, staff only: a location cell's house number moves here

    key_field = "case_number"

    @property
    def key(self) -> str:
        return self.case_number

    def values(self) -> tuple:
        return (
            self.date,
            self.time,
            self.location,
            self.shots_fired_confirmed,
            self.status,
            self.injured,
            self.killed,
        )


@dataclass
class RecoveryRecord:
    row: int
    reference: str
    date: datetime.date
    count: int
    weapon_type: str
    location: str
    case_number: str
    address: str = ""  # exact, staff only: a location cell's house number moves here

    key_field = "reference"

    @property
    def key(self) -> str:
        return self.reference

    def values(self) -> tuple:
        return (
            self.date,
            self.count,
            self.weapon_type,
            self.location,
            self.case_number,
        )


Record = IncidentRecord | RecoveryRecord
