"""What a valid row of an import file becomes: an incident or a firearm recovery.

Both may carry their places (`places`): the codes of the format's [places] columns and
the row's point as read, then the place of each kind the import decides.
"""

import datetime
from dataclasses import dataclass
from operator import attrgetter


class _Keyed:
    """What both kinds of record share: the key an import matches saved rows by, and the
    values it compares with theirs. Each kind names them in `key_field`, `row_fields` (the
    fields of the saved row it sets directly) and `compared` (`row_fields` and more)."""

    __slots__ = ()
    key_field: str
    row_fields: tuple[str, ...]
    compared: tuple[str, ...]

    @property
    def key(self) -> str:
        return getattr(self, self.key_field)

    def values(self) -> tuple:
        return attrgetter(*self.compared)(self)


@dataclass(slots=True)
class IncidentRecord(_Keyed):
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
    place_codes: dict[str, str] | None = None  # kind -> the code of its [places] cell
    point: tuple[float, float] | None = None  # (longitude, latitude): finds places
    places: dict[str, int | None] | None = None  # kind -> place pk, None: no place

    key_field = "case_number"
    row_fields = ("date", "time", "location", "shots_fired_confirmed", "status")
    compared = (*row_fields, "injured", "killed")


@dataclass
class RecoveryRecord(_Keyed):
    row: int
    reference: str
    date: datetime.date
    count: int
    weapon_type: str
    location: str
    case_number: str
    address: str = ""  # exact, staff only: a location cell's house number moves here
    source: str = "seized"  # FirearmRecovery.Source; a file without the column: seized
    place_codes: dict[str, str] | None = None  # as an incident's
    point: tuple[float, float] | None = None  # (recoveries have no coordinates)
    places: dict[str, int | None] | None = None

    key_field = "reference"
    row_fields = ("date", "count", "weapon_type", "location", "source")
    compared = (*row_fields, "case_number")


Record = IncidentRecord | RecoveryRecord
