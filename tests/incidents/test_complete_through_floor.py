"""No date before 2000-01-01: "data complete through", incidents and recoveries.

A "data complete through" of 0001-01-01 (a typo) made every year-to-date page fail. The
forms, the import and the command refuse such a date, and one saved before the floor
existed is ignored by the pages, as if unset.
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from incidents.forms import DataCompletenessForm, ImportForm
from incidents.imports import canonical
from incidents.models import DataCompleteness, FirearmRecovery, Incident

TYPO = datetime.date(1, 1, 1)
REFUSED = (
    "The date 0001-01-01 is before 2000-01-01, the earliest date the tracker takes."
)


@pytest.fixture
def saved_typo(db):
    """0001-01-01, saved before the forms refused it."""
    DataCompleteness.objects.create(complete_through=TYPO)


@pytest.mark.parametrize("url", ["home", "dashboard", "open_data_ytd", "api_ytd"])
def test_a_saved_typo_does_not_break_the_pages(viewer_client, saved_typo, url):
    response = viewer_client.get(reverse(url))
    assert response.status_code == 200


def test_a_saved_typo_counts_as_unset(client, saved_typo):
    data = client.get(reverse("api_ytd")).json()
    assert data["data_complete_through"] is None
    assert DataCompleteness.current() is None


def test_the_completeness_form_refuses_a_date_before_2000(db):
    form = DataCompletenessForm({"complete_through": "0001-01-01"})
    assert form.errors == {"complete_through": [REFUSED]}


def test_the_completeness_page_refuses_a_date_before_2000(editor_client):
    response = editor_client.post(
        reverse("incidents:complete_through"), {"complete_through": "1999-12-31"}
    )
    assert response.context["form"].errors["complete_through"] == [
        "The date 1999-12-31 is before 2000-01-01, the earliest date the tracker takes."
    ]
    assert DataCompleteness.objects.count() == 0


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        ("0001-01-01", REFUSED),
        ("2999-01-01", "The date January 1, 2999 is in the future (today is "),
    ],
)
def test_the_import_form_refuses_a_date_before_2000_or_after_today(db, day, problem):
    file = SimpleUploadedFile("incidents.csv", b"x")
    form = ImportForm({"format": "canonical", "complete_through": day}, {"file": file})
    assert form.errors["complete_through"][0].startswith(problem)


def test_the_command_refuses_a_date_before_2000(db, tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text(",".join(canonical.CANONICAL_COLUMNS) + "\n")
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_incidents",
            str(path),
            "--complete-through",
            "0001-01-01",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert str(raised.value) == f"Error: argument --complete-through: {REFUSED}"


def test_no_code_path_sets_a_date_before_2000(db):
    with pytest.raises(ValueError, match="0001-01-01 is before 2000-01-01"):
        DataCompleteness.set(TYPO)
    assert DataCompleteness.objects.count() == 0


@pytest.mark.parametrize(
    "record",
    [
        Incident(case_number="B-1", date=TYPO, location="Main St"),
        FirearmRecovery(reference="P-1", date=TYPO, count=1, location="Oak St"),
    ],
)
def test_an_incident_or_recovery_dated_before_2000_is_refused(db, record):
    with pytest.raises(ValidationError) as raised:
        record.full_clean()
    assert raised.value.message_dict == {"date": [REFUSED]}
