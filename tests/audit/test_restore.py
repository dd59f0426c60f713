"""Restoring a voided record: an editor gives a reason, the record counts again, every
figure returns exactly to what it was before the void, and the history shows the void and
the restore with who, when and why. A restore that would break the ledger is refused."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from test_void import funding_figures, incident_figures

from funding.models import BudgetEntry, SpendingEntry
from incidents.models import FirearmRecovery, Incident


@pytest.mark.parametrize("kind", ["expenditure", "budget"])
def test_a_restored_entry_counts_again_in_every_money_figure(
    editor_client, money, make_spending, area, project, kind
):
    if kind == "budget":
        entry = BudgetEntry.objects.create(
            area=area,
            project=project,
            kind="amendment",
            amount=Decimal("2000.00"),
            effective_on="2022-09-01",
        )
        void, restore = "funding:void_budget", "funding:restore_budget"
    else:
        entry = make_spending("expenditure", datetime.date(2022, 9, 1), "750.00")
        void, restore = "funding:void_entry", "funding:restore_entry"
    counted = funding_figures(editor_client)
    editor_client.post(reverse(void, args=[entry.pk]), {"reason": "Entered twice."})
    voided = funding_figures(editor_client)
    assert [name for name in counted if counted[name] != voided[name]] != []

    response = editor_client.post(
        reverse(restore, args=[entry.pk]), {"reason": "It was not a duplicate."}
    )
    history = reverse(
        "funding:budget_history" if kind == "budget" else "funding:entry_history",
        args=[entry.pk],
    )
    assert response.status_code == 302
    assert response.url == history
    assert funding_figures(editor_client) == counted
    entry = type(entry).objects.get(pk=entry.pk)
    assert (entry.voided_at, entry.voided_by, entry.void_reason) == (None, None, "")

    versions = editor_client.get(history).context["versions"]
    assert [(v.action, v.who, v.note) for v in versions[:2]] == [
        ("Restored", "editor", "It was not a duplicate."),
        ("Voided", "editor", "Entered twice."),
    ]


def test_a_restore_that_would_break_the_ledger_is_refused(
    budget, make_spending, editor_client
):
    """The obligation was voided and the budget's room used again: restoring it would
    obligate more than the budget."""
    first = make_spending("obligation", datetime.date(2022, 6, 1), "10000.00")
    editor_client.post(
        reverse("funding:void_entry", args=[first.pk]), {"reason": "Cancelled PO."}
    )
    make_spending("obligation", datetime.date(2022, 6, 2), "10000.00")

    response = editor_client.post(
        reverse("funding:restore_entry", args=[first.pk]), {"reason": "Not cancelled."}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This entry cannot be restored: Obligations for Gun Buyback Programs and "
        "project BGM-01 would reach $20,000.00 on June 2, 2022, more than their budget "
        "of $10,000.00 at that date. $0.00 can still be obligated against the budget."
    ]
    assert SpendingEntry.all_objects.get(pk=first.pk).is_voided
    assert SpendingEntry.objects.count() == 1


def test_restoring_needs_a_reason_an_editor_and_a_voided_record(
    budget, make_spending, editor_client, viewer
):
    entry = make_spending("obligation", datetime.date(2022, 6, 1), "500.00")
    url = reverse("funding:restore_entry", args=[entry.pk])
    response = editor_client.get(url)
    assert response.url == reverse("funding:entry_history", args=[entry.pk])

    entry.void("Mistake.", None)
    council_member = Client()
    council_member.force_login(viewer)
    assert council_member.post(url, {"reason": "Please."}).status_code == 403
    response = editor_client.post(url, {"reason": " "})
    assert response.context["form"].errors["reason"] == [
        "Give the reason for restoring the record."
    ]
    assert SpendingEntry.all_objects.get(pk=entry.pk).is_voided


def test_the_history_page_offers_a_restore_to_editors_only(
    budget, make_spending, editor_client, viewer
):
    entry = make_spending("obligation", datetime.date(2022, 6, 1), "500.00")
    history = reverse("funding:entry_history", args=[entry.pk])
    restore = reverse("funding:restore_entry", args=[entry.pk])
    assert restore not in editor_client.get(history).content.decode()
    entry.void("Mistake.", None)
    assert (
        f'<a href="{restore}">Restore it' in editor_client.get(history).content.decode()
    )
    council_member = Client()
    council_member.force_login(viewer)
    assert restore not in council_member.get(history).content.decode()


@pytest.mark.parametrize("what", ["incident", "recovery"])
def test_a_restored_incident_or_recovery_counts_again(
    editor_client, make_incident, make_recovery, complete_through, what
):
    complete_through("2022-05-04")
    make_incident("2021-02-01", "injured")
    if what == "incident":
        record = make_incident("2022-04-30", "injured", "killed")
    else:
        record = make_recovery("2022-04-30", 3)
    counted = incident_figures(editor_client)
    record.void("Not a real incident.", None)
    assert incident_figures(editor_client) != counted

    url = reverse(f"incidents:{what}_restore", args=[record.pk])
    response = editor_client.post(url, {"reason": "It was real."})
    assert response.url == reverse(f"incidents:{what}_history", args=[record.pk])
    assert incident_figures(editor_client) == counted
    model = Incident if what == "incident" else FirearmRecovery
    assert not model.objects.get(pk=record.pk).is_voided
    versions = editor_client.get(response.url).context["versions"]
    assert (versions[0].action, versions[0].note) == ("Restored", "It was real.")
