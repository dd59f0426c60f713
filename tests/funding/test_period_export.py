"""The period export: Treasury's column names and exact values, as CSV and as XLSX."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from funding.categories import ExpenditureCategory
from funding.models import (
    BudgetEntry,
    CompletionStatus,
    Program,
    SpendingEntry,
    TreasuryProject,
)

D = datetime.date

HEADER = [
    "Project_Identification_Number__c",
    "Name",
    "Completion_Status__c",
    "Adopted_Budget__c",
    "Total_Obligations__c",
    "Total_Expenditures__c",
    "Current_Period_Obligations__c",
    "Current_Period_Expenditures__c",
    "Project_Expenditure_Category__c",
    "Sub_Category__c",
    "completion_status_set_by_staff",
    "illustrative",
    "Spending_Allocated_Toward_Evidence_Based_Interventions",
    "Evidence_Based_Interventions_Rationale",
    "Whether_program_evaluation_is_being_conducted",
]
ILLUSTRATIVE = HEADER.index("illustrative")
NO_EVIDENCE = ["", "", "No"]
LIGHTING = (
    "2.22 Strong Healthy Communities: Neighborhood Features that Promote Health and "
    "Safety"
)
ROWS = [
    [
        "BGM-01",
        "Buybacks",
        "Completed less than 50%",
        "10000.00",
        "6000.00",
        "2500.00",
        "0.00",
        "1500.00",
        "1-Public Health",
        "1.11 Community Violence Interventions",
        "false",
        "false",
        *NO_EVIDENCE,
    ],
    [
        "BGM-02",
        "Lighting",
        "Cancelled",
        "5000.00",
        "3000.00",
        "0.00",
        "0.00",
        "0.00",
        "2-Negative Economic Impacts",
        LIGHTING,
        "true",
        "false",
        *NO_EVIDENCE,
    ],
]
CATEGORY_ROWS = [
    [
        "Expenditure category",
        "Projects",
        "Adopted_Budget__c",
        "Total_Obligations__c",
        "Total_Expenditures__c",
        "Current_Period_Obligations__c",
        "Current_Period_Expenditures__c",
        "illustrative",
    ],
    [
        "1.11 Community Violence Interventions",
        "1",
        "10000.00",
        "6000.00",
        "2500.00",
        "0.00",
        "1500.00",
        "false",
    ],
    [LIGHTING, "1", "5000.00", "3000.00", "0.00", "0.00", "0.00", "false"],
    ["Total", "2", "15000.00", "9000.00", "2500.00", "0.00", "1500.00", "false"],
]


@pytest.fixture
def ledger(budget, make_spending, other_area, q3):
    """BGM-01 spends $1,000 in Q2 and $1,500 in Q3 of $6,000 obligated in Q2.
    BGM-02, cancelled, obligated $3,000 in Q3 before it was cancelled."""
    make_spending("obligation", D(2022, 6, 1), "6000.00")
    make_spending("expenditure", D(2022, 6, 20), "1000.00")
    make_spending("expenditure", D(2022, 8, 1), "1500.00")
    lighting = TreasuryProject.objects.create(
        area=other_area,
        identifier="BGM-02",
        name="Lighting",
        expenditure_category=ExpenditureCategory.EC_2_22,
        category_rationale="Street lighting.",
        completion_status_override=CompletionStatus.CANCELLED,
    )
    BudgetEntry.objects.create(
        area=other_area,
        project=lighting,
        amount=Decimal("5000.00"),
        effective_on=D(2022, 5, 16),
    )
    make_spending(
        "obligation", D(2022, 7, 1), "3000.00", area=other_area, project=lighting
    )


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(content: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def as_text(value) -> str:
    """A cell read back from the workbook, as the CSV shows it (money to the cent)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return f"{Decimal(str(value)):.2f}"
    return value


