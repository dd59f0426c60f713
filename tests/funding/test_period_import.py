"""Import of Louisville Metro's real quarterly ARP report into the ledger.

The expected figures and revisions are read from the file itself here, with the csv module
and a parser of this test's own, independently of the import's code.
"""

import csv
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from binghamton_safety.money import parse_money
from funding.models import (
    BudgetEntry,
    FundingArea,
    Program,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
)
from funding.period_import import import_period_report
from funding.reporting import period_figures

LOUISVILLE = (
    Path(__file__).parent
    / "data"
    / "louisville_arp_project_expenditures_2021Q4-2022Q3.csv"
)
PROGRAM = "Louisville Metro ARP"
AREA = "Louisville projects"
FIGURES = [
    "budget",
    "total_obligations",
    "total_expenditures",
    "current_obligations",
    "current_expenditures",
]
HEADER = "year,quarter,project_id," + ",".join(FIGURES)


def dollars(text: str) -> Decimal:
    """This test's own reading of the file's money: "$1,234.50 ", "($5.00)", "0"."""
    text = text.strip()
    sign = -1 if text.startswith("(") else 1
    return sign * Decimal(text.strip("()").replace("$", "").replace(",", ""))


def file_rows() -> list[dict]:
    with LOUISVILLE.open(newline="") as handle:
        return [
            {
                "period": f"{row['year']}-{row['quarter']}",
                "project": row["project_id"],
                **{name: dollars(row[name]) for name in FIGURES},
            }
            for row in csv.DictReader(handle)
        ]


def file_revisions() -> set[tuple[str, str, str, Decimal]]:
    """(project, period, figure, difference) wherever a total is not the previous total
    plus the current figure."""
    by_project = defaultdict(list)
    for row in file_rows():
        by_project[row["project"]].append(row)
    found = set()
    for project, rows in by_project.items():
        previous = {"obligations": Decimal(0), "expenditures": Decimal(0)}
        for row in sorted(rows, key=lambda row: row["period"]):
            for figure in previous:
                total, current = row[f"total_{figure}"], row[f"current_{figure}"]
                difference = total - (previous[figure] + current)
                if difference:
                    found.add((project, row["period"], figure, difference))
                previous[figure] = total
    return found


def import_louisville(**options):
    return import_period_report(LOUISVILLE.read_text(), PROGRAM, AREA, **options)


def ledger_snapshot() -> list:
    return [
        list(BudgetEntry.objects.order_by("pk").values_list()),
        list(SpendingEntry.objects.order_by("pk").values_list()),
        list(TreasuryProject.objects.order_by("pk").values_list()),
        list(ReportingPeriod.objects.order_by("pk").values_list()),
        list(Program.objects.order_by("pk").values_list()),
        list(FundingArea.objects.order_by("pk").values_list()),
    ]


@pytest.fixture
def imported(db):
    return import_louisville()


def test_the_file_is_the_real_one_with_its_quirks():
    raw = LOUISVILLE.read_bytes()
    assert raw.count(b"\r\n") == 152
    assert b'"($10,099.69)"' in raw
    assert b'"$2,500,000.00 "' in raw


def test_the_summary_line_counts_rows_projects_periods_entries_and_revisions(
    imported,
):
    assert imported.summary() == (
        "151 rows, 58 projects, 4 periods, 292 entries, 18 revisions"
    )
    assert imported.saved and imported.program_created and imported.area_created
    assert BudgetEntry.objects.count() + SpendingEntry.objects.count() == 292


def test_the_number_of_entries_is_what_the_file_needs(imported):
    """One budget entry per budget change, one per non-zero current figure and one
    adjustment per revised figure."""
    needed = 0
    budgets: dict[str, Decimal] = defaultdict(Decimal)
    for row in sorted(file_rows(), key=lambda row: row["period"]):
        needed += row["budget"] != budgets[row["project"]]
        budgets[row["project"]] = row["budget"]
        needed += bool(row["current_obligations"]) + bool(row["current_expenditures"])
    needed += len(file_revisions())
    assert imported.entries == needed


