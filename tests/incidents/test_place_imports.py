"""Imports set each record's places: a [places] column per kind, matched by code, and the
place of each kind with boundaries that a row's coordinates lie in; the per-place daily
counts are right afterwards.

The NYPD tests at the end use the real shooting file and the 77 real precinct boundaries
(imported once for those tests); expected figures come from the CSV rows with the csv
module, by NYPD's counting rules (a row is a victim, rows sharing INCIDENT_KEY are one
incident). They come last: the precincts they import stay until the module ends.
"""

import csv
import datetime
import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import nyc_precincts as PRECINCT_DATA  # tests/places (pyproject: pythonpath)
import pytest
import shapely
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from shapely.geometry import shape

from incidents import daily, place_figures
from incidents.imports import plan, save, shipped
from incidents.imports.mapping import FormatError, from_toml
from incidents.models import FirearmRecovery, Incident, PlaceDailyCount
from places.models import Place, PlaceKind

NYPD_FILE = (
    PRECINCT_DATA.DATA.parent
    / "nypd_shooting"
    / "NYPD_Shooting_Incident_Data__Historic__2006-2022.csv"
)
needs_nypd = pytest.mark.skipif(
    not (NYPD_FILE.exists() and PRECINCT_DATA.PRECINCTS.exists()),
    reason="the shared NYPD shootings and precincts data are not here",
)

INCIDENTS = """
record = "incident"
rows = "incident"
key = "case"
[columns]
date = "day"
location = "where"
victims_injured = "hurt"
{columns}
[places]
{places}
"""
HEADER = "case,day,where,hurt,pct"


def places_of(kind: str, *codes: str, **fields) -> dict[str, Place]:
    return {
        code: Place.objects.create(
            kind=kind, code=code, name=f"{kind} {code}", **fields
        )
        for code in codes
    }


def square(west: float, south: float, size: float = 0.5) -> dict:
    """A square boundary; its corners are exact in binary, so are its edges."""
    east, north = west + size, south + size
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def bounded(kind: str, code: str, boundary: dict) -> Place:
    place = Place(kind=kind, code=code, name=f"{kind} {code}")
    place.set_boundary(boundary)
    place.save()
    return place


def csv_text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def incidents_format(places: str, columns: str = "") -> object:
    return from_toml(INCIDENTS.format(places=places, columns=columns))


def saved_places(model=Incident) -> dict[str, list[str]]:
    """Key -> "kind code" of each of its places."""
    key = "case_number" if model is Incident else "reference"
    return {
        getattr(record, key): sorted(f"{p.kind} {p.code}" for p in record.places.all())
        for record in model.all_objects.prefetch_related("places")
    }


def place_totals(*names: str) -> dict[str, tuple]:
    """Place code -> the sums of its daily counts `names`."""
    rows = PlaceDailyCount.objects.values("place__code").annotate(
        **{name: Sum(name) for name in names}
    )
    return {row["place__code"]: tuple(row[name] for name in names) for row in rows}


def errors(result) -> list[str]:
    return [str(error) for error in result.errors]


# --- A place column per kind, matched by code -----------------------------------------------


def test_a_place_column_matches_each_code_as_a_number(db):
    places_of(PlaceKind.PRECINCT, "5", "75")
    text = csv_text(
        HEADER,
        "A,2023-05-01,Main St,1,75.0",
        "B,2023-05-01,Main St,2,075",
        "C,2023-05-02,Main St,0, 5 ",
        "D,2023-05-02,Main St,1,",
    )
    result = save.apply(text, incidents_format('precinct = "pct"'))
    assert errors(result) == []
    assert result.summary() == (
        "Read 4 rows: 4 incidents (4 victims); 4 new, 0 to update, 0 unchanged. "
        "Places: of 4 incidents, 3 in a police precinct."
    )
    assert saved_places() == {
        "A": ["precinct 75"],
        "B": ["precinct 75"],
        "C": ["precinct 5"],
        "D": [],
    }
    assert place_totals("incidents", "shooting_victims") == {"75": (2, 3), "5": (1, 0)}
    assert daily.differences() == []


