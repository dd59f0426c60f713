"""The daily counts kept with the records: the table's exact rows after every kind of
write (the staff forms, void and restore, model saves and deletes, the querysets' bulk
writes, a backup restored, the migration that made the table)."""

import datetime
import io
import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, migrations
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_incident_pages import incident_post, recovery_post
from test_locations import _migrate

from incidents import daily
from incidents.daily_writes import DailyCountsNotKept
from incidents.models import DailyCount, FirearmRecovery, Incident, Victim

D = datetime.date.fromisoformat
# What a confirmed shooting with one person injured and one killed counts on its day.
TWO_SHOT = {
    "incidents": 1,
    "shots_fired_confirmed": 1,
    "shooting_victims": 2,
    "victims_killed": 1,
    "shooting_incidents_with_injury": 1,
}
# A final, confirmed shooting with one person injured.
ONE_HURT = {
    "incidents": 1,
    "shots_fired_confirmed": 1,
    "shooting_victims": 1,
    "shooting_incidents_with_injury": 1,
}


def table() -> dict[str, dict[str, int]]:
    """The rows kept, by day: each row's counts other than zero."""
    rows = DailyCount.objects.order_by("date").values()
    return {
        row.pop("date").isoformat(): {name: n for name, n in row.items() if n}
        for row in rows
    }


def kept_right() -> bool:
    return daily.differences() == []


# --- The staff forms, void and restore ---------------------------------------------------


def test_an_incident_added_on_the_form_counts_on_its_day(editor_client):
    response = editor_client.post(
        reverse("incidents:incident_add"), incident_post(victims=["injured", "killed"])
    )
    assert response.status_code == 302
    assert table() == {"2022-04-09": {**TWO_SHOT, "preliminary": 1}}


def test_an_edit_of_its_victims_status_and_discharge_recounts_the_day(
    editor_client, make_incident
):
    make_incident("2022-04-09", confirmed=False, case_number="BPD-2")
    incident = make_incident("2022-04-09", "injured", "injured", case_number="BPD-1")
    first, second = incident.victims.order_by("pk")
    data = incident_post(
        case_number="BPD-1",
        status="final",
        version=incident.version,
        **{
            "victims-TOTAL_FORMS": "4",
            "victims-INITIAL_FORMS": "2",
            "victims-0-id": str(first.pk),
            "victims-0-outcome": "killed",
            "victims-1-id": str(second.pk),
            "victims-1-outcome": "injured",
            "victims-1-DELETE": "on",
            "victims-2-outcome": "killed",
        },
    )
    assert table() == {
        "2022-04-09": {
            "incidents": 2,
            "shots_fired_confirmed": 1,
            "preliminary": 2,
            "shooting_victims": 2,
            "shooting_incidents_with_injury": 1,
        }
    }
    url = reverse("incidents:incident_edit", args=[incident.pk])
    assert editor_client.post(url, data).status_code == 302
    assert table() == {
        "2022-04-09": {
            "incidents": 2,
            "shots_fired_confirmed": 1,
            "preliminary": 1,
            "shooting_victims": 2,
            "victims_killed": 2,
            "shooting_incidents_with_injury": 1,
        }
    }


def test_an_incident_moved_to_another_day_leaves_the_first_day_without_a_row(
    editor_client, make_incident
):
    incident = make_incident("2022-04-09", "injured", "killed", case_number="BPD-1")
    FirearmRecovery(
        reference="P-1", date=D("2022-04-09"), count=2, location="Oak St"
    ).save()
    victims = list(incident.victims.order_by("pk"))
    data = incident_post(
        case_number="BPD-1",
        date="2022-03-01",
        status="final",
        version=incident.version,
        **{
            "victims-TOTAL_FORMS": "3",
            "victims-INITIAL_FORMS": "2",
            "victims-0-id": str(victims[0].pk),
            "victims-0-outcome": "injured",
            "victims-1-id": str(victims[1].pk),
            "victims-1-outcome": "killed",
        },
    )
    url = reverse("incidents:incident_edit", args=[incident.pk])
    assert editor_client.post(url, data).status_code == 302
    assert table() == {
        "2022-03-01": TWO_SHOT,
        "2022-04-09": {"recoveries": 1, "firearms_recovered": 2},
    }
    incident.refresh_from_db()
    incident.date = D("2022-03-02")
    incident.save()
    assert table() == {
        "2022-03-02": TWO_SHOT,
        "2022-04-09": {"recoveries": 1, "firearms_recovered": 2},
    }