def test_afterwards_the_derived_figures_equal_the_files_for_every_project_and_period(
    imported,
):
    program = Program.objects.get(name=PROGRAM)
    derived = {}
    for period in ReportingPeriod.objects.all():
        for line in period_figures(period, program):
            derived[(line.project.identifier, period.name)] = {
                name: getattr(line, name) for name in FIGURES
            }
    rows = file_rows()
    assert len(rows) == 151
    for row in rows:
        expected = {name: row[name] for name in FIGURES}
        assert derived[(row["project"], row["period"])] == expected, row


def test_the_revisions_listed_are_exactly_those_in_the_file(imported):
    listed = {(r.project, r.period, r.figure, r.difference) for r in imported.revisions}
    assert listed == file_revisions()
    assert len(listed) == 22
    assert imported.revised_project_periods == 18


def test_each_revision_is_an_adjustment_whose_reason_names_the_period(imported):
    adjustments = SpendingEntry.objects.filter(adjustment=True).select_related(
        "project"
    )
    assert {
        (
            entry.project.identifier,
            f"{entry.occurred_on.year}-Q{(entry.occurred_on.month + 2) // 3}",
            f"{entry.kind}s",
            entry.amount,
        )
        for entry in adjustments
    } == file_revisions()
    entry = adjustments.get(project__identifier="ARP-0045-YTS", kind="obligation")
    assert entry.reason == (
        "Revision in the 2022-Q3 report: total obligations reported as $440,469.13, "
        "not the $63,390.06 reported before plus the $377,079.05 of 2022-Q3 "
        "($440,469.11). The $0.02 difference revises earlier periods."
    )
    assert str(entry.occurred_on) == "2022-09-30"


def test_a_new_programs_total_is_the_sum_of_the_latest_budgets(imported):
    program = Program.objects.get(name=PROGRAM)
    assert program.total == Decimal("259892914.00")
    area = FundingArea.objects.get(program=program)
    assert (area.name, area.slug, area.position) == (AREA, "louisville-projects", 1)


def test_negative_current_figures_become_entries_with_a_reason(imported):
    entry = SpendingEntry.objects.get(
        project__identifier="ARP-0031-OMB", adjustment=False, amount__lt=0
    )
    assert (entry.kind, entry.amount, str(entry.occurred_on)) == (
        "obligation",
        Decimal("-10099.69"),
        "2022-09-30",
    )
    assert entry.reason == (
        "Negative current-period obligations in the 2022-Q3 report "
        "(a de-obligation, refund or correction)."
    )


def test_importing_the_same_file_twice_changes_nothing(imported):
    before = ledger_snapshot()
    again = import_louisville()
    assert ledger_snapshot() == before
    assert again.summary() == "151 rows, 0 projects, 0 periods, 0 entries, 18 revisions"
    assert not again.program_created and not again.area_created


def test_a_dry_run_reports_the_same_and_saves_nothing(db):
    report = import_louisville(dry_run=True)
    assert report.summary() == (
        "151 rows, 58 projects, 4 periods, 292 entries, 18 revisions"
    )
    assert not report.saved
    assert ledger_snapshot() == [[], [], [], [], [], []]


def test_an_existing_program_and_area_are_reused(program, area):
    report = import_period_report(LOUISVILLE.read_text(), program.name, area.name)
    assert not report.program_created and not report.area_created
    assert TreasuryProject.objects.filter(area=area).count() == 58
    program.refresh_from_db()
    assert program.total == Decimal("1000000.00")  # an existing total is not touched


def test_a_project_of_another_program_is_refused(program, project):
    text = f"{HEADER}\r\n2022,Q3,{project.identifier},$1.00,0,0,0,0\r\n"
    report = import_period_report(text, "Another program", "Another area")
    assert [str(p) for p in report.problems] == [
        "Line 2, column project_id: BGM-01 belongs to the program Test Safety "
        "Program, not to Another program"
    ]
    assert not Program.objects.filter(name="Another program").exists()