def test_the_canonical_reader_takes_a_place_column(db):
    places_of(PlaceKind.COUNCIL_DISTRICT, "1", "2")
    fmt = from_toml(
        shipped.path("canonical").read_text(encoding="utf-8")
        + '\n[places]\ncouncil_district = "District"\n'
    )
    header = (
        "case_number,date,time,location,shots_fired_confirmed,victims_injured,"
        "victims_killed,status,district"
    )
    text = csv_text(
        header,
        "BPD-1,2023-05-01,21:10,Main St,yes,1,1,final,2.0",
        "BPD-2,2023-05-03,,Main St,yes,0,0,,1",
    )
    result = save.apply(text, fmt)
    assert errors(result) == []
    assert saved_places() == {
        "BPD-1": ["council_district 2"],
        "BPD-2": ["council_district 1"],
    }
    assert place_totals("incidents", "shooting_victims", "victims_killed") == {
        "2": (1, 2, 1),
        "1": (1, 0, 0),
    }
    assert daily.differences() == []
    without = plan.plan(csv_text(header.removesuffix(",district")), fmt)
    assert errors(without) == [
        "Row 1: The header lacks the column district; expected case_number,date,"
        "time,location,shots_fired_confirmed,victims_injured,victims_killed,status,"
        "district."
    ]


def test_an_unknown_code_is_a_problem_of_its_row_and_nothing_is_saved(db):
    places_of(PlaceKind.PRECINCT, "5", "75")
    text = csv_text(HEADER, "A,2023-05-01,Main St,1,75", "B,2023-05-01,Main St,1,999")
    result = save.apply(text, incidents_format('precinct = "pct"'))
    assert errors(result) == [
        "Row 3, column pct: police precinct '999' is not a place; the police "
        "precincts are 5, 75 (import places with manage.py import_places)."
    ]
    assert Incident.all_objects.count() == 0
    assert Incident.places.through.objects.count() == 0
    assert PlaceDailyCount.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "shown"),
    [("16", "'16'"), ("x" * 300, f"'{'x' * 40}…' (300 characters)")],
)
def test_a_problem_names_at_most_ten_codes_and_a_short_cell(db, code, shown):
    places_of(PlaceKind.SECTOR, *(str(n) for n in range(15, 0, -1)))
    text = csv_text(HEADER, f"A,2023-05-01,Main St,1,{code}")
    result = plan.plan(text, incidents_format('sector = "pct"'))
    assert errors(result) == [
        f"Row 2, column pct: police sector {shown} is not a place; the police sectors "
        "are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 5 more (import places with "
        "manage.py import_places)."
    ]


def test_a_kind_without_places_refuses_the_import_before_any_row(db):
    places_of(PlaceKind.PRECINCT, "5")
    text = csv_text(HEADER, *[f"{n},2023-05-01,Main St,1,{n}" for n in range(50)])
    result = save.apply(text, incidents_format('neighborhood = "pct"'))
    assert errors(result) == [
        "Row 1, column pct: The format's places.neighborhood matches this column to "
        "neighborhoods, but there are none yet: import them with manage.py "
        'import_places first, or give places.neighborhood if_none = "skip" to leave '
        "the column unmatched until then."
    ]
    assert result.rows_read == 0
    assert Incident.all_objects.count() == 0


def test_if_none_skip_leaves_the_column_unmatched_and_says_so_once(db):
    fmt = incidents_format('hot_spot = { column = "pct", if_none = "skip" }')
    text = csv_text(HEADER, "A,2023-05-01,Main St,1,7", "B,2023-05-01,Main St,1,8")
    result = save.apply(text, fmt)
    note = (
        "Places: there are no hot-spot areas yet, so the column pct was not matched "
        "to places (import them with manage.py import_places, then import the file "
        "again)."
    )
    assert result.notes == [note]
    assert result.quality.lines()[-1] == f"  {note}"
    assert result.summary() == (
        "Read 2 rows: 2 incidents (2 victims); 2 new, 0 to update, 0 unchanged."
    )
    assert saved_places() == {"A": [], "B": []}


