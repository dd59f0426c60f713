"""The Philadelphia shooting victims file, whole, through its shipped format file.

Expected figures come straight from the CSV rows with the csv module, by the format's
rules: officer-involved rows are left out, rows sharing dc_key are one incident dated by
its first row, `fatal` = 1 is a death (0 or blank: a person shot).
"""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from incidents import ytd
from incidents.imports.mapping import SHIPPED
from incidents.models import Incident, Victim

SHOOTINGS = Path("/work/shared/data/real/philadelphia_shootings/shootings.csv")
FORMAT = SHIPPED / "philadelphia.toml"
PHILADELPHIA = (39.86, -75.29, 40.14, -74.95)

pytestmark = pytest.mark.skipif(
    not SHOOTINGS.exists(), reason="the shared Philadelphia data folder is not here"
)


def csv_rows() -> list[dict]:
    with SHOOTINGS.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def expected_incidents() -> dict[str, dict]:
    incidents: dict[str, dict] = {}
    for row in csv_rows():
        if row["officer_involved"] == "Y":
            continue
        key = "PHL-" + row["dc_key"].removesuffix(".0")
        incident = incidents.setdefault(
            key,
            {"date": datetime.date.fromisoformat(row["date_"][:10]), "victims": 0},
        )
        incident["victims"] += 1
        incident["killed"] = incident.get("killed", 0) + (row["fatal"] == "1")
    return incidents


def in_window(incidents: dict, window) -> dict[str, int]:
    chosen = [i for i in incidents.values() if window.start <= i["date"] <= window.end]
    return {
        "shooting_incidents_with_injury": len(chosen),
        "shooting_victims": sum(i["victims"] for i in chosen),
        "victims_killed": sum(i["killed"] for i in chosen),
    }


def run(*args) -> str:
    out = io.StringIO()
    call_command(
        "import_incidents", str(SHOOTINGS), "--mapping", str(FORMAT), *args, stdout=out
    )
    return out.getvalue()


@pytest.fixture(scope="module")
def expected():
    return expected_incidents()


def test_the_whole_file_gives_the_year_to_date_figures_of_its_rows(db, expected):
    victims = sum(i["victims"] for i in expected.values())
    assert run().splitlines()[0] == (
        f"Read 14,861 rows: {len(expected):,} incidents ({victims:,} victims); "
        f"{len(expected):,} new, 0 to update, 0 unchanged."
    )
    assert Victim.objects.count() == victims == 14_861 - 110
    for as_of, previous_end in (
        (datetime.date(2023, 6, 30), datetime.date(2022, 6, 30)),
        (datetime.date(2020, 2, 29), datetime.date(2019, 2, 28)),
    ):
        result = ytd.compare(as_of)
        assert result.previous.end == previous_end
        current = in_window(expected, result.current)
        previous = in_window(expected, result.previous)
        for key in current:
            metric = result.metrics[key]
            assert (metric.current, metric.previous) == (current[key], previous[key])
    saved = dict(Incident.objects.values_list("case_number", "date"))
    assert saved == {key: incident["date"] for key, incident in expected.items()}
    assert set(Incident.objects.values_list("status", flat=True)) == {"final"}
    assert Incident.objects.filter(location__startswith="0 BLOCK").count() == 0


def test_importing_the_file_again_changes_nothing(db, expected):
    run()
    history = Incident.history.count()
    assert f"0 new, 0 to update, {len(expected):,} unchanged." in run()
    assert Incident.history.count() == history


def test_the_dry_run_reports_what_the_file_holds(db, settings, expected):
    settings.CITY_BOUNDS = PHILADELPHIA
    kept = [row for row in csv_rows() if row["officer_involved"] != "Y"]
    blank = sum(1 for row in kept if not row["lat"] or not row["lng"])
    south, west, north, east = PHILADELPHIA
    outside = sum(
        1
        for row in kept
        if row["lat"]
        and row["lng"]
        and not (
            south <= float(row["lat"]) <= north and west <= float(row["lng"]) <= east
        )
    )
    first, differing = {}, 0
    for row in kept:
        place = (row["date_"], row["time"], row["location"])
        differing += first.setdefault(row["dc_key"], place) != place
    lines = run("--dry-run").splitlines()
    assert lines[0] == 'Data-quality report (format "Philadelphia shooting victims"):'
    assert lines[1:4] == [
        "  Rows read: 14,861",
        "  Rows skipped by rule: 110 (officer_involved = 'Y': 110)",
        "  Exact repeats skipped: none",
    ]
    assert lines[4].startswith(
        "  Repeated keys that differ (each incident keeps its first row's date, time "
        f"and location): {differing:,}: PHL-202115038698 (rows 10 and 11: date, time);"
    )
    assert lines[6] == (
        "  Dates apart from the rest of the file (more than a year from its main "
        "span): none"
    )
    assert lines[7].startswith(
        f"  Coordinates blank, 0 or outside the city's box: blank: {blank:,}: row 36;"
    )
    assert outside == 0  # this copy of the file has no far-off geocodes
    assert lines[7].endswith("; 0: none; outside: none")
    assert (
        "Locations generalised to the block: 219: row 82: '0 BLOCK S 50TH ST'"
        in lines[8]
    )
    assert lines[11] == (
        "  Columns the format ignores (never read or stored): the_geom, "
        "the_geom_webmercator, objectid, year, code, race, sex, age, wound, "
        "offender_injured, offender_deceased, latino, point_x, point_y, inside, outside"
    )
    assert lines[12] == (
        "  Place (column dist): not stored (a place is matched by its code: name the "
        "column in [places])."
    )
    assert lines[-1] == "Dry run: nothing was saved."
    assert Incident.objects.count() == 0
