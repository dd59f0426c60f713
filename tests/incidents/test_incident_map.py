"""The staff incident map (/incidents/map/): a year's incidents with coordinates over a
kind's boundaries, the number without coordinates, the count in each place, and
parameters bounded (a 400 with a message, never a 500)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

URL = reverse("incidents:incident_map")


@pytest.fixture
def incidents_2024(precincts, make_incident, editor):
    """2024: two in precinct 2 and one in precinct 1 with coordinates, one without
    coordinates in no precinct, one voided; 2023: one."""

    def at(day, precinct, lon=None, lat=None):
        incident = make_incident(day, longitude=lon, latitude=lat)
        if precinct:
            incident.places.add(precincts[precinct])
        return incident

    at("2024-01-05", "2", "-75.905", "42.105")
    at("2024-02-05", "2", "-75.902", "42.108")
    at("2024-03-05", "1", "-75.915", "42.105")
    at("2024-04-05", None)
    at("2024-05-05", "1", "-75.915", "42.101").void("entered twice", editor)
    at("2023-06-05", "2", "-75.905", "42.105")


def circles(html: str) -> int:
    return html.count("<circle ")


def table_rows(html: str) -> list[tuple[str, str]]:
    body = html[html.index('<h2 id="counts-heading">') : html.index("</table>")]
    return re.findall(
        r'<tr><th scope="row">(.*?)</th><td data-label="Incidents" class="num">'
        r"(.*?)</td></tr>",
        body,
    )


def test_the_map_draws_the_years_incidents_over_the_precincts(
    viewer_client, incidents_2024
):
    response = viewer_client.get(URL, {"year": "2024", "kind": "precinct"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Incident map, 2024</h1>" in html
    assert (
        '<p class="answer">4 incidents in 2024: 3 on the map, 1 without '
        "coordinates.</p>"
    ) in html
    assert circles(html) == 3
    assert "<title>T-00001, 2024-01-05</title>" in html
    assert html.count("<path ") == 2  # precinct 10 has no boundary
    assert "Not on the map, without a boundary: Precinct 10." in html
    assert '<h2 id="counts-heading">Incidents in 2024 by police precinct</h2>' in html
    assert table_rows(html) == [
        ("Precinct 1", "1"),
        ("Precinct 2", "2"),
        ("In no police precinct", "1"),
    ]
    assert "<p>1 police precinct had none.</p>" in html


def test_without_parameters_it_shows_the_latest_year_and_a_kind_with_boundaries(
    viewer_client, incidents_2024, districts
):
    response = viewer_client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert (form.cleaned_data["year"], form.cleaned_data["kind"]) == (2024, "precinct")
    response = viewer_client.get(URL, {"year": "2023"})
    assert response.context["form"].cleaned_data["kind"] == "precinct"
    assert circles(response.content.decode()) == 1


def test_a_kind_without_boundaries_draws_the_points_alone(
    viewer_client, incidents_2024, districts
):
    html = viewer_client.get(
        URL, {"year": "2024", "kind": "council_district"}
    ).content.decode()
    assert circles(html) == 3
    assert "<path " not in html
    assert table_rows(html) == [("In no council district", "4")]
    assert "<p>3 council districts had none.</p>" in html


def test_a_year_without_incidents_says_so(viewer_client, precincts):
    year = timezone.localdate().year
    html = viewer_client.get(URL, {"year": str(year)}).content.decode()
    assert f'<p class="answer">No incident is recorded in {year}.</p>' in html
    assert circles(html) == 0


def test_with_no_boundary_and_no_coordinates_there_is_no_map(viewer_client, districts):
    html = viewer_client.get(URL, {"kind": "council_district"}).content.decode()
    assert "<svg" not in html
    assert "No council district has a boundary yet" in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": "1999"}, "year", "Choose a year from 2000 to {this_year}."),
        ({"year": "2024.0"}, "year", "Choose a year from 2000 to {this_year}."),
        ({"year": "9" * 5000}, "year", "Choose a year from 2000 to {this_year}."),
        ({"kind": "city"}, "kind", "Choose a kind of place from the list."),
        ({"kind": "<script>"}, "kind", "Choose a kind of place from the list."),
    ],
)
def test_bad_parameters_get_a_400_with_a_message_next_to_the_field(
    viewer_client, precincts, params, field, message
):
    response = viewer_client.get(URL, params)
    assert response.status_code == 400
    text = message.format(this_year=timezone.localdate().year)
    assert response.context["form"].errors == {field: [text]}
    html = response.content.decode()
    assert f'<div class="field-errors" id="id_{field}_error">' in html
    assert "<script>" not in html
    assert "<svg" not in html


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(year=st.text(max_size=30), kind=st.text(max_size=30))
def test_no_parameter_causes_a_server_error(viewer_client, precincts, year, kind):
    response = viewer_client.get(URL, {"year": year, "kind": kind})
    assert response.status_code in (200, 400)


def test_its_queries_do_not_grow_with_the_incidents(
    viewer_client, incidents_2024, make_incident
):
    viewer_client.get(URL)  # the session and roles, read once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            viewer_client.get(URL, {"year": "2024", "kind": "precinct"})
        return len(captured)

    before = queries()
    for day in ("2024-07-01", "2024-07-02", "2024-07-03"):
        make_incident(day, longitude="-75.905", latitude="42.105")
    assert queries() == before


def test_the_incident_list_links_to_the_map(viewer_client, db):
    html = viewer_client.get(reverse("incidents:incident_list")).content.decode()
    assert f'<a href="{URL}">Map of the incidents</a>' in html
