"""The places of imported records: a column per kind of place, matched by code, and for
the kinds with boundaries the place a row's coordinates lie in.

A format's [places] names the column of each kind (`precinct = "PRECINCT"`). Its cells are
matched on `places.models.normal_code` ("75.0" is "75") against the places of the kind; a
code no place has is a row problem naming it. A kind named of which no place exists
refuses the import before any row is read, or, with `if_none = "skip"`, leaves the column
unmatched and says so in one note. A record with coordinates gets, of each kind with
boundaries whose place no column gave, the place its point lies in (one
`places.geometry.Locator` per kind per import).

Each record's `places` then holds the kinds the import decides (kind -> place pk, None
for none); its saved places of other kinds stay as they are. `compare` finds the saved
records whose places change, and `write` saves the through rows in bulk.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import groupby
from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q

from places.geometry import Locator
from places.imports import plural as kinds_named
from places.models import Place, PlaceKind, code_order, normal_code

from ..models import FirearmRecovery, Incident
from .cells import REMEMBERED, quoted, shown
from .format_keys import FormatError, known_keys, table_key, text_key
from .lookups import BATCH, chunked_values, chunks
from .reading import RowError

if TYPE_CHECKING:
    from .mapping import Mapping
    from .plan import ImportPlan
    from .records import Record

KINDS = tuple(kind.value for kind in PlaceKind.of_records())
IF_NONE = ("refuse", "skip")
CODES_NAMED = 10  # of a kind's codes, in a problem
POINTS_PER_QUERY = 50_000  # a Locator's query at a time: bounded memory
IMPORT_PLACES = "manage.py import_places"


@dataclass(frozen=True)
class PlaceColumn:
    """[places]: the column holding each record's place of `kind`, and what an import
    does while no place of the kind exists: "refuse" it, or "skip" the column."""

    kind: str
    column: str
    if_none: str = "refuse"


def label(kind: str) -> str:
    """ "police precinct"."""
    return str(PlaceKind(kind).label).lower()


@lru_cache(maxsize=REMEMBERED)
def _code(text: str) -> str:
    return normal_code(text)


def _point(latitude: str, longitude: str) -> tuple[float, float] | None:
    """(longitude, latitude) of a row's cells, if they are degrees; else None (the
    data-quality report counts coordinates that are blank, 0 or outside the city)."""
    try:
        lat, lon = float(latitude), float(longitude)
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return (lon, lat) if abs(lat) <= 90 and abs(lon) <= 180 else None


class Placing:
    """The places one import matches its records to, read once, before its rows."""

    def __init__(self, columns: tuple[PlaceColumn, ...], coordinates: bool):
        found = Place.objects.filter(kind__in=KINDS).annotate(
            bounded=ExpressionWrapper(
                Q(boundary__isnull=False), output_field=BooleanField()
            )
        )
        self.places: dict[str, list[Place]] = {}
        for place in found.only("pk", "kind", "code"):
            self.places.setdefault(place.kind, []).append(place)
        # The kinds whose places a row's point can find (none without coordinates).
        self.bounded = sorted(
            kind
            for kind, places in self.places.items()
            if coordinates and any(place.bounded for place in places)
        )
        self.columns = [c for c in columns if c.kind in self.places]  # matched
        self.missing = [c for c in columns if c.kind not in self.places]

    @classmethod
    def of(cls, mapping: Mapping) -> Placing | None:
        """The places `mapping`'s import matches to; None (no query) if it names no
        place column and reads no coordinates."""
        coordinates = "latitude" in mapping.columns
        if not (mapping.places or coordinates):
            return None
        return cls(mapping.places, coordinates)

    @cached_property
    def codes(self) -> dict[str, dict[str, int]]:
        """Kind -> code -> place pk."""
        return {
            kind: {normal_code(place.code): place.pk for place in places}
            for kind, places in self.places.items()
        }

    def problems(self) -> list[RowError]:
        """One problem per kind the format matches a column to of which no place
        exists (if_none = "refuse"): the import is refused before any row is read."""
        return [
            RowError(
                1,
                column.column,
                f"The format's places.{column.kind} matches this column to "
                f"{kinds_named(column.kind, 2)}, but there are none yet: import them "
                f'with {IMPORT_PLACES} first, or give places.{column.kind} if_none = "skip" '
                "to leave the column unmatched until then.",
            )
            for column in self.missing
            if column.if_none == "refuse"
        ]

    def notes(self) -> list[str]:
        """A line per column left unmatched because no place of its kind exists."""
        return [
            f"Places: there are no {kinds_named(column.kind, 2)} yet, so the column "
            f"{shown(column.column)} was not matched to places (import them with "
            f"{IMPORT_PLACES}, then import the file again)."
            for column in self.missing
            if column.if_none == "skip"
        ]

    def place(self, result: ImportPlan) -> None:
        """Match the codes of every record read (a code no place has is a problem of its
        row), then, for a clean file, find the places of their points."""
        if not (self.columns or self.bounded):  # nothing to match or find
            return
        for record in result.records:
            self._match(record, result.errors)
        if not result.errors:
            for kind in self.bounded:
                self._locate(kind, result.records)

    def _match(self, record: Record, errors) -> None:
        codes = record.place_codes or {}
        record.places = {}
        for column in self.columns:
            code = codes.get(column.kind, "")
            pk = self.codes[column.kind].get(code) if code else None
            if code and pk is None:
                errors.append(
                    RowError(
                        record.row, column.column, self._unknown(column.kind, code)
                    )
                )
            record.places[column.kind] = pk

    @cached_property
    def listed(self) -> dict[str, str]:
        """Kind -> the codes of its places, in order: the first `CODES_NAMED`, then
        how many more."""
        listed = {}
        for kind, places in self.places.items():
            codes = [shown(p.code) for p in sorted(places, key=code_order)]
            more = len(codes) - CODES_NAMED
            listed[kind] = ", ".join(codes[:CODES_NAMED]) + (
                f" and {more:,} more" if more > 0 else ""
            )
        return listed

    def _unknown(self, kind: str, code: str) -> str:
        return (
            f"{label(kind)} {quoted(code)} is not a place; the "
            f"{kinds_named(kind, 2)} are {self.listed[kind]} (import places with "
            f"{IMPORT_PLACES})."
        )

    def _locate(self, kind: str, records: list[Record]) -> None:
        """Give each record with a point and no place of `kind` from a column the place
        of `kind` its point lies in (None: in none of them)."""
        wanted = [
            r for r in records if r.point is not None and r.places.get(kind) is None
        ]
        if not wanted:
            return
        boundaries = Place.objects.filter(kind=kind, boundary__isnull=False)
        locator = Locator(boundaries.only("pk", "kind", "boundary"))
        for chunk in chunks(wanted, POINTS_PER_QUERY):
            found = locator.locate_many([record.point for record in chunk])
            for record, pk in zip(chunk, found, strict=True):
                record.places[kind] = pk


class PlaceCells:
    """The cells of a file's rows that place its records: the code of each kind the
    import matches, and the coordinates when a kind has boundaries to find."""

    def __init__(
        self,
        placing: Placing | None,
        header: list[str],
        normalise=str,
        coordinates: tuple[str, str] | None = None,
    ):
        at = {name: n for n, name in enumerate(header)}
        columns = placing.columns if placing else []
        self.kinds = [
            (c.kind, at[normalise(c.column)])
            for c in columns
            if normalise(c.column) in at
        ]
        names = [normalise(name) for name in coordinates or ()]
        self.point_at = (
            tuple(at[name] for name in names)
            if placing and placing.bounded and names and all(n in at for n in names)
            else None
        )

    def read_into(self, record: Record, fields: list[str]) -> None:
        """Give `record` the place codes and the point of its row's `fields`."""
        if self.kinds:
            record.place_codes = {kind: _code(fields[at]) for kind, at in self.kinds}
        if self.point_at:
            latitude, longitude = self.point_at
            record.point = _point(fields[latitude], fields[longitude])


