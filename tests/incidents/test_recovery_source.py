"""Where a recovery's firearms came from: seized, surrendered or bought back. The model's
default and the migration of saved rows, the form, the staff list and its filter, the
admin, and the optional source column of the recoveries CSV."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from test_incident_pages import recovery_post
from test_locations import _migrate

from incidents.imports import formats, plan, save
from incidents.imports import recoveries as import_recoveries
from incidents.models import FirearmRecovery

BEFORE = "0005_generalise_recovery_locations"
AFTER = "0006_firearm_recovery_source"
HEADER = "reference,date,count,weapon_type,location,case_number"


def sources() -> list[tuple[str, str]]:
    return list(
        FirearmRecovery.all_objects.order_by("reference").values_list(
            "reference", "source"
        )
    )


# --- The model -------------------------------------------------------------------------


def test_a_recovery_is_seized_unless_said_otherwise(make_recovery):
    assert (
        make_recovery("2022-04-01").source == FirearmRecovery.Source.SEIZED == "seized"
    )
    assert FirearmRecovery.history.get().source == "seized"


def test_a_source_outside_the_three_is_refused(make_recovery):
    with pytest.raises(ValidationError) as error:
        make_recovery("2022-04-01", source="found")
    assert error.value.message_dict == {
        "source": ["Value 'found' is not a valid choice."]
    }
    recovery = make_recovery("2022-04-02", source="bought_back")
    with pytest.raises(IntegrityError), transaction.atomic():
        FirearmRecovery.objects.filter(pk=recovery.pk).update(source="found")


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_every_saved_recovery_and_its_history_seized():
    apps = _migrate(BEFORE)
    recoveries = apps.get_model("incidents", "FirearmRecovery").all_objects
    history = apps.get_model("incidents", "HistoricalFirearmRecovery").objects
    now = datetime.datetime.now(datetime.UTC)
    for reference in ("R-1", "R-2"):
        fields = {
            "reference": reference,
            "date": datetime.date(2022, 4, 2),
            "count": 2,
            "location": "100 block of Court St",
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
            recoveries.order_by("reference").values_list("reference", "source")
        ) == [
            ("R-1", "seized"),
            ("R-2", "seized"),
        ]
        assert list(history.values_list("source", flat=True)) == ["seized", "seized"]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


# --- The staff pages and the admin ------------------------------------------------------


def test_the_form_saves_the_source_chosen(editor_client):
    response = editor_client.post(
        reverse("incidents:recovery_add"), recovery_post(source="bought_back")
    )
    assert response.status_code == 302
    assert sources() == [("P-2022-0001", "bought_back")]


def test_the_form_offers_the_three_sources_seized_first(editor_client):
    html = editor_client.get(reverse("incidents:recovery_add")).content.decode()
    assert (
        '<option value="seized" selected>Seized</option>\n\n  '
        '<option value="surrendered">Surrendered</option>\n\n  '
        '<option value="bought_back">Bought back</option>'
    ) in html


def test_a_post_without_the_source_keeps_the_saved_one(editor_client, make_recovery):
    recovery = make_recovery("2022-04-01", reference="P-1", source="surrendered")
    response = editor_client.post(
        reverse("incidents:recovery_edit", args=[recovery.pk]),
        recovery_post(reference="P-1", count="4", version=str(recovery.version)),
    )
    assert response.status_code == 302
    assert FirearmRecovery.objects.values_list("count", "source").get() == (
        4,
        "surrendered",
    )


def test_a_new_recovery_posted_without_a_source_is_seized(editor_client):
    editor_client.post(reverse("incidents:recovery_add"), recovery_post())
    assert sources() == [("P-2022-0001", "seized")]


def test_the_form_refuses_an_unknown_source_on_the_field(editor_client):
    response = editor_client.post(
        reverse("incidents:recovery_add"), recovery_post(source="found")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "source": ["Select a valid choice. found is not one of the available choices."]
    }
    assert sources() == []


def test_the_list_shows_the_source_and_filters_by_it(viewer_client, make_recovery):
    make_recovery("2022-04-01", reference="P-1")
    make_recovery("2022-04-02", reference="P-2", source="bought_back")
    make_recovery("2022-04-03", reference="P-3", source="surrendered")
    url = reverse("incidents:recovery_list")
    html = viewer_client.get(url).content.decode()
    assert '<td  data-label="Source">Bought back</td>' in html
    assert '<td  data-label="Source">Surrendered</td>' in html
    assert '<td  data-label="Source">Seized</td>' in html
    assert '<option value="" selected>Any source</option>' in html
    for source, shown in [("bought_back", ["P-2"]), ("seized", ["P-1"]), ("", None)]:
        table = viewer_client.get(url, {"source": source}).context["table"]
        references = [row.record.reference for row in table.rows]
        assert references == (shown or ["P-3", "P-2", "P-1"])


def test_the_admin_lists_and_filters_by_source(admin_client, make_recovery):
    make_recovery("2022-04-02", reference="P-2", source="bought_back")
    url = reverse("admin:incidents_firearmrecovery_changelist")
    html = admin_client.get(url).content.decode()
    assert '<td class="field-source">Bought back</td>' in html
    assert "?source__exact=bought_back" in html


# --- The recoveries CSV -------------------------------------------------------------------


def imported(text: str):
    result = save.apply(text, formats.RECOVERIES)
    assert [str(error) for error in result.errors] == []
    return result


def test_the_source_column_is_optional_and_not_in_the_required_header():
    assert HEADER.split(",") == import_recoveries.RECOVERY_COLUMNS
    assert import_recoveries.OPTIONAL_COLUMNS == ["source"]


def test_a_file_without_a_source_column_saves_seized_recoveries(db):
    imported(f"{HEADER}\nP-1,2022-04-01,2,12,Oak St,\n")
    assert sources() == [("P-1", "seized")]


@pytest.mark.parametrize(
    ("cell", "saved"),
    [
        ("seized", "seized"),
        ("SEIZED", "seized"),
        ("", "seized"),
        ("surrendered", "surrendered"),
        ("Surrendered", "surrendered"),
        ("bought back", "bought_back"),
        ("Bought Back", "bought_back"),
        ("bought_back", "bought_back"),
        ("BOUGHT_BACK", "bought_back"),
    ],
)
def test_the_source_column_names_the_source_in_any_case(db, cell, saved):
    imported(f"{HEADER},source\nP-1,2022-04-01,2,12,Oak St,,{cell}\n")
    assert sources() == [("P-1", saved)]


def test_the_source_column_may_come_anywhere_in_the_header(db):
    imported(
        "source,reference,date,count,weapon_type,location,case_number\n"
        "bought back,P-1,2022-04-01,2,12,Oak St,\n"
    )
    assert sources() == [("P-1", "bought_back")]


def test_an_unknown_source_is_a_row_error_and_nothing_is_saved(db):
    text = (
        f"{HEADER},source\n"
        "P-1,2022-04-01,2,12,Oak St,,seized\n"
        "P-2,2022-04-02,1,12,Oak St,,found on a bench\n"
        "P-3,2022-04-03,1,12,Oak St,,buyback\n"
    )
    for result in [
        plan.plan(text, formats.RECOVERIES),
        save.apply(text, formats.RECOVERIES),
    ]:
        assert [str(error) for error in result.errors] == [
            "Row 3, column source: 'found on a bench' is not seized, surrendered or "
            "bought back (or empty for seized).",
            "Row 4, column source: 'buyback' is not seized, surrendered or bought "
            "back (or empty for seized).",
        ]
    assert sources() == []


def test_reimporting_the_same_file_changes_nothing(db):
    text = (
        f"{HEADER},source\n"
        "P-1,2022-04-01,2,12,Oak St,,bought back\n"
        "P-2,2022-04-02,1,12,Oak St,,surrendered\n"
        "P-3,2022-04-03,3,12,Oak St,,\n"
    )
    imported(text)
    versions = FirearmRecovery.history.count()
    again = imported(text)
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 3)
    assert FirearmRecovery.history.count() == versions
    assert sources() == [
        ("P-1", "bought_back"),
        ("P-2", "surrendered"),
        ("P-3", "seized"),
    ]


def test_a_changed_source_is_an_update_with_its_history(db):
    imported(f"{HEADER},source\nP-1,2022-04-01,2,12,Oak St,,\n")
    result = imported(f"{HEADER},source\nP-1,2022-04-01,2,12,Oak St,,bought back\n")
    assert (len(result.new), len(result.changed)) == (0, 1)
    assert list(
        FirearmRecovery.history.order_by("history_id").values_list("source", flat=True)
    ) == ["seized", "bought_back"]
