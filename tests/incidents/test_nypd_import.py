"""The NYPD "Shooting Incident Data (Historic)" export, on slices of the real files.

Expected figures come straight from the CSV rows with the csv module, using NYPD's own
counting rules: a row is a victim, rows sharing INCIDENT_KEY are one incident.
"""

import csv
import datetime
import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incidents import ytd
from incidents.models import Incident, Victim

DATA = Path("/work/shared/data/real/nypd_shooting")
RELEASE_2022 = DATA / "NYPD_Shooting_Incident_Data__Historic__2006-2022.csv"
RELEASE_2019 = DATA / "NYPD_Shooting_Incident_Data__Historic__2006-2018_release2019.csv"
ROWS = 300

pytestmark = pytest.mark.skipif(
    not RELEASE_2022.exists(), reason="the shared NYPD data folder is not here"
)


def head(source: Path, tmp_path: Path, rows: int = ROWS) -> Path:
    """The header and the first `rows` data rows, bytes untouched."""
    with source.open("rb") as whole:
        lines = [whole.readline() for _ in range(rows + 1)]
    path = tmp_path / source.name
    path.write_bytes(b"".join(lines))
    return path


def expected_incidents(path: Path) -> dict[str, dict]:
    incidents: dict[str, dict] = defaultdict(lambda: {"injured": 0, "killed": 0})
    with path.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            incident = incidents[row["INCIDENT_KEY"]]
            month, day, year = row["OCCUR_DATE"].split("/")
            incident["date"] = datetime.date(int(year), int(month), int(day))
            incident["location"] = f"Precinct {row['PRECINCT']}, {row['BORO'].title()}"
            outcome = (
                "killed" if row["STATISTICAL_MURDER_FLAG"] == "true" else "injured"
            )
            incident[outcome] += 1
    return dict(incidents)


@pytest.mark.parametrize("source", [RELEASE_2022, RELEASE_2019])
def test_nypd_rows_become_incidents_with_one_victim_per_row(db, tmp_path, source):
    path = head(source, tmp_path)
    expected = expected_incidents(path)
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", "nypd", stdout=out)
    victims = sum(i["injured"] + i["killed"] for i in expected.values())
    assert victims == ROWS
    assert out.getvalue() == (
        f"Read {ROWS} rows: {len(expected)} incidents ({ROWS} victims); "
        f"{len(expected)} new, 0 to update, 0 unchanged.\n"
    )
    saved = {
        incident.case_number.removeprefix("NYPD-"): {
            "date": incident.date,
            "location": incident.location,
            "injured": incident.victim_count - incident.killed_count,
            "killed": incident.killed_count,
        }
        for incident in Incident.objects.with_victim_counts()
    }
    assert saved == expected
    assert Victim.objects.count() == ROWS
    assert set(Incident.objects.values_list("shots_fired_confirmed", flat=True)) == {
        True
    }
    assert set(Incident.objects.values_list("status", flat=True)) == {"final"}


def test_nypd_import_keeps_no_coordinates_or_personal_detail(db, tmp_path):
    path = head(RELEASE_2022, tmp_path)
    call_command(
        "import_incidents", str(path), "--format", "nypd", stdout=io.StringIO()
    )
    assert Incident.objects.exclude(latitude=None).count() == 0
    assert Incident.objects.exclude(address="").count() == 0
    assert Incident.objects.exclude(notes="").count() == 0
    with path.open(newline="") as file:
        row = next(csv.DictReader(file))
    stored = " ".join(
        f"{i.case_number} {i.location} {i.address} {i.notes}"
        for i in Incident.objects.all()
    )
    for column in ("Latitude", "Longitude", "X_COORD_CD", "VIC_AGE_GROUP", "VIC_RACE"):
        assert row[column]
        assert row[column] not in stored