BAD_ROWS = [
    (
        "2022,Q3,ARP-1,$1.2.3,0,0,0,0",
        "Line 2, column budget: '$1.2.3' is not an amount of money",
    ),
    (
        "2022,Q3,ARP-1,abc,0,0,0,0",
        "Line 2, column budget: 'abc' is not an amount of money",
    ),
    (
        "2022,Q5,ARP-1,0,0,0,0,0",
        "Line 2, column quarter: unknown quarter 'Q5': expected Q1 to Q4",
    ),
    (
        "2022,,ARP-1,0,0,0,0,0",
        "Line 2, column quarter: unknown quarter '': expected Q1 to Q4",
    ),
    ("20x2,Q1,ARP-1,0,0,0,0,0", "Line 2, column year: '20x2' is not a year"),
    (
        '2022,Q3,ARP-1,0,"($5.00)",0,0,0',
        "Line 2, column total_obligations: a total cannot be negative (-$5.00)",
    ),
    (
        "2022,Q3,ARP-1,0,0,-1,0,0",
        "Line 2, column total_expenditures: a total cannot be negative (-$1.00)",
    ),
    ("2022,Q3,ARP-1,0,0,0,,0", "Line 2, column current_obligations: is empty"),
    (
        "2022,Q3,ARP-1,0,0,0,0,1.005",
        "Line 2, column current_expenditures: '1.005' has more than two decimals",
    ),
    (
        "2020,Q4,ARP-1,0,0,0,0,0",
        "Line 2, column year: 2020-Q4 ends outside ARPA's eligible period (2021-03-03 to 2026-12-31)",
    ),
    ("2022,Q3,,0,0,0,0,0", "Line 2, column project_id: is empty"),
]


@pytest.mark.parametrize(("row", "problem"), BAD_ROWS)
def test_a_bad_row_is_reported_with_its_line_and_column(db, row, problem):
    report = import_period_report(f"{HEADER}\r\n{row}\r\n", PROGRAM, AREA)
    assert [str(p) for p in report.problems] == [problem]
    assert not report.saved


def test_bad_rows_in_the_real_file_stop_the_whole_import(db):
    lines = LOUISVILLE.read_text().splitlines(keepends=True)
    lines[4] = lines[4].replace('"$5,642.98 "', '"$5,64x.98 "')
    year, _quarter, rest = lines[100].split(",", 2)
    lines[100] = f"{year},Q7,{rest}"
    report = import_period_report("".join(lines), PROGRAM, AREA)
    assert [str(p) for p in report.problems] == [
        "Line 5, column total_obligations: '$5,64x.98' is not an amount of money",
        "Line 5, column total_expenditures: '$5,64x.98' is not an amount of money",
        "Line 5, column current_obligations: '$5,64x.98' is not an amount of money",
        "Line 5, column current_expenditures: '$5,64x.98' is not an amount of money",
        "Line 101, column quarter: unknown quarter 'Q7': expected Q1 to Q4",
    ]
    assert report.rows == 151
    assert ledger_snapshot() == [[], [], [], [], [], []]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "File: the file is empty"),
        (
            "year,quarter,project_id\r\n",
            "Line 1: missing columns budget, total_obligations, total_expenditures, current_obligations, current_expenditures",
        ),
        (f"{HEADER}\r\n", "File: the file has no rows of figures"),
        (
            f"{HEADER}\r\n2022,Q3,A,0,0,0,0,0\r\n2022,Q3,A,1,0,0,0,0\r\n",
            "Line 3, column project_id: A already has figures for 2022-Q3 on line 2",
        ),
    ],
)
def test_a_malformed_file_is_refused(db, text, problem):
    report = import_period_report(text, PROGRAM, AREA)
    assert [str(p) for p in report.problems] == [problem]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"$2,500,000.00 "', Decimal("2500000.00")),
        ("($10,099.69)", Decimal("-10099.69")),
        ("0", Decimal("0.00")),
        ("1,447,465.86", Decimal("1447465.86")),
        ("-$5.00", Decimal("-5.00")),
        ("$-", Decimal("0.00")),
    ],
)
def test_money_is_read_as_real_files_write_it(text, expected):
    assert parse_money(text.strip('"')) == expected


