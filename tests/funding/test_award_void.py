"""Voiding and restoring an award: refused while entries that count are under it, and a
void award counts nowhere (the staff list, the subaward section, the public awards, the
entry form's choices)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.awards import public_award_rows, public_awards, subaward_lines
from funding.forms import SpendingEntryForm
from funding.ledger import Ledger
from funding.models import Award, ReportingPeriod, SpendingEntry

JUNE_1 = datetime.date(2022, 6, 1)


@pytest.fixture
def lighting(budget, make_award):
    return make_award("C-2022-014", "5000.00")


def void(client, award, reason="Entered twice."):
    return client.post(
        reverse("funding:award_void", args=[award.pk]), {"reason": reason}, follow=True
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_editor_voids_an_award_with_a_reason(editor_client, editor, lighting):
    response = void(editor_client, lighting)
    assert response.redirect_chain == [(reverse("funding:award_list"), 302)]
    assert messages_of(response) == [
        "Voided award C-2022-014 Bright Streets LLC. It no longer counts."
    ]
    award = Award.all_objects.get(pk=lighting.pk)
    assert (award.void_reason, award.voided_by, award.version) == (
        "Entered twice.",
        editor,
        2,
    )
    assert not Award.objects.exists()


def test_a_void_needs_a_reason(editor_client, lighting):
    response = void(editor_client, lighting, reason="  ")
    assert response.context["form"].errors["reason"] == [
        "Give the reason for voiding the record."
    ]
    assert Award.objects.get().voided_at is None


def test_an_award_with_entries_that_count_is_not_voided(
    editor_client, lighting, make_spending
):
    obligation = make_spending("obligation", JUNE_1, "100.00", award=lighting)
    make_spending("obligation", JUNE_1, "50.00", award=lighting).void("Twice", None)
    response = void(editor_client, lighting)
    assert response.context["form"].non_field_errors() == [
        "This award cannot be voided: 1 entry that counts is recorded under it. Void "
        "those entries, or record them under another award, first."
    ]
    assert Award.objects.get().voided_at is None

    make_spending("obligation", JUNE_1, "25.00", award=lighting)
    response = void(editor_client, lighting)
    assert response.context["form"].non_field_errors() == [
        "This award cannot be voided: 2 entries that count are recorded under it. "
        "Void those entries, or record them under another award, first."
    ]
    for entry in SpendingEntry.objects.filter(award=lighting):
        entry.void("Cancelled", None)
    void(editor_client, lighting)
    assert Award.all_objects.get().is_voided
    assert not SpendingEntry.objects.filter(pk=obligation.pk).exists()


def test_a_void_award_is_restored_from_its_history(editor_client, editor, lighting):
    void(editor_client, lighting)
    history = reverse("funding:award_history", args=[lighting.pk])
    html = editor_client.get(history).content.decode()
    assert reverse("funding:award_restore", args=[lighting.pk]) in html
    response = editor_client.post(
        reverse("funding:award_restore", args=[lighting.pk]),
        {"reason": "Not a duplicate."},
        follow=True,
    )
    assert response.redirect_chain == [(history, 302)]
    assert messages_of(response) == [
        "Restored award C-2022-014 Bright Streets LLC. It counts again."
    ]
    assert Award.objects.get().void_reason == ""
    versions = response.context["versions"]
    assert [(v.action, v.note) for v in versions] == [
        ("Restored", "Not a duplicate."),
        ("Voided", "Entered twice."),
        ("Created", ""),
    ]


def test_a_void_award_is_not_edited(editor_client, lighting):
    lighting.void("Entered twice.", None)
    response = editor_client.get(
        reverse("funding:award_edit", args=[lighting.pk]), follow=True
    )
    assert response.redirect_chain == [
        (reverse("funding:award_history", args=[lighting.pk]), 302)
    ]
    assert messages_of(response) == ["This award is void: it can no longer be edited."]


def test_an_entry_is_not_restored_under_a_void_award(
    editor_client, lighting, make_spending
):
    entry = make_spending("obligation", JUNE_1, "100.00", award=lighting)
    entry.void("Twice", None)
    lighting.void("Entered twice.", None)
    response = editor_client.post(
        reverse("funding:restore_entry", args=[entry.pk]), {"reason": "Mistake"}
    )
    assert response.context["form"].non_field_errors() == [
        "This entry cannot be restored: Award C-2022-014 is void: choose another "
        "award, or restore it first."
    ]
    assert SpendingEntry.all_objects.get().is_voided


# --- A void award counts nowhere ---------------------------------------------------------


@pytest.fixture
def two_awards(lighting, make_award):
    """C-2022-014 of $5,000.00, and C-2022-015 of $60,000.00, voided."""
    voided = make_award("C-2022-015", "60000.00", recipient="Other Lights Inc.")
    voided.void("Entered under the wrong number.", None)
    return lighting, voided


def test_the_staff_list_moves_a_void_award_below(viewer_client, two_awards):
    response = viewer_client.get(reverse("funding:award_list"))
    assert [award.number for award in response.context["page"]] == ["C-2022-014"]
    assert [award.number for award in response.context["voided"]] == ["C-2022-015"]
    html = response.content.decode()
    assert "$60,000.00" not in html
    assert "Voided awards (1)" in html


def test_the_entry_form_offers_no_void_award(editor_client, two_awards):
    choices = SpendingEntryForm().fields["award"].queryset
    assert [award.number for award in choices] == ["C-2022-014"]


def test_the_public_awards_leave_a_void_award_out(two_awards, area):
    assert [award.number for award in public_awards(area).organizations] == [
        "C-2022-014"
    ]
    assert [row[3] for row in public_award_rows()] == ["Bright Streets LLC"]


def test_the_subaward_section_leaves_a_void_award_out_but_not_as_recorded_before(
    two_awards, project
):
    period = ReportingPeriod.named("2022-Q3")
    before_the_void = Award.all_objects.get(number="C-2022-015").history.earliest()
    moment = before_the_void.history_date + datetime.timedelta(microseconds=1)
    now = subaward_lines(period, [project.pk])
    then = subaward_lines(period, [project.pk], Ledger(moment))
    assert [(line.section, line.number, line.amount) for line in now] == [
        ("Aggregate under $50,000", "", Decimal("5000.00"))
    ]
    assert [(line.section, line.number, line.amount) for line in then] == [
        ("Subaward", "C-2022-015", Decimal("60000.00")),
        ("Aggregate under $50,000", "", Decimal("5000.00")),
    ]
