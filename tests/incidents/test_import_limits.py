"""Import files that are too big, too long or too strange for the database.

Every bad cell is a row problem in the preview, on both the shortcut and the careful
checks of canonical rows, and the same file saves nothing when confirmed; what the preview
accepts saves on SQLite and PostgreSQL alike. A file of bad rows costs a short report.
"""

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from incidents.imports import canonical as import_canonical
from incidents.imports import formats, plan, recoveries, save
from incidents.imports import nypd as import_nypd
from incidents.models import FirearmRecovery, Incident, Victim

HEADER = ",".join(import_canonical.CANONICAL_COLUMNS)
NYPD_HEADER = ",".join(import_nypd.NYPD_COLUMNS)
RECOVERY_HEADER = ",".join(recoveries.RECOVERY_COLUMNS)


@pytest.fixture(params=["shortcut", "careful"])
def checks(request, monkeypatch):
    """Canonical rows read by the shortcut (which must turn down any doubtful row) or
    by the careful, column-by-column checks alone."""
    if request.param == "careful":
        monkeypatch.setattr(
            import_canonical, "_clean_canonical_row", lambda *args: None
        )
    return request.param


def upload(client, text: str, fmt: str = "canonical"):
    file = SimpleUploadedFile("incidents.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("incidents:import"), {"file": file, "format": fmt})


def canonical(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


NINES = "9" * 5000
BAD_CANONICAL_ROWS = [
    (
        "B-\x001,2022-01-05,,Main St,yes,0,0,",
        "Row 2, column case_number: The case number holds a control character "
        "(U+0000) at position 3; remove it.",
    ),
    (
        "B-\x1b1,2022-01-05,,Main St,yes,0,0,",
        "Row 2, column case_number: The case number holds a control character "
        "(U+001B) at position 3; remove it.",
    ),
    (
        "B-1,2022-01-05,,Main\x00St,yes,0,0,",
        "Row 2, column location: The block-level location holds a control character "
        "(U+0000) at position 5; remove it.",
    ),
    (
        f"B-1,2022-01-05,,{NINES} Main St,yes,0,0,",
        "Row 2, column location: The block-level location is 5,008 characters long; "
        "at most 200.",
    ),
    (
        f"B-1,2022-01-05,,Main St,yes,{NINES},0,",
        f"Row 2, column victims_injured: '{'9' * 40}…' (5,000 characters) is too "
        "large a number.",
    ),
    (
        "B-1,2022-01-05,,Main St,yes,1000000,0,",
        "Row 2: A row may list at most 50 victims per incident; "
        "this one lists 1,000,000.",
    ),
    (
        f"B-1,2022-01-05,,Main St,yes,0,{10**15},",
        "Row 2: A row may list at most 50 victims per incident; "
        "this one lists 1,000,000,000,000,000.",
    ),
    (
        "B-1,2022-01-05,,Main St,yes,30,21,",
        "Row 2: A row may list at most 50 victims per incident; this one lists 51.",
    ),
    (
        "B-1,0001-01-01,,Main St,yes,0,0,",
        "Row 2, column date: 0001-01-01 is before 2000-01-01, the earliest date the "
        "tracker takes.",
    ),
    (
        "B-1,1999-12-31,,Main St,yes,0,0,",
        "Row 2, column date: 1999-12-31 is before 2000-01-01, the earliest date the "
        "tracker takes.",
    ),
    (
        f'B-1,2022-01-05,,"{"x" * 131_073}",yes,0,0,',
        "Row 2: A field is longer than 131,072 characters; the file was not read "
        "past it.",
    ),
]


@pytest.mark.parametrize(("row", "problem"), BAD_CANONICAL_ROWS)
def test_a_bad_cell_is_a_row_problem_in_the_preview_and_saves_nothing(
    editor_client, checks, row, problem
):
    text = canonical("B-0,2022-01-04,,Front St,yes,1,0,", row)
    response = upload(editor_client, text)
    assert response.status_code == 200
    assert [str(e) for e in response.context["plan"].errors] == [
        problem.replace("Row 2", "Row 3")
    ]
    result = save.apply(text, formats.CANONICAL)  # as a confirm would
    assert [str(e) for e in result.errors] == [problem.replace("Row 2", "Row 3")]
    assert (Incident.objects.count(), Victim.objects.count()) == (0, 0)


def test_what_the_preview_accepts_at_the_limits_is_saved_whole(editor_client, checks):
    case_number, location = "C" * 50, "Court St\twest " + "y" * 186
    text = canonical(
        f"{case_number},2000-01-01,,{location},yes,30,20,final",
        'C-2,2022-01-05,,"Front St\nrear",yes,0,0,',
    )
    response = upload(editor_client, text)
    assert response.context["plan"].ok
    digest = response.context["stored"]["digest"]
    response = editor_client.post(
        reverse("incidents:import_confirm"), {"digest": digest}
    )
    assert response.status_code == 302
    incident = Incident.objects.get(case_number=case_number)
    assert (str(incident.date), incident.location) == ("2000-01-01", location)
    assert incident.victims.count() == 50
    assert Incident.objects.get(case_number="C-2").location == "Front St\nrear"


def test_the_most_victims_per_incident_is_a_setting(db, checks, settings):
    settings.MAX_VICTIMS_PER_INCIDENT = 2
    result = plan.plan(
        canonical("B-1,2022-01-05,,Main St,yes,2,0,", "B-2,2022-01-05,,Main,yes,2,1,"),
        formats.CANONICAL,
    )
    assert [str(e) for e in result.errors] == [
        "Row 3: A row may list at most 2 victims per incident; this one lists 3."
    ]


def nypd(*rows: str) -> str:
    return "\n".join([NYPD_HEADER, *rows]) + "\n"


NYPD_ROW = "{key},01/05/2022,10:00:00,BRONX,{precinct},false"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            nypd(NYPD_ROW.format(key="1" * 46, precinct=40)),
            f"Row 2, column INCIDENT_KEY: '{'1' * 40}…' (46 characters) is longer "
            "than an incident key (45).",
        ),
        (
            nypd(NYPD_ROW.format(key=1, precinct=NINES)),
            f"Row 2, column PRECINCT: '{'9' * 40}…' (5,000 characters) is too large "
            "a number.",
        ),
        (
            nypd("7,01/01/1999,10:00:00,BRONX,40,false"),
            "Row 2, column OCCUR_DATE: 1999-01-01 is before 2000-01-01, the earliest "
            "date the tracker takes.",
        ),
        (
            nypd(*[NYPD_ROW.format(key=7, precinct=40)] * 51),
            "Row 52, column INCIDENT_KEY: Incident 7 (row 2) already has 50 victims, "
            "the most an incident may have.",
        ),
    ],
)
def test_a_bad_nypd_row_is_a_row_problem_and_saves_nothing(db, text, problem):
    for result in [
        plan.plan(text, formats.NYPD),
        save.apply(text, formats.NYPD),
    ]:
        assert [str(e) for e in result.errors] == [problem]
    assert Incident.objects.count() == 0


