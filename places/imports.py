"""Importing places: a GeoJSON FeatureCollection, one place per feature, and optionally
their populations from a CSV file, joined by code (`manage.py import_places`).

Everything is read and checked first; then every place is created or updated, by (kind,
code), in one transaction. Any problem is a PlaceImportError naming the feature (or the
CSV line) and its code, and nothing is saved.
"""

import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from binghamton_safety.progress import QUIET, Progress

from .geometry import GeometryError
from .models import Place, PlaceKind, normal_code

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FEATURES = 10_000
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_POPULATION = 100_000_000  # more than any city: a figure above it is a mistake
FIRST_YEAR, LAST_YEAR = 1790, 2100  # the first US census; far enough ahead


class PlaceImportError(ValueError):
    """A file that cannot be imported; the message names the feature or line."""


@dataclass(frozen=True)
class PopulationFile:
    """Where the populations come from: a CSV file, its code and population columns,
    the year the figures are for and the words that name their source."""

    path: Path
    code_column: str
    population_column: str
    year: int
    source: str = ""


@dataclass(frozen=True)
class Options:
    """How to read the file: the kind of every place, the property holding each
    feature's code and the one holding its name ("" for "<Kind label> <code>")."""

    kind: str
    code_property: str
    name_property: str = ""
    illustrative: bool = False


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    populations: int = 0
    year: int | None = None
    without_population: list[str] = field(default_factory=list)  # codes
    only_in_population_file: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """ "Imported 77 police precincts (77 new, 0 updated); populations for 77
        (2017).\""""
        total = self.created + self.updated
        text = (
            f"Imported {total} {plural(self.kind, total)} "
            f"({self.created} new, {self.updated} updated)"
        )
        if self.year is not None:
            text += f"; populations for {self.populations} ({self.year})"
        return text + "."

    def mismatches(self) -> list[str]:
        """The codes found in only one of the two files, a line each."""
        lines = []
        if self.without_population:
            lines.append(f"No population for: {', '.join(self.without_population)}.")
        if self.only_in_population_file:
            lines.append(
                "In the population file but not the boundaries (not imported): "
                f"{', '.join(self.only_in_population_file)}."
            )
        return lines


def plural(kind: str, count: int) -> str:
    """ "police precinct" or "police precincts"."""
    kind = PlaceKind(kind)
    return str(kind.label if count == 1 else kind.plural_label).lower()


def _read_json(path: Path) -> dict:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PlaceImportError(
            f"{path.name} is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} "
            "(simplify the boundaries first)."
        )
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return json.load(handle)
    except UnicodeDecodeError:
        raise PlaceImportError(f"{path.name} is not UTF-8 text.") from None
    except (ValueError, RecursionError) as error:
        raise PlaceImportError(f"{path.name} is not valid JSON ({error}).") from None


def read_features(path: Path) -> list:
    """The features of the FeatureCollection in the file at `path`."""
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise PlaceImportError(
            f"{path.name} is not a GeoJSON FeatureCollection (one feature per place)."
        )
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise PlaceImportError(f"{path.name} has no features.")
    if len(features) > MAX_FEATURES:
        raise PlaceImportError(
            f"{path.name} has {len(features):,} features; the limit is "
            f"{MAX_FEATURES:,}."
        )
    return features