RECOVERIES_READER = """
record = "recovery"
rows = "recovery"
reader = "recoveries"
key = "reference"
[columns]
date = "date"
count = "count"
weapon_type = "weapon_type"
location = "location"
case_number = "case_number"
[places]
precinct = "Pct"
"""
RECOVERIES_MAPPED = """
record = "recovery"
rows = "recovery"
key = "reference"
[columns]
date = "date"
count = "count"
[places]
precinct = "Pct"
"""


@pytest.mark.parametrize(
    ("fmt", "header"),
    [
        (
            RECOVERIES_READER,
            "reference,date,count,weapon_type,location,case_number,pct",
        ),
        (RECOVERIES_MAPPED, "reference,date,count,Pct"),
    ],
)
def test_recoveries_take_a_place_column(db, fmt, header):
    places_of(PlaceKind.PRECINCT, "5", "75")
    mapped = fmt is RECOVERIES_MAPPED
    rows = [("R-1", "2023-05-01", "3", "75.0"), ("R-2", "2023-05-01", "2", "5")]
    lines = [
        [key, day, count, code] if mapped else [key, day, count, "", "Oak St", "", code]
        for key, day, count, code in rows
    ]
    text = csv_text(header, *map(",".join, lines))
    result = save.apply(text, from_toml(fmt))
    assert errors(result) == []
    assert result.summary().endswith(
        "Places: of 2 firearm recoveries, 2 in a police precinct."
    )
    assert saved_places(FirearmRecovery) == {
        "R-1": ["precinct 75"],
        "R-2": ["precinct 5"],
    }
    assert place_totals("recoveries", "firearms_recovered") == {
        "75": (1, 3),
        "5": (1, 2),
    }
    assert daily.differences() == []


# --- Places found from coordinates --------------------------------------------------------

LOCATED = """
latitude = "lat"
longitude = "lng"
"""


def test_coordinates_find_the_place_of_each_kind_with_boundaries(db):
    west = bounded(PlaceKind.COUNCIL_DISTRICT, "1", square(-76.0, 42.0))
    bounded(PlaceKind.COUNCIL_DISTRICT, "2", square(-75.5, 42.0))
    places_of(PlaceKind.PRECINCT, "5")  # no boundary: found from the column only
    bounded(PlaceKind.SECTOR, "9", square(-75.75, 42.0))
    text = csv_text(
        HEADER + ",lat,lng",
        "A,2023-05-01,Main St,1,5,42.25,-75.625",
        "B,2023-05-01,Main St,1,,42.25,-75.125",
        "C,2023-05-01,Main St,1,5,42.25,-75.5",  # on the districts' shared edge
        "D,2023-05-02,Main St,1,5,43.5,-75.0",  # in no place
        "E,2023-05-02,Main St,1,5,,",
        "F,2023-05-02,Main St,1,5,(null),-75.625",
    )
    result = save.apply(text, incidents_format('precinct = "pct"', LOCATED))
    assert errors(result) == []
    assert saved_places() == {
        "A": ["council_district 1", "precinct 5", "sector 9"],
        "B": ["council_district 2"],
        "C": ["council_district 1", "precinct 5", "sector 9"],  # the smaller pk
        "D": ["precinct 5"],
        "E": ["precinct 5"],
        "F": ["precinct 5"],
    }
    assert result.summary().endswith(
        "Places: of 6 incidents, 3 in a council district, 5 in a police precinct, "
        "2 in a police sector."
    )
    assert west.pk < Place.objects.get(code="2").pk
    assert daily.differences() == []


