"""The monthly spending totals kept with the entries: the table's exact rows after every
kind of write (the staff forms, void and restore, model saves and deletes, the querysets'
bulk writes, an import, a backup restored, a migration). The figures that read it are in
test_monthly_totals_reads.py."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, migrations
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.bulk import bulk_create_recorded
from funding import monthly
from funding.models import MonthlySpending, SpendingEntry
from funding.monthly_writes import MonthlyTotalsNotKept
from funding.period_import import import_period_report

D = datetime.date.fromisoformat
KEPT_TABLE = MonthlySpending._meta.db_table


def table() -> dict[tuple, Decimal]:
    """The rows kept: (month, area, project, kind, flags) -> total."""
    rows = MonthlySpending.objects.values_list(
        "month",
        "area__slug",
        "project__identifier",
        "kind",
        "adjustment",
        "illustrative",
        "amount",
    )
    return {
        (f"{month:%Y-%m}", area, project, kind, *flags): amount
        for month, area, project, kind, *flags, amount in rows
    }


def kept_right() -> bool:
    return monthly.differences() == []


def post(area, project, **change) -> dict:
    return {
        "kind": "obligation",
        "area": area.pk,
        "project": project.pk,
        "occurred_on": "2022-06-01",
        "amount": "2500.00",
        "payee": "First Baptist Church",
        "description": "Buyback venue",
        "reference": "PO-1001",
        "reason": "",
        **change,
    }


# --- The staff forms, void and restore ---------------------------------------------------


def test_an_entry_recorded_and_corrected_on_the_forms_is_kept_in_its_month(
    editor_client, budget, area, project
):
    editor_client.post(reverse("funding:record_entry"), post(area, project))
    assert table() == {
        ("2022-06", "gun-buyback", "BGM-01", "obligation", False, False): Decimal(
            "2500.00"
        )
    }
    saved = SpendingEntry.objects.get()
    url = reverse("funding:correct_entry", args=[saved.pk])
    change = {"occurred_on": "2022-08-31", "amount": "3000.00", "version": 1}
    response = editor_client.post(url, post(area, project, **change))
    assert response.status_code == 302
    assert table() == {
        ("2022-08", "gun-buyback", "BGM-01", "obligation", False, False): Decimal(
            "3000.00"
        )
    }


def test_a_void_and_a_restore_on_the_pages_take_the_month_out_and_back(
    editor_client, budget, make_spending
):
    kept = make_spending("obligation", D("2022-06-01"), "2500.00")
    make_spending("obligation", D("2022-06-30"), "500.00")
    editor_client.post(
        reverse("funding:void_entry", args=[kept.pk]), {"reason": "Entered twice."}
    )
    key = ("2022-06", "gun-buyback", "BGM-01", "obligation", False, False)
    assert table() == {key: Decimal("500.00")}
    editor_client.post(
        reverse("funding:restore_entry", args=[kept.pk]), {"reason": "It was real."}
    )
    assert table() == {key: Decimal("3000.00")}


# --- Model saves and deletes -------------------------------------------------------------


def test_each_group_of_a_month_has_its_row(entry, area, other_area, project):
    entry("obligation", "2022-06-01", "100.00", project=project)
    entry("obligation", "2022-06-15", "50.00", project=project)
    entry("obligation", "2022-06-20", "7.00")
    entry("expenditure", "2022-06-20", "5.00", area=other_area, illustrative=True)
    entry("obligation", "2022-07-01", "-20.00", adjustment=True, reason="Revised.")
    assert table() == {
        ("2022-06", "gun-buyback", "BGM-01", "obligation", False, False): Decimal(
            "150.00"
        ),
        ("2022-06", "gun-buyback", None, "obligation", False, False): Decimal("7.00"),
        ("2022-06", "cpted", None, "expenditure", False, True): Decimal("5.00"),
        ("2022-07", "gun-buyback", None, "obligation", True, False): Decimal("-20.00"),
    }


def test_an_entry_moved_to_another_area_and_month_leaves_no_row_behind(
    entry, other_area
):
    moved = entry("obligation", "2022-06-01", "100.00")
    moved.area, moved.occurred_on = other_area, D("2022-09-09")
    moved.save()
    assert table() == {
        ("2022-09", "cpted", None, "obligation", False, False): Decimal("100.00")
    }


def test_a_deleted_entry_takes_its_total_with_it(entry):
    entry("obligation", "2022-06-01", "100.00").delete()
    assert table() == {}


def test_a_save_of_fields_no_total_reads_leaves_the_table_alone(entry):
    saved = entry("obligation", "2022-06-01", "100.00")
    saved.payee = "Someone else"
    with CaptureQueriesContext(connection) as queries:
        saved.save(update_fields=["payee"])
    assert [q for q in queries.captured_queries if KEPT_TABLE in q["sql"]] == []
    assert kept_right()


def test_a_string_date_given_to_a_save_is_kept_in_its_month(area):
    SpendingEntry.objects.create(
        area=area,
        kind="obligation",
        occurred_on="2022-06-30",
        amount=Decimal("1.00"),
        payee="P",
        description="D",
    )
    assert table() == {
        ("2022-06", "gun-buyback", None, "obligation", False, False): Decimal("1.00")
    }


# --- The querysets' bulk writes --------------------------------------------------------


def test_update_refreshes_the_months_before_and_after(entry, other_area):
    entry("obligation", "2022-06-01", "100.00")
    entry("obligation", "2022-06-02", "40.00")
    SpendingEntry.objects.filter(amount=Decimal("100.00")).update(
        occurred_on=D("2022-07-04"), area=other_area
    )
    assert table() == {
        ("2022-06", "gun-buyback", None, "obligation", False, False): Decimal("40.00"),
        ("2022-07", "cpted", None, "obligation", False, False): Decimal("100.00"),
    }
    SpendingEntry.objects.update(kind="expenditure", amount=Decimal("1.00"))
    assert table() == {
        ("2022-06", "gun-buyback", None, "expenditure", False, False): Decimal("1.00"),
        ("2022-07", "cpted", None, "expenditure", False, False): Decimal("1.00"),
    }


def test_an_update_of_fields_no_total_reads_writes_nothing_to_the_table(entry):
    entry("obligation", "2022-06-01", "100.00")
    with CaptureQueriesContext(connection) as queries:
        SpendingEntry.objects.update(payee="Someone else", version=5)
    assert [q for q in queries.captured_queries if KEPT_TABLE in q["sql"]] == []


def test_delete_refreshes_the_months_of_the_rows_deleted(entry):
    entry("obligation", "2022-06-01", "100.00")
    entry("obligation", "2022-07-01", "40.00")
    SpendingEntry.objects.filter(occurred_on__month=6).delete()
    assert table() == {
        ("2022-07", "gun-buyback", None, "obligation", False, False): Decimal("40.00")
    }


@pytest.mark.parametrize("manager", ["objects", "_base_manager", "recorded"])
def test_bulk_create_keeps_the_new_rows_in_their_months(area, manager):
    rows = [
        SpendingEntry(
            area=area,
            kind="expenditure",
            occurred_on=D(day),
            amount=Decimal("10.00"),
            payee="P",
            description="D",
        )
        for day in ("2022-06-01", "2022-06-30", "2022-07-01")
    ]
    if manager == "recorded":  # as the imports write
        bulk_create_recorded(SpendingEntry, rows)
    else:
        getattr(SpendingEntry, manager).bulk_create(rows)
    assert table() == {
        ("2022-06", "gun-buyback", None, "expenditure", False, False): Decimal("20.00"),
        ("2022-07", "gun-buyback", None, "expenditure", False, False): Decimal("10.00"),
    }


# 29 amounts whose floating-point sum, as SQLite makes it, is 889499.5199999994.
UNEVEN_AMOUNTS = [
    "30797.12",
    "40293.09",
    "6578.04",
    "43047.78",
    "46301.10",
    "49672.33",
    "48222.89",
    "41985.60",
    "40401.67",
    "23313.72",
    "1793.16",
    "36831.06",
    "24290.68",
    "28581.98",
    "48277.49",
    "37708.95",
    "26651.22",
    "14323.96",
    "43709.84",
    "43748.56",
    "21886.21",
    "40337.61",
    "31160.19",
    "20638.19",
    "33404.20",
    "16071.32",
    "16508.98",
    "7522.25",
    "25440.33",
]


def test_a_total_summed_as_floating_point_is_kept_and_checked_to_the_cent(area):
    SpendingEntry.objects.bulk_create(
        SpendingEntry(
            area=area,
            kind="obligation",
            occurred_on=D("2022-06-01"),
            amount=Decimal(amount),
            payee="P",
            description="D",
        )
        for amount in UNEVEN_AMOUNTS
    )
    total = Decimal("889499.52")
    assert sum(Decimal(amount) for amount in UNEVEN_AMOUNTS) == total
    assert table() == {
        ("2022-06", "gun-buyback", None, "obligation", False, False): total
    }
    assert (
        str(
            monthly.recount()[
                (area.pk, None, "obligation", False, False, D("2022-06-01"))
            ]
        )
        == "889499.52"
    )
    assert kept_right()


def test_bulk_create_that_would_update_conflicting_rows_is_refused(entry, area):
    saved = entry("obligation", "2022-06-01", "100.00")
    saved.amount = Decimal("5.00")
    with pytest.raises(MonthlyTotalsNotKept, match="cannot be kept"):
        SpendingEntry.objects.bulk_create(
            [saved],
            update_conflicts=True,
            update_fields=["amount"],
            unique_fields=["id"],
        )
    assert SpendingEntry.objects.get().amount == Decimal("100.00")
    assert kept_right()


def test_bulk_update_refreshes_the_months_before_and_after(entry):
    first = entry("obligation", "2022-06-01", "100.00")
    second = entry("obligation", "2022-06-02", "40.00")
    first.occurred_on, second.amount = D("2022-08-01"), Decimal("41.00")
    SpendingEntry.objects.bulk_update([first, second], ["occurred_on", "amount"])
    assert table() == {
        ("2022-06", "gun-buyback", None, "obligation", False, False): Decimal("41.00"),
        ("2022-08", "gun-buyback", None, "obligation", False, False): Decimal("100.00"),
    }


def test_an_import_of_a_report_to_treasury_keeps_its_entries(db):
    header = (
        "year,quarter,project_id,budget,total_obligations,total_expenditures,"
        "current_obligations,current_expenditures"
    )
    text = f"{header}\r\n2022,Q3,ARP-1,$1000.00,$600.00,$200.00,$600.00,$200.00\r\n"
    report = import_period_report(text, "P", "A")
    assert len(report.problems) == 0
    totals = {}
    for (_, area, project, kind, *_), amount in table().items():
        assert (area, project) == ("a", "ARP-1")
        totals[kind] = totals.get(kind, Decimal(0)) + amount
    assert totals == {"obligation": Decimal("600.00"), "expenditure": Decimal("200.00")}
    assert kept_right()


# --- Backup and restore, migrations -----------------------------------------------------


def test_a_backup_restores_the_table_recounted_from_the_entries(
    entry, project, editor, tmp_path
):
    entry("obligation", "2022-06-01", "100.00", project=project)
    entry("obligation", "2022-07-01", "40.00").void("Entered twice.", editor)
    entry("expenditure", "2022-07-02", "30.00")
    before = table()
    path = tmp_path / "backup.json"
    call_command("export_data", str(path), stdout=io.StringIO())
    rows = json.loads(path.read_text())
    # Tampered kept rows, and a month kept that has no entries: all recounted.
    kept = [row for row in rows if row["model"] == "funding.monthlyspending"]
    assert len(kept) == 2
    for row in kept:
        row["fields"]["amount"] = "9.00"
    bogus = {
        **kept[0],
        "pk": 999,
        "fields": {**kept[0]["fields"], "month": "2021-05-01"},
    }
    path.write_text(json.dumps([*rows, bogus]))
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    assert table() == {}
    call_command("import_data", str(path), stdout=io.StringIO())
    assert table() == before
    assert kept_right()


def test_a_backup_made_before_the_table_existed_restores_it(entry, tmp_path):
    entry("obligation", "2022-06-01", "100.00")
    before = table()
    path = tmp_path / "backup.json"
    call_command("export_data", str(path), stdout=io.StringIO())
    rows = json.loads(path.read_text())
    path.write_text(
        json.dumps([r for r in rows if r["model"] != "funding.monthlyspending"])
    )
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    call_command("import_data", str(path), stdout=io.StringIO())
    assert table() == before != {}


def test_raw_saves_outside_loaddata_refresh_their_months(entry):
    entry("obligation", "2022-06-01", "100.00")
    text = serializers.serialize("json", SpendingEntry.all_objects.all())
    SpendingEntry.all_objects.all().delete()
    assert table() == {}
    for row in serializers.deserialize("json", text):
        row.save()  # raw, as loaddata saves
    assert table() == {
        ("2022-06", "gun-buyback", None, "obligation", False, False): Decimal("100.00")
    }


def test_any_migration_run_rewrites_the_whole_table(entry, area):
    entry("obligation", "2022-06-01", "100.00")
    MonthlySpending.objects.update(amount=Decimal("7.00"))
    MonthlySpending.objects.create(
        area=area, kind="obligation", month=D("2021-06-01"), amount=Decimal("3.00")
    )
    assert not kept_right()
    # As `migrate` signals once it has applied migrations (a data migration among them).
    migration = migrations.Migration("0099_data", "funding")
    emit_post_migrate_signal(0, False, "default", plan=[(migration, False)], apps=apps)
    assert table() == {
        ("2022-06", "gun-buyback", None, "obligation", False, False): Decimal("100.00")
    }


def _migrate(target: str):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("funding", target)])
    return executor.loader.project_state([("funding", target)]).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_table_from_the_entries_saved_before():
    old = _migrate("0006_names_without_control_characters")
    try:
        program = old.get_model("funding", "Program").objects.create(
            name="P", total=Decimal("100.00")
        )
        area = old.get_model("funding", "FundingArea").objects.create(
            program=program, position=1, slug="a", name="A", description="A."
        )
        spending = old.get_model("funding", "SpendingEntry").all_objects
        for day, amount in (("2022-06-01", "10.00"), ("2022-06-09", "5.00")):
            spending.create(
                area=area,
                kind="obligation",
                occurred_on=D(day),
                amount=Decimal(amount),
                payee="P",
                description="D",
            )
        _migrate("0007_monthly_spending")
        assert table() == {
            ("2022-06", "a", None, "obligation", False, False): Decimal("15.00")
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