# --- Against the saved records, and saving ------------------------------------------------


def summary(result: ImportPlan, what: str) -> str:
    """ "Places: of 1,294 incidents, 1,294 in a police precinct, 12 in a council
    district." for the kinds the import decided; "" if none."""
    decided: Counter = Counter()
    for record in result.records:
        for kind, pk in (record.places or {}).items():
            decided[kind] += pk is not None
    if not decided:
        return ""
    found = ", ".join(
        f"{decided[kind]:,} in a {label(kind)}" for kind in KINDS if kind in decided
    )
    return f"Places: of {len(result.records):,} {what}, {found}."


def _model(result: ImportPlan):
    return Incident if result.is_incidents else FirearmRecovery


def _through(model) -> tuple:
    """(the through model of `model`'s places, the name of its record's id column)."""
    places = model._meta.get_field("places")
    return places.remote_field.through, f"{places.m2m_field_name()}_id"


def compare(result: ImportPlan) -> None:
    """List in `result.placed` the saved records (changed or unchanged) whose places
    the import changes; an unchanged one becomes a record to update."""
    saved = [r for r in (*result.changed, *result.unchanged) if r.places]
    if not saved:
        return
    model, key = _model(result), saved[0].key_field
    through, record_id = _through(model)
    path = f"{record_id.removesuffix('_id')}__{key}"
    had: dict[str, dict[str, int]] = {}
    for saved_key, kind, pk in chunked_values(
        through.objects.order_by(),
        path,
        [r.key for r in saved],
        path,
        "place__kind",
        "place_id",
    ):
        had.setdefault(saved_key, {})[kind] = pk
    result.placed = [
        r
        for r in saved
        if any(had.get(r.key, {}).get(kind) != pk for kind, pk in r.places.items())
    ]
    moved = {r.key for r in result.placed}
    result.changed += [r for r in result.unchanged if r.key in moved]
    result.unchanged = [r for r in result.unchanged if r.key not in moved]


