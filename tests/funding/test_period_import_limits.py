"""The import of figures reported to Treasury stays bounded and storable: a file of many
bad rows is reported in part, sums that pass the ledger's 12 digits are refused before
anything is written, and impossible years are row problems, not server errors."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from funding import period_import, period_rows
from funding.models import (
    BudgetEntry,
    Program,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
    period_bounds,
)
from funding.period_import import ERRORS_SHOWN, import_period_report

HEADER = (
    "year,quarter,project_id,budget,total_obligations,total_expenditures,"
    "current_obligations,current_expenditures"
)
BAD_ROW = "2022,Q3,A,zero,0,0,0,0"
MOST = "9999999999.99"  # the most one 12-digit amount holds


def csv_text(*rows: str) -> str:
    return "\r\n".join([HEADER, *rows]) + "\r\n"


def nothing_saved() -> bool:
    return not (
        Program.objects.exists()
        or TreasuryProject.objects.exists()
        or BudgetEntry.objects.exists()
        or SpendingEntry.objects.exists()
        or ReportingPeriod.objects.exists()
    )


def test_a_thousand_bad_rows_keep_the_first_200_problems_and_count_the_rest(db):
    report = import_period_report(csv_text(*[BAD_ROW] * 1000), "P", "A")
    shown = [str(problem) for problem in report.problems]
    assert ERRORS_SHOWN == 200
    assert len(report.problems) == 1000
    assert len(shown) == 200
    assert shown[0] == "Line 2, column budget: 'zero' is not an amount of money"
    assert shown[-1] == "Line 201, column budget: 'zero' is not an amount of money"
    assert report.problems.more_text() == "and 800 more problems"


def test_the_upload_page_lists_200_problems_and_says_how_many_more(editor_client):
    file = io.BytesIO(csv_text(*[BAD_ROW] * 1000).encode())
    file.name = "bad.csv"
    response = editor_client.post(
        reverse("funding:import_report"), {"file": file, "program": "P", "area": "A"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved: 1000 problems in the file" in html
    assert html.count("is not an amount of money</li>") == 200
    assert "<li>And 800 more problems.</li>" in html


def test_the_command_prints_200_problems_then_how_many_more(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(*[BAD_ROW] * 201))
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "import_period_report",
            str(path),
            "--program=P",
            "--area=A",
            quiet=True,
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    assert str(excinfo.value) == f"Nothing saved: 201 problems in {path}."
    assert len(lines) == 201
    assert lines[-1] == "And 1 more problem."


def test_reading_stops_after_the_most_rows_a_file_may_have(db, monkeypatch):
    monkeypatch.setattr(period_rows, "MAX_ROWS", 3)
    rows = [f"2022,Q3,P-{n},$1.00,0,0,0,0" for n in range(5)]
    report = import_period_report(csv_text(*rows), "P", "A")
    assert [str(problem) for problem in report.problems] == [
        "Line 5: the file has more than 3 rows of figures: split it, for example by "
        "quarter, and import each part"
    ]
    assert report.rows == 3
    assert nothing_saved()


def test_a_field_too_long_for_the_csv_module_is_a_problem_not_an_error(db):
    report = import_period_report(
        csv_text(f'2022,Q3,"{"x" * 200_000}",0,0,0,0,0'), "P", "A"
    )
    assert [str(problem) for problem in report.problems] == [
        "Line 2: cannot be read: field larger than field limit (131072)"
    ]


def test_budgets_that_each_fit_but_add_up_past_12_digits_make_no_new_program(db):
    text = csv_text(f"2022,Q3,A,{MOST},0,0,0,0", f"2022,Q3,B,{MOST},0,0,0,0")
    report = import_period_report(text, "P", "A")
    assert [str(problem) for problem in report.problems] == [
        "Line 3, column budget: the latest budgets add up to $19,999,999,999.98, the "
        "new program's total: more than the $9,999,999,999.99 a total can hold"
    ]
    assert not report.saved
    assert nothing_saved()


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (
            ["2022,Q3,A,6000000000.00,0,0,0,0", "2022,Q3,B,6000000000.00,0,0,0,0"],
            "Line 3, column budget: with this row the program's budget entries would "
            "add up to $12,000,000,000.00, increases and decreases alike: more than the "
            "$9,999,999,999.99 that the ledger's figures can hold",
        ),
        (
            [
                "2022,Q3,A,0,6000000000.00,0,6000000000.00,0",
                "2022,Q3,B,0,6000000000.00,0,6000000000.00,0",
            ],
            "Line 3, column total_obligations: with this row the program's obligation "
            "entries would add up to $12,000,000,000.00, increases and decreases "
            "alike: more than the $9,999,999,999.99 that the ledger's figures can hold",
        ),
        (
            [f'2022,Q3,A,0,0,0,0,"(${MOST})"'],
            "Line 2, column total_expenditures: with this row the program's "
            "expenditure entries would add up to $19,999,999,999.98, increases and "
            "decreases alike: more than the $9,999,999,999.99 that the ledger's "
            "figures can hold",
        ),
    ],
)
def test_sums_past_12_digits_in_an_existing_program_are_refused_before_writing(
    program, rows, problem
):
    report = import_period_report(csv_text(*rows), program.name, "Imported")
    assert [str(p) for p in report.problems] == [problem]
    assert not report.saved
    assert not BudgetEntry.objects.exists() and not SpendingEntry.objects.exists()
    assert not TreasuryProject.objects.exists()


def test_entries_already_saved_count_towards_the_12_digits(program):
    first = import_period_report(
        csv_text("2022,Q3,A,6000000000.00,0,0,0,0"), program.name, "Imported"
    )
    assert first.saved
    second = import_period_report(
        csv_text("2022,Q3,B,6000000000.00,0,0,0,0"), program.name, "Imported"
    )
    assert [str(p) for p in second.problems] == [
        "Line 2, column budget: with this row the program's budget entries would add "
        "up to $12,000,000,000.00, increases and decreases alike: more than the "
        "$9,999,999,999.99 that the ledger's figures can hold"
    ]
    assert list(TreasuryProject.objects.values_list("identifier", flat=True)) == ["A"]


def test_the_largest_sum_that_fits_is_saved_and_the_pages_show_it(editor_client):
    text = csv_text("2022,Q3,A,9999999999.00,0,0,0,0", "2022,Q3,B,0.99,0,0,0,0")
    report = import_period_report(text, "P", "A")
    assert report.saved
    program = Program.objects.get()
    assert program.total == Decimal(MOST)
    query = {"program": program.pk, "period": "2022-Q3"}
    for page in ("funding:overview", "funding:period_report"):
        response = editor_client.get(reverse(page), query)
        assert (page, response.status_code) == (page, 200)
        assert "$9,999,999,999.99" in response.content.decode(), page
    assert (
        editor_client.get(reverse("funding:reconciliation"), query).status_code == 200
    )


@pytest.mark.parametrize(
    ("year", "quarter", "period"),
    [
        ("0001", "Q1", "0001-Q1"),
        ("0000", "Q1", "0000-Q1"),
        ("9999", "Q4", "9999-Q4"),
        ("9999", "Q1", "9999-Q1"),
        ("2031", "Q1", "2031-Q1"),
        ("2027", "Q1", "2027-Q1"),
    ],
)
def test_an_impossible_year_is_a_row_problem(db, year, quarter, period):
    report = import_period_report(csv_text(f"{year},{quarter},A,0,0,0,0,0"), "P", "A")
    assert [str(problem) for problem in report.problems] == [
        f"Line 2, column year: {period} ends outside ARPA's eligible period "
        "(2021-03-03 to 2026-12-31)"
    ]


def test_the_upload_page_answers_an_impossible_year_with_the_problem(editor_client):
    file = io.BytesIO(csv_text("9999,Q4,A,0,0,0,0,0").encode())
    file.name = "far.csv"
    response = editor_client.post(
        reverse("funding:import_report"), {"file": file, "program": "P", "area": "A"}
    )
    assert response.status_code == 200
    assert "Line 2, column year: 9999-Q4 ends outside" in response.content.decode()


@pytest.mark.parametrize("name", ["9999-Q4", "0001-Q1", "0001", "2031", "2020-Q4"])
def test_a_period_outside_the_reporting_years_is_refused_with_its_reason(db, name):
    with pytest.raises(ValueError) as excinfo:
        period_bounds(name)
    message = f"{name!r} is not a reporting period: the years run from 2021 to 2030."
    assert str(excinfo.value) == message
    with pytest.raises(ValidationError) as invalid:
        ReportingPeriod(name=name).full_clean()
    assert invalid.value.message_dict["name"] == [message]


def test_a_file_naming_more_projects_than_one_lookup_takes_is_read_in_chunks(
    db, monkeypatch
):
    monkeypatch.setattr(period_import, "LOOKUP_CHUNK", 2)
    text = csv_text(*[f"2022,Q3,P-{n},$1.00,0,0,0,0" for n in range(5)])
    assert import_period_report(text, "P", "A").summary() == (
        "5 rows, 5 projects, 1 periods, 5 entries, 0 revisions"
    )
    assert import_period_report(text, "P", "A").summary() == (
        "5 rows, 0 projects, 0 periods, 0 entries, 0 revisions"
    )


def test_a_column_named_twice_refuses_the_file_naming_it(db):
    header = HEADER + ",budget"
    text = "\r\n".join([header, "2022,Q3,A,5.00,0,0,0,0,7.00"]) + "\r\n"
    report = import_period_report(text, "P", "A")
    assert [str(problem) for problem in report.problems] == [
        "Line 1: the column budget appears more than once"
    ]
    assert nothing_saved()
