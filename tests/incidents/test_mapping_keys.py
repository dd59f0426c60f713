"""Every key of an import format file, on small files, and each refusal."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from binghamton_safety.wording import long_date
from incidents.imports.cells import strptime
from incidents.imports.mapping import FormatError, from_toml, load
from incidents.models import Incident

VICTIM_FORMAT = """
name = "Victims"
record = "incident"
rows = "victim"
key = "id"
key_prefix = "T-"
[columns]
date = "when"
location = "where"
[values.outcome]
column = "fatal"
killed = ["1"]
injured = ["0"]
unknown = [""]
[skip]
officer = ["Y"]
"""
VICTIM_ROWS = [
    "id,when,where,fatal,officer,race",
    "7.0,2023-01-05,255 Oak St,1,N,W",
    "7.0,2023-01-05,255 Oak St,0,N,B",
    "7.0,2023-01-05,255 Oak St,0,N,B",  # an exact repeat
    "7.0,2023-01-06,Main St & Front St,,N,W",  # same incident, another day
    "8,2023-02-01,Main St & Front St,0,Y,W",  # officer-involved: skipped
]
INCIDENT_FORMAT = """
name = "Incidents"
record = "incident"
rows = "incident"
key = "case"
{more}
[columns]
date = "day"
location = "place"
victims_injured = "hurt"
victims_killed = "dead"
"""
INCIDENT_HEADER = "case,day,place,hurt,dead,note"


def write(tmp_path, text: str, name: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(tmp_path, fmt: str, rows: list[str], *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_incidents",
        write(tmp_path, "\n".join(rows) + "\n", "file.csv"),
        "--mapping",
        write(tmp_path, fmt, "format.toml"),
        *args,
        stdout=out,
        quiet=True,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def refused(tmp_path, fmt: str, rows: list[str]) -> list[str]:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command(
            "import_incidents",
            write(tmp_path, "\n".join(rows) + "\n", "file.csv"),
            "--mapping",
            write(tmp_path, fmt, "format.toml"),
            stdout=io.StringIO(),
            quiet=True,
            stderr=err,
        )
    assert Incident.objects.count() == 0
    return err.getvalue().splitlines()


def saved() -> list[tuple]:
    return [
        (
            i.case_number,
            i.date.isoformat(),
            i.time.isoformat() if i.time else None,
            i.location,
            i.address,
            i.shots_fired_confirmed,
            i.status,
            sorted(i.victims.values_list("outcome", flat=True)),
        )
        for i in Incident.objects.order_by("case_number")
    ]


def test_victim_rows_make_incidents_and_the_report_counts_them(db, tmp_path):
    out, _ = run(tmp_path, VICTIM_FORMAT, VICTIM_ROWS, "--dry-run")
    today = timezone.localdate()
    assert out.splitlines() == [
        'Data-quality report (format "Victims"):',
        "  Rows read: 5",
        "  Rows skipped by rule: 1 (officer = 'Y': 1)",
        "  Exact repeats skipped: 1: row 4 (as row 3)",
        "  Repeated keys that differ (each incident keeps its first row's date, time "
        "and location): 1: T-7 (rows 2 and 5: date, location)",
        "  Unreadable or missing dates: none",
        "  Dates apart from the rest of the file (more than a year from its main "
        "span): none",
        "  Coordinates blank, 0 or outside the city's box: blank: none; 0: none; "
        "outside: none",
        "  Locations generalised to the block: 2: row 2: '255 Oak St' → "
        "'200 block of Oak St'; row 3: '255 Oak St' → '200 block of Oak St'",
        "  Victims of unknown outcome (counted as shot, not as killed): 1: row 5",
        "  Days far above the file's usual (more than 10 times the median day, and "
        "at least 10): none",
        "  Columns the format ignores (never read or stored): race",
        # The incident is of 2023: outside this year's window, it makes the figures 0.
        f"Public year-to-date figures as of {long_date(today)} (vs {today.year - 1}) "
        "if saved: confirmed shots fired no data → 0; shootings with someone hit no "
        "data → 0; people shot no data → 0; people shot and killed no data → 0; "
        "firearms recovered no data, unchanged; firearms bought back no data, "
        "unchanged.",
        f"Compared with the same days of {today.year - 1}, if saved: confirmed shots "
        "fired no data → 0; shootings with someone hit no data → 0; people shot no "
        "data → 0; people shot and killed no data → 0; firearms recovered no data, "
        "unchanged; firearms bought back no data, unchanged.",
        "Read 5 rows: 1 incident (3 victims); 1 new, 0 to update, 0 unchanged.",
        "Dry run: nothing was saved.",
    ]
    run(tmp_path, VICTIM_FORMAT, VICTIM_ROWS)
    assert saved() == [
        (
            "T-7",
            "2023-01-05",
            None,
            "200 block of Oak St",
            "255 Oak St",
            True,
            "preliminary",
            ["injured", "injured", "killed"],
        )
    ]
    out, _ = run(tmp_path, VICTIM_FORMAT, VICTIM_ROWS)
    assert (
        out == "Read 5 rows: 1 incident (3 victims); 0 new, 0 to update, 1 unchanged.\n"
    )


def incident_rows(*rows: str) -> list[str]:
    return [INCIDENT_HEADER, *rows]


REPEATED = incident_rows(
    "A,2023-03-01,Main St,1,0,x",
    "A,2023-03-01,Main St,1,0,y",  # apart only in an ignored column: a repeat
    "A,2023-03-02,Main St,2,0,x",
)


@pytest.mark.parametrize(
    "policy, victims, day", [("first", 1, "2023-03-01"), ("last", 2, "2023-03-02")]
)
def test_duplicates_first_or_last_keep_one_row(db, tmp_path, policy, victims, day):
    fmt = INCIDENT_FORMAT.format(more=f'duplicates = "{policy}"')
    out, _ = run(tmp_path, fmt, REPEATED, "--dry-run")
    lines = out.splitlines()
    assert lines[3] == "  Exact repeats skipped: 1: row 3 (as row 2)"
    assert lines[4] == (
        f"  Repeated keys that differ (the {policy} row kept): 1: A (rows 2 and 4)"
    )
    run(tmp_path, fmt, REPEATED)
    assert saved() == [
        (
            "A",
            day,
            None,
            "Main St",
            "",
            True,
            "preliminary",
            ["injured"] * victims,
        )
    ]


def test_duplicates_refuse_is_the_default(db, tmp_path):
    assert refused(tmp_path, INCIDENT_FORMAT.format(more=""), REPEATED) == [
        "Row 4, column case: 'A' is also on row 2, with other values; set duplicates "
        '= "first" or "last" to keep one of them.'
    ]


def test_times_are_utc_converts_to_the_city_time_zone(db, tmp_path):
    fmt = VICTIM_FORMAT.replace('key_prefix = "T-"', 'times_are = "utc"').replace(
        "[columns]", '[formats]\ndate = ["%m/%d/%Y", "%Y-%m-%d %H:%M:%S%z"]\n[columns]'
    )
    rows = [
        "id,when,where,fatal,officer",
        "1,2023-03-01 03:30:00+0000,Main St,0,N",  # 22:30 the day before, in EST
        "2,2023-07-01 12:00:00-0400,Main St,0,N",  # already local: noon
        "3,02/01/2023,Main St,0,N",  # no time: the date as written
    ]
    run(tmp_path, fmt, rows)
    assert [(i[0], i[1], i[2]) for i in saved()] == [
        ("1", "2023-02-28", "22:30:00"),
        ("2", "2023-07-01", "12:00:00"),
        ("3", "2023-02-01", None),
    ]


def test_times_are_local_takes_the_date_and_time_as_written(db, tmp_path):
    fmt = VICTIM_FORMAT.replace(
        "[columns]",
        '[formats]\ndate = "%Y-%m-%d %H:%M:%S+00"\ntime = "%H.%M"\n[columns]\ntime = "at"',
    )
    rows = [
        "id,when,at,where,fatal,officer",
        "1,2023-03-01 00:00:00+00,23.15,Main St,0,N",
    ]
    run(tmp_path, fmt, rows)
    assert saved()[0][:3] == ("T-1", "2023-03-01", "23:15:00")


def test_shots_status_and_a_time_column_with_the_utc_rule(db, tmp_path):
    fmt = (
        INCIDENT_FORMAT.format(more='times_are = "utc"')
        .replace('date = "day"', 'date = "day"\ntime = "at"\nstatus = "state"')
        .replace('victims_injured = "hurt"\nvictims_killed = "dead"', "")
        + '[values.shots_fired_confirmed]\ncolumn = "ballistics"\nyes = ["t"]\nno = ["f"]\n'
    )
    rows = [
        "case,day,at,place,ballistics,state",
        "A,2023-07-01,02:00:00,Main St,t,final",
        "B,2023-07-01,,Main St,f,",
    ]
    run(tmp_path, fmt, rows)
    assert saved() == [
        ("A", "2023-06-30", "22:00:00", "Main St", "", True, "final", []),
        ("B", "2023-07-01", None, "Main St", "", False, "preliminary", []),
    ]


def test_a_format_updates_only_the_fields_it_maps(db, tmp_path):
    run(
        tmp_path,
        INCIDENT_FORMAT.format(more=""),
        incident_rows("A,2023-03-01,Main St,2,1,x"),
    )
    fmt = (
        INCIDENT_FORMAT.format(more="")
        .replace('victims_injured = "hurt"\nvictims_killed = "dead"', "")
        .replace('location = "place"', "")
        + "[values.shots_fired_confirmed]\nconstant = true\n"
    )
    out, _ = run(tmp_path, fmt, ["case,day", "A,2023-03-04", "B,2023-03-05"])
    assert (
        out
        == "Read 2 rows: 2 incidents (0 victims); 1 new, 1 to update, 0 unchanged.\n"
    )
    assert saved() == [
        (
            "A",
            "2023-03-04",
            None,
            "Main St",
            "",
            True,
            "preliminary",
            ["injured", "injured", "killed"],
        ),
        ("B", "2023-03-05", None, "Location not given", "", True, "preliminary", []),
    ]
    out, _ = run(tmp_path, fmt, ["case,day", "A,2023-03-04", "B,2023-03-05"])
    assert out.endswith("0 new, 0 to update, 2 unchanged.\n")


def test_the_report_finds_coordinates_far_dates_and_lumps(db, tmp_path, settings):
    settings.CITY_BOUNDS = (42.0, -76.0, 42.2, -75.8)
    fmt = VICTIM_FORMAT.replace(
        "[columns]", '[columns]\nlatitude = "lat"\nlongitude = "lng"\nplace = "dist"'
    )
    rows = ["id,when,where,fatal,officer,lat,lng,dist"]
    rows += [f"L{n},2023-05-01,Main St,0,N,42.1,-75.9,3" for n in range(12)]
    rows += [
        "B,2023-05-02,Main St,0,N,,,3",
        "Z,2023-05-03,Main St,0,N,0,0,3",
        "O,2023-05-04,Main St,0,N,28.4,-81.6,3",
        "F,2003-05-04,Main St,0,N,42.1,-75.9,3",
    ]
    out, _ = run(tmp_path, fmt, rows, "--dry-run")
    lines = out.splitlines()
    assert lines[6] == (
        "  Dates apart from the rest of the file (more than a year from its main "
        "span): 1: 2003-05-04 (1 incident)"
    )
    assert lines[7] == (
        "  Coordinates blank, 0 or outside the city's box: blank: 1: row 14; "
        "0: 1: row 15; outside: 1: row 16 (28.4, -81.6)"
    )
    assert lines[10] == (
        "  Days far above the file's usual (more than 10 times the median day, and "
        "at least 10): 1: 2023-05-01 (12 incidents)"
    )
    assert (
        lines[12]
        == "  Place (column dist): not stored (a place is matched by its code: name "
        "the column in [places])."
    )


@pytest.mark.parametrize(
    "row, problem",
    [
        (
            "1,2023-01-05,Main St,2,N",
            "Row 2, column fatal: '2' fits no rule of [values.outcome] (killed: '1'; injured: '0'; unknown: empty).",
        ),
        ("1,,Main St,0,N", "Row 2, column when: Enter the date."),
        (
            "1,5 Jan 2023,Main St,0,N",
            "Row 2, column when: '5 Jan 2023' is not a date as %Y-%m-%d.",
        ),
        (
            "1,2023-02-29,Main St,0,N",
            "Row 2, column when: '2023-02-29' is not a date as %Y-%m-%d.",
        ),
        ("1,2099-01-05,Main St,0,N", "Row 2, column when: 2099-01-05 is in the future"),
        (
            "1,1999-12-31,Main St,0,N",
            "Row 2, column when: 1999-12-31 is before 2000-01-01, the earliest date the tracker takes.",
        ),
        (",2023-01-05,Main St,0,N", "Row 2, column id: Enter the case number."),
        ("1,2023-01-05,,0,N", "Row 2, column where: Enter the block-level location."),
    ],
)
def test_a_cell_that_fits_no_rule_is_refused(db, tmp_path, row, problem):
    errors = refused(tmp_path, VICTIM_FORMAT, ["id,when,where,fatal,officer", row])
    assert len(errors) == 1 and errors[0].startswith(problem)


def test_too_many_victims_and_victims_without_shots_are_refused(db, tmp_path, settings):
    settings.MAX_VICTIMS_PER_INCIDENT = 2
    rows = ["id,when,where,fatal,officer", *["1,2023-01-05,Main St,0,N"] * 3]
    rows[3] = "1,2023-01-05,Main St,1,N"
    rows[2] = "1,2023-01-05,Main St,,N"
    assert refused(tmp_path, VICTIM_FORMAT, rows) == [
        "Row 4, column id: Incident T-1 (row 2) already has 2 victims, the most an "
        "incident may have."
    ]
    fmt = (
        INCIDENT_FORMAT.format(more="")
        + "[values.shots_fired_confirmed]\nconstant = false\n"
    )
    assert refused(
        tmp_path,
        fmt,
        incident_rows("A,2023-03-01,Main St,1,0,x", "B,2023-03-01,Main St,x,0,x"),
    ) == [
        "Row 2: 'no', but the row has victims: someone shot means a confirmed discharge.",
        "Row 3, column hurt: 'x' is not a whole number 0 or more.",
    ]


def test_a_column_the_file_lacks_is_refused(db, tmp_path):
    assert refused(
        tmp_path, VICTIM_FORMAT, ["id,when,fatal,officer", "1,2023-01-05,0,N"]
    ) == [
        "Row 1, column where: The format's columns.location is 'where', a column the "
        "file lacks."
    ]


def test_the_command_refuses_a_bad_format_file_and_both_options(db, tmp_path):
    path = write(tmp_path, "id\n1\n", "file.csv")
    bad = write(tmp_path, 'name = "x"\n', "bad.toml")
    with pytest.raises(
        CommandError, match="bad.toml: The format lacks the key record."
    ):
        call_command("import_incidents", path, "--mapping", bad)
    with pytest.raises(CommandError, match="Give --format or --mapping, not both."):
        call_command("import_incidents", path, "--mapping", bad, "--format", "nypd")
    with pytest.raises(CommandError, match="Cannot read the format file"):
        call_command("import_incidents", path, "--mapping", str(tmp_path / "none.toml"))


BASE = VICTIM_FORMAT


@pytest.mark.parametrize(
    "change, message",
    [
        (("", "colour = 1\n"), "Unknown key colour; known keys:"),
        (
            ("[columns]", "[columns]\nshape = 'x'"),
            "Unknown key columns.shape; known keys:",
        ),
        (('record = "incident"', ""), "The format lacks the key record."),
        (('date = "when"', ""), "[columns] lacks the key date."),
        (('name = "Victims"', "name = 3"), "name must be a text, not 3."),
        (('key_prefix = "T-"', "key_prefix = 1"), "key_prefix must be a text, not 1."),
        (
            ('rows = "victim"', 'rows = "person"'),
            'rows must be "victim" or "incident", not \'person\'.',
        ),
        (
            ('record = "incident"', 'record = "recovery"'),
            "record must be \"incident\", not 'recovery'.",
        ),
        (
            ('key_prefix = "T-"', 'duplicates = "first"'),
            'duplicates applies to rows = "incident" only.',
        ),
        (
            ('key_prefix = "T-"', 'times_are = "gmt"'),
            'times_are must be "local" or "utc", not \'gmt\'.',
        ),
        (
            ("[columns]", "[columns]\nvictims_killed = 'k'"),
            'columns.victims_killed applies to rows = "incident" only.',
        ),
        (
            ("[columns]", "[columns]\nlatitude = 'lat'"),
            "[columns] needs both latitude and longitude, or neither.",
        ),
        (
            ('injured = ["0"]', 'injured = ["0", "1"]'),
            "values.outcome: '1' is in both killed and injured.",
        ),
        (
            ('injured = ["0"]', "injured = [0]"),
            "[values.outcome].injured must be a text or a list of texts.",
        ),
        (('injured = ["0"]', ""), "[values.outcome] lacks the key injured."),
        (('column = "fatal"', ""), "[values.outcome] lacks the key column."),
        (
            ("[values.outcome]", "[values.outcome]\ncolour = 1"),
            "Unknown key values.outcome.colour",
        ),
        (
            ("[skip]", "[values.shots_fired_confirmed]\nconstant = 1\n[skip]"),
            "values.shots_fired_confirmed.constant must be true or false.",
        ),
        (
            (
                "[skip]",
                "[values.shots_fired_confirmed]\ncolumn = 'b'\nyes = ['t']\n[skip]",
            ),
            "[values.shots_fired_confirmed] lacks the key no.",
        ),
        (
            ("[skip]", "[values.shots_fired_confirmed]\nyes = ['t']\n[skip]"),
            "[values.shots_fired_confirmed] needs constant, or column with yes and no.",
        ),
        (
            (
                "[skip]",
                "[values.shots_fired_confirmed]\ncolumn = 'b'\nyes = ['t']\nno = ['t']\n[skip]",
            ),
            "values.shots_fired_confirmed: 't' is in both yes and no.",
        ),
        (
            ("[skip]", "[values.status]\nconstant = 'done'\n[skip]"),
            "values.status.constant must be one of preliminary, final.",
        ),
        (("[skip]", "[values.colour]\n[skip]"), "Unknown key values.colour"),
        (
            ("[columns]", "[formats]\ndate = 'YYYY'\n[columns]"),
            "formats.date must hold strptime formats (with %).",
        ),
        (("[columns]", "[formats]\nday = '%d'\n[columns]"), "Unknown key formats.day"),
        (
            ('officer = ["Y"]', "officer = 1"),
            "[skip].officer must be a text or a list of texts.",
        ),
        (("[values.outcome]", "[values]\noutcome = 1\n[values.outcome]"), "not TOML"),
        (
            ('name = "Victims"', 'name = "Victims"\nformats = 1'),
            "formats must be a table ([formats]), not 1.",
        ),
    ],
)
def test_a_bad_format_file_is_refused_naming_the_key(change, message):
    old, new = change
    text = BASE.replace(old, new, 1) if old else new + BASE
    with pytest.raises(FormatError) as refusal:
        from_toml(text)
    assert message in str(refusal.value)


def test_victim_rows_need_an_outcome_and_incident_rows_take_none():
    with pytest.raises(FormatError, match=r'rows = "victim" needs \[values.outcome\].'):
        from_toml(BASE.split("[values.outcome]")[0])
    with pytest.raises(
        FormatError, match='values.outcome applies to rows = "victim" only.'
    ):
        from_toml(BASE.replace('rows = "victim"', 'rows = "incident"'))
    with pytest.raises(FormatError, match="Give columns.status or"):
        from_toml(
            BASE.replace("[columns]", "[columns]\nstatus = 's'")
            + "[values.status]\nconstant = 'final'\n"
        )
    with pytest.raises(FormatError, match="not both"):
        from_toml(
            BASE.replace("[columns]", "[columns]\nshots_fired_confirmed = 's'")
            + "[values.shots_fired_confirmed]\nconstant = true\n"
        )
    assert from_toml(BASE).formats_of("time") == ("%H:%M:%S", "%H:%M")


def test_a_shipped_format_is_found_by_its_name():
    assert load("philadelphia").name == "Philadelphia shooting victims"
    assert load("philadelphia").fields == (
        "date",
        "time",
        "location",
        "shots_fired_confirmed",
        "status",
        "injured",
        "killed",
    )


@pytest.mark.parametrize(
    "text, form",
    [
        ("2021-08-01 00:00:00+00", "%Y-%m-%d %H:%M:%S+00"),
        ("1/5/2019", "%m/%d/%Y"),
        ("2019-01-05T7:05", "%Y-%m-%dt%H:%M"),  # letters in any case, as strptime
        ("2019-01-05   07:05", "%Y-%m-%d %H:%M"),  # any run of whitespace
        ("5 Jan 2019", "%d %b %Y"),  # other fields: strptime itself
        ("2019-01-05 07:05:00+0100", "%Y-%m-%d %H:%M:%S%z"),
        ("23.15", "%H.%M"),
    ],
)
def test_the_quick_strptime_reads_as_strptime_does(text, form):
    assert strptime(text, form) == datetime.datetime.strptime(text, form)


@pytest.mark.parametrize(
    "text, form",
    [("2023-02-29", "%Y-%m-%d"), ("2023-1-5x", "%Y-%m-%d"), ("25:00", "%H:%M")],
)
def test_the_quick_strptime_refuses_as_strptime_does(text, form):
    with pytest.raises(ValueError):
        datetime.datetime.strptime(text, form)
    with pytest.raises(ValueError):
        strptime(text, form)
