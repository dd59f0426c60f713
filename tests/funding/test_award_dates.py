"""An entry under an award is dated within the award's dates, and an award's dates keep
covering the entries that count under it."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from funding.models import Award, SpendingEntry

OBLIGATION = SpendingEntry.Kind.OBLIGATION
EXPENDITURE = SpendingEntry.Kind.EXPENDITURE
D = datetime.date
OUTSIDE = (
    "{day} is outside award C-2022-014, which runs from June 1, 2022 to June 30, "
    "2023: an obligation or expenditure under an award is dated within its dates."
)


@pytest.fixture
def lighting(budget, make_award):
    """C-2022-014 of $5,000.00, June 1, 2022 to June 30, 2023."""
    return make_award("C-2022-014", "5000.00")


@pytest.mark.parametrize(
    ("kind", "day", "words"),
    [
        (OBLIGATION, D(2022, 5, 31), "May 31, 2022"),
        (EXPENDITURE, D(2023, 7, 1), "July 1, 2023"),
    ],
)
def test_an_entry_outside_its_awards_dates_is_refused(
    lighting, make_spending, kind, day, words
):
    make_spending(OBLIGATION, D(2022, 6, 1), "1000.00", award=lighting)
    with pytest.raises(ValidationError) as excinfo:
        make_spending(kind, day, "100.00", award=lighting)
    assert excinfo.value.message_dict == {"occurred_on": [OUTSIDE.format(day=words)]}
    assert SpendingEntry.objects.count() == 1
    # The same entry outside the award is the project's alone: no award, no dates.
    assert make_spending(kind, day, "100.00").award is None


def test_entries_on_the_awards_first_and_last_day_are_within_it(
    lighting, make_spending
):
    make_spending(OBLIGATION, D(2022, 6, 1), "1000.00", award=lighting)
    make_spending(EXPENDITURE, D(2023, 6, 30), "1000.00", award=lighting)
    assert SpendingEntry.objects.filter(award=lighting).count() == 2


@pytest.fixture
def entry_post(area, project, lighting):
    return {
        "kind": "obligation",
        "area": area.pk,
        "project": project.pk,
        "occurred_on": "2022-05-20",
        "amount": "2500.00",
        "payee": "Bright Streets LLC",
        "description": "First phase",
        "reference": "PO-1",
        "reason": "",
        "award": lighting.pk,
    }


def test_the_form_shows_the_date_rule_next_to_the_date(editor_client, entry_post):
    response = editor_client.post(reverse("funding:record_entry"), entry_post)
    assert response.status_code == 200
    message = OUTSIDE.format(day="May 20, 2022")
    assert response.context["form"].errors == {"occurred_on": [message]}
    assert f"Error: {message}" in response.content.decode()
    assert not SpendingEntry.objects.exists()


def test_an_awards_dates_cannot_leave_out_the_entries_under_it(lighting, make_spending):
    make_spending(OBLIGATION, D(2022, 6, 1), "1000.00", award=lighting)
    make_spending(OBLIGATION, D(2022, 6, 10), "1000.00", award=lighting)
    make_spending(EXPENDITURE, D(2023, 3, 1), "500.00", award=lighting)
    lighting.starts_on, lighting.ends_on = D(2022, 6, 15), D(2023, 2, 28)
    with pytest.raises(ValidationError) as excinfo:
        lighting.full_clean()
    assert excinfo.value.message_dict == {
        "starts_on": [
            "2 entries under this award are dated before June 15, 2022, the earliest "
            "on June 1, 2022: an award's dates cover every obligation and expenditure "
            "under it. Correct those entries first."
        ],
        "ends_on": [
            "1 entry under this award is dated after February 28, 2023, the latest on "
            "March 1, 2023: an award's dates cover every obligation and expenditure "
            "under it. Correct those entries first."
        ],
    }


def test_a_void_entry_does_not_hold_the_awards_dates(lighting, make_spending):
    make_spending(OBLIGATION, D(2022, 6, 1), "1000.00", award=lighting)
    late = make_spending(EXPENDITURE, D(2023, 3, 1), "500.00", award=lighting)
    late.void("Entered twice.", None)
    lighting.ends_on = D(2023, 2, 28)
    lighting.full_clean()


def test_the_award_form_shows_the_rule_next_to_the_date(
    editor_client, lighting, make_spending, area, project
):
    make_spending(OBLIGATION, D(2022, 6, 1), "1000.00", award=lighting)
    url = reverse("funding:award_edit", args=[lighting.pk])
    data = {
        "number": "C-2022-014",
        "kind": "contract",
        "recipient_kind": "organization",
        "recipient": "Bright Streets LLC",
        "amount": "5000.00",
        "starts_on": "2022-07-01",
        "ends_on": "2023-06-30",
        "purpose": "Street lighting.",
        "version": lighting.version,
    }
    response = editor_client.post(url, data)
    assert response.context["form"].errors == {
        "starts_on": [
            "1 entry under this award is dated before July 1, 2022, the earliest on "
            "June 1, 2022: an award's dates cover every obligation and expenditure "
            "under it. Correct those entries first."
        ]
    }
    assert Award.objects.get().starts_on == D(2022, 6, 1)
    response = editor_client.post(url, {**data, "starts_on": "2022-06-01"})
    assert response.status_code == 302
    assert Award.objects.get().version == 2


def test_an_entry_outside_its_awards_new_dates_is_not_restored(
    editor_client, lighting, make_spending
):
    make_spending(OBLIGATION, D(2022, 6, 1), "1000.00", award=lighting)
    late = make_spending(EXPENDITURE, D(2023, 3, 1), "500.00", award=lighting)
    late.void("Entered twice.", None)
    lighting.ends_on = D(2023, 2, 28)
    lighting.full_clean()
    lighting.save()
    response = editor_client.post(
        reverse("funding:restore_entry", args=[late.pk]), {"reason": "Mistake"}
    )
    assert response.context["form"].non_field_errors() == [
        "This entry cannot be restored: March 1, 2023 is outside award C-2022-014, "
        "which runs from June 1, 2022 to February 28, 2023: an obligation or "
        "expenditure under an award is dated within its dates."
    ]
    assert SpendingEntry.all_objects.get(pk=late.pk).is_voided


def test_the_sample_entries_under_awards_are_dated_within_them(db):
    call_command("load_sample_data", stdout=io.StringIO())
    spans = {
        award.number: (award.starts_on, award.ends_on)
        for award in Award.objects.filter(entries__isnull=False).distinct()
    }
    for entry in SpendingEntry.objects.filter(award__isnull=False):
        first, last = spans[entry.award.number]
        assert first <= entry.occurred_on <= last, entry
    assert spans == {
        "C-2022-014": (D(2022, 6, 15), D(2026, 12, 31)),
        "G-2023-003": (D(2023, 6, 15), D(2024, 12, 31)),
        "G-2024-011": (D(2024, 12, 16), D(2026, 12, 31)),
        "VI-2022-001": (D(2022, 6, 15), D(2024, 12, 31)),
        "VI-2025-001": (D(2024, 12, 16), D(2026, 12, 31)),
    }