@pytest.mark.parametrize("what", ["incident", "recovery"])
def test_a_void_and_a_restore_on_the_pages_take_the_day_out_and_back(
    editor_client, make_incident, make_recovery, what
):
    if what == "incident":
        record = make_incident("2022-04-30", "injured", "killed", status="final")
        counted = {"2022-04-30": TWO_SHOT}
    else:
        record = make_recovery("2022-04-30", 3)
        counted = {"2022-04-30": {"recoveries": 1, "firearms_recovered": 3}}
    assert table() == counted
    url = reverse(f"incidents:{what}_void", args=[record.pk])
    assert editor_client.post(url, {"reason": "Entered twice."}).status_code == 302
    assert table() == {}
    url = reverse(f"incidents:{what}_restore", args=[record.pk])
    assert editor_client.post(url, {"reason": "It was real."}).status_code == 302
    assert table() == counted


def test_recoveries_count_by_source_and_each_is_a_record_of_its_day(editor_client):
    for reference, day, source, count in [
        ("P-1", "2022-05-01", "seized", "3"),
        ("P-2", "2022-05-02", "surrendered", "2"),
        ("P-3", "2022-05-03", "bought_back", "4"),
        ("P-4", "2022-05-03", "seized", "1"),
    ]:
        data = recovery_post(reference=reference, date=day, source=source, count=count)
        response = editor_client.post(reverse("incidents:recovery_add"), data)
        assert response.status_code == 302, response.context["form"].errors
    assert table() == {
        "2022-05-01": {"recoveries": 1, "firearms_recovered": 3},
        "2022-05-02": {"recoveries": 1},
        "2022-05-03": {
            "recoveries": 2,
            "firearms_recovered": 1,
            "firearms_bought_back": 4,
        },
    }
    recovery = FirearmRecovery.objects.get(reference="P-2")
    recovery.source, recovery.date = "bought_back", D("2022-05-04")
    recovery.save()
    assert table()["2022-05-04"] == {"recoveries": 1, "firearms_bought_back": 2}
    assert "2022-05-02" not in table()


def test_sample_records_are_flagged_on_their_day(make_incident, make_recovery):
    make_incident("2022-01-05", illustrative=True)
    make_recovery("2022-01-05", 2, illustrative=True)
    make_recovery("2022-01-05", 5, illustrative=True, source="surrendered")
    assert table() == {
        "2022-01-05": {
            "incidents": 1,
            "shots_fired_confirmed": 1,
            "preliminary": 1,
            "illustrative": 1,
            "recoveries": 2,
            "firearms_recovered": 2,
            "illustrative_recoveries": 1,
        }
    }


# --- Model saves and deletes ---------------------------------------------------------------


def test_a_victim_moved_to_another_incident_counts_on_its_new_day(make_incident):
    first = make_incident("2022-02-01", "killed")
    second = make_incident("2022-02-03")
    victim = first.victims.get()
    victim.incident = second
    victim.save()
    assert table() == {
        "2022-02-01": {"incidents": 1, "shots_fired_confirmed": 1, "preliminary": 1},
        "2022-02-03": {
            "incidents": 1,
            "shots_fired_confirmed": 1,
            "preliminary": 1,
            "shooting_victims": 1,
            "victims_killed": 1,
            "shooting_incidents_with_injury": 1,
        },
    }


