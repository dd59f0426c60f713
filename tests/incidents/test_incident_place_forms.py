"""Places on the incident and recovery forms: a select per kind that has places, saved as
the record's one place of that kind; a place found from the coordinates where a kind has
boundaries; a place of another kind refused; the places on the detail page and list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_incident_pages import incident_post, recovery_post

from incidents.models import FirearmRecovery, Incident

IN_PRECINCT_2 = {"latitude": "42.105000", "longitude": "-75.905000"}
NOWHERE = {"latitude": "42.200000", "longitude": "-75.905000"}


def add_incident(client, **fields):
    return client.post(reverse("incidents:incident_add"), incident_post(**fields))


def edit_incident(client, incident, **fields):
    data = incident_post(
        case_number=incident.case_number, version=incident.version, **fields
    )
    return client.post(reverse("incidents:incident_edit", args=[incident.pk]), data)


def places_of(record) -> list[str]:
    return sorted(f"{p.kind} {p.code}" for p in record.places.all())


def test_the_form_has_a_select_per_kind_with_places_in_code_order(
    editor_client, districts, precincts
):
    form = editor_client.get(reverse("incidents:incident_add")).context["form"]
    assert [name for name in form.fields if name.startswith("place_")] == [
        "place_council_district",
        "place_precinct",
    ]
    assert list(form.fields)[8:11] == [
        "longitude",
        "place_council_district",
        "place_precinct",
    ]
    district = form.fields["place_council_district"]
    precinct = form.fields["place_precinct"]
    assert (district.label, precinct.label) == ("Council district", "Police precinct")
    assert [label for _, label in precinct.choices] == [
        "None",
        "Precinct 1",
        "Precinct 2",
        "Precinct 10",
    ]
    # Only precincts have boundaries: only they are found from the coordinates.
    assert district.help_text == "Optional."
    assert precinct.help_text == (
        "Optional. Left at “None” when the record has coordinates, it is filled in "
        "on saving: the police precinct whose boundary holds the point."
    )


def test_without_places_the_form_has_no_place_select(editor_client, db):
    form = editor_client.get(reverse("incidents:incident_add")).context["form"]
    assert not [name for name in form.fields if name.startswith("place_")]


def test_an_editor_chooses_a_place_of_each_kind(editor_client, districts, precincts):
    response = add_incident(
        editor_client,
        place_council_district=districts["2"].pk,
        place_precinct=precincts["10"].pk,
    )
    assert response.status_code == 302
    assert places_of(Incident.objects.get()) == ["council_district 2", "precinct 10"]


def test_a_changed_place_replaces_the_old_one_of_its_kind(
    editor_client, districts, precincts, make_incident
):
    incident = make_incident("2022-04-09")
    incident.places.add(districts["1"], precincts["10"])
    form = editor_client.get(
        reverse("incidents:incident_edit", args=[incident.pk])
    ).context["form"]
    assert form["place_council_district"].value() == str(districts["1"].pk)

    response = edit_incident(
        editor_client,
        incident,
        place_council_district=districts["3"].pk,
        place_precinct=precincts["10"].pk,
    )

    assert response.status_code == 302
    assert places_of(incident) == ["council_district 3", "precinct 10"]


def test_a_cleared_place_is_removed(editor_client, districts, precincts, make_incident):
    incident = make_incident("2022-04-09")
    incident.places.add(districts["1"], precincts["2"])
    edit_incident(editor_client, incident, place_council_district="", place_precinct="")
    assert places_of(incident) == []


def test_coordinates_inside_a_precinct_pick_it(editor_client, districts, precincts):
    add_incident(
        editor_client, place_council_district=districts["1"].pk, **IN_PRECINCT_2
    )
    # Districts have no boundaries: none is found, the one chosen stays.
    assert places_of(Incident.objects.get()) == ["council_district 1", "precinct 2"]


def test_a_chosen_place_wins_over_the_coordinates(editor_client, precincts):
    add_incident(editor_client, place_precinct=precincts["1"].pk, **IN_PRECINCT_2)
    assert places_of(Incident.objects.get()) == ["precinct 1"]


def test_coordinates_outside_every_precinct_pick_none(editor_client, precincts):
    add_incident(editor_client, **NOWHERE)
    assert places_of(Incident.objects.get()) == []


def test_a_place_cleared_is_found_again_from_new_coordinates(
    editor_client, precincts, make_incident
):
    incident = make_incident("2022-04-09")
    incident.places.add(precincts["1"])
    edit_incident(editor_client, incident, place_precinct="", **IN_PRECINCT_2)
    assert places_of(incident) == ["precinct 2"]


@pytest.mark.parametrize("posted", ["precinct", "999999", "<b>x</b>"])
def test_a_place_of_another_kind_is_refused_next_to_its_field(
    editor_client, districts, precincts, posted
):
    value = precincts["1"].pk if posted == "precinct" else posted
    response = add_incident(editor_client, place_council_district=value)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "place_council_district": [
            "That is not a council district: choose one from the list."
        ]
    }
    html = response.content.decode()
    assert (
        '<div class="field-errors" id="id_place_council_district_error">\n'
        "        <p>Error: That is not a council district: choose one from the list.</p>"
    ) in html
    assert "<b>x</b>" not in html
    assert not Incident.all_objects.exists()


def test_the_incident_page_shows_its_places(
    viewer_client, districts, precincts, make_incident
):
    incident = make_incident("2022-04-09")
    url = reverse("incidents:incident_detail", args=[incident.pk])
    html = viewer_client.get(url).content.decode()
    assert '<tr><th scope="row">Places</th><td>None</td></tr>' in html
    incident.places.add(districts["2"], precincts["10"])
    html = viewer_client.get(url).content.decode()
    assert '<tr><th scope="row">Council district</th><td>District 2</td></tr>' in html
    assert '<tr><th scope="row">Police precinct</th><td>Precinct 10</td></tr>' in html


def test_a_recovery_gets_its_places_and_the_list_shows_them(
    editor_client, districts, precincts
):
    response = editor_client.post(
        reverse("incidents:recovery_add"),
        recovery_post(
            place_council_district=districts["3"].pk, place_precinct=precincts["2"].pk
        ),
    )
    assert response.status_code == 302
    recovery = FirearmRecovery.objects.get()
    assert places_of(recovery) == ["council_district 3", "precinct 2"]
    form = editor_client.get(
        reverse("incidents:recovery_edit", args=[recovery.pk])
    ).context["form"]
    # A recovery has no coordinates: nothing is found from them.
    assert form.fields["place_precinct"].help_text == "Optional."
    assert list(form.fields).index("place_council_district") == (
        list(form.fields).index("address") + 1
    )
    html = editor_client.get(reverse("incidents:recovery_list")).content.decode()
    assert '<td  data-label="Places">District 3, Precinct 2</td>' in html


def test_the_recovery_list_reads_the_places_in_one_query(
    editor_client, districts, make_recovery
):
    for day in ("2022-01-01", "2022-01-02", "2022-01-03"):
        make_recovery(day).places.add(districts["1"])
    url = reverse("incidents:recovery_list")
    with CaptureQueriesContext(connection) as captured:
        editor_client.get(url)
    reads = [q["sql"] for q in captured.captured_queries if "places_place" in q["sql"]]
    assert len(reads) == 1