def test_a_column_gives_a_bounded_kind_before_the_coordinates(db):
    bounded(PlaceKind.COUNCIL_DISTRICT, "1", square(-76.0, 42.0))
    bounded(PlaceKind.COUNCIL_DISTRICT, "2", square(-75.5, 42.0))
    text = csv_text(
        HEADER + ",lat,lng",
        "A,2023-05-01,Main St,1,2,42.25,-75.75",
        "B,2023-05-01,Main St,1,,42.25,-75.75",
    )
    result = save.apply(text, incidents_format('council_district = "pct"', LOCATED))
    assert errors(result) == []
    assert saved_places() == {"A": ["council_district 2"], "B": ["council_district 1"]}


# --- Importing again ----------------------------------------------------------------------


def test_importing_again_updates_only_the_places_that_moved(db):
    precincts = places_of(PlaceKind.PRECINCT, "5", "75")
    sector = places_of(PlaceKind.SECTOR, "S")["S"]
    fmt = incidents_format('precinct = "pct"')
    first = csv_text(HEADER, "A,2023-05-01,Main St,1,75", "B,2023-05-02,Main St,1,5")
    save.apply(first, fmt)
    Incident.objects.get(case_number="A").places.add(sector)  # by hand: kept
    again = save.apply(first, fmt)
    assert again.summary().startswith(
        "Read 2 rows: 2 incidents (2 victims); 0 new, 0 to update, 2 unchanged."
    )
    version = Incident.objects.get(case_number="A").version
    moved = csv_text(HEADER, "A,2023-05-01,Main St,1,5", "B,2023-05-02,Main St,1,")
    result = save.apply(moved, fmt)
    assert result.summary() == (
        "Read 2 rows: 2 incidents (2 victims); 0 new, 2 to update, 0 unchanged. "
        "Places: of 2 incidents, 1 in a police precinct."
    )
    assert saved_places() == {"A": ["precinct 5", "sector S"], "B": []}
    assert Incident.objects.get(case_number="A").version == version + 1
    assert place_totals("incidents") == {"5": (1,), "S": (1,)}
    assert daily.differences() == []
    assert precincts["75"].incidents.count() == 0


def test_a_bad_row_leaves_the_saved_places_as_they_were(db):
    places_of(PlaceKind.PRECINCT, "5", "75")
    fmt = incidents_format('precinct = "pct"')
    save.apply(csv_text(HEADER, "A,2023-05-01,Main St,1,75"), fmt)
    before = PlaceDailyCount.objects.values_list("place__code", "date", "incidents")
    kept = list(before)
    bad = csv_text(HEADER, "A,2023-05-01,Main St,1,5", "B,2023-05-01,Main St,x,5")
    result = save.apply(bad, fmt)
    assert errors(result) == [
        "Row 3, column hurt: 'x' is not a whole number 0 or more."
    ]
    assert saved_places() == {"A": ["precinct 75"]}
    assert list(before) == kept


# --- The format file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places", "message"),
    [
        (
            'ward = "W"',
            "Unknown key places.ward; known keys: council_district, precinct, sector, "
            "neighborhood, hot_spot.",
        ),
        (
            'city = "C"',
            "Unknown key places.city; known keys: council_district, "
            "precinct, sector, neighborhood, hot_spot.",
        ),
        (
            "precinct = 5",
            "places.precinct must be a column's name or a table with column.",
        ),
        ('precinct = { if_none = "skip" }', "places.precinct lacks the key column."),
        (
            'precinct = { column = "P", if_none = "ignore" }',
            'places.precinct.if_none must be "refuse" or "skip", not \'ignore\'.',
        ),
        (
            'precinct = { column = "P", kind = "x" }',
            "Unknown key places.precinct.kind; known keys: column, if_none.",
        ),
        ('precinct = ""', "places.precinct.column must be a text, not ''."),
    ],
)
def test_a_bad_places_table_is_refused_naming_the_key(places, message):
    with pytest.raises(FormatError) as refused:
        incidents_format(places)
    assert str(refused.value) == message


def test_daily_counts_take_no_places():
    text = """
record = "recovery"
rows = "daily counts"
[columns]
date = "day"
[counts]
seized = "guns"
[places]
precinct = "P"
"""
    with pytest.raises(FormatError) as refused:
        from_toml(text)
    assert str(refused.value) == (
        '[places] applies to one record a row, not rows = "daily counts".'
    )