def test_the_csv_has_treasurys_columns_and_exact_values(viewer_client, ledger):
    response = viewer_client.get(reverse("funding:period_report_csv", args=["2022-Q3"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="treasury-report-2022-Q3.csv"'
    )
    assert read_csv(response.content.decode()) == [HEADER, *ROWS]


def test_the_summary_by_category_downloads_as_csv(viewer_client, ledger):
    response = viewer_client.get(
        reverse("funding:period_report_categories_csv", args=["2022-Q3"])
    )
    assert read_csv(response.content.decode()) == CATEGORY_ROWS


def test_the_xlsx_holds_the_same_values_and_the_category_summary(viewer_client, ledger):
    response = viewer_client.get(
        reverse("funding:period_report_xlsx", args=["2022-Q3"])
    )
    sheets = read_xlsx(response.content)
    assert list(sheets) == ["Projects", "By category", "Subawards"]
    projects = sheets["Projects"]
    assert projects[0] == HEADER
    assert [[as_text(value) for value in row] for row in projects[1:]] == ROWS
    # Money cells are numbers, not text, so that the sheet can sum them.
    assert projects[1][3] == 10000
    assert Decimal(str(projects[1][5])) == Decimal("2500.00")
    categories = sheets["By category"]
    assert categories[0] == CATEGORY_ROWS[0]
    assert [
        [row[0], str(row[1]), *(as_text(value) for value in row[2:])]
        for row in categories[1:]
    ] == CATEGORY_ROWS[1:]


def test_the_export_can_be_limited_to_one_program(viewer_client, ledger, program):
    other = Program.objects.create(name="Other", total=Decimal("1.00"))
    url = reverse("funding:period_report_csv", args=["2022-Q3"])
    assert (
        len(read_csv(viewer_client.get(url, {"program": program.pk}).content.decode()))
        == 3
    )
    assert read_csv(viewer_client.get(url, {"program": other.pk}).content.decode()) == [
        HEADER
    ]
    assert viewer_client.get(url, {"program": "x"}).status_code == 404


def test_an_unknown_period_is_a_404(viewer_client, ledger):
    url = reverse("funding:period_report_csv", args=["2019-Q1"])
    assert viewer_client.get(url).status_code == 404


def test_the_command_writes_the_csv(ledger, tmp_path):
    out = tmp_path / "report.csv"
    stdout = io.StringIO()
    call_command(
        "export_period_report",
        "--period",
        "2022-Q3",
        "--output",
        str(out),
        stdout=stdout,
    )
    assert read_csv(out.read_text()) == [HEADER, *ROWS]
    assert stdout.getvalue() == f"2022-Q3: 2 projects, projects written to {out}\n"
    call_command(
        "export_period_report",
        "--period",
        "2022-Q3",
        "--output",
        str(out),
        "--by-category",
        stdout=stdout,
    )
    assert read_csv(out.read_text()) == CATEGORY_ROWS


def test_the_command_writes_the_xlsx(ledger, tmp_path):
    out = tmp_path / "report.xlsx"
    call_command(
        "export_period_report",
        "--period",
        "2022-Q3",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    sheets = read_xlsx(out.read_bytes())
    assert [[as_text(v) for v in row] for row in sheets["Projects"][1:]] == ROWS


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2019-Q1"], "No reporting period 2019-Q1. Known: 2022-Q3."),
        (["--period", "2022-Q3", "--program", "Nope"], "No program named 'Nope'."),
    ],
)
def test_the_command_refuses_unknown_names(ledger, tmp_path, arguments, message):
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "export_period_report", *arguments, "--output", str(tmp_path / "r.csv")
        )
    assert str(excinfo.value) == message


def test_the_command_refuses_other_file_types(ledger, tmp_path):
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "export_period_report",
            "--period",
            "2022-Q3",
            "--output",
            str(tmp_path / "r.pdf"),
        )
    assert str(excinfo.value) == "The output file must end in .csv or .xlsx."


