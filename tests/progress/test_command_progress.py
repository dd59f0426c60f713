"""The long commands show their phases on standard error; their report on standard
output is the same with a bar (a terminal), with plain lines (a log file) and with
--quiet, which shows no progress at all."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

LOUISVILLE = (
    Path(__file__).parent.parent
    / "funding"
    / "data"
    / "louisville_arp_project_expenditures_2021Q4-2022Q3.csv"
)
INCIDENTS = """case_number,date,time,location,shots_fired_confirmed,victims_injured,victims_killed,status
B-1,2022-01-05,23:10,100 block of Main St,yes,2,0,final
B-2,2022-02-10,,Clinton St & Front St,no,0,0,
B-3,2022-03-15,01:05,100 block of Court St,yes,0,1,preliminary
"""
RECOVERIES = """reference,date,count,weapon_type,location,case_number
P-1,2022-05-04,3,12,Oak St,
P-2,2022-05-05,1,,Elm St,
"""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def square(west: float) -> dict:
    ring = [[west, 42.1], [west + 0.01, 42.1], [west + 0.01, 42.11], [west, 42.11]]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def places_file(folder: Path) -> Path:
    features = [
        {"type": "Feature", "properties": {"district": str(n)}, "geometry": square(w)}
        for n, w in ((1, -75.92), (2, -75.90))
    ]
    path = folder / "districts.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def written(folder: Path, name: str, text: str) -> str:
    (folder / name).write_text(text)
    return str(folder / name)


def arguments(command: str, folder: Path) -> list[str]:
    """What each command is run with here."""
    if command == "import_incidents":
        return [written(folder, "incidents.csv", INCIDENTS)]
    if command == "import_firearm_recoveries":
        return [written(folder, "recoveries.csv", RECOVERIES)]
    if command == "import_period_report":
        return [str(LOUISVILLE), "--program=Louisville", "--area=Projects"]
    if command == "import_places":
        places = str(places_file(folder))
        return [places, "--kind=council_district", "--code-property=district"]
    if command == "export_data":
        return [str(folder / "backup.json")]
    path = folder / "restored.json"  # import_data: a backup of a database of one place
    call_command("import_places", *arguments("import_places", folder), quiet=True)
    call_command("export_data", str(path), stdout=io.StringIO(), quiet=True)
    # PostgreSQL truncates a table only once its deferred foreign-key checks have run.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    return [str(path)]


# The phases each command names on standard error, in order.
PHASES = {
    "import_incidents": [
        "reading",
        "checking 3 rows",
        "comparing with the database",
        "writing 3 records",
        "updating figures",
    ],
    "import_firearm_recoveries": [
        "reading",
        "checking 2 rows",
        "comparing with the database",
        "writing 2 records",
        "updating figures",
    ],
    "import_period_report": ["reading", "checking 151 rows", "writing"],
    "import_places": ["reading", "checking 2 features", "writing 2 places"],
    "export_data": ["counting records", "writing 2 records"],  # the 2 role groups
    # The role groups, 2 places and their history rows.
    "import_data": ["loading 6 records", "updating figures"],
}


def run(command: str, args: list[str], stderr: io.StringIO, *more: str) -> str:
    """The command's standard output; what it wrote is rolled back."""
    out = io.StringIO()
    with transaction.atomic():
        call_command(command, *args, *more, stdout=out, stderr=stderr)
        transaction.set_rollback(True)
    return out.getvalue()


@pytest.mark.parametrize("command", list(PHASES))
def test_the_report_is_the_same_with_a_bar_plain_lines_or_quiet(db, tmp_path, command):
    args = arguments(command, tmp_path)
    lines, bar, quiet = io.StringIO(), Terminal(), io.StringIO()
    reports = {
        "lines": run(command, args, lines),
        "bar": run(command, args, bar),
        "quiet": run(command, args, quiet, "--quiet"),
    }
    assert reports["lines"] != ""
    assert reports["bar"] == reports["lines"]
    assert reports["quiet"] == reports["lines"]
    assert quiet.getvalue() == ""
    started = re.findall(r"^(.*): started$", lines.getvalue(), re.MULTILINE)
    assert started == PHASES[command]
    assert re.findall(r"^(.*): done\b", lines.getvalue(), re.MULTILINE) == started
    for phase in PHASES[command]:
        assert f"{phase}:" in bar.getvalue()
    assert "started" not in bar.getvalue()  # a bar, not plain lines


def test_a_real_import_prints_its_report_on_standard_output_only(db, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    path = written(tmp_path, "incidents.csv", INCIDENTS)
    call_command("import_incidents", path, stdout=out, stderr=err)
    assert out.getvalue() == (
        "Read 3 rows: 3 incidents (3 victims); 3 new, 0 to update, 0 unchanged.\n"
    )
    assert "Read 3 rows" not in err.getvalue()
    assert err.getvalue().splitlines()[-1].startswith("updating figures: done in ")
