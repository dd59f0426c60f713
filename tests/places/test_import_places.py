"""`manage.py import_places` with the 77 real NYC precincts and their 2017 populations:
what it saves, a second import that updates them, a population file it refuses (the small
files it refuses are in test_import_place_errors.py)."""

import pytest
from django.core.management import CommandError
from nyc_precincts import (
    POPULATION,
    POPULATION_OPTIONS,
    expected_populations,
    features,
    import_precincts,
    needs_precincts,
)

from places.models import Place, PlaceKind


def population_file(tmp_path, line: int, old: str, new: str):
    """The precincts' population file with `old` replaced by `new` on line `line`."""
    lines = POPULATION.read_text().splitlines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    path = tmp_path / "precinct_population.csv"
    path.write_text("\n".join(lines) + "\n")
    return [POPULATION_OPTIONS[0], str(path), *POPULATION_OPTIONS[2:]]


@needs_precincts
def test_it_imports_the_77_precincts_and_says_so(imported_precincts):
    assert imported_precincts == (
        "Imported 77 police precincts (77 new, 0 updated); populations for 77 (2017).\n"
    )


@needs_precincts
def test_each_precinct_keeps_its_code_name_and_boundary(imported_precincts, db):
    places = Place.objects.filter(kind=PlaceKind.PRECINCT)
    assert places.count() == 77
    codes = {f["properties"]["precinct"] for f in features()}
    assert set(places.values_list("code", flat=True)) == codes
    assert {"1", "5", "75", "123"} <= codes
    assert places.get(code="75").name == "Police precinct 75"
    assert not places.filter(boundary_summary="").exists()
    assert not places.filter(web_boundary__isnull=True).exists()


@needs_precincts
def test_the_populations_are_those_of_the_csv(imported_precincts, db):
    places = Place.objects.filter(kind=PlaceKind.PRECINCT)
    # Spot-checked by hand in precinct_population.csv: "1.0,72080,73317,74817,75871,..."
    first = places.get(code="1")
    assert (first.population, first.population_year) == (75871, 2017)
    assert first.population_source == "precinct_population.csv, column total_pop2017"
    assert dict(places.values_list("code", "population")) == expected_populations()


@needs_precincts
def test_a_second_import_updates_the_places_it_made(imported_precincts, db, tmp_path):
    pks = dict(Place.objects.values_list("code", "pk"))
    options = population_file(
        tmp_path, 2, "1.0,72080,73317,74817,75871,", "1.0,72080,73317,74817,80000,"
    )

    output = import_precincts(*options)

    assert output == (
        "Imported 77 police precincts (0 new, 77 updated); populations for 77 (2017).\n"
    )
    assert dict(Place.objects.values_list("code", "pk")) == pks
    assert Place.objects.get(code="1").population == 80000
    assert Place.objects.get(code="5").population == 50839
    latest = Place.history.filter(code="1").latest("history_date")
    assert latest.history_change_reason == "Imported from police_precincts.geojson"


@needs_precincts
def test_a_bad_population_names_its_line_and_changes_nothing(
    imported_precincts, db, tmp_path
):
    before = list(Place.objects.values_list("pk", "code", "population", "updated_at"))
    options = population_file(
        tmp_path, 3, "5.0,49233,50020,49910,50839,", "5.0,49233,50020,49910,5O839,"
    )
    with pytest.raises(CommandError) as refused:
        import_precincts(*options)
    assert str(refused.value) == (
        'precinct_population.csv line 3 (code 5): "5O839" is not a whole number. '
        "Nothing was saved."
    )
    after = list(Place.objects.values_list("pk", "code", "population", "updated_at"))
    assert after == before
