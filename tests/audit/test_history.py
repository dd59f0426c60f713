"""The audit trail: who changed what and when, for every record that holds money or
incidents, through forms and bulk imports alike; one history page per record."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.history import as_recorded
from funding.models import (
    BudgetEntry,
    FundingArea,
    Program,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
)
from incidents.imports import formats, save
from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim


@pytest.mark.parametrize(
    "model",
    [
        Program,
        FundingArea,
        TreasuryProject,
        BudgetEntry,
        SpendingEntry,
        ReportingPeriod,
        Incident,
        Victim,
        FirearmRecovery,
        DataCompleteness,
    ],
)
def test_every_record_of_money_or_incidents_keeps_its_history(model):
    assert model.history.model._meta.db_table.endswith(
        "historical" + model._meta.model_name
    )


def test_a_correction_is_kept_with_who_when_and_the_old_and_new_values(
    editor_client, editor, budget, make_spending
):
    entry = make_spending("obligation", datetime.date(2022, 6, 1), "2500.00")
    data = {
        "kind": "obligation",
        "area": entry.area_id,
        "project": entry.project_id,
        "occurred_on": "2022-06-01",
        "amount": "3000.00",
        "payee": "Acme Events",
        "description": "Event costs",
        "reference": "",
        "reason": "",
        "version": entry.version,
    }
    editor_client.post(reverse("funding:correct_entry", args=[entry.pk]), data)
    latest = entry.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.amount) == (
        "~",
        editor,
        Decimal("3000.00"),
    )

    page = editor_client.get(reverse("funding:entry_history", args=[entry.pk]))
    newest = page.context["versions"][0]
    assert (newest.who, newest.action) == ("editor", "Changed")
    assert [(c.label, c.old, c.new) for c in newest.changes] == [
        ("Amount", "$2,500.00", "$3,000.00"),
        ("Recorded by", "—", "editor"),
    ]
    assert page.context["versions"][1].action == "Created"
    assert '$2,500.00</span> → <span class="new">$3,000.00' in page.content.decode()


def test_the_incident_history_shows_victims_added_and_removed(
    editor_client, make_incident
):
    incident = make_incident("2022-04-09", "injured", "injured", case_number="BPD-1")
    first, second = incident.victims.order_by("pk")
    data = {
        "case_number": "BPD-1",
        "date": "2022-04-09",
        "time": "",
        "location": "100 block of Main St",
        "shots_fired_confirmed": "on",
        "status": "final",
        "address": "",
        "latitude": "",
        "longitude": "",
        "notes": "",
        "version": incident.version,
        "victims-TOTAL_FORMS": "3",
        "victims-INITIAL_FORMS": "2",
        "victims-MIN_NUM_FORMS": "0",
        "victims-MAX_NUM_FORMS": "1000",
        "victims-0-id": first.pk,
        "victims-0-outcome": "killed",
        "victims-1-id": second.pk,
        "victims-1-outcome": "injured",
        "victims-1-DELETE": "on",
        "victims-2-outcome": "",
    }
    response = editor_client.post(
        reverse("incidents:incident_edit", args=[incident.pk]), data
    )
    assert response.status_code == 302
    page = editor_client.get(reverse("incidents:incident_history", args=[incident.pk]))
    lines = {
        (v.subject, v.action, tuple((c.label, c.old, c.new) for c in v.changes))
        for v in page.context["versions"]
        if v.who == "editor"
    }
    assert lines == {
        ("", "Changed", (("Status", "Preliminary", "Final"),)),
        ("Person shot", "Changed", (("Outcome", "Injured", "Killed"),)),
        ("Person shot", "Removed", (("Outcome", "Injured", "—"),)),
    }


def test_a_bulk_import_leaves_a_history_row_for_every_record_it_writes(db, editor):
    header = "case_number,date,time,location,shots_fired_confirmed,victims_injured,victims_killed,status"
    first = f"{header}\nA-1,2022-01-02,,Main St,yes,2,0,final\nA-2,2022-01-03,,Oak St,yes,0,0,final\n"
    save.apply(first.encode(), formats.CANONICAL, user=editor)
    assert Incident.history.filter(history_type="+").count() == 2
    assert Victim.history.filter(history_type="+").count() == 2
    assert {row.history_user for row in Incident.history.all()} == {editor}
    copied = Incident.history.get(case_number="A-1")
    saved = Incident.objects.get(case_number="A-1")
    assert (copied.id, copied.date, copied.location, copied.version) == (
        saved.pk,
        datetime.date(2022, 1, 2),
        "Main St",
        1,
    )
    assert as_recorded(Victim, timezone.now()).count() == 2

    changed = first.replace(
        "A-1,2022-01-02,,Main St,yes,2,0", "A-1,2022-01-02,,Main St,yes,1,1"
    )
    save.apply(changed.encode(), formats.CANONICAL, user=editor)
    updated = Incident.history.filter(history_type="~").get()
    assert (updated.case_number, updated.version) == ("A-1", 2)
    # One victim stays as they were; one is removed and one added.
    assert Victim.history.filter(history_type="-").count() == 1
    assert Victim.history.filter(history_type="+").count() == 3


def test_a_history_page_makes_the_same_number_of_queries_for_many_versions(
    viewer_client, make_recovery
):
    recovery = make_recovery("2022-03-01", 1)
    url = reverse("incidents:recovery_history", args=[recovery.pk])
    with CaptureQueriesContext(connection) as few:
        viewer_client.get(url)
    for count in range(2, 8):
        recovery.count = count
        recovery.save()
    with CaptureQueriesContext(connection) as many:
        response = viewer_client.get(url)
    assert len(response.context["versions"]) == 7
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("model", "make"),
    [("incident", "make_incident"), ("firearmrecovery", "make_recovery")],
)
def test_the_admin_offers_no_way_to_delete(
    client, django_user_model, request, model, make
):
    record = request.getfixturevalue(make)("2022-03-01")
    client.force_login(django_user_model.objects.create_superuser("root"))
    url = reverse(f"admin:incidents_{model}_delete", args=[record.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse(f"admin:incidents_{model}_changelist"))
    assert b"delete_selected" not in changelist.content
    assert type(record).all_objects.filter(pk=record.pk).exists()
