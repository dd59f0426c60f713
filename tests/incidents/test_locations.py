"""Public locations are block level on every way in: the form, the admin, each import
format and the rows saved before (data migration). The exact address, when one was
given, is kept in the staff-only address field."""

import datetime
import io

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from test_incident_pages import incident_post

from incidents import sample_data
from incidents.imports import canonical, formats, nypd, plan, save
from incidents.locations import generalise
from incidents.models import FirearmRecovery, Incident

HEADER = ",".join(canonical.CANONICAL_COLUMNS)
BEFORE = "0002_audit_trail"
AFTER = "0003_generalise_public_locations"
REASON = "Public location generalised to block level (migration 0003)."


@pytest.mark.parametrize(
    ("typed", "public", "exact"),
    [
        ("255 Oak St", "200 block of Oak St", "255 Oak St"),
        ("23 Tremont Ave", "unit block of Tremont Ave", "23 Tremont Ave"),
        ("23 Front St", "unit block of Front St", "23 Front St"),
        ("1300 Front St", "1300 block of Front St", "1300 Front St"),
        ("0 Main St", "unit block of Main St", "0 Main St"),
        ("99 Main St", "unit block of Main St", "99 Main St"),
        ("100 Main St", "100 block of Main St", "100 Main St"),
        ("12345 Vestal Pkwy E", "12300 block of Vestal Pkwy E", "12345 Vestal Pkwy E"),
        ("255A Oak St", "200 block of Oak St", "255A Oak St"),
        ("23-25 Front St", "unit block of Front St", "23-25 Front St"),
        ("  255   oak st  ", "200 block of oak st", "255   oak st"),
        ("23 1st Ave", "unit block of 1st Ave", "23 1st Ave"),
        ("255 block of Oak St", "200 block of Oak St", "255 block of Oak St"),
        ("255 blk Oak St", "200 blk Oak St", "255 blk Oak St"),
        (
            "9" * 5000 + " Oak St",
            "9" * 4998 + "00 block of Oak St",
            "9" * 5000 + " Oak St",
        ),
        # Nothing to generalise: as typed, trimmed.
        ("Mygatt St & Meadows St", "Mygatt St & Meadows St", None),
        ("Mygatt and Meadows", "Mygatt and Meadows", None),
        ("corner of Court St and Water St", "corner of Court St and Water St", None),
        ("200 block of Oak St", "200 block of Oak St", None),
        ("1300 Block of Front St", "1300 Block of Front St", None),
        ("unit block of Tremont Ave", "unit block of Tremont Ave", None),
        ("100 block of\nMain St", "100 block of\nMain St", None),
        ("5th Ave", "5th Ave", None),
        ("Oak St", "Oak St", None),
        ("Precinct 75, Brooklyn", "Precinct 75, Brooklyn", None),
        (" Oak St ", "Oak St", None),
        ("", "", None),
    ],
)
def test_a_house_number_becomes_its_block(typed, public, exact):
    assert generalise(typed) == (public, exact)


def saved(case_number: str = "BPD-22-0100") -> tuple[str, str]:
    incident = Incident.all_objects.get(case_number=case_number)
    return incident.location, incident.address


# --- The form and the admin -------------------------------------------------------------


def test_the_form_saves_the_block_and_keeps_the_address_for_staff(editor_client):
    response = editor_client.post(
        reverse("incidents:incident_add"), incident_post(location="23 Tremont Ave")
    )
    assert response.status_code == 302
    assert saved() == ("unit block of Tremont Ave", "23 Tremont Ave")
    history = Incident.history.get()
    assert (history.location, history.address) == saved()


def test_an_address_typed_on_the_form_stays(editor_client):
    editor_client.post(
        reverse("incidents:incident_add"),
        incident_post(location="255 Oak St", address="255 Oak St, rear apartment"),
    )
    assert saved() == ("200 block of Oak St", "255 Oak St, rear apartment")


def test_moving_the_incident_to_another_block_replaces_the_address(editor_client):
    editor_client.post(
        reverse("incidents:incident_add"), incident_post(location="255 Oak St")
    )
    incident = Incident.objects.get()
    url = reverse("incidents:incident_edit", args=[incident.pk])
    data = incident_post(
        location="23 Front St", address="255 Oak St", version=str(incident.version)
    )
    assert editor_client.post(url, data).status_code == 302
    assert saved() == ("unit block of Front St", "23 Front St")
    data.update(location="257 Oak St", address="23 Front St", version="2")
    editor_client.post(url, data)
    assert saved() == ("200 block of Oak St", "257 Oak St")
    # An address edited in the same save stays, and so does one on the same block.
    data.update(location="255 Oak St", address="255 Oak St, rear", version="3")
    editor_client.post(url, data)
    assert saved() == ("200 block of Oak St", "255 Oak St, rear")
    data.update(location="201 Oak St", version="4")
    editor_client.post(url, data)
    assert saved() == ("200 block of Oak St", "255 Oak St, rear")