def write(result: ImportPlan) -> None:
    """The through rows of the places the import decides, in bulk: of every new
    record, and of the saved ones it moves (their rows of those kinds replaced)."""
    records = [r for r in result.new if r.places] + result.placed
    if not records:
        return
    model, key = _model(result), records[0].key_field
    through, record_id = _through(model)
    ids = dict(
        chunked_values(
            model.all_objects.order_by(), key, [r.key for r in records], key, "pk"
        )
    )

    def kinds(record: Record) -> list[str]:
        return sorted(record.places)

    for decided, group in groupby(sorted(result.placed, key=kinds), key=kinds):
        for chunk in chunks([ids[r.key] for r in group]):
            through.objects.filter(
                **{f"{record_id}__in": chunk}, place__kind__in=decided
            ).delete()
    through.objects.bulk_create(
        [
            through(**{record_id: ids[record.key], "place_id": pk})
            for record in records
            for pk in record.places.values()
            if pk is not None
        ],
        batch_size=BATCH,
    )


def format_places(data: dict, rows: str) -> tuple[PlaceColumn, ...]:
    """[places]: kind = "column", or kind = { column = "...", if_none = "skip" }."""
    places = table_key(data, "places")
    if places and rows == "daily counts":
        raise FormatError(
            '[places] applies to one record a row, not rows = "daily counts".'
        )
    known_keys(places, KINDS, "places.")
    found = []
    for kind, value in places.items():
        where = f"places.{kind}"
        table = {"column": value} if isinstance(value, str) else value
        if not isinstance(table, dict):
            raise FormatError(
                f"{where} must be a column's name or a table with column."
            )
        known_keys(table, ("column", "if_none"), f"{where}.")
        if "column" not in table:
            raise FormatError(f"{where} lacks the key column.")
        if_none = table.get("if_none", IF_NONE[0])
        if if_none not in IF_NONE:
            raise FormatError(
                f'{where}.if_none must be "refuse" or "skip", not {if_none!r}.'
            )
        found.append(PlaceColumn(kind, text_key(table, "column", f"{where}."), if_none))
    return tuple(found)
