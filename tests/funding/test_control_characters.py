"""A control character in a name or identifier is refused where it is entered (forms,
the admin and the import of Treasury reports), so no export of a period fails on one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from funding.models import FundingArea, Program, TreasuryProject
from funding.period_import import import_period_report

HEADER = (
    "year,quarter,project_id,budget,total_obligations,total_expenditures,"
    "current_obligations,current_expenditures"
)
# NUL, tab, newline, carriage return, escape, delete and a C1 control (NEL).
CONTROLS = ["\x00", "\t", "\n", "\r", "\x1b", "\x7f", "\x85"]


@pytest.mark.parametrize("character", CONTROLS)
@pytest.mark.parametrize(
    ("record", "field"),
    [
        ("project", "identifier"),
        ("project", "name"),
        ("area", "name"),
        ("program", "name"),
    ],
)
def test_a_control_character_in_a_name_is_a_field_error(
    request, record, field, character
):
    instance = request.getfixturevalue(record)
    setattr(instance, field, f"Ab{character}c")
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    assert excinfo.value.message_dict[field] == [
        f"Remove the control character (U+{ord(character):04X}) at position 3: a "
        "name or identifier is one line of plain text."
    ]


def test_names_in_any_script_with_punctuation_are_accepted(project):
    project.name = "Ça va – Straße № 5 “quoted” 東京"
    project.full_clean()


def test_the_import_refuses_a_control_character_in_a_project_identifier(db):
    text = f"{HEADER}\r\n2022,Q3,ARP\x1b1,$1.00,0,0,0,0\r\n"
    report = import_period_report(text, "P", "A")
    assert [str(problem) for problem in report.problems] == [
        "Line 2, column project_id: Remove the control character (U+001B) at "
        "position 4: a name or identifier is one line of plain text."
    ]
    assert not TreasuryProject.objects.exists()


@pytest.mark.parametrize(
    ("program", "area", "what"), [("P\t1", "A", "program"), ("P", "A\x0bB", "area")]
)
def test_the_import_refuses_a_control_character_in_the_program_or_area_name(
    db, program, area, what
):
    text = f"{HEADER}\r\n2022,Q3,ARP-1,$1.00,0,0,0,0\r\n"
    report = import_period_report(text, program, area)
    position = 2
    code = "0009" if what == "program" else "000B"
    assert [str(problem) for problem in report.problems] == [
        f"File: the {what} name: Remove the control character (U+{code}) at position "
        f"{position}: a name or identifier is one line of plain text."
    ]
    assert not Program.objects.exists() and not FundingArea.objects.exists()


def test_the_admin_refuses_a_project_named_with_a_control_character(
    admin_client, project
):
    url = reverse("admin:funding_treasuryproject_change", args=[project.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        **{name: form[name].value() or "" for name in form.fields},
        "name": "Buy\x0cbacks",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "Remove the control character (U+000C) at position 4: a name or identifier "
        "is one line of plain text."
    ]
    project.refresh_from_db()
    assert project.name == "Buybacks"