def test_the_report_page_shows_the_figures_and_the_downloads(viewer_client, ledger):
    html = viewer_client.get(reverse("funding:period_report")).content.decode()
    assert "<h1>Project and Expenditure report: 2022-Q3</h1>" in html
    assert 'href="/funding/reports/2022-Q3.csv"' in html
    assert 'href="/funding/reports/2022-Q3.xlsx"' in html
    assert (
        '<td class="num" data-label="Adopted budget">$10,000.00</td>'
        '<td class="num" data-label="Total obligations">$6,000.00</td>\n'
        '<td class="num" data-label="Total expenditures">$2,500.00</td>'
        '<td class="num" data-label="Current obligations">$0.00</td>\n'
        '<td class="num" data-label="Current expenditures">$1,500.00</td></tr>'
    ) in html
    assert (
        '<td data-label="Completion status">Cancelled (set by staff; figures alone '
        "would say Completed less than 50%)"
        "</td>"
    ) in html


NOTICE = (
    "Illustrative The budgets and spending shown here are sample figures invented to "
    "demonstrate the tracker. The announcement gave no split of the $1,000,000 "
    "between the six areas."
)


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture(params=["project", "budget", "spending"])
def sample_figures(request, ledger):
    """BGM-01's figures become sample data: through its project, a budget entry or a
    spending entry flagged illustrative."""
    model = {
        "project": TreasuryProject,
        "budget": BudgetEntry,
        "spending": SpendingEntry,
    }[request.param]
    lookup = "identifier" if model is TreasuryProject else "project__identifier"
    assert model.objects.filter(**{lookup: "BGM-01"}).update(illustrative=True)


def test_the_csv_marks_each_line_of_sample_figures_illustrative(
    viewer_client, sample_figures
):
    response = viewer_client.get(reverse("funding:period_report_csv", args=["2022-Q3"]))
    rows = read_csv(response.content.decode())
    assert rows[0] == HEADER
    assert [(row[0], row[ILLUSTRATIVE]) for row in rows[1:]] == [
        ("BGM-01", "true"),
        ("BGM-02", "false"),
    ]


def test_the_summary_by_category_marks_sample_figures_illustrative(
    viewer_client, sample_figures
):
    response = viewer_client.get(
        reverse("funding:period_report_categories_csv", args=["2022-Q3"])
    )
    rows = read_csv(response.content.decode())
    assert rows[0] == CATEGORY_ROWS[0]
    assert [(row[0], row[-1]) for row in rows[1:]] == [
        ("1.11 Community Violence Interventions", "true"),
        (LIGHTING, "false"),
        ("Total", "true"),
    ]


def test_the_xlsx_of_sample_figures_has_the_column_and_a_notes_sheet(
    viewer_client, sample_figures
):
    response = viewer_client.get(
        reverse("funding:period_report_xlsx", args=["2022-Q3"])
    )
    sheets = read_xlsx(response.content)
    assert list(sheets) == ["Projects", "By category", "Subawards", "Notes"]
    assert [(row[0], row[ILLUSTRATIVE]) for row in sheets["Projects"][1:]] == [
        ("BGM-01", True),
        ("BGM-02", False),
    ]
    assert [row[-1] for row in sheets["By category"][1:]] == [True, False, True]
    assert sheets["Notes"] == [
        [
            "Illustrative: the lines marked illustrative are sample figures invented "
            "to demonstrate the tracker, not city records. Do not send them to "
            "Treasury."
        ]
    ]


def test_the_report_page_of_sample_figures_carries_the_illustrative_notice(
    viewer_client, sample_figures
):
    response = viewer_client.get(reverse("funding:period_report"))
    text = page_text(response)
    assert NOTICE in text
    assert "BGM-01 Illustrative Buybacks" in text
    assert "BGM-02 Illustrative" not in text


def test_the_report_page_of_real_figures_carries_no_illustrative_notice(
    viewer_client, ledger
):
    text = page_text(viewer_client.get(reverse("funding:period_report")))
    assert "BGM-01 Buybacks" in text
    assert NOTICE not in text
