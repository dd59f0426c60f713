"""The 77 NYC police precincts, real boundaries and 2017 populations, for the places
tests: the files read once per test session, and helpers to import them."""

import csv
import functools
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

# shared/ beside the work tree (CI's copy), else the workplace's.
DATA = next(
    (
        folder
        for folder in (
            Path(__file__).resolve().parents[3] / "shared/data/real/nyc_precincts",
            Path("/work/shared/data/real/nyc_precincts"),
        )
        if folder.exists()
    ),
    Path("/work/shared/data/real/nyc_precincts"),
)
PRECINCTS = DATA / "police_precincts.geojson"
needs_precincts = pytest.mark.skipif(
    not PRECINCTS.exists(), reason="the shared NYC precincts data folder is not here"
)
POPULATION = DATA / "precinct_population.csv"
POPULATION_OPTIONS = [
    "--population",
    str(POPULATION),
    "--population-code-column",
    "precinct_me",
    "--population-column",
    "total_pop2017",
    "--population-year",
    "2017",
]


@functools.cache
def features() -> tuple:
    """The file's features, parsed once."""
    return tuple(json.loads(PRECINCTS.read_text())["features"])


@functools.cache
def expected_populations() -> dict[str, int]:
    """Precinct code -> total_pop2017, read with the csv module ("1.0" -> "1")."""
    with POPULATION.open(newline="") as handle:
        return {
            str(int(float(row["precinct_me"]))): int(row["total_pop2017"])
            for row in csv.DictReader(handle)
        }


@functools.cache
def precinct_shapes() -> tuple:
    """Each precinct as a place would hold it (pk = its number), made once."""
    from places import geometry

    result = []
    for feature in features():
        shape = geometry.read_geometry(feature)
        code = feature["properties"]["precinct"]
        result.append(
            SimpleNamespace(
                pk=int(code),
                code=code,
                name=f"Police precinct {code}",
                shape=shape,
                boundary=geometry.as_geojson(shape),
                web_boundary=geometry.web_geometry(shape),
            )
        )
    return tuple(result)


def import_places(*arguments: str) -> str:
    """Run import_places; its output."""
    out = io.StringIO()
    call_command("import_places", *arguments, stdout=out)
    return out.getvalue()


def import_precincts(*extra: str) -> str:
    return import_places(
        str(PRECINCTS), "--kind", "precinct", "--code-property", "precinct", *extra
    )
