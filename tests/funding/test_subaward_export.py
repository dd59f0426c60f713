"""The report to Treasury's subaward section and the projects' evidence questions."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from funding.ledger import Ledger
from funding.reporting import period_figures

D = datetime.date
SUBAWARD_HEADER = [
    "Section",
    "Award_Number",
    "Award_Type",
    "Recipient",
    "Awards",
    "Award_Amount",
    "Award_Start_Date",
    "Award_End_Date",
    "Project_Identification_Number__c",
    "Current_Period_Obligations__c",
    "Current_Period_Expenditures__c",
    "illustrative",
]


@pytest.fixture
def awards(budget, make_award, make_spending, q3):
    """Under BGM-01 in 2022-Q3 (July to September): a $60,000 contract with $1,500
    spent in the quarter of $6,000 obligated in June; two grants under $50,000, one with
    $300 obligated in the quarter; two gift cards to people, one paid in the quarter;
    and a grant that starts after the quarter."""
    contract = make_award("C-2022-014", "60000.00", recipient="=HYPERLINK(1)")
    make_spending("obligation", D(2022, 6, 1), "6000.00", award=contract)
    make_spending("expenditure", D(2022, 6, 20), "1000.00", award=contract)
    make_spending("expenditure", D(2022, 8, 1), "1500.00", award=contract)
    grant = make_award("G-2022-002", "20000.00", kind="grant", recipient="Watch A")
    make_spending("obligation", D(2022, 7, 15), "300.00", award=grant)
    make_award("G-2022-003", "10000.00", kind="grant", recipient="Watch B")
    card = make_award(
        "BB-0001",
        "100.00",
        kind="direct_payment",
        recipient_kind="individual",
        recipient="Pat Example",
        starts_on=D(2022, 8, 13),
        ends_on=D(2022, 8, 13),
    )
    make_spending("obligation", D(2022, 8, 13), "100.00", award=card)
    make_spending("expenditure", D(2022, 8, 13), "100.00", award=card)
    make_award(
        "BB-0002",
        "200.00",
        kind="direct_payment",
        recipient_kind="individual",
        recipient="Sam Example",
        starts_on=D(2022, 9, 10),
        ends_on=D(2022, 9, 10),
        illustrative=True,
    )
    make_award("G-2022-009", "5000.00", kind="grant", starts_on=D(2022, 10, 1))


ROWS = [
    [
        "Subaward",
        "C-2022-014",
        "Contract",
        "'=HYPERLINK(1)",
        "1",
        "60000.00",
        "2022-06-01",
        "2023-06-30",
        "BGM-01",
        "0.00",
        "1500.00",
        "false",
    ],
    [
        "Aggregate under $50,000",
        "",
        "Grant",
        "",
        "2",
        "30000.00",
        "",
        "",
        "",
        "300.00",
        "0.00",
        "false",
    ],
    [
        "Payments to individuals",
        "",
        "Direct payment",
        "",
        "2",
        "300.00",
        "",
        "",
        "",
        "100.00",
        "100.00",
        "true",
    ],
]


def test_the_subaward_csv_lists_large_awards_and_adds_up_the_rest(
    viewer_client, awards
):
    url = reverse("funding:period_report_subawards_csv", args=["2022-Q3"])
    response = viewer_client.get(url)
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="treasury-report-2022-Q3-subawards.csv"'
    )
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        SUBAWARD_HEADER,
        *ROWS,
    ]


def test_the_workbook_has_the_subawards_sheet_with_numbers(viewer_client, awards):
    response = viewer_client.get(
        reverse("funding:period_report_xlsx", args=["2022-Q3"])
    )
    sheet = load_workbook(io.BytesIO(response.content))["Subawards"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == SUBAWARD_HEADER
    assert rows[1][:6] == [
        "Subaward",
        "C-2022-014",
        "Contract",
        "'=HYPERLINK(1)",
        1,
        60000,
    ]
    assert rows[1][10] == 1500
    assert [row[0] for row in rows[1:]] == [row[0] for row in ROWS]
    assert sheet["F2"].number_format == "#,##0.00"


def test_the_command_writes_the_subawards(awards, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "subawards.csv"
    stdout = io.StringIO()
    call_command(
        "export_period_report",
        "--period",
        "2022-Q3",
        "--output",
        str(out),
        "--subawards",
        stdout=stdout,
    )
    assert list(csv.reader(out.open())) == [SUBAWARD_HEADER, *ROWS]
    assert stdout.getvalue() == f"2022-Q3: 1 projects, subawards written to {out}\n"


def test_the_report_page_shows_the_subawards_without_names_of_people(
    viewer_client, awards
):
    html = viewer_client.get(reverse("funding:period_report")).content.decode()
    assert "Payments to individuals: Direct payment (2)" in html
    assert "Pat Example" not in html
    assert 'href="/funding/reports/2022-Q3-subawards.csv"' in html


def test_a_report_as_recorded_lists_the_awards_as_they_were(awards, q3):
    from funding.models import Award
    from funding.reporting import period_subawards

    before = timezone.now()
    award = Award.objects.get(number="C-2022-014")
    award.amount = Decimal("70000.00")
    award.save()
    ledger = Ledger(before)
    then = period_subawards(period_figures(q3, ledger=ledger), ledger)
    now = period_subawards(period_figures(q3))
    assert (then[0].amount, now[0].amount) == (Decimal("60000.00"), Decimal("70000.00"))


# --- A project's evidence ------------------------------------------------------------


def evidence_post(project, **fields):
    return {
        "evidence_based_amount": "2500.00",
        "evidence_rationale": "Follows the Cure Violence model's evaluations.",
        "evaluation_under_way": "on",
        "opened_at": project.updated_at.isoformat(),
        **fields,
    }


def test_an_editor_sets_a_projects_evidence_and_the_report_carries_it(
    editor_client, project, budget, make_spending, q3
):
    make_spending("obligation", D(2022, 7, 1), "100.00")
    url = reverse("funding:project_evidence", args=[project.pk])
    editor_client.post(url, evidence_post(project))
    report = viewer_rows(editor_client)
    assert report[1][-3:] == [
        "2500.00",
        "Follows the Cure Violence model's evaluations.",
        "Yes",
    ]


def viewer_rows(client) -> list[list[str]]:
    url = reverse("funding:period_report_csv", args=["2022-Q3"])
    return list(csv.reader(io.StringIO(client.get(url).content.decode())))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"evidence_based_amount": "-1.00"},
            "evidence_based_amount",
            "The amount cannot be negative (-$1.00); leave it empty when none is "
            "allocated.",
        ),
        (
            {"evidence_rationale": "  "},
            "evidence_rationale",
            "Say what evidence the $2,500.00 of evidence-based interventions follows.",
        ),
        ({"evidence_based_amount": "lots"}, "evidence_based_amount", "Enter a number."),
    ],
)
def test_bad_evidence_is_shown_next_to_the_field_and_nothing_is_saved(
    editor_client, project, fields, field, message
):
    url = reverse("funding:project_evidence", args=[project.pk])
    response = editor_client.post(url, evidence_post(project, **fields))
    assert response.context["form"].errors[field] == [message]
    project.refresh_from_db()
    assert (project.evidence_based_amount, project.evaluation_under_way) == (
        None,
        False,
    )


def test_a_report_as_recorded_carries_the_evidence_of_that_moment(
    project, budget, make_spending, q3
):
    make_spending("obligation", D(2022, 7, 1), "100.00")
    before = timezone.now()
    project.evidence_based_amount = Decimal("900.00")
    project.evidence_rationale = "Studies."
    project.evaluation_under_way = True
    project.save()
    (then,) = period_figures(q3, ledger=Ledger(before))
    (now,) = period_figures(q3)
    assert then.export_row()[-3:] == ["", "", "No"]
    assert now.export_row()[-3:] == [Decimal("900.00"), "Studies.", "Yes"]


def test_the_report_page_links_editors_to_each_projects_evidence(
    editor_client, project, budget, make_spending, q3
):
    make_spending("obligation", D(2022, 7, 1), "100.00")
    html = editor_client.get(reverse("funding:period_report")).content.decode()
    assert f'href="{reverse("funding:project_evidence", args=[project.pk])}"' in html