def test_a_deleted_incident_takes_its_victims_and_its_row_with_it(make_incident):
    make_incident("2022-02-01", "injured").delete()
    kept = make_incident("2022-02-02", "injured", "killed", status="final")
    kept.victims.filter(outcome="injured").get().delete()
    assert table() == {
        "2022-02-02": {
            "incidents": 1,
            "shots_fired_confirmed": 1,
            "shooting_victims": 1,
            "victims_killed": 1,
            "shooting_incidents_with_injury": 1,
        }
    }


def test_a_save_of_fields_no_count_reads_leaves_the_table_alone(make_incident):
    incident = make_incident("2022-02-01", "injured")
    with CaptureQueriesContext(connection) as queries:
        incident.notes = "Seen by two neighbours."
        incident.save(update_fields=["notes"])
    assert [q["sql"] for q in queries if "dailycount" in q["sql"]] == []


@pytest.mark.django_db(transaction=True)
def test_a_save_outside_a_transaction_is_counted_too(make_incident):
    make_incident("2022-02-01", "injured", status="final")
    assert table() == {"2022-02-01": ONE_HURT}


# --- The querysets' bulk writes -------------------------------------------------------------


def test_update_refreshes_the_days_before_and_after(make_incident, make_recovery):
    make_incident("2022-02-01", "injured", status="final", case_number="A")
    make_incident("2022-02-01", status="final", case_number="B")
    make_recovery("2022-02-05", 2)
    Incident.objects.filter(case_number="A").update(date=D("2022-02-09"))
    moved = ONE_HURT
    assert table() == {
        "2022-02-01": {"incidents": 1, "shots_fired_confirmed": 1},
        "2022-02-05": {"recoveries": 1, "firearms_recovered": 2},
        "2022-02-09": moved,
    }
    FirearmRecovery.objects.update(source="bought_back", date=D("2022-02-06"))
    assert table()["2022-02-06"] == {"recoveries": 1, "firearms_bought_back": 2}
    Victim.objects.update(outcome="killed")
    assert table()["2022-02-09"] == {**moved, "victims_killed": 1}
    assert Incident.objects.update(status="preliminary") == 2
    assert table() == {
        "2022-02-01": {"incidents": 1, "shots_fired_confirmed": 1, "preliminary": 1},
        "2022-02-06": {"recoveries": 1, "firearms_bought_back": 2},
        "2022-02-09": {**moved, "victims_killed": 1, "preliminary": 1},
    }


def test_a_victim_given_another_incident_by_update_moves_with_it(make_incident):
    first = make_incident("2022-02-01", "killed", status="final")
    second = make_incident("2022-02-03", status="final")
    Victim.objects.filter(incident=first).update(incident=second)
    assert table() == {
        "2022-02-01": {"incidents": 1, "shots_fired_confirmed": 1},
        "2022-02-03": {
            "incidents": 1,
            "shots_fired_confirmed": 1,
            "shooting_victims": 1,
            "victims_killed": 1,
            "shooting_incidents_with_injury": 1,
        },
    }


def test_an_update_of_fields_no_count_reads_writes_nothing_to_the_table(make_incident):
    make_incident("2022-02-01", "injured")
    with CaptureQueriesContext(connection) as queries:
        Incident.objects.update(notes="Checked.", location="Main St")
    assert [q["sql"] for q in queries if "dailycount" in q["sql"]] == []


def test_delete_refreshes_the_days_of_the_rows_deleted(make_incident, make_recovery):
    make_incident("2022-02-01", "injured", "killed", status="final")
    make_incident("2022-02-02", "injured", status="final")
    make_recovery("2022-02-02", 2)
    Victim.objects.filter(outcome="killed").delete()
    Incident.objects.filter(date=D("2022-02-02")).delete()
    assert table() == {
        "2022-02-01": ONE_HURT,
        "2022-02-02": {"recoveries": 1, "firearms_recovered": 2},
    }
    FirearmRecovery.objects.all().delete()
    assert list(table()) == ["2022-02-01"]


