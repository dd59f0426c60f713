"""Staff pages: the incident form with its victims, the list's filters, recoveries, import."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim


def incident_post(victims=(), **fields) -> dict:
    """Form data for the incident page: the incident's fields and a victims formset."""
    data = {
        "case_number": "BPD-22-0100",
        "date": "2022-04-09",
        "time": "23:10",
        "location": "100 block of Tremont Ave",
        "shots_fired_confirmed": "on",
        "status": "preliminary",
        "address": "",
        "latitude": "",
        "longitude": "",
        "notes": "",
        "victims-TOTAL_FORMS": str(max(3, len(victims))),
        "victims-INITIAL_FORMS": "0",
        "victims-MIN_NUM_FORMS": "0",
        "victims-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, outcome in enumerate(victims):
        data[f"victims-{index}-outcome"] = outcome
    return data


def test_an_editor_adds_an_incident_with_two_victims(editor_client):
    response = editor_client.post(
        reverse("incidents:incident_add"), incident_post(["injured", "killed"])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:incident_list")
    incident = Incident.objects.get()
    assert (incident.case_number, incident.date, incident.time, incident.status) == (
        "BPD-22-0100",
        datetime.date(2022, 4, 9),
        datetime.time(23, 10),
        "preliminary",
    )
    assert sorted(incident.victims.values_list("outcome", flat=True)) == [
        "injured",
        "killed",
    ]
    page = editor_client.get(response["Location"]).content.decode()
    assert "Added incident BPD-22-0100." in page


def test_victims_need_a_confirmed_discharge(editor_client):
    data = incident_post(["injured"])
    del data["shots_fired_confirmed"]
    response = editor_client.post(reverse("incidents:incident_add"), data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Someone was shot, so the discharge of a firearm is confirmed: tick "
        '"Discharge of a firearm confirmed" or remove the victims.'
    ]
    assert Incident.objects.count() == 0


def test_shots_fired_with_no_one_hit_needs_no_victims(editor_client):
    response = editor_client.post(reverse("incidents:incident_add"), incident_post())
    assert response.status_code == 302
    assert Incident.objects.get().victims.count() == 0


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        (
            {"latitude": "42.1"},
            "longitude",
            "Give both latitude and longitude, or neither.",
        ),
        (
            {"latitude": "95", "longitude": "-75.9"},
            "latitude",
            "Ensure this value is less than or equal to 90.",
        ),
        ({"location": "  "}, "location", "This field is required."),
        ({"date": "2999-01-01"}, "date", None),  # in the future
    ],
)
def test_the_form_explains_what_is_wrong(editor_client, fields, field, error):
    response = editor_client.post(
        reverse("incidents:incident_add"), incident_post(**fields)
    )
    errors = response.context["form"].errors[field]
    if error:
        assert errors == [error]
    else:
        assert errors[0].startswith("The date January 1, 2999 is in the future")
    assert Incident.objects.count() == 0


def test_a_case_number_is_unique(editor_client, make_incident):
    make_incident("2022-01-01", case_number="BPD-22-0100")
    response = editor_client.post(reverse("incidents:incident_add"), incident_post())
    assert response.context["form"].errors["case_number"] == [
        "An incident with this case number already exists."
    ]


def test_an_editor_removes_and_adds_victims_on_the_edit_page(
    editor_client, make_incident
):
    incident = make_incident("2022-04-09", "injured", "injured", case_number="BPD-1")
    first, second = incident.victims.order_by("pk")
    data = incident_post(
        case_number="BPD-1",
        version=incident.version,
        **{
            "victims-TOTAL_FORMS": "4",
            "victims-INITIAL_FORMS": "2",
            "victims-0-id": str(first.pk),
            "victims-0-outcome": "injured",
            "victims-1-id": str(second.pk),
            "victims-1-outcome": "injured",
            "victims-1-DELETE": "on",
            "victims-2-outcome": "killed",
        },
    )
    response = editor_client.post(
        reverse("incidents:incident_edit", args=[incident.pk]), data
    )
    assert response.status_code == 302
    assert list(incident.victims.order_by("pk").values_list("outcome", flat=True)) == [
        "injured",
        "killed",
    ]
    assert not Victim.objects.filter(pk=second.pk).exists()