def _property(feature, number: int, name: str) -> str:
    """The feature's property `name` as text; a problem names the feature."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise PlaceImportError(f"Feature {number} is not a GeoJSON Feature.")
    properties = feature.get("properties")
    if not isinstance(properties, dict):  # null, or not an object at all
        properties = {}
    value = properties.get(name)
    if value is None or str(value).strip() == "":
        found = ", ".join(sorted(map(str, properties))[:20]) or "none"
        raise PlaceImportError(
            f'Feature {number} has no property "{name}" (its properties: {found}).'
        )
    return str(value).strip()


def _read_population_rows(population: PopulationFile) -> dict[str, int]:
    path = Path(population.path)
    if path.stat().st_size > MAX_CSV_BYTES:
        raise PlaceImportError(
            f"{path.name} is larger than the limit of {MAX_CSV_BYTES:,} bytes."
        )
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _population_by_code(csv.DictReader(handle), population, path.name)
    except UnicodeDecodeError:
        raise PlaceImportError(f"{path.name} is not UTF-8 text.") from None
    except csv.Error as error:
        raise PlaceImportError(
            f"{path.name} is not a readable CSV ({error})."
        ) from None


def _population_by_code(reader, population: PopulationFile, name: str) -> dict:
    columns = reader.fieldnames or []
    for column in (population.code_column, population.population_column):
        if column not in columns:
            raise PlaceImportError(
                f'{name} has no column "{column}" (its columns: {", ".join(columns)}).'
            )
    found: dict[str, int] = {}
    for row in reader:
        code = normal_code(row[population.code_column] or "")
        where = f"{name} line {reader.line_num} (code {code or 'missing'})"
        if not code:
            raise PlaceImportError(f"{where}: no code.")
        if code in found:
            raise PlaceImportError(f"{where}: the code {code} is there twice.")
        found[code] = _population_value(
            row[population.population_column], population.population_column, where
        )
    return found


def _population_value(text: str | None, column: str, where: str) -> int:
    """A whole, non-negative number of people: "123456" or "123456.0"."""
    text = (text or "").strip()
    if not text:
        raise PlaceImportError(f"{where}: no population in the column {column}.")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.to_integral_value():
        raise PlaceImportError(f'{where}: "{text[:40]}" is not a whole number.')
    if not 0 <= value <= MAX_POPULATION:
        raise PlaceImportError(
            f"{where}: {text} is not a population (0 to {MAX_POPULATION:,})."
        )
    return int(value)


def _check_population_file(population: PopulationFile) -> None:
    if not FIRST_YEAR <= population.year <= LAST_YEAR:
        raise PlaceImportError(
            f"The population year {population.year} is not between {FIRST_YEAR} "
            f"and {LAST_YEAR}."
        )


def _place(feature, number: int, options: Options, known: dict) -> Place:
    """The feature as a place, new or `known` (by code), checked but not saved."""
    code = normal_code(_property(feature, number, options.code_property))
    where = f"Feature {number} ({PlaceKind(options.kind).label.lower()} {code})"
    place = known.get(code) or Place(kind=options.kind, code=code)
    if options.name_property:
        place.name = _property(feature, number, options.name_property)
    else:
        place.name = f"{PlaceKind(options.kind).label} {code}"
    place.illustrative = options.illustrative
    try:
        place.set_boundary(feature.get("geometry"))
        place.full_clean(validate_unique=False, validate_constraints=False)
    except GeometryError as error:
        raise PlaceImportError(f"{where}: {error}") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()
        )
        raise PlaceImportError(f"{where}: {problems}") from None
    return place


def _join_population(places: list[Place], population: PopulationFile, result) -> None:
    """Give each place its population by code; report codes found in one file only."""
    by_code = _read_population_rows(population)
    source = population.source or (
        f"{Path(population.path).name}, column {population.population_column}"
    )
    for place in places:
        if place.code not in by_code:
            result.without_population.append(place.code)
            continue
        place.population = by_code[place.code]
        place.population_year = population.year
        place.population_source = source[:200]
        result.populations += 1
    codes = {place.code for place in places}
    result.only_in_population_file = [code for code in by_code if code not in codes]
    result.year = population.year


def import_places(
    path: Path,
    options: Options,
    population: PopulationFile | None = None,
    progress: Progress = QUIET,
) -> ImportResult:
    """Create or update a place per feature of the file at `path`, with populations
    from `population` if given; all in one transaction, or nothing. Its phases show on
    `progress`."""
    path = Path(path)
    if population is not None:
        _check_population_file(population)
    with progress.phase("reading"):
        features = read_features(path)
    result = ImportResult(options.kind)
    count = len(features)
    with transaction.atomic():
        known = {
            place.code: place
            for place in Place.objects.select_for_update().filter(kind=options.kind)
        }
        with progress.phase(f"checking {count:,} features", count, "features") as p:
            places = _places(p.counted(features, batch=1), options, known)
            if population is not None:
                _join_population(places, population, result)
        with progress.phase(f"writing {count:,} places", count, "places") as p:
            for place in p.counted(places, batch=1):
                if place.pk is None:
                    result.created += 1
                else:
                    result.updated += 1
                place._change_reason = f"Imported from {path.name}"
                place.save()
    return result


def _places(features, options: Options, known: dict) -> list[Place]:
    """Every feature as a place; a code given twice is refused."""
    places: list[Place] = []
    feature_of: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        place = _place(feature, number, options, known)
        if place.code in feature_of:
            raise PlaceImportError(
                f"Feature {number} has the code {place.code}, like feature "
                f"{feature_of[place.code]}: each place needs its own code."
            )
        feature_of[place.code] = number
        places.append(place)
    return places