def test_bulk_create_counts_the_new_rows_on_their_days(make_incident):
    incidents = Incident.objects.bulk_create(
        Incident(case_number=f"B-{n}", date=D(f"2022-03-0{n}"), location="Main St")
        for n in (1, 2)
    )
    Victim.all_objects.bulk_create(
        [
            Victim(incident=incidents[1], outcome="killed"),
            Victim(incident=incidents[1], outcome="injured"),
        ]
    )
    FirearmRecovery.objects.bulk_create(
        [FirearmRecovery(reference="P-1", date=D("2022-03-01"), count=4, location="x")]
    )
    assert table() == {
        "2022-03-01": {
            "incidents": 1,
            "preliminary": 1,
            "recoveries": 1,
            "firearms_recovered": 4,
        },
        "2022-03-02": {
            "incidents": 1,
            "preliminary": 1,
            "shooting_victims": 2,
            "victims_killed": 1,
            "shooting_incidents_with_injury": 1,
        },
    }


def test_bulk_create_that_would_update_conflicting_rows_is_refused(make_incident):
    make_incident("2022-03-01", case_number="B-1")
    moved = Incident(case_number="B-1", date=D("2022-03-05"), location="Main St")
    with pytest.raises(DailyCountsNotKept) as error:
        Incident.objects.bulk_create(
            [moved],
            update_conflicts=True,
            unique_fields=["case_number"],
            update_fields=["date"],
        )
    assert str(error.value) == (
        "bulk_create(update_conflicts=True) of incidents would change rows whose days "
        "are not known before: the daily counts cannot be kept. Update them with "
        "bulk_update() instead."
    )
    assert Incident.objects.get().date == D("2022-03-01")
    assert list(table()) == ["2022-03-01"]


def test_bulk_update_refreshes_the_days_before_and_after(make_incident):
    first = make_incident("2022-03-01", "injured", status="final")
    second = make_incident("2022-03-02", status="final")
    first.date, second.date = D("2022-03-02"), D("2022-03-03")
    second.shots_fired_confirmed = False
    Incident.objects.bulk_update(
        [first, second], ["date", "shots_fired_confirmed"], batch_size=1
    )
    assert table() == {
        "2022-03-02": ONE_HURT,
        "2022-03-03": {"incidents": 1},
    }


# --- Backup and restore, the migration ------------------------------------------------------


def test_a_backup_restores_the_table_recounted_from_the_records(
    make_incident, make_recovery, tmp_path
):
    make_incident("2022-02-01", "injured", "killed", status="final")
    make_recovery("2022-02-03", 2, source="bought_back")
    make_incident("2022-02-05").void("Entered twice.", None)
    before = table()
    path = tmp_path / "backup.json"
    call_command("export_data", str(path), stdout=io.StringIO())
    rows = json.loads(path.read_text())
    # A tampered kept row, and a day kept that has no records: both recounted.
    for row in rows:
        if row["model"] == "incidents.dailycount":
            row["fields"]["shooting_victims"] = 9
    rows.append({"model": "incidents.dailycount", "pk": "2021-01-01", "fields": {}})
    path.write_text(json.dumps(rows))
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    assert table() == {}
    call_command("import_data", str(path), stdout=io.StringIO())
    assert (
        table()
        == before
        == {
            "2022-02-01": TWO_SHOT,
            "2022-02-03": {"recoveries": 1, "firearms_bought_back": 2},
        }
    )


def test_a_backup_made_before_the_table_existed_restores_it(make_incident, tmp_path):
    make_incident("2022-02-01", "injured", "killed", status="final")
    path = tmp_path / "backup.json"
    call_command("export_data", str(path), stdout=io.StringIO())
    rows = json.loads(path.read_text())
    path.write_text(
        json.dumps([r for r in rows if r["model"] != "incidents.dailycount"])
    )
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    call_command("import_data", str(path), stdout=io.StringIO())
    assert table() == {"2022-02-01": TWO_SHOT}