def test_the_form_shows_the_editor_what_the_public_will_see(editor_client):
    html = editor_client.post(
        reverse("incidents:incident_add"),
        incident_post(location="255 Oak St", time="25:00"),
    ).content.decode()
    assert "The public sees: “200 block of Oak St”." in html
    assert not Incident.objects.exists()


def test_the_edit_form_shows_the_saved_public_location(editor_client):
    editor_client.post(
        reverse("incidents:incident_add"), incident_post(location="23 Tremont Ave")
    )
    incident = Incident.objects.get()
    html = editor_client.get(
        reverse("incidents:incident_edit", args=[incident.pk])
    ).content.decode()
    assert "The public sees: “unit block of Tremont Ave”." in html


def test_a_block_too_long_for_the_field_is_a_field_error(editor_client):
    location = "1 " + "x" * 190  # fits as typed; "unit block of x...x" does not
    html = editor_client.post(
        reverse("incidents:incident_add"), incident_post(location=location)
    ).content.decode()
    assert (
        "Error: As a block, the public location is 204 characters long; at most 200."
    ) in html
    assert not Incident.objects.exists()


def test_a_plain_save_generalises_too(db):
    incident = Incident.objects.create(
        case_number="S-1", date=datetime.date(2022, 4, 2), location="23 Front St"
    )
    incident.refresh_from_db()
    assert (incident.location, incident.address) == (
        "unit block of Front St",
        "23 Front St",
    )


