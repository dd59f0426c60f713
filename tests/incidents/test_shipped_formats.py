"""The shipped layouts are format files too: canonical, NYPD and recoveries name a
built-in reader, whose columns the file names; every import goes through a format."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incidents.imports import canonical, formats, mapping, nypd, plan, recoveries
from incidents.imports.mapping import FormatError, from_toml
from incidents.models import FirearmRecovery, Incident

NYPD_HEADER = (
    "INCIDENT_KEY,OCCUR_DATE,OCCUR_TIME,BORO,PRECINCT,STATISTICAL_MURDER_FLAG,"
    "PERP_RACE,VIC_AGE_GROUP,VIC_SEX,Latitude,Longitude"
)
NYPD_ROWS = [
    "101,03/01/2022,21:10:00,BROOKLYN,75,false,BLACK,25-44,M,40.67,-73.88",
    "101,03/01/2022,21:10:00,BROOKLYN,75,true,BLACK,18-24,M,40.67,-73.88",
    "102,03/05/2022,02:00:00,QUEENS,103,false,,<18,F,40.70,-73.79",
]

# The NYPD reader with every column renamed, and another key prefix.
RENAMED_NYPD = """
name = "A precinct export like NYPD's"
record = "incident"
rows = "victim"
reader = "nypd"
key = "Case"
key_prefix = "NYC-"
[columns]
date = "Day"
time = "At"
borough = "Boro Name"
precinct = "Pct"
outcome = "Murder"
"""


def write(tmp_path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def saved_incidents() -> list[tuple]:
    return [
        (
            i.case_number,
            i.date.isoformat(),
            i.location,
            i.victim_count - i.killed_count,
            i.killed_count,
        )
        for i in Incident.objects.with_victim_counts().order_by("case_number")
    ]


def test_every_shipped_layout_is_a_format_file_read_by_the_machinery():
    read = {name: formats.shipped_format(name) for name in formats.FORMATS}
    assert {name: m.reader for name, m in read.items()} == {
        "canonical": "canonical",
        "nypd": "nypd",
        "recoveries": "recoveries",
        "philadelphia": "",
    }
    assert formats.FORMATS == {
        "canonical": "Incidents, canonical CSV",
        "nypd": "Incidents, NYPD Shooting Incident Data (Historic) export",
        "recoveries": "Firearm recoveries CSV",
        "philadelphia": "Philadelphia shooting victims",
    }
    # The readers' columns are the format files' own.
    assert list(read["canonical"].names.values()) == canonical.CANONICAL_COLUMNS
    assert nypd.NYPD_COLUMNS == [
        "INCIDENT_KEY",
        "OCCUR_DATE",
        "OCCUR_TIME",
        "BORO",
        "PRECINCT",
        "STATISTICAL_MURDER_FLAG",
    ]
    assert read["nypd"].key_prefix == nypd.NYPD_PREFIX == "NYPD-"
    assert [*recoveries.RECOVERY_COLUMNS, *recoveries.OPTIONAL_COLUMNS] == list(
        read["recoveries"].names.values()
    )


def test_nypd_by_name_and_by_its_format_file_save_the_same(db, tmp_path):
    path = write(tmp_path, "nypd.csv", [NYPD_HEADER, *NYPD_ROWS])
    call_command("import_incidents", path, "--format", "nypd", stdout=io.StringIO())
    by_name = saved_incidents()
    assert by_name == [
        ("NYPD-101", "2022-03-01", "Precinct 75, Brooklyn", 1, 1),
        ("NYPD-102", "2022-03-05", "Precinct 103, Queens", 1, 0),
    ]
    shipped_file = str(mapping.SHIPPED / "nypd.toml")
    out = io.StringIO()
    call_command("import_incidents", path, "--mapping", shipped_file, stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "Read 3 rows: 2 incidents (3 victims); 0 new, 0 to update, 2 unchanged."
    )
    assert saved_incidents() == by_name


def test_a_reader_takes_the_columns_its_format_names(db, tmp_path):
    header = "Case,Day,At,Boro Name,Pct,Murder,Vic Race"
    rows = [
        "7,03/01/2022,21:10:00,BRONX,40,true,WHITE",
        "7,03/01/2022,21:10:00,BRONX,40,false,BLACK",
    ]
    path = write(tmp_path, "renamed.csv", [header, *rows])
    fmt = write(tmp_path, "renamed.toml", [RENAMED_NYPD])
    out = io.StringIO()
    call_command("import_incidents", path, "--mapping", fmt, "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == 'Data-quality report (format "A precinct export like NYPD\'s"):'
    assert "  Columns the format ignores (never read or stored): VIC RACE" in lines
    call_command("import_incidents", path, "--mapping", fmt, stdout=io.StringIO())
    assert saved_incidents() == [("NYC-7", "2022-03-01", "Precinct 40, Bronx", 1, 1)]


def test_a_readers_problem_names_the_formats_column(db, tmp_path):
    text = RENAMED_NYPD
    path = write(
        tmp_path,
        "bad.csv",
        ["Case,Day,At,Boro Name,Pct,Murder", "7,2022-03-01,21:10:00,BRONX,40,maybe"],
    )
    result = plan.plan(Path(path).read_bytes(), from_toml(text))
    assert [str(error) for error in result.errors] == [
        "Row 2, column DAY: '2022-03-01' is not a date as MM/DD/YYYY.",
        "Row 2, column MURDER: 'maybe' is not true or false.",
    ]
    assert Incident.all_objects.count() == 0


def test_the_canonical_reader_reports_generalised_locations_and_ignores_nothing(
    db, tmp_path
):
    header = ",".join(canonical.CANONICAL_COLUMNS)
    path = write(
        tmp_path,
        "canonical.csv",
        [header, "BPD-1,2022-03-01,21:10,12 Main St,yes,1,0,final"],
    )
    result = plan.plan(Path(path).read_bytes(), "canonical")
    lines = result.quality.lines()
    assert lines[0] == 'Data-quality report (format "Incidents, canonical CSV"):'
    assert "  Rows read: 1" in lines
    assert (
        "  Locations generalised to the block: 1: row 2: '12 Main St' → "
        "'unit block of Main St'" in lines
    )
    assert "  Columns the format ignores (never read or stored): none" in lines


def test_the_recoveries_reader_reads_its_format_files_columns(db, tmp_path):
    header = ",".join([*recoveries.RECOVERY_COLUMNS, *recoveries.OPTIONAL_COLUMNS])
    path = write(
        tmp_path,
        "recoveries.csv",
        [header, "R-1,2022-02-02,2,,100 block of Court St,,bought back"],
    )
    call_command(
        "import_firearm_recoveries",
        path,
        "--mapping",
        "recoveries",
        stdout=io.StringIO(),
    )
    assert list(
        FirearmRecovery.objects.values_list("reference", "count", "source")
    ) == [("R-1", 2, "bought_back")]


READER_BASE = """
record = "incident"
rows = "incident"
reader = "canonical"
key = "case_number"
"""
CANONICAL_COLUMNS = """
[columns]
date = "date"
time = "time"
location = "location"
shots_fired_confirmed = "shots_fired_confirmed"
victims_injured = "victims_injured"
victims_killed = "victims_killed"
status = "status"
"""


@pytest.mark.parametrize(
    "text, message",
    [
        (
            READER_BASE.replace('"canonical"\nkey', '"spss"\nkey') + CANONICAL_COLUMNS,
            'reader must be "canonical" or "nypd" or "recoveries", not \'spss\'.',
        ),
        (
            READER_BASE + 'times_are = "utc"\n' + CANONICAL_COLUMNS,
            "Unknown key (not taken with reader = 'canonical') times_are; known keys: "
            "name, record, rows, reader, key, key_prefix, columns, places.",
        ),
        (
            READER_BASE + CANONICAL_COLUMNS + '[skip]\nofficer = ["Y"]\n',
            "Unknown key (not taken with reader = 'canonical') skip; known keys: "
            "name, record, rows, reader, key, key_prefix, columns, places.",
        ),
        (
            READER_BASE.replace('rows = "incident"', 'rows = "victim"')
            + CANONICAL_COLUMNS
            + '[values.outcome]\ncolumn = "x"\nkilled = ["1"]\ninjured = ["0"]\n',
            "Unknown key (not taken with reader = 'canonical') values; known keys: "
            "name, record, rows, reader, key, key_prefix, columns, places.",
        ),
        (
            READER_BASE.replace('rows = "incident"', 'rows = "victim"')
            + CANONICAL_COLUMNS,
            "reader = 'canonical' reads rows = 'incident' only.",
        ),
        (
            READER_BASE + 'key_prefix = "X-"\n' + CANONICAL_COLUMNS,
            "reader = 'canonical' takes no key_prefix.",
        ),
        (
            READER_BASE + CANONICAL_COLUMNS.replace('status = "status"\n', ""),
            "[columns] lacks the key status (reader = 'canonical').",
        ),
        (
            READER_BASE + CANONICAL_COLUMNS + 'place = "dist"\n',
            "Unknown key columns.place; known keys: date, time, location, "
            "shots_fired_confirmed, victims_injured, victims_killed, status.",
        ),
    ],
)
def test_a_readers_format_is_refused_naming_the_key(text, message):
    with pytest.raises(FormatError) as refused:
        from_toml(text)
    assert str(refused.value) == message


def test_an_unknown_shipped_name_is_refused(db, tmp_path):
    path = write(tmp_path, "x.csv", ["a"])
    with pytest.raises(CommandError, match="Cannot read the format file"):
        call_command("import_incidents", path, "--mapping", "no-such-format")
    with pytest.raises(ValueError, match="Unknown format 'spss'; use one of canonical"):
        plan.plan(b"a\n", "spss")