def test_fifty_nypd_victims_make_one_incident(db):
    result = save.apply(nypd(*[NYPD_ROW.format(key=7, precinct=40)] * 50), "nypd")
    assert result.ok
    assert Incident.objects.get().victims.count() == 50


RECOVERY = "P-1,2022-05-04,{count},,Oak St,{case}"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            RECOVERY.format(count=NINES, case=""),
            f"Row 2, column count: '{'9' * 40}…' (5,000 characters) is not a whole "
            "number of firearms, 1 or more.",
        ),
        (
            RECOVERY.format(count=1, case="B-\x001"),
            "Row 2, column case_number: The linked case number holds a control character (U+0000) "
            "at position 3; remove it.",
        ),
        (
            RECOVERY.format(count=1, case="B" * 51),
            "Row 2, column case_number: The linked case number is 51 characters long; at most 50.",
        ),
        (
            "P-\x001,2022-05-04,1,,Oak St,",
            "Row 2, column reference: The reference holds a control character (U+0000) "
            "at position 3; remove it.",
        ),
        (
            "P-1,2022-05-04,1,,Oak\x00St,",
            "Row 2, column location: The block-level location holds a control "
            "character (U+0000) at position 4; remove it.",
        ),
        (
            "P-1,1999-12-31,1,,Oak St,",
            "Row 2, column date: 1999-12-31 is before 2000-01-01, the earliest date "
            "the tracker takes.",
        ),
    ],
)
def test_a_bad_recovery_cell_is_a_row_problem_and_saves_nothing(db, row, problem):
    text = f"{RECOVERY_HEADER}\n{row}\n"
    for result in [
        plan.plan(text, formats.RECOVERIES),
        save.apply(text, formats.RECOVERIES),
    ]:
        assert [str(e) for e in result.errors] == [problem]
    assert FirearmRecovery.objects.count() == 0


@pytest.mark.parametrize(
    ("fmt", "header", "problem"),
    [
        ("canonical", HEADER + ",case_number", "The column case_number appears twice."),
        ("canonical", HEADER + ",Status ,STATUS", "The column status appears 3 times."),
        ("nypd", NYPD_HEADER + ",boro", "The column BORO appears twice."),
        ("recoveries", RECOVERY_HEADER + ",date", "The column date appears twice."),
    ],
)
def test_a_repeated_column_is_refused_by_name(db, fmt, header, problem):
    width = header.count(",") + 1
    result = plan.plan(f"{header}\n{',' * (width - 1)}\n", fmt)
    assert [str(e) for e in result.errors] == [f"Row 1: {problem}"]


