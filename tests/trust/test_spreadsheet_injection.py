"""Text that staff write reaches every CSV and XLSX as text, never as a live formula;
money stays a number, negative money included."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from binghamton_safety.spreadsheet import safe_cell
from funding.models import ReportingPeriod

D = datetime.date
LINK = '=HYPERLINK("http://x","click")'
COMMAND = "+cmd|' /C calc'!A0"
SUM = "-2+3"
AT = "@SUM(A1)"
AREA = "=1+1"


@pytest.mark.parametrize(
    "text, cell",
    [
        (LINK, "'" + LINK),
        (COMMAND, "'" + COMMAND),
        (SUM, "'-2+3"),
        (AT, "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("-5.00", "-5.00"),
        ("-1.5e-05", "-1.5e-05"),
        ("1500.00", "1500.00"),
        ("Acme Events", "Acme Events"),
        ("", ""),
    ],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text, cell):
    assert safe_cell(text) == cell


@pytest.mark.parametrize(
    "value", [Decimal("-5.00"), -5, -1.5, D(2022, 6, 1), True, None]
)
def test_values_that_are_not_text_are_untouched(value):
    assert safe_cell(value) is value


@pytest.fixture
def hostile_ledger(area, project, budget, make_spending):
    """Staff text that starts like a formula in every field a spreadsheet shows, around
    $6,000 obligated in June, $1,500 spent in August and $1,000 released in August."""
    ReportingPeriod.named("2022-Q3").save()
    area.name = AREA
    area.save()
    project.name = LINK
    project.save()
    make_spending(
        "obligation",
        D(2022, 6, 1),
        "6000.00",
        payee=LINK,
        description=SUM,
        reference=COMMAND,
    )
    make_spending("expenditure", D(2022, 8, 1), "1500.00", description=AT)
    make_spending("obligation", D(2022, 8, 15), "-1000.00", reason="-released")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_ledger_csv_neutralises_staff_text(viewer_client, hostile_ledger):
    rows = csv_rows(viewer_client.get(reverse("funding:ledger_csv")))
    assert rows[1:] == [
        [
            "2022-06-01",
            "obligation",
            "'=1+1",
            "BGM-01",
            "'" + LINK,
            "'-2+3",
            "'" + COMMAND,
            "6000.00",
            "",
            "False",
            "False",
            "",
            "",
        ],
        [
            "2022-08-01",
            "expenditure",
            "'=1+1",
            "BGM-01",
            "Acme Events",
            "'@SUM(A1)",
            "",
            "1500.00",
            "",
            "False",
            "False",
            "",
            "",
        ],
        [
            "2022-08-15",
            "obligation",
            "'=1+1",
            "BGM-01",
            "Acme Events",
            "Event costs",
            "",
            "-1000.00",
            "'-released",
            "False",
            "False",
            "",
            "",
        ],
    ]


def test_the_public_funding_download_neutralises_an_area_name(client, hostile_ledger):
    rows = csv_rows(client.get("/data/funding-monthly.csv"))
    assert rows[1:] == [
        ["gun-buyback", "'=1+1", "2022-06", "6000.00", "0.00", "false"],
        ["gun-buyback", "'=1+1", "2022-08", "-1000.00", "1500.00", "false"],
    ]


TREASURY_ROW = [
    "BGM-01",
    "'" + LINK,
    "Completed less than 50%",
    "10000.00",
    "5000.00",
    "1500.00",
    "-1000.00",
    "1500.00",
    "1-Public Health",
    "1.11 Community Violence Interventions",
    "false",
    "false",
    "",  # no money allocated to evidence-based interventions
    "",
    "No",
]


def test_the_treasury_csv_neutralises_a_project_name(viewer_client, hostile_ledger):
    url = reverse("funding:period_report_csv", args=["2022-Q3"])
    assert csv_rows(viewer_client.get(url))[1:] == [TREASURY_ROW]


def test_the_category_summary_keeps_negative_money_as_numbers(
    viewer_client, hostile_ledger
):
    url = reverse("funding:period_report_categories_csv", args=["2022-Q3"])
    assert csv_rows(viewer_client.get(url))[1:] == [
        [
            "1.11 Community Violence Interventions",
            "1",
            "10000.00",
            "5000.00",
            "1500.00",
            "-1000.00",
            "1500.00",
            "false",
        ],
        [
            "Total",
            "1",
            "10000.00",
            "5000.00",
            "1500.00",
            "-1000.00",
            "1500.00",
            "false",
        ],
    ]


def assert_safe_project_sheet(content: bytes) -> None:
    sheet = load_workbook(io.BytesIO(content))["Projects"]
    name = sheet["B2"]
    assert (name.data_type, name.value) == ("s", "'" + LINK)
    money = [sheet.cell(row=2, column=column) for column in range(4, 9)]
    assert [(cell.data_type, cell.value) for cell in money] == [
        ("n", 10000),
        ("n", 5000),
        ("n", 1500),
        ("n", -1000),
        ("n", 1500),
    ]


def test_the_treasury_xlsx_stores_a_project_name_as_text(viewer_client, hostile_ledger):
    url = reverse("funding:period_report_xlsx", args=["2022-Q3"])
    assert_safe_project_sheet(viewer_client.get(url).content)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_export_command_neutralises_a_project_name(
    hostile_ledger, tmp_path, suffix
):
    output = tmp_path / f"report{suffix}"
    call_command(
        "export_period_report",
        "--period",
        "2022-Q3",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    if suffix == ".xlsx":
        assert_safe_project_sheet(output.read_bytes())
    else:
        assert list(csv.reader(io.StringIO(output.read_text())))[1:] == [TREASURY_ROW]


def test_a_control_character_saved_before_the_rule_does_not_break_the_xlsx(tmp_path):
    from openpyxl import Workbook, load_workbook

    from binghamton_safety.spreadsheet import append_row

    book = Workbook()
    append_row(book.active, ["BGM\x01-01", "ok\tname", 5])
    book.save(tmp_path / "out.xlsx")
    cells = [cell.value for cell in load_workbook(tmp_path / "out.xlsx").active[1]]
    assert cells == ["BGM\ufffd-01", "ok\tname", 5]
