"""CSV import of incidents (canonical format) and firearm recoveries, by command."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from binghamton_safety.wording import long_date
from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim

HEADER = (
    "case_number,date,time,location,shots_fired_confirmed,victims_injured,"
    "victims_killed,status"
)
GOOD_ROWS = [
    "B-1,2022-01-05,23:10,100 block of Main St,yes,2,0,final",
    'B-2,2022-02-10,,"Clinton St & Front St",no,0,0,',
    'B-3,2022-03-15,01:05,"100 block of Court St, ""rear""",YES,0,1,Preliminary',
]


def write(tmp_path, text: str, *, bom=False, crlf=False, name="incidents.csv"):
    if crlf:
        text = text.replace("\n", "\r\n")
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def run(command, path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, str(path), *args, stdout=out, quiet=True, stderr=err)
    return out.getvalue(), err.getvalue()


def saved() -> list[tuple]:
    return [
        (
            i.case_number,
            i.date.isoformat(),
            i.time.strftime("%H:%M") if i.time else None,
            i.location,
            i.shots_fired_confirmed,
            i.status,
            sorted(i.victims.values_list("outcome", flat=True)),
        )
        for i in Incident.objects.order_by("case_number")
    ]


EXPECTED = [
    (
        "B-1",
        "2022-01-05",
        "23:10",
        "100 block of Main St",
        True,
        "final",
        ["injured"] * 2,
    ),
    ("B-2", "2022-02-10", None, "Clinton St & Front St", False, "preliminary", []),
    (
        "B-3",
        "2022-03-15",
        "01:05",
        '100 block of Court St, "rear"',
        True,
        "preliminary",
        ["killed"],
    ),
]