@pytest.fixture
def listed(make_incident):
    make_incident("2022-01-05", case_number="A-1", status="final")
    make_incident("2022-02-05", "injured", case_number="A-2", status="final")
    make_incident("2022-03-05", "killed", "injured", case_number="A-3")
    make_incident("2022-04-05", case_number="A-4", confirmed=False)


@pytest.mark.parametrize(
    ("query", "cases"),
    [
        ({}, ["A-4", "A-3", "A-2", "A-1"]),
        ({"victims": "with"}, ["A-3", "A-2"]),
        ({"victims": "without"}, ["A-4", "A-1"]),
        ({"status": "final"}, ["A-2", "A-1"]),
        ({"date_min": "2022-02-01", "date_max": "2022-03-31"}, ["A-3", "A-2"]),
        ({"status": "preliminary", "victims": "with"}, ["A-3"]),
    ],
)
def test_the_list_filters_by_date_status_and_victims(
    viewer_client, listed, query, cases
):
    response = viewer_client.get(reverse("incidents:incident_list"), query)
    rows = response.context["table"].rows
    assert [row.record.case_number for row in rows] == cases


def test_the_list_shows_victim_counts(viewer_client, listed):
    response = viewer_client.get(reverse("incidents:incident_list"))
    row = next(
        r for r in response.context["table"].rows if r.record.case_number == "A-3"
    )
    assert (row.get_cell("victim_count"), row.get_cell("killed_count")) == (2, 1)


@pytest.mark.parametrize("incidents", [2, 40])
def test_the_list_makes_the_same_queries_for_few_or_many_incidents(
    viewer_client, make_incident, django_assert_max_num_queries, incidents
):
    for number in range(incidents):
        make_incident(datetime.date(2022, 1, 1 + number % 28), "injured")
    with django_assert_max_num_queries(9):
        viewer_client.get(reverse("incidents:incident_list"))


def test_staff_see_the_staff_only_fields_on_the_detail_page(
    viewer_client, make_incident
):
    incident = make_incident(
        "2022-03-05", address="12 Oak Street", notes="Door camera footage requested."
    )
    html = viewer_client.get(
        reverse("incidents:incident_detail", args=[incident.pk])
    ).content.decode()
    assert "12 Oak Street" in html
    assert "Door camera footage requested." in html


# --- Firearm recoveries and data completeness ---------------------------------------


def recovery_post(**fields) -> dict:
    return {
        "reference": "P-2022-0001",
        "date": "2022-05-04",
        "count": "3",
        "weapon_type": "12",
        "location": "Oak St",
        "case_number": "",
        **fields,
    }


def test_an_editor_records_a_recovery_linked_to_an_incident(
    editor_client, make_incident
):
    incident = make_incident("2022-05-03", case_number="BPD-22-0503")
    response = editor_client.post(
        reverse("incidents:recovery_add"), recovery_post(case_number="BPD-22-0503")
    )
    assert response.status_code == 302
    recovery = FirearmRecovery.objects.get()
    assert (recovery.count, recovery.weapon_type, recovery.incident) == (
        3,
        "12",
        incident,
    )


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"count": "0"}, "count", "Ensure this value is greater than or equal to 1."),
        (
            {"case_number": "NOPE"},
            "case_number",
            "No incident has the case number NOPE.",
        ),
        ({"weapon_type": "16"}, "weapon_type", None),
    ],
)
def test_the_recovery_form_explains_what_is_wrong(
    editor_client, db, fields, field, error
):
    response = editor_client.post(
        reverse("incidents:recovery_add"), recovery_post(**fields)
    )
    errors = response.context["form"].errors[field]
    assert (
        errors == [error] if error else errors[0].startswith("Select a valid choice.")
    )
    assert FirearmRecovery.objects.count() == 0


def test_an_editor_sets_data_complete_through(editor_client, editor):
    response = editor_client.post(
        reverse("incidents:complete_through"), {"complete_through": "2022-05-04"}
    )
    assert response.status_code == 302
    assert DataCompleteness.current() == datetime.date(2022, 5, 4)
    assert DataCompleteness.objects.get().set_by == editor
    editor_client.post(
        reverse("incidents:complete_through"), {"complete_through": "2022-05-10"}
    )
    assert DataCompleteness.objects.count() == 1
    assert DataCompleteness.current() == datetime.date(2022, 5, 10)


