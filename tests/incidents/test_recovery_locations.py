"""Public locations of firearm recoveries are block level, as incidents' are: on the
form, on import and in the rows saved before (data migration). The exact address, when
one was given, is kept in the recovery's staff-only address field."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from test_incident_pages import recovery_post
from test_locations import _migrate

from incidents.imports import formats, plan, save
from incidents.imports import recoveries as import_recoveries
from incidents.models import FirearmRecovery

HEADER = ",".join(import_recoveries.RECOVERY_COLUMNS)
BEFORE = "0004_firearmrecovery_address"
AFTER = "0005_generalise_recovery_locations"
REASON = "Public location generalised to block level (migration 0005)."


def saved(reference: str = "P-2022-0001") -> tuple[str, str]:
    recovery = FirearmRecovery.all_objects.get(reference=reference)
    return recovery.location, recovery.address


# --- The form and any other save ----------------------------------------------------------


def test_the_form_saves_the_block_and_keeps_the_address_for_staff(editor_client):
    response = editor_client.post(
        reverse("incidents:recovery_add"), recovery_post(location="23 Tremont Ave")
    )
    assert response.status_code == 302
    assert saved() == ("unit block of Tremont Ave", "23 Tremont Ave")
    history = FirearmRecovery.history.get()
    assert (history.location, history.address) == saved()


def test_an_address_typed_on_the_form_stays(editor_client):
    editor_client.post(
        reverse("incidents:recovery_add"),
        recovery_post(location="255 Oak St", address="255 Oak St, garage"),
    )
    assert saved() == ("200 block of Oak St", "255 Oak St, garage")


def test_moving_the_recovery_to_another_block_replaces_the_address(editor_client):
    editor_client.post(
        reverse("incidents:recovery_add"), recovery_post(location="255 Oak St")
    )
    recovery = FirearmRecovery.objects.get()
    url = reverse("incidents:recovery_edit", args=[recovery.pk])
    data = recovery_post(
        location="23 Front St", address="255 Oak St", version=str(recovery.version)
    )
    assert editor_client.post(url, data).status_code == 302
    assert saved() == ("unit block of Front St", "23 Front St")
    # One on the same block leaves the address staff have.
    data.update(location="21 Front St", address="23 Front St", version="2")
    assert editor_client.post(url, data).status_code == 302
    assert saved() == ("unit block of Front St", "23 Front St")


def test_the_recovery_form_shows_the_editor_what_the_public_will_see(editor_client):
    html = editor_client.post(
        reverse("incidents:recovery_add"),
        recovery_post(location="255 Oak St", count="0"),
    ).content.decode()
    assert "The public sees: “200 block of Oak St”." in html
    assert not FirearmRecovery.objects.exists()


def test_a_recovery_block_too_long_for_the_field_is_a_field_error(editor_client):
    location = "1 " + "x" * 190  # fits as typed; "unit block of x...x" does not
    response = editor_client.post(
        reverse("incidents:recovery_add"), recovery_post(location=location)
    )
    assert response.context["form"].errors["location"] == [
        "As a block, the public location is 204 characters long; at most 200."
    ]
    assert not FirearmRecovery.objects.exists()


def test_a_plain_save_of_a_recovery_generalises_too(make_recovery):
    recovery = make_recovery("2022-04-02", location="255A Oak St")
    recovery.refresh_from_db()
    assert (recovery.location, recovery.address) == (
        "200 block of Oak St",
        "255A Oak St",
    )


# --- Import -------------------------------------------------------------------------------


def import_rows(*rows: str) -> plan.ImportPlan:
    result = save.apply("\n".join([HEADER, *rows]) + "\n", formats.RECOVERIES)
    assert list(result.errors) == []
    return result


def test_the_recovery_import_saves_blocks_and_keeps_the_addresses(db):
    import_rows(
        "P-1,2022-01-05,1,12,23 Front St,",
        'P-2,2022-02-10,2,,"Clinton St & Front St",',
        "P-3,2022-03-15,3,13,1300 Front St,",
    )
    assert [saved("P-1"), saved("P-2"), saved("P-3")] == [
        ("unit block of Front St", "23 Front St"),
        ("Clinton St & Front St", ""),
        ("1300 block of Front St", "1300 Front St"),
    ]
    assert sorted(FirearmRecovery.history.values_list("location", "address")) == [
        ("1300 block of Front St", "1300 Front St"),
        ("Clinton St & Front St", ""),
        ("unit block of Front St", "23 Front St"),
    ]


def test_the_recovery_import_preview_shows_the_block(db):
    result = plan.plan(
        HEADER + "\nP-1,2022-01-05,1,12,23 Tremont Ave,\n", formats.RECOVERIES
    )
    assert [(r.location, r.address) for r in result.records] == [
        ("unit block of Tremont Ave", "23 Tremont Ave")
    ]


def test_a_recovery_row_whose_block_is_too_long_is_refused(db):
    result = save.apply(
        HEADER + "\nP-1,2022-01-05,1,12,1 " + "x" * 190 + ",\n", formats.RECOVERIES
    )
    assert [str(error) for error in result.errors] == [
        "Row 2, column location: The block-level location is 204 characters long; "
        "at most 200."
    ]
    assert not FirearmRecovery.all_objects.exists()


def test_importing_the_same_recoveries_twice_leaves_them_unchanged(db):
    row = "P-1,2022-01-05,1,12,23 Front St,"
    import_rows(row)
    assert import_rows(row).unchanged[0].reference == "P-1"
    assert FirearmRecovery.history.count() == 1


def test_a_recovery_import_correction_moves_the_address_only_with_the_block(db):
    import_rows("P-1,2022-01-05,1,12,255 Oak St,")
    import_rows("P-1,2022-01-05,1,12,23 Front St,")
    assert saved("P-1") == ("unit block of Front St", "23 Front St")
    FirearmRecovery.objects.filter(reference="P-1").update(address="23 Front St, rear")
    import_rows("P-1,2022-01-05,2,12,21 Front St,")
    assert saved("P-1") == ("unit block of Front St", "23 Front St, rear")
    assert list(
        FirearmRecovery.history.order_by("history_id").values_list("address", flat=True)
    ) == ["255 Oak St", "23 Front St", "23 Front St, rear"]


# --- Rows saved before ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_generalises_saved_recovery_locations_and_keeps_the_history():
    apps = _migrate(BEFORE)
    recoveries = apps.get_model("incidents", "FirearmRecovery").all_objects
    history = apps.get_model("incidents", "HistoricalFirearmRecovery").objects
    now = datetime.datetime.now(datetime.UTC)
    for reference, location in [
        ("R-1", "23 Tremont Ave"),
        ("R-2", "255 Oak St"),
        ("R-3", "Mygatt St & Meadows St"),
        ("R-4", "100 block of Court St"),
    ]:
        fields = {
            "reference": reference,
            "date": datetime.date(2022, 4, 2),
            "count": 1,
            "location": location,
            "created_at": now,
            "updated_at": now,
        }
        recovery = recoveries.create(**fields)
        history.create(id=recovery.pk, history_date=now, history_type="+", **fields)
    try:
        apps = _migrate(AFTER)
        recoveries = apps.get_model("incidents", "FirearmRecovery").all_objects
        history = apps.get_model("incidents", "HistoricalFirearmRecovery").objects
        assert list(
            recoveries.order_by("reference").values_list(
                "reference", "location", "address", "version"
            )
        ) == [
            ("R-1", "unit block of Tremont Ave", "23 Tremont Ave", 1),
            ("R-2", "200 block of Oak St", "255 Oak St", 1),
            ("R-3", "Mygatt St & Meadows St", "", 1),
            ("R-4", "100 block of Court St", "", 1),
        ]
        assert list(
            history.order_by("history_id").values_list(
                "reference", "history_type", "location", "history_change_reason"
            )
        ) == [
            ("R-1", "+", "23 Tremont Ave", None),
            ("R-2", "+", "255 Oak St", None),
            ("R-3", "+", "Mygatt St & Meadows St", None),
            ("R-4", "+", "100 block of Court St", None),
            ("R-1", "~", "unit block of Tremont Ave", REASON),
            ("R-2", "~", "200 block of Oak St", REASON),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


# --- Who sees the address (public pages: tests/public/test_privacy.py) -------------------------------------------------------------------


def test_staff_see_the_exact_address_in_the_recovery_list(client, viewer_client):
    import_rows("P-1,2022-01-05,1,12,23 Tremont Ave,")
    html = viewer_client.get(reverse("incidents:recovery_list")).content.decode()
    assert '<td  data-label="Exact address">23 Tremont Ave</td>' in html
    client.logout()
    response = client.get(reverse("incidents:recovery_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_backup_keeps_the_recovery_address(db, tmp_path):
    import_rows("P-1,2022-01-05,1,12,23 Tremont Ave,")
    call_command("export_data", str(tmp_path / "backup.json"), stdout=io.StringIO())
    rows = json.loads((tmp_path / "backup.json").read_text())
    assert [
        (row["fields"]["location"], row["fields"]["address"])
        for row in rows
        if row["model"]
        in ("incidents.firearmrecovery", "incidents.historicalfirearmrecovery")
    ] == [
        ("unit block of Tremont Ave", "23 Tremont Ave"),
        ("unit block of Tremont Ave", "23 Tremont Ave"),
    ]