def test_loaddata_into_a_database_with_records_recounts_their_days(
    make_incident, tmp_path
):
    make_incident("2022-02-01", "injured", "killed", status="final")
    incident = make_incident("2022-02-02", status="final", case_number="BPD-9")
    fixture = tmp_path / "more.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "incidents.incident",
                    "pk": incident.pk,  # moved to the first day, and a victim added
                    "fields": {
                        "case_number": "BPD-9",
                        "date": "2022-02-01",
                        "location": "Main St",
                        "shots_fired_confirmed": True,
                        "status": "final",
                        "created_at": "2022-02-02T10:00:00Z",
                        "updated_at": "2022-02-02T10:00:00Z",
                    },
                },
                {
                    "model": "incidents.victim",
                    "fields": {
                        "incident": incident.pk,
                        "outcome": "injured",
                        "created_at": "2022-02-02T10:00:00Z",
                        "updated_at": "2022-02-02T10:00:00Z",
                    },
                },
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert table() == {
        "2022-02-01": {
            **TWO_SHOT,
            "incidents": 2,
            "shots_fired_confirmed": 2,
            "shooting_victims": 3,
            "shooting_incidents_with_injury": 2,
        }
    }


def test_raw_saves_outside_loaddata_refresh_their_days(make_incident):
    make_incident("2022-02-01", "injured", "killed", status="final")
    text = serializers.serialize(
        "json", [*Incident.all_objects.all(), *Victim.all_objects.all()]
    )
    Incident.all_objects.all().delete()
    assert table() == {}
    for row in serializers.deserialize("json", text):
        row.save()  # raw, as loaddata saves
    assert table() == {"2022-02-01": TWO_SHOT}


def test_any_migration_run_recounts_the_whole_table(make_incident):
    make_incident("2022-02-01", "injured", "killed", status="final")
    DailyCount.objects.update(shooting_victims=7)
    DailyCount.objects.create(date=D("2021-06-01"), incidents=3)
    assert not kept_right()
    # As `migrate` signals once it has applied migrations (a data migration among them).
    migration = migrations.Migration("0099_data", "incidents")
    emit_post_migrate_signal(0, False, "default", plan=[(migration, False)], apps=apps)
    assert table() == {"2022-02-01": TWO_SHOT}


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_table_from_the_records_saved_before():
    apps = _migrate("0007_import_format")
    try:
        incidents = apps.get_model("incidents", "Incident").all_objects
        victims = apps.get_model("incidents", "Victim").all_objects
        recoveries = apps.get_model("incidents", "FirearmRecovery").all_objects
        shot = incidents.create(
            case_number="T-1",
            date=D("2022-04-02"),
            location="Main St",
            shots_fired_confirmed=True,
            status="final",
        )
        victims.create(incident=shot, outcome="injured")
        victims.create(incident=shot, outcome="killed")
        incidents.create(
            case_number="T-2",
            date=D("2022-04-03"),
            location="Main St",
            voided_at=datetime.datetime(2022, 5, 1, tzinfo=datetime.UTC),
            void_reason="Twice.",
        )
        recoveries.create(
            reference="R-1", date=D("2022-04-03"), count=2, location="Oak St"
        )
        _migrate("0008_daily_count")
        assert table() == {
            "2022-04-02": TWO_SHOT,
            "2022-04-03": {"recoveries": 1, "firearms_recovered": 2},
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_first_days_with_an_incident_and_a_recovery(make_incident, make_recovery):
    assert daily.first_days() == (None, None)
    make_recovery("2022-03-01")
    assert daily.first_days() == (None, datetime.date(2022, 3, 1))
    make_incident("2021-05-02")
    make_incident("2020-01-01", confirmed=False)
    make_recovery("2023-01-01")
    assert daily.first_days() == (datetime.date(2020, 1, 1), datetime.date(2022, 3, 1))
