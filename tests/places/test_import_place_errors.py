"""`manage.py import_places` with small hand-made files: names and populations joined by
code, and every file it refuses, naming the feature or the CSV line, with nothing saved
(the real NYC precincts are in test_import_places.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError
from nyc_precincts import import_places

from places.models import Place, PlaceKind

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(properties: dict | None, geometry: dict | None = None) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": geometry or square(-75.9, 42.1),
    }


def collection_file(tmp_path: Path, *found: dict, name="districts.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(found)}))
    return path


def import_districts(path: Path, *extra: str) -> str:
    return import_places(
        str(path), "--kind", "council_district", "--code-property", "district", *extra
    )


@pytest.fixture
def old_district(db):
    """District 1 as it stood before a failed import: no boundary, its old name."""
    return Place.objects.create(
        kind=PlaceKind.COUNCIL_DISTRICT, code="1", name="Old name"
    )


def assert_nothing_saved(old_district):
    assert list(Place.objects.values_list("code", "name", "boundary_summary")) == [
        ("1", "Old name", "")
    ]


def test_it_names_each_district_and_reports_codes_in_one_file_only(db, tmp_path):
    path = collection_file(
        tmp_path,
        feature({"district": "1", "label": "Downtown"}),
        feature({"district": "2.0", "label": "West Side"}, square(-75.95, 42.1)),
    )
    population = tmp_path / "population.csv"
    population.write_text("code,people\n1,6000\n9,100\n")
    output = import_districts(
        path,
        "--name-property",
        "label",
        "--population",
        str(population),
        "--population-code-column",
        "code",
        "--population-column",
        "people",
        "--population-year",
        "2020",
        "--population-source",
        "2020 census",
    )
    assert output.splitlines() == [
        "Imported 2 council districts (2 new, 0 updated); populations for 1 (2020).",
        "No population for: 2.",
        "In the population file but not the boundaries (not imported): 9.",
    ]
    assert list(
        Place.objects.values_list("code", "name", "population", "population_source")
    ) == [("1", "Downtown", 6000, "2020 census"), ("2", "West Side", None, "")]


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match=r"^No such file: .*nowhere\.geojson$"):
        import_districts(tmp_path / "nowhere.geojson")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"type": "FeatureCollection", "features": [',
            "districts.geojson is not valid JSON (Expecting value: line 1 column 44 "
            "(char 43)). Nothing was saved.",
        ),
        (
            '{"type": "Feature"}',
            "districts.geojson is not a GeoJSON FeatureCollection (one feature per "
            "place). Nothing was saved.",
        ),
        (
            '{"type": "FeatureCollection", "features": []}',
            "districts.geojson has no features. Nothing was saved.",
        ),
        (b"\xff\xfe{}", "districts.geojson is not UTF-8 text. Nothing was saved."),
    ],
)
def test_a_file_that_is_not_a_feature_collection_is_refused(
    old_district, tmp_path, content, message
):
    path = tmp_path / "districts.geojson"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(CommandError) as refused:
        import_districts(path)
    assert str(refused.value) == message
    assert_nothing_saved(old_district)


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (
            feature({"name": "Two"}),
            'Feature 2 has no property "district" (its properties: name). '
            "Nothing was saved.",
        ),
        (
            feature(None),
            'Feature 2 has no property "district" (its properties: none). '
            "Nothing was saved.",
        ),
        (
            feature([1, 2]),
            'Feature 2 has no property "district" (its properties: none). '
            "Nothing was saved.",
        ),
        (
            feature({"district": "  "}),
            'Feature 2 has no property "district" (its properties: district). '
            "Nothing was saved.",
        ),
        (
            feature({"district": "01.0"}),
            "Feature 2 has the code 1, like feature 1: each place needs its own code. "
            "Nothing was saved.",
        ),
        (
            feature({"district": "2"}, {"type": "Point", "coordinates": [1, 2]}),
            "Feature 2 (council district 2): The geometry is a Point; a boundary must "
            "be a Polygon or a MultiPolygon. Nothing was saved.",
        ),
        (
            {"type": "Topology"},
            "Feature 2 is not a GeoJSON Feature. Nothing was saved.",
        ),
    ],
)
def test_a_bad_feature_is_named_and_nothing_is_saved(
    old_district, tmp_path, second, message
):
    path = collection_file(tmp_path, feature({"district": "1"}), second)
    with pytest.raises(CommandError) as refused:
        import_districts(path)
    assert str(refused.value) == message
    assert_nothing_saved(old_district)


def population_options(path: Path, year: str = "2020") -> list[str]:
    return [
        "--population",
        str(path),
        "--population-code-column",
        "code",
        "--population-column",
        "people",
        "--population-year",
        year,
    ]


@pytest.mark.parametrize(
    ("csv_text", "year", "message"),
    [
        (
            "code,people\n1,6000\n2,six hundred\n",
            "2020",
            'population.csv line 3 (code 2): "six hundred" is not a whole number.',
        ),
        (
            "code,people\n1,6000\n2,12.5\n",
            "2020",
            'population.csv line 3 (code 2): "12.5" is not a whole number.',
        ),
        (
            "code,people\n1,-3\n",
            "2020",
            "population.csv line 2 (code 1): -3 is not a population (0 to "
            "100,000,000).",
        ),
        (
            "code,people\n1,\n",
            "2020",
            "population.csv line 2 (code 1): no population in the column people.",
        ),
        (
            "code,people\n1,10\n1.0,20\n",
            "2020",
            "population.csv line 3 (code 1): the code 1 is there twice.",
        ),
        (
            "code,residents\n1,10\n",
            "2020",
            'population.csv has no column "people" (its columns: code, residents).',
        ),
        (
            "code,people\n1,10\n",
            "1700",
            "The population year 1700 is not between 1790 and 2100.",
        ),
    ],
)
def test_a_bad_population_file_is_refused_naming_the_problem(
    old_district, tmp_path, csv_text, year, message
):
    path = collection_file(
        tmp_path, feature({"district": "1"}), feature({"district": "2"})
    )
    population = tmp_path / "population.csv"
    population.write_text(csv_text)
    with pytest.raises(CommandError) as refused:
        import_districts(path, *population_options(population, year))
    assert str(refused.value) == f"{message} Nothing was saved."
    assert_nothing_saved(old_district)


def test_a_population_file_needs_its_columns_and_year(db, tmp_path):
    path = collection_file(tmp_path, feature({"district": "1"}))
    with pytest.raises(CommandError) as refused:
        import_districts(path, "--population", str(tmp_path / "population.csv"))
    assert str(refused.value) == (
        "--population needs --population-code-column, --population-column, "
        "--population-year too."
    )


def test_a_second_import_of_a_district_updates_it(old_district, tmp_path):
    path = collection_file(tmp_path, feature({"district": "1"}))
    assert import_districts(path) == (
        "Imported 1 council district (0 new, 1 updated).\n"
    )
    place = Place.objects.get()
    assert (place.pk, place.name) == (old_district.pk, "Council district 1")
    assert place.boundary_summary == "Polygon: 1 part, 5 points, about 0.9 km²"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, "CommandError: No such file: {path}\n"),
        (
            "not json",
            "CommandError: districts.geojson is not valid JSON (Expecting value: "
            "line 1 column 1 (char 0)). Nothing was saved.\n",
        ),
    ],
)
def test_the_command_exits_with_status_1_and_the_message(tmp_path, content, error):
    path = tmp_path / "districts.geojson"
    if content is not None:
        path.write_text(content)
    environment = {
        **os.environ,
        "SECRET_KEY": "x",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    done = subprocess.run(  # noqa: S603 - this interpreter, this project's manage.py
        [sys.executable, str(MANAGE), "import_places", str(path), "--kind",
         "council_district", "--code-property", "district", "--quiet"],
        capture_output=True, text=True, env=environment, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == error.format(path=path)
    assert done.stdout == ""