def test_the_admin_never_saves_a_house_number(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root"))
    client.post(
        reverse("admin:incidents_incident_add"),
        {
            "case_number": "BPD-22-0100",
            "date": "2022-04-09",
            "time": "23:10",
            "location": "255 Oak St",
            "address": "",
            "latitude": "",
            "longitude": "",
            "shots_fired_confirmed": "on",
            "status": "preliminary",
            "notes": "",
            "victims-TOTAL_FORMS": "0",
            "victims-INITIAL_FORMS": "0",
            "victims-MIN_NUM_FORMS": "0",
            "victims-MAX_NUM_FORMS": "1000",
        },
    )
    # The admin is read-only (it refuses the add); should it ever save again, the
    # model's save() makes the location a block.
    assert list(Incident.all_objects.values_list("location", "address")) in (
        [],
        [("200 block of Oak St", "255 Oak St")],
    )


# --- Imports ----------------------------------------------------------------------------


def import_rows(*rows: str) -> plan.ImportPlan:
    result = save.apply("\n".join([HEADER, *rows]) + "\n", formats.CANONICAL)
    assert list(result.errors) == []
    return result


def test_the_canonical_import_saves_blocks(db):
    import_rows(
        "B-1,2022-01-05,23:10,23 Front St,yes,1,0,final",
        'B-2,2022-02-10,,"Clinton St & Front St",no,0,0,',
        "B-3,2022-03-15,,1300 Front St,no,0,0,",
    )
    assert [
        saved("B-1"),
        saved("B-2"),
        saved("B-3"),
    ] == [
        ("unit block of Front St", "23 Front St"),
        ("Clinton St & Front St", ""),
        ("1300 block of Front St", "1300 Front St"),
    ]
    assert sorted(Incident.history.values_list("location", flat=True)) == [
        "1300 block of Front St",
        "Clinton St & Front St",
        "unit block of Front St",
    ]


def test_the_careful_path_of_the_canonical_import_saves_blocks_too(db, monkeypatch):
    monkeypatch.setattr(canonical, "_clean_canonical_row", lambda *args: None)
    import_rows("B-1,2022-01-05,23:10,255 Oak St,yes,1,0,final")
    assert saved("B-1") == ("200 block of Oak St", "255 Oak St")


def test_the_import_preview_shows_the_block(db):
    result = plan.plan(
        HEADER + "\nB-1,2022-01-05,23:10,23 Tremont Ave,yes,1,0,final\n",
        formats.CANONICAL,
    )
    assert [(r.location, r.address) for r in result.records] == [
        ("unit block of Tremont Ave", "23 Tremont Ave")
    ]


def test_a_row_whose_block_is_too_long_is_refused(db):
    result = save.apply(
        HEADER + "\nB-1,2022-01-05,23:10,1 " + "x" * 190 + ",yes,1,0,final\n",
        formats.CANONICAL,
    )
    assert [str(error) for error in result.errors] == [
        "Row 2, column location: The block-level location is 204 characters long; "
        "at most 200."
    ]
    assert not Incident.all_objects.exists()


def test_importing_the_same_file_twice_leaves_the_blocks_unchanged(db):
    row = "B-1,2022-01-05,23:10,23 Front St,yes,1,0,final"
    import_rows(row)
    assert import_rows(row).unchanged[0].case_number == "B-1"
    assert Incident.history.count() == 1


def test_an_import_correction_moves_the_address_only_with_the_block(db):
    import_rows("B-1,2022-01-05,23:10,255 Oak St,yes,1,0,final")
    import_rows("B-1,2022-01-05,23:10,23 Front St,yes,1,0,final")
    assert saved("B-1") == ("unit block of Front St", "23 Front St")
    Incident.objects.filter(case_number="B-1").update(address="23 Front St, rear")
    import_rows("B-1,2022-01-05,23:10,21 Front St,no,0,0,final")
    assert saved("B-1") == ("unit block of Front St", "23 Front St, rear")


def test_the_nypd_import_has_no_house_number(db):
    header = ",".join(nypd.NYPD_COLUMNS)
    result = save.apply(
        f"{header}\n228798151,05/27/2021,21:30:00,QUEENS,105,false\n", formats.NYPD
    )
    assert list(result.errors) == []
    assert saved("NYPD-228798151") == ("Precinct 105, Queens", "")


# --- Rows saved before, and what the public sees ----------------------------------------


def _migrate(target: str):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("incidents", target)])
    return executor.loader.project_state([("incidents", target)]).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_generalises_saved_locations_and_keeps_the_history():
    apps = _migrate(BEFORE)
    incidents = apps.get_model("incidents", "Incident").all_objects
    history = apps.get_model("incidents", "HistoricalIncident").objects
    now = datetime.datetime.now(datetime.UTC)
    rows = [
        ("T-1", "23 Tremont Ave", ""),
        ("T-2", "255 Oak St", "255 Oak St, rear"),
        ("T-3", "Mygatt St & Meadows St", ""),
        ("T-4", "100 block of Court St", ""),
    ]
    for case, location, address in rows:
        fields = {
            "case_number": case,
            "date": datetime.date(2022, 4, 2),
            "location": location,
            "address": address,
            "created_at": now,
            "updated_at": now,
        }
        incident = incidents.create(**fields)
        history.create(id=incident.pk, history_date=now, history_type="+", **fields)
    try:
        apps = _migrate(AFTER)
        incidents = apps.get_model("incidents", "Incident").all_objects
        history = apps.get_model("incidents", "HistoricalIncident").objects
        assert list(
            incidents.order_by("case_number").values_list(
                "case_number", "location", "address", "version"
            )
        ) == [
            ("T-1", "unit block of Tremont Ave", "23 Tremont Ave", 1),
            ("T-2", "200 block of Oak St", "255 Oak St, rear", 1),
            ("T-3", "Mygatt St & Meadows St", "", 1),
            ("T-4", "100 block of Court St", "", 1),
        ]
        # The earlier history rows stay as they were; each change has a row with why.
        assert list(
            history.order_by("history_id").values_list(
                "case_number", "history_type", "location", "history_change_reason"
            )
        ) == [
            ("T-1", "+", "23 Tremont Ave", None),
            ("T-2", "+", "255 Oak St", None),
            ("T-3", "+", "Mygatt St & Meadows St", None),
            ("T-4", "+", "100 block of Court St", None),
            ("T-1", "~", "unit block of Tremont Ave", REASON),
            ("T-2", "~", "200 block of Oak St", REASON),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_no_public_page_or_download_shows_a_house_number(client, editor_client):
    editor_client.post(
        reverse("incidents:incident_add"), incident_post(location="23 Tremont Ave")
    )
    import_rows("B-1,2022-01-05,23:10,255 Oak St,yes,1,0,final")
    client.logout()
    for url in ["/", "/data/", "/api/ytd.json", "/data/ytd.csv?as_of=2022-04-30"]:
        body = client.get(url).content.decode()
        assert "23 Tremont" not in body, url
        assert "255 Oak" not in body, url


def test_the_sample_locations_are_block_level():
    incidents, recoveries = sample_data.records()
    locations = [row[2] for row in incidents] + [row[4] for row in recoveries]
    assert [generalise(place) for place in locations] == [
        (place, None) for place in locations
    ]


def test_the_sample_data_loads_unchanged(db):
    sample_data.load(io.StringIO())
    incidents, recoveries = sample_data.records()
    assert sorted(Incident.objects.values_list("location", flat=True)) == sorted(
        row[2] for row in incidents
    )
    assert sorted(FirearmRecovery.objects.values_list("location", flat=True)) == sorted(
        row[4] for row in recoveries
    )
    assert not Incident.objects.exclude(address="").exists()
    assert not FirearmRecovery.objects.exclude(address="").exists()