def test_the_command_prints_the_revisions_and_ends_with_the_summary(db):
    out = io.StringIO()
    call_command(
        "import_period_report",
        str(LOUISVILLE),
        "--program",
        PROGRAM,
        "--area",
        AREA,
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[-1] == "151 rows, 58 projects, 4 periods, 292 entries, 18 revisions"
    assert (
        "Revision ARP-0045-YTS 2022-Q3 obligations: reported $440,469.13, previous "
        "total $63,390.06 + current $377,079.05, difference $0.02"
    ) in lines
    assert sum(line.startswith("Revision ") for line in lines) == 22


def test_the_command_dry_run_saves_nothing(db):
    out = io.StringIO()
    call_command(
        "import_period_report",
        str(LOUISVILLE),
        "--program",
        PROGRAM,
        "--area",
        AREA,
        "--dry-run",
        stdout=out,
    )
    assert "Dry run: nothing saved." in out.getvalue()
    assert not SpendingEntry.objects.exists()


def test_the_command_fails_on_bad_rows_and_saves_nothing(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\r\n2022,Q9,A,0,0,0,0,0\r\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "import_period_report",
            str(path),
            "--program",
            PROGRAM,
            "--area",
            AREA,
            quiet=True,
            stderr=err,
        )
    assert str(excinfo.value) == f"Nothing saved: 1 problem in {path}."
    assert err.getvalue() == (
        "Line 2, column quarter: unknown quarter 'Q9': expected Q1 to Q4\n"
    )
    assert not Program.objects.exists()


def upload(client, content: bytes, name: str = "louisville.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        reverse("funding:import_report"),
        {"file": file, "program": PROGRAM, "area": AREA},
    )


def test_the_upload_page_previews_then_saves(editor_client, editor):
    preview = upload(editor_client, LOUISVILLE.read_bytes())
    html = preview.content.decode()
    assert "Preview: nothing is saved yet" in html
    assert "151 rows, 58 projects, 4 periods, 292 entries, 18 revisions" in html
    assert not SpendingEntry.objects.exists()

    token = preview.context["token"]
    saved = editor_client.post(reverse("funding:import_report"), {"token": token})
    program = Program.objects.get(name=PROGRAM)
    assert saved.status_code == 302
    assert saved["Location"] == (
        f"{reverse('funding:reconciliation')}?period=2022-Q3&program={program.pk}"
    )
    assert SpendingEntry.objects.count() + BudgetEntry.objects.count() == 292
    assert set(SpendingEntry.objects.values_list("recorded_by", flat=True)) == {
        editor.pk
    }
    page = editor_client.get(saved["Location"]).content.decode()
    assert (
        "Imported louisville.csv: 151 rows, 58 projects, 4 periods, 292 entries, "
        "18 revisions."
    ) in page


def test_the_upload_page_shows_bad_rows_and_offers_no_save(editor_client):
    response = upload(editor_client, f"{HEADER}\r\n2022,Q3,A,zero,0,0,0,0\r\n".encode())
    html = response.content.decode()
    assert "Nothing was saved: 1 problem in the file" in html
    assert "Line 2, column budget: &#x27;zero&#x27; is not an amount of money" in html
    assert 'name="token"' not in html


def test_a_tampered_preview_is_refused(editor_client):
    response = editor_client.post(
        reverse("funding:import_report"), {"token": "forged"}, follow=True
    )
    assert "The preview could not be read: upload the file again." in (
        response.content.decode()
    )
    assert not Program.objects.exists()