BAD_ROW = "x,x,x,x,x,x,x,x"  # six problems, and the case number repeats
BAD_FILE = canonical(*[BAD_ROW] * 1000)  # 6,999 problems


def test_the_report_lists_the_first_200_problems_and_counts_the_rest(db):
    result = plan.plan(BAD_FILE, formats.CANONICAL)
    problems = [str(e) for e in result.errors]
    assert (len(result.errors), len(problems), result.errors.more) == (6999, 200, 6799)
    assert problems[:8] == [
        "Row 2, column date: 'x' is not a date as YYYY-MM-DD.",
        "Row 2, column time: 'x' is not a time as HH:MM (or empty).",
        "Row 2, column shots_fired_confirmed: 'x' is not yes or no.",
        "Row 2, column victims_injured: 'x' is not a whole number 0 or more.",
        "Row 2, column victims_killed: 'x' is not a whole number 0 or more.",
        "Row 2, column status: 'x' is not preliminary or final (or empty).",
        "Row 3, column date: 'x' is not a date as YYYY-MM-DD.",
        "Row 3, column time: 'x' is not a time as HH:MM (or empty).",
    ]
    assert problems[12] == "Row 3, column case_number: 'x' is also on row 2."
    assert problems[-1] == (
        "Row 30, column victims_killed: 'x' is not a whole number 0 or more."
    )


def test_the_first_problems_are_kept_by_row_even_when_found_late(db):
    # Links to unknown incidents are checked after every row is read.
    rows = [f"P-{n},2022-05-04,0,,Oak St," for n in range(300)]
    text = "\n".join([RECOVERY_HEADER, "P-a,2022-05-04,1,,Oak St,B-404", *rows])
    result = plan.plan(text, formats.RECOVERIES)
    problems = [str(e) for e in result.errors]
    assert (len(result.errors), len(problems)) == (301, 200)
    assert problems[0] == (
        "Row 2, column case_number: No incident has the case number 'B-404'; "
        "import or enter it first, or leave the column empty."
    )
    assert problems[-1] == (
        "Row 201, column count: '0' is not a whole number of firearms, 1 or more."
    )


def test_the_preview_page_shows_200_problems_and_how_many_more(editor_client):
    response = upload(editor_client, BAD_FILE)
    html = response.content.decode()
    assert "Nothing was saved: 6,999 problems must be fixed first" in html
    assert "The first 200 problems, by row" in html
    assert html.count("<li>Row ") == 200
    assert "<p>… and 6,799 more problems</p>" in html


def test_the_command_prints_200_problems_and_how_many_more(db, tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text(BAD_FILE)
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_incidents", str(path), stdout=io.StringIO(), quiet=True, stderr=err
        )
    assert str(raised.value) == "6,999 problems in incidents.csv; nothing was saved."
    lines = err.getvalue().splitlines()
    assert (len(lines), lines[-1]) == (201, "… and 6,799 more problems")


def test_a_large_file_of_bad_rows_is_checked_in_little_memory(db):
    cell = "z" * 600
    row = ",".join(["", cell, cell, "", cell, cell, cell, cell])
    content = canonical(*[row] * 1400).encode()  # 5 MB, 8 problems a row
    tracemalloc.start()
    try:
        result = plan.plan(content, formats.CANONICAL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(content) > 5_000_000
    assert (len(result.errors), len(list(result.errors))) == (11_200, 200)
    # The file itself is 5 MB; one copy of it as text (or its problems) would be more.
    assert peak < 2_000_000


def test_an_open_upload_is_read_as_a_stream_and_left_open(db):
    upload = SimpleUploadedFile(
        "incidents.csv", canonical("B-1,2022-01-05,,Main St,yes,1,0,").encode()
    )
    result = plan.plan(upload, formats.CANONICAL)
    assert (result.ok, len(result.new), upload.closed) == (True, 1, False)


def test_an_open_upload_that_is_not_utf8_names_its_row(db):
    content = canonical("B-1,2022-01-05,,Main St,yes,1,0,").encode()
    upload = SimpleUploadedFile(
        "incidents.csv", content + "B-2,Caf\u00e9".encode("cp1252")
    )
    result = plan.plan(upload, formats.CANONICAL)
    assert [str(e) for e in result.errors] == [
        "Row 3: The file is not UTF-8 text (byte 0xe9); save it as UTF-8."
    ]
