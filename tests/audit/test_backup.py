"""Backup and restore: after export_data, an emptied database and import_data, every
API figure, every Treasury export and every history entry is as it was."""

import datetime
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from funding.models import ReportingPeriod, SpendingEntry
from incidents.models import Incident, Victim


def _value(row, field):
    """A field's value; a user by username: users travel by name, so a restored user may
    get another id (on PostgreSQL when earlier tests in the process made users)."""
    if field.is_relation and field.related_model is get_user_model():
        user = getattr(row, field.name)
        return user.get_username() if user else None
    return getattr(row, field.attname)


def history_entries() -> list:
    """Every history row of every tracked model, its author by username."""
    rows = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            for row in model.objects.select_related("history_user").order_by(
                "history_id"
            ):
                values = {
                    field.attname: _value(row, field)
                    for field in model._meta.concrete_fields
                    if field.attname != "history_user_id"
                }
                user = row.history_user.username if row.history_user else None
                rows.append((model.__name__, user, values))
    return rows


def figures(client, moment: str) -> dict:
    return {
        "funding": [
            client.get(reverse("api_funding"), {"as_of": day}).json()
            for day in ("2022-06-30", "2022-12-31", "2023-06-30")
        ],
        "ytd": [
            client.get(reverse("api_ytd"), {"as_of": day}).json()
            for day in ("2022-03-01", "2022-05-04", "2021-12-31")
        ],
        "treasury": client.get("/funding/reports/2022-Q3.csv").content,
        "recorded_at": client.get(
            reverse("api_funding"), {"as_of": "2022-12-31", "recorded_at": moment}
        ).json(),
        "history": history_entries(),
        "voided": sorted(
            SpendingEntry.all_objects.filter(voided_at__isnull=False).values_list(
                "pk", "void_reason", "voided_by__username"
            )
        ),
    }


@pytest.fixture
def database(editor, budget, make_spending, make_incident, make_recovery, an_hour_ago):
    """Money and incidents with corrections, a void and changes by a named editor."""
    obligation = make_spending("obligation", datetime.date(2022, 6, 1), "6000.00")
    make_spending("expenditure", datetime.date(2022, 7, 1), "2500.00")
    make_spending("expenditure", datetime.date(2022, 8, 1), "100.00").void(
        "Entered twice.", editor
    )
    obligation.amount = Decimal("6500.00")
    obligation._history_user = editor
    obligation.save()
    ReportingPeriod.named("2022-Q3").save()
    incident = make_incident("2022-02-01", "injured", case_number="BPD-1")
    make_incident("2021-03-01", "killed")
    Victim.objects.create(incident=incident, outcome="killed")
    make_recovery("2022-03-01", 2)
    moment = an_hour_ago()
    Incident.objects.get(case_number="BPD-1").void("Duplicate.", editor)
    return moment


def test_a_backup_restores_every_figure_and_every_history_entry(
    database, editor, tmp_path, django_user_model
):
    client = Client()
    client.force_login(editor)
    before = figures(client, database)
    path = tmp_path / "backup.json"

    call_command("export_data", str(path), stdout=io.StringIO())
    # PostgreSQL truncates a table only once its deferred foreign-key checks have run.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    assert history_entries() == []
    call_command("import_data", str(path), stdout=io.StringIO())

    client.force_login(django_user_model.objects.get(username="editor"))
    after = figures(client, database)
    assert after == before
    assert len(before["history"]) >= 12
    assert django_user_model.objects.get(username="editor").groups.get().name == (
        "Editors"
    )


def test_a_backup_is_restored_into_an_empty_database_only(database, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_data", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="restores into an empty database only"):
        call_command("import_data", str(path))