def test_nypd_year_to_date_figures_match_the_csv(db, tmp_path):
    path = head(RELEASE_2022, tmp_path, rows=3000)
    call_command(
        "import_incidents", str(path), "--format", "nypd", stdout=io.StringIO()
    )
    as_of = datetime.date(2021, 6, 30)
    victims = {2021: 0, 2020: 0}
    killed = {2021: 0, 2020: 0}
    keys = {2021: set(), 2020: set()}
    with path.open(newline="") as file:
        for row in csv.DictReader(file):
            month, day, year = (int(part) for part in row["OCCUR_DATE"].split("/"))
            if year in keys and (month, day) <= (as_of.month, as_of.day):
                keys[year].add(row["INCIDENT_KEY"])
                victims[year] += 1
                killed[year] += row["STATISTICAL_MURDER_FLAG"] == "true"
    current, previous = len(keys[2021]), len(keys[2020])
    result = ytd.compare(as_of)
    shots = result.metrics["shots_fired_confirmed"]
    assert (shots.current, shots.previous) == (current, previous)
    with_injury = result.metrics["shooting_incidents_with_injury"]
    assert (with_injury.current, with_injury.previous) == (current, previous)
    people = result.metrics["shooting_victims"]
    assert (people.current, people.previous) == (victims[2021], victims[2020])
    dead = result.metrics["victims_killed"]
    assert (dead.current, dead.previous) == (killed[2021], killed[2020])
    assert current > 0 and previous > 0  # the slice really covers both windows


def test_importing_the_same_nypd_slice_twice_changes_nothing(db, tmp_path):
    path = head(RELEASE_2022, tmp_path)
    call_command(
        "import_incidents", str(path), "--format", "nypd", stdout=io.StringIO()
    )
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", "nypd", stdout=out)
    assert "0 new, 0 to update," in out.getvalue()
    assert Victim.objects.count() == ROWS


NYPD_HEADER = (
    "INCIDENT_KEY,OCCUR_DATE,OCCUR_TIME,BORO,LOC_OF_OCCUR_DESC,PRECINCT,"
    "JURISDICTION_CODE,LOC_CLASSFCTN_DESC,LOCATION_DESC,STATISTICAL_MURDER_FLAG,"
    "PERP_AGE_GROUP,PERP_SEX,PERP_RACE,VIC_AGE_GROUP,VIC_SEX,VIC_RACE,X_COORD_CD,"
    "Y_COORD_CD,Latitude,Longitude,Lon_Lat"
)


def nypd_row(
    key="1", date="05/27/2021", time="21:30:00", boro="QUEENS", pct="105", flag="false"
):
    return f"{key},{date},{time},{boro},,{pct},0,,,{flag},,,,18-24,M,BLACK,1,2,40.6,-73.7,POINT"


def test_every_bad_nypd_row_is_reported_and_nothing_is_saved(db, tmp_path):
    rows = [
        NYPD_HEADER,
        nypd_row(),
        nypd_row(key="X1"),
        nypd_row(key="2", date="2021-05-27"),
        nypd_row(key="3", date="02/30/2021"),
        nypd_row(key="4", time="9pm"),
        nypd_row(key="5", boro="NEWARK"),
        nypd_row(key="6", pct="105th"),
        nypd_row(key="7", flag="Y"),
        nypd_row(key="1", date="05/28/2021", flag="true"),
    ]
    path = tmp_path / "nypd.csv"
    path.write_text("\r\n".join(rows) + "\r\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="8 problem"):
        call_command(
            "import_incidents",
            str(path),
            "--format",
            "nypd",
            stdout=io.StringIO(),
            quiet=True,
            stderr=err,
        )
    assert err.getvalue().splitlines() == [
        "Row 3, column INCIDENT_KEY: 'X1' is not an incident key (digits only).",
        "Row 4, column OCCUR_DATE: '2021-05-27' is not a date as MM/DD/YYYY.",
        "Row 5, column OCCUR_DATE: '02/30/2021' is not a real date.",
        "Row 6, column OCCUR_TIME: '9pm' is not a time as HH:MM:SS.",
        "Row 7, column BORO: 'NEWARK' is not a New York City borough.",
        "Row 8, column PRECINCT: '105th' is not a precinct number.",
        "Row 9, column STATISTICAL_MURDER_FLAG: 'Y' is not true or false.",
        "Row 10, column OCCUR_DATE: '05/28/2021' differs from '05/27/2021' on row 2, "
        "another victim of incident 1.",
    ]
    assert Incident.objects.count() == 0


def test_the_canonical_format_is_the_default_and_refuses_an_nypd_file(db, tmp_path):
    path = tmp_path / "nypd.csv"
    path.write_text(NYPD_HEADER + "\n" + nypd_row() + "\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_incidents", str(path), stdout=io.StringIO(), quiet=True, stderr=err
        )
    assert err.getvalue().startswith("Row 1: The header lacks the columns case_number")