def test_data_complete_through_cannot_be_in_the_future(editor_client):
    response = editor_client.post(
        reverse("incidents:complete_through"), {"complete_through": "2999-01-01"}
    )
    assert (
        response.context["form"]
        .errors["complete_through"][0]
        .startswith("The date January 1, 2999 is in the future")
    )
    assert DataCompleteness.current() is None


# --- Upload, preview, confirm ---------------------------------------------------------

HEADER = (
    "case_number,date,time,location,shots_fired_confirmed,victims_injured,"
    "victims_killed,status"
)


def upload(client, text: str, fmt="canonical", **fields):
    file = SimpleUploadedFile("incidents.csv", text.encode(), content_type="text/csv")
    return client.post(
        reverse("incidents:import"), {"file": file, "format": fmt, **fields}
    )


def test_an_upload_shows_a_preview_and_saves_nothing(editor_client, make_incident):
    make_incident("2022-01-05", "injured", case_number="B-1", status="final")
    text = "\n".join(
        [
            HEADER,
            "B-1,2022-01-05,,100 block of Main St,yes,1,0,final",
            "B-2,2022-02-10,21:00,100 block of Court St,yes,0,1,",
        ]
    )
    response = upload(editor_client, text)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert (len(plan.new), len(plan.changed), len(plan.unchanged)) == (1, 0, 1)
    html = response.content.decode()
    assert "Nothing has been saved yet." in html
    assert "Import 2 records" in html
    assert Incident.objects.count() == 1
    # confirming saves exactly what was previewed
    digest = response.context["stored"]["digest"]
    response = editor_client.post(
        reverse("incidents:import_confirm"), {"digest": digest}
    )
    assert response.status_code == 302
    assert list(
        Incident.objects.order_by("case_number").values_list("case_number", flat=True)
    ) == ["B-1", "B-2"]
    assert DataCompleteness.current() is None


def test_an_upload_with_bad_rows_lists_them_all_and_offers_no_import(editor_client):
    text = "\n".join(
        [
            HEADER,
            "B-1,2022-02-30,,100 block of Main St,yes,1,0,final",
            "B-2,2022-02-10,,,perhaps,0,0,",
        ]
    )
    response = upload(editor_client, text)
    assert [str(e) for e in response.context["plan"].errors] == [
        "Row 2, column date: '2022-02-30' is not a real date.",
        "Row 3, column location: Enter the block-level location.",
        "Row 3, column shots_fired_confirmed: 'perhaps' is not yes or no.",
    ]
    html = response.content.decode()
    assert "Nothing was saved: 3 problems must be fixed first" in html
    assert "import_confirm" not in html and "/import/confirm/" not in html
    assert Incident.objects.count() == 0


def test_confirming_sets_data_complete_through_when_asked(editor_client):
    text = HEADER + "\nB-1,2022-01-05,,100 block of Main St,yes,1,0,final\n"
    response = upload(editor_client, text, complete_through="2022-01-31")
    digest = response.context["stored"]["digest"]
    editor_client.post(reverse("incidents:import_confirm"), {"digest": digest})
    assert DataCompleteness.current() == datetime.date(2022, 1, 31)


def test_a_stale_preview_cannot_be_confirmed(editor_client):
    upload(editor_client, HEADER + "\nB-1,2022-01-05,,Main St,yes,0,0,final\n")
    response = editor_client.post(
        reverse("incidents:import_confirm"), {"digest": "not-the-previewed-file"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:import")
    assert Incident.objects.count() == 0


def test_firearm_recoveries_can_be_uploaded_too(editor_client, db):
    text = "reference,date,count,weapon_type,location,case_number\nP-1,2022-05-04,2,,Oak St,\n"
    response = upload(editor_client, text, fmt="recoveries")
    digest = response.context["stored"]["digest"]
    response = editor_client.post(
        reverse("incidents:import_confirm"), {"digest": digest}
    )
    assert response["Location"] == reverse("incidents:recovery_list")
    assert FirearmRecovery.objects.get().count == 2