def test_a_format_names_its_place_columns_among_those_it_reads():
    fmt = incidents_format('precinct = "pct"')
    assert fmt.check_header(["case", "day", "where", "hurt"]) == [
        ("pct", "The format's places.precinct is 'pct', a column the file lacks.")
    ]


# --- NYPD: the shipped format's PRECINCT column -------------------------------------------


def nypd_head(tmp_path, rows: int, *changed: tuple[str, str]) -> Path:
    """The header and the first `rows` rows of the real file, each (old, new) of
    `changed` replaced."""
    with NYPD_FILE.open(encoding="utf-8", newline="") as whole:
        text = "".join(whole.readline() for _ in range(rows + 1))
    for old, new in changed:
        text = text.replace(old, new)
    path = tmp_path / "nypd.csv"
    path.write_text(text, encoding="utf-8")
    return path


@needs_nypd
def test_nypd_without_precincts_leaves_the_column_unmatched_in_one_line(db, tmp_path):
    path = nypd_head(tmp_path, 40)
    out = io.StringIO()
    call_command(
        "import_incidents", str(path), "--format", "nypd", "--dry-run", stdout=out
    )
    note = (
        "Places: there are no police precincts yet, so the column PRECINCT was not "
        "matched to places (import them with manage.py import_places, then import "
        "the file again)."
    )
    assert out.getvalue().count(note) == 1
    result = save.apply(path.read_bytes(), "nypd")
    assert errors(result) == []
    assert result.notes == [note]
    assert "Places" not in result.summary()
    assert Incident.places.through.objects.count() == 0


# The precincts and the whole NYPD file, imported once for the tests below (and rolled back
# after them): they come last in the module, after every test that needs no precinct.


@pytest.fixture(scope="module")
def nypd_imported(django_db_setup, django_db_blocker):
    """The 77 real precincts, then the real NYPD file by the shipped format; the value
    is the import's result."""
    with django_db_blocker.unblock(), transaction.atomic():
        PRECINCT_DATA.import_precincts(*PRECINCT_DATA.POPULATION_OPTIONS)
        with NYPD_FILE.open("rb") as content:
            result = save.apply(content, "nypd")
        yield result
        transaction.set_rollback(True)


def csv_incidents() -> dict[str, dict]:
    """INCIDENT_KEY -> its precinct, victims, those killed and its first row's point."""
    incidents: dict[str, dict] = {}
    with NYPD_FILE.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            incident = incidents.setdefault(
                row["INCIDENT_KEY"],
                {
                    "precinct": row["PRECINCT"],
                    "victims": 0,
                    "killed": 0,
                    "point": (row["Longitude"], row["Latitude"]),
                },
            )
            incident["victims"] += 1
            incident["killed"] += row["STATISTICAL_MURDER_FLAG"] == "true"
    return incidents


@needs_nypd
def test_every_precinct_counts_the_incidents_and_victims_of_its_rows(db, nypd_imported):
    expected: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for incident in csv_incidents().values():
        totals = expected[incident["precinct"]]
        totals[0] += 1
        totals[1] += incident["victims"]
        totals[2] += incident["killed"]
    assert len(expected) == 77
    assert errors(nypd_imported) == []
    assert nypd_imported.summary() == (
        "Read 27,312 rows: 21,420 incidents (27,312 victims); 21,420 new, 0 to update, "
        "0 unchanged. Places: of 21,420 incidents, 21,420 in a police precinct."
    )
    counted = place_totals("incidents", "shooting_victims", "victims_killed")
    assert counted == {code: tuple(totals) for code, totals in expected.items()}