@pytest.mark.parametrize(
    ("bom", "crlf"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_a_good_file_imports_with_or_without_bom_and_crlf(db, tmp_path, bom, crlf):
    path = write(tmp_path, "\n".join([HEADER, *GOOD_ROWS]) + "\n", bom=bom, crlf=crlf)
    out, err = run("import_incidents", path)
    assert out == (
        "Read 3 rows: 3 incidents (3 victims); 3 new, 0 to update, 0 unchanged.\n"
    )
    assert err == ""
    assert saved() == EXPECTED
    assert Incident.objects.filter(illustrative=True).count() == 0


def test_a_quoted_field_may_hold_a_line_break_and_row_numbers_stay_right(db, tmp_path):
    text = "\n".join(
        [HEADER, 'B-9,2022-01-05,,"100 block of\nMain St",yes,1,0,final', "B-10,bad"]
    )
    with pytest.raises(CommandError):
        run("import_incidents", write(tmp_path, text))
    path = write(tmp_path, text.rsplit("\n", 1)[0])
    run("import_incidents", path)
    assert Incident.objects.get().location == "100 block of\nMain St"


def test_importing_the_same_file_twice_changes_nothing(db, tmp_path):
    path = write(tmp_path, "\n".join([HEADER, *GOOD_ROWS]))
    run("import_incidents", path)
    before = list(Incident.objects.values_list("pk", "updated_at").order_by("pk"))
    victims = list(Victim.objects.values_list("pk", flat=True).order_by("pk"))
    out, _ = run("import_incidents", path)
    assert out == (
        "Read 3 rows: 3 incidents (3 victims); 0 new, 0 to update, 3 unchanged.\n"
    )
    assert (
        list(Incident.objects.values_list("pk", "updated_at").order_by("pk")) == before
    )
    assert list(Victim.objects.values_list("pk", flat=True).order_by("pk")) == victims


def test_a_corrected_row_updates_its_incident_and_keeps_staff_fields(db, tmp_path):
    run("import_incidents", write(tmp_path, "\n".join([HEADER, *GOOD_ROWS])))
    Incident.objects.filter(case_number="B-1").update(
        address="12 Main Street", notes="Staff note"
    )
    corrected = GOOD_ROWS[0].replace("yes,2,0,final", "yes,1,1,final")
    out, _ = run("import_incidents", write(tmp_path, "\n".join([HEADER, corrected])))
    assert out == (
        "Read 1 row: 1 incident (2 victims); 0 new, 1 to update, 0 unchanged.\n"
    )
    incident = Incident.objects.get(case_number="B-1")
    assert sorted(incident.victims.values_list("outcome", flat=True)) == [
        "injured",
        "killed",
    ]
    assert (incident.address, incident.notes) == ("12 Main Street", "Staff note")
    assert Incident.objects.count() == 3


BAD_FILE = "\n".join(
    [
        HEADER,
        "B-1,2022-01-05,23:10,100 block of Main St,yes,2,0,final",
        ",2022-01-06,,100 block of Main St,yes,0,0,final",
        "B-3,2022-13-01,,100 block of Main St,yes,0,0,final",
        "B-4,05/04/2022,,100 block of Main St,yes,0,0,final",
        "B-5,2022-01-07,25:00,100 block of Main St,yes,0,0,final",
        "B-6,2022-01-08,7pm,100 block of Main St,yes,0,0,final",
        "B-7,2022-01-09,,,yes,0,0,final",
        "B-8,2022-01-10,,100 block of Main St,maybe,0,0,final",
        "B-9,2022-01-11,,100 block of Main St,yes,-1,two,final",
        "B-10,2022-01-12,,100 block of Main St,yes,0,0,closed",
        "B-1,2022-01-13,,100 block of Main St,yes,0,0,final",
        "B-12,2022-01-14,,100 block of Main St,no,1,0,final",
        "B-13,2022-01-15,,100 block of Main St,yes,0",
        "B-14,2999-01-01,,100 block of Main St,yes,0,0,final",
        "",
        "B-16,2022-01-16,,100 block of Main St,yes,0,0,final",
    ]
)
BAD_FILE_REPORT = [
    "Row 3, column case_number: Enter the case number.",
    "Row 4, column date: '2022-13-01' is not a real date.",
    "Row 5, column date: '05/04/2022' is not a date as YYYY-MM-DD.",
    "Row 6, column time: '25:00' is not a real time.",
    "Row 7, column time: '7pm' is not a time as HH:MM (or empty).",
    "Row 8, column location: Enter the block-level location.",
    "Row 9, column shots_fired_confirmed: 'maybe' is not yes or no.",
    "Row 10, column victims_injured: '-1' is not a whole number 0 or more.",
    "Row 10, column victims_killed: 'two' is not a whole number 0 or more.",
    "Row 11, column status: 'closed' is not preliminary or final (or empty).",
    "Row 12, column case_number: 'B-1' is also on row 2.",
    "Row 13, column shots_fired_confirmed: 'no', but the row has victims: someone "
    "shot means a confirmed discharge.",
    "Row 14: The row has 6 fields; the header has 8.",
    "Row 15, column date: 2999-01-01 is in the future (today is "
    f"{datetime.date.today():%Y-%m-%d}).",
]


def test_every_bad_row_is_reported_and_nothing_is_saved(db, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_incidents",
            str(write(tmp_path, BAD_FILE)),
            "--complete-through",
            "2022-01-31",
            stdout=out,
            quiet=True,
            stderr=err,
        )
    assert str(raised.value) == "14 problems in incidents.csv; nothing was saved."
    assert err.getvalue().splitlines() == BAD_FILE_REPORT
    assert out.getvalue() == ""
    assert (Incident.objects.count(), Victim.objects.count()) == (0, 0)
    assert DataCompleteness.current() is None


@pytest.mark.parametrize(
    ("content", "report"),
    [
        (b"", ["Row 1: The file is empty; a header row is required."]),
        (HEADER.encode() + b"\n", ["Row 1: The file has a header but no data rows."]),
        (
            b"case_number,date,location\nB-1,2022-01-05,Main St\n",
            [
                "Row 1: The header lacks the columns time, shots_fired_confirmed, "
                "victims_injured, victims_killed, status; expected " + HEADER + "."
            ],
        ),
        (
            (HEADER + ",victim_name\n").encode() + GOOD_ROWS[0].encode() + b",x\n",
            ["Row 1: Unknown column victim_name."],
        ),
        (
            (HEADER + "\n" + GOOD_ROWS[0] + "\n").encode()
            + "B-2,2022-01-06,,Caf\u00e9 block,yes,0,0,final\n".encode("latin-1"),
            ["Row 3: The file is not UTF-8 text (byte 0xe9); save it as UTF-8."],
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_rejected_whole(db, tmp_path, content, report):
    path = tmp_path / "incidents.csv"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_incidents", str(path), stdout=io.StringIO(), quiet=True, stderr=err
        )
    assert err.getvalue().splitlines() == report
    assert Incident.objects.count() == 0


def test_a_dry_run_reports_and_saves_nothing(db, tmp_path):
    path = write(tmp_path, "\n".join([HEADER, *GOOD_ROWS]))
    out, _ = run(
        "import_incidents", path, "--dry-run", "--complete-through", "2022-03-31"
    )
    lines = out.splitlines()
    today = timezone.localdate()
    # The data-quality report, then how the public figures would change (the as-of date
    # moves from today to the file's complete-through date), then the plan.
    assert lines[0] == 'Data-quality report (format "Incidents, canonical CSV"):'
    assert lines[-3:] == [
        "Public year-to-date figures as of March 31, 2022 (vs 2021) if saved, instead "
        f"of as of {long_date(today)} (vs {today.year - 1}): confirmed shots fired no "
        "data → 2; shootings with someone hit no data → 2; people shot no data → 3; "
        "people shot and killed no data → 1; firearms recovered no data, unchanged; "
        "firearms bought back no data, unchanged.",
        "Read 3 rows: 3 incidents (3 victims); 3 new, 0 to update, 0 unchanged.",
        "Dry run: nothing was saved.",
    ]
    assert Incident.objects.count() == 0
    assert DataCompleteness.current() is None


def test_complete_through_is_set_once_the_import_succeeds(db, tmp_path):
    path = write(tmp_path, "\n".join([HEADER, *GOOD_ROWS]))
    out, _ = run("import_incidents", path, "--complete-through", "2022-03-31")
    assert out.splitlines()[-1] == "Data complete through 2022-03-31."
    assert DataCompleteness.current() == datetime.date(2022, 3, 31)


@pytest.mark.parametrize("value", ["2022-3-31", "31/03/2022", "2999-01-01", "20220331"])
def test_a_bad_complete_through_date_stops_before_reading(db, tmp_path, value):
    path = write(tmp_path, "\n".join([HEADER, *GOOD_ROWS]))
    with pytest.raises(CommandError, match="argument --complete-through"):
        run("import_incidents", path, "--complete-through", value)
    assert Incident.objects.count() == 0


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nothing-here.csv"):
        run("import_incidents", tmp_path / "nothing-here.csv")


# --- Firearm recoveries --------------------------------------------------------------

RECOVERY_HEADER = "reference,date,count,weapon_type,location,case_number"


def test_firearm_recoveries_import_and_link_to_saved_incidents(make_incident, tmp_path):
    make_incident("2022-05-03", case_number="B-77")
    path = write(
        tmp_path,
        "\n".join(
            [
                RECOVERY_HEADER,
                "P-1,2022-05-04,3,12,Oak St,B-77",
                "P-2,2022-05-04,1,,200 block of Main St,",
            ]
        ),
        name="recoveries.csv",
    )
    out, _ = run("import_firearm_recoveries", path)
    assert out == (
        "Read 2 rows: 2 firearm recoveries (4 firearms); 2 new, 0 to update, "
        "0 unchanged.\n"
    )
    rows = FirearmRecovery.objects.order_by("reference").values_list(
        "reference", "count", "weapon_type", "location", "incident__case_number"
    )
    assert list(rows) == [
        ("P-1", 3, "12", "Oak St", "B-77"),
        ("P-2", 1, "", "200 block of Main St", None),
    ]
    out, _ = run("import_firearm_recoveries", path)
    assert "0 new, 0 to update, 2 unchanged." in out


def test_every_bad_recovery_row_is_reported_and_nothing_is_saved(db, tmp_path):
    path = write(
        tmp_path,
        "\n".join(
            [
                RECOVERY_HEADER,
                "P-1,2022-05-04,3,12,Oak St,",
                "P-2,2022-05-04,0,12,Oak St,",
                "P-3,2022-05-04,2,16,Oak St,",
                "P-4,2022-05-04,1,11,,NO-SUCH-CASE",
                "P-1,2022-05-05,1,,Oak St,",
            ]
        ),
        name="recoveries.csv",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_firearm_recoveries",
            str(path),
            stdout=io.StringIO(),
            quiet=True,
            stderr=err,
        )
    assert err.getvalue().splitlines() == [
        "Row 3, column count: '0' is not a whole number of firearms, 1 or more.",
        "Row 4, column weapon_type: '16' is not a NIBRS firearm code (11, 12, 13, 14, "
        "15) or empty.",
        "Row 5, column location: Enter the block-level location.",
        "Row 6, column reference: 'P-1' is also on row 2.",
    ]
    assert FirearmRecovery.objects.count() == 0


def test_a_recovery_linked_to_an_unknown_case_number_is_refused(db, tmp_path):
    path = write(
        tmp_path,
        "\n".join([RECOVERY_HEADER, "P-4,2022-05-04,1,11,Oak St,NO-SUCH-CASE"]),
        name="recoveries.csv",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_firearm_recoveries",
            str(path),
            stdout=io.StringIO(),
            quiet=True,
            stderr=err,
        )
    assert err.getvalue().splitlines() == [
        "Row 2, column case_number: No incident has the case number 'NO-SUCH-CASE'; "
        "import or enter it first, or leave the column empty.",
    ]
    assert FirearmRecovery.objects.count() == 0