@needs_nypd
def test_each_precincts_2022_figures_and_rate_follow_the_csv_and_the_population(
    db, nypd_imported
):
    shot: dict[str, dict[str, int]] = defaultdict(lambda: {"2021": 0, "2022": 0})
    with NYPD_FILE.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            year = row["OCCUR_DATE"][-4:]
            if year in ("2021", "2022"):
                shot[row["PRECINCT"]][year] += 1
    populations = PRECINCT_DATA.expected_populations()
    figures = place_figures.compute(
        PlaceKind.PRECINCT, datetime.date(2022, 12, 31), 2021
    )
    assert len(figures.places) == 77
    for row in figures.places:
        victims = row.metrics["shooting_victims"]
        expected = shot[row.code]
        assert (victims.current, victims.previous) == (
            expected["2022"],
            expected["2021"],
        )
        # A whole year: the rate is the count per 100,000 of the 2017 population.
        rate = Decimal(expected["2022"] * 100_000) / populations[row.code]
        assert row.population == populations[row.code]
        assert victims.rate_per_100k == rate.quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert figures.unrecorded.metrics["shooting_victims"].current == 0


@needs_nypd
def test_the_daily_counts_are_right_and_a_second_import_changes_nothing(
    db, nypd_imported
):
    assert daily.differences() == []
    again = plan.plan(NYPD_FILE.read_bytes(), "nypd")
    assert again.summary() == (
        "Read 27,312 rows: 21,420 incidents (27,312 victims); 0 new, 0 to update, "
        "21,420 unchanged. Places: of 21,420 incidents, 21,420 in a police precinct."
    )


@needs_nypd
def test_an_unknown_nypd_precinct_is_a_problem_naming_the_precincts(
    db, nypd_imported, tmp_path
):
    path = nypd_head(tmp_path, 3, (",QUEENS,,105,", ",QUEENS,,999,"))
    result = plan.plan(path.read_bytes(), "nypd")
    assert errors(result) == [
        "Row 2, column PRECINCT: police precinct '999' is not a place; the police "
        "precincts are 1, 5, 6, 7, 9, 10, 13, 14, 17, 18 and 67 more (import places "
        "with manage.py import_places)."
    ]


NO_POINT = 9  # incidents without coordinates (10 rows of 2022 have none)


def brute_force_precincts(points: list[tuple[float, float]]) -> list[int | None]:
    """The pk of the precinct each point lies in (the smallest on a shared edge),
    testing every point against every precinct."""
    found = np.full(len(points), None, dtype=object)
    for place in Place.objects.filter(kind=PlaceKind.PRECINCT).order_by("-pk"):
        inside = shapely.intersects(shape(place.boundary), shapely.points(points))
        found[inside] = place.pk
    return found.tolist()


@needs_nypd
def test_coordinates_find_each_nypd_incidents_precinct(db, nypd_imported):
    """A format like NYPD's without [places]: the precinct comes from Latitude and
    Longitude, and it changes the incidents whose point lies in another precinct."""
    text = shipped.path("nypd").read_text(encoding="utf-8")
    fmt = from_toml(text.split("[places]")[0])
    result = plan.plan(NYPD_FILE.read_bytes(), fmt)
    incidents = csv_incidents()
    with_points = {
        f"NYPD-{key}": (float(lon), float(lat))
        for key, incident in incidents.items()
        if all(incident["point"])
        for lon, lat in [incident["point"]]
    }
    keys = sorted(with_points)
    expected = dict(
        zip(keys, brute_force_precincts([with_points[k] for k in keys]), strict=True)
    )
    by_code = dict(Place.objects.filter(kind="precinct").values_list("pk", "code"))
    located = {r.key: (r.places or {}).get("precinct") for r in result.records}
    assert {k: v for k, v in located.items() if k in with_points} == expected
    assert len(with_points) == 21_420 - NO_POINT
    assert not any(located[key] for key in located if key not in with_points)
    elsewhere = {
        key
        for key, pk in expected.items()
        if by_code.get(pk) != incidents[key.removeprefix("NYPD-")]["precinct"]
    }
    assert len(elsewhere) == 715  # geocoded into another precinct than PRECINCT
    assert {r.key for r in result.placed} == elsewhere
    assert len(result.changed) == len(elsewhere)
