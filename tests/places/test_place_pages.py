"""The places' staff pages: the list by kind, adding a place with its boundary pasted or
uploaded, editing it, its history and a kind's map; viewers read, editors change."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from places.models import Place, PlaceKind

# A 0.01-degree square in Binghamton: 5 points, about 0.9 km² at latitude 42.1.
RING = [[-75.91, 42.1], [-75.9, 42.1], [-75.9, 42.11], [-75.91, 42.11], [-75.91, 42.1]]
SQUARE = {"type": "Polygon", "coordinates": [RING]}
SQUARE_SUMMARY = "Polygon: 1 part, 5 points, about 0.9 km²"


def place_post(**fields) -> dict:
    return {
        "kind": "council_district",
        "code": "4",
        "name": "District 4",
        "population": "",
        "population_year": "",
        "population_source": "",
        "boundary_text": "",
        **fields,
    }


def edit_post(place: Place, **fields) -> dict:
    """The edit form as it was opened on `place`, with `fields` changed."""
    opened = {
        "kind": place.kind,
        "code": place.code,
        "name": place.name,
        "opened_at": place.updated_at.isoformat(),
    }
    return place_post(**{**opened, **fields})


@pytest.fixture
def district(db):
    place = Place(kind=PlaceKind.COUNCIL_DISTRICT, code="2", name="District 2")
    place.set_boundary(SQUARE)
    place.save()
    return place


def test_the_list_groups_places_by_kind_in_code_order(viewer_client, district):
    Place.objects.create(kind=PlaceKind.COUNCIL_DISTRICT, code="10", name="Ten")
    Place.objects.create(
        kind=PlaceKind.CITY,
        code="binghamton",
        name="City of Binghamton",
        population=47_969,
        population_year=2020,
    )
    html = viewer_client.get(reverse("places:place_list")).content.decode()
    assert '<h2 id="kind-city">Cities (1)</h2>' in html
    assert '<h2 id="kind-council_district">Council districts (2)</h2>' in html
    # Number order: 2 before 10 (text order would put "10" first).
    assert html.index('<th scope="row">2</th>') < html.index('<th scope="row">10</th>')
    assert '<td data-label="Population" class="num">47,969 (2020)</td>' in html
    assert f'Yes<span class="visually-hidden">: {SQUARE_SUMMARY}</span>' in html
    assert '<td data-label="Boundary">None</td>' in html


def test_viewers_get_no_edit_links_and_editors_do(viewer_client, editor, district):
    url = reverse("places:place_list")
    edit = reverse("places:place_edit", args=[district.pk])
    viewer_page = viewer_client.get(url).content.decode()
    assert edit not in viewer_page
    assert reverse("places:place_add") not in viewer_page
    assert reverse("places:place_history", args=[district.pk]) in viewer_page
    viewer_client.force_login(editor)
    assert edit in viewer_client.get(url).content.decode()


def test_an_editor_adds_a_place_with_a_pasted_boundary(editor_client):
    response = editor_client.post(
        reverse("places:place_add"),
        place_post(
            population="6000",
            population_year="2020",
            boundary_text=json.dumps({"type": "Feature", "geometry": SQUARE}),
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("places:place_list")
    place = Place.objects.get()
    assert (place.kind, place.code, place.name, place.population) == (
        "council_district",
        "4",
        "District 4",
        6000,
    )
    assert place.boundary == SQUARE
    assert place.web_boundary == SQUARE
    assert place.boundary_summary == SQUARE_SUMMARY
    page = editor_client.get(response["Location"]).content.decode()
    assert "Saved Council district 4: District 4." in page


@pytest.mark.parametrize("name", ["district.geojson", "district.json"])
def test_an_editor_adds_a_place_with_an_uploaded_boundary(editor_client, name):
    # What geojson.io saves for one shape: a collection of one feature.
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": SQUARE}],
        }
    )
    upload = SimpleUploadedFile(name, text.encode(), "application/geo+json")
    response = editor_client.post(
        reverse("places:place_add"), {**place_post(), "boundary_file": upload}
    )
    assert response.status_code == 302
    assert Place.objects.get().boundary_summary == SQUARE_SUMMARY


def field_errors(html: str, field: str) -> str:
    """The problems printed under `field`."""
    start = html.index(f'<div class="field-errors" id="id_{field}_error">')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "Polygon", ', "This is not valid JSON (Expecting property name"),
        ('{"type": "Point", "coordinates": [1, 2]}', "The geometry is a Point; a "),
        (
            json.dumps({"type": "FeatureCollection", "features": []}),
            "This FeatureCollection holds 0 features; a place has one boundary.",
        ),
        (
            json.dumps(
                {"type": "Polygon", "coordinates": [[[0, 0], [0, 91], [1, 1], [0, 0]]]}
            ),
            "Polygon 1, ring 1, position 2: latitude 91 is outside -90 to 90",
        ),
    ],
)
def test_a_bad_pasted_boundary_is_explained_next_to_its_field(
    editor_client, text, message
):
    response = editor_client.post(
        reverse("places:place_add"), place_post(boundary_text=text)
    )
    assert response.status_code == 200
    assert message in field_errors(response.content.decode(), "boundary_text")
    assert not Place.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("district.geojson", b"\xff\xfe{}", "The file is not UTF-8 text."),
        (
            "district.geojson",
            b'{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}',
            "The geometry is a LineString; a boundary must be a Polygon or a "
            "MultiPolygon.",
        ),
        (
            "district.txt",
            json.dumps(SQUARE).encode(),
            "File extension “txt” is not allowed. Allowed extensions are: geojson, "
            "json.",
        ),
    ],
)
def test_a_bad_boundary_file_is_explained_next_to_its_field(
    editor_client, name, content, message
):
    upload = SimpleUploadedFile(name, content)
    response = editor_client.post(
        reverse("places:place_add"), {**place_post(), "boundary_file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["boundary_file"] == [message]
    assert "Error: " in field_errors(response.content.decode(), "boundary_file")
    assert not Place.objects.exists()


def test_a_boundary_is_given_as_a_file_or_as_text_not_both(editor_client):
    upload = SimpleUploadedFile("district.geojson", json.dumps(SQUARE).encode())
    response = editor_client.post(
        reverse("places:place_add"),
        {**place_post(boundary_text=json.dumps(SQUARE)), "boundary_file": upload},
    )
    assert response.context["form"].errors["boundary_text"] == [
        "Give the boundary as a file or as text, not both."
    ]
    assert not Place.objects.exists()


def test_a_code_taken_within_its_kind_is_refused_but_another_kind_may_use_it(
    editor_client, district
):
    url = reverse("places:place_add")
    response = editor_client.post(url, place_post(code="2.0"))
    assert response.context["form"].errors["code"] == [
        "There is already a council district with the code 2: District 2."
    ]
    response = editor_client.post(url, place_post(kind="precinct", code="2"))
    assert response.status_code == 302
    assert Place.objects.filter(code="2").count() == 2


def test_an_edit_keeps_the_boundary_when_none_is_given(editor_client, district):
    response = editor_client.post(
        reverse("places:place_edit", args=[district.pk]),
        edit_post(district, name="Riverside"),
    )
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.name == "Riverside"
    assert district.boundary == SQUARE
    assert district.boundary_summary == SQUARE_SUMMARY


def test_an_edit_replaces_the_boundary(editor_client, district):
    bigger = [[-75.91, 42.1], [-75.89, 42.1], [-75.89, 42.12], [-75.91, 42.1]]
    editor_client.post(
        reverse("places:place_edit", args=[district.pk]),
        edit_post(
            district,
            boundary_text=json.dumps({"type": "Polygon", "coordinates": [bigger]}),
        ),
    )
    district.refresh_from_db()
    assert district.boundary_summary == "Polygon: 1 part, 4 points, about 1.8 km²"


def test_an_edit_over_someone_elses_save_is_refused(editor_client, district):
    opened = edit_post(district, name="Mine")
    district.name = "Theirs"
    district.save()
    response = editor_client.post(
        reverse("places:place_edit", args=[district.pk]), opened
    )
    assert response.status_code == 200
    assert "Someone saved this record after you opened it" in response.content.decode()
    district.refresh_from_db()
    assert district.name == "Theirs"


def test_the_history_shows_each_change_and_the_boundary_summary(
    editor_client, district
):
    editor_client.post(
        reverse("places:place_edit", args=[district.pk]),
        edit_post(district, name="Riverside", population="900", population_year="2020"),
    )
    response = editor_client.get(reverse("places:place_history", args=[district.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>History of council district 2</h1>" in html
    assert '<h2 id="versions-heading">2 versions</h2>' in html
    assert (
        '<span class="field-name">Name</span>: <span class="old">District 2</span> → '
        '<span class="new">Riverside</span>'
    ) in html
    assert f'<span class="new">{SQUARE_SUMMARY}</span>' in html
    assert "coordinates" not in html  # the boundary itself is kept out


def test_the_kind_map_draws_the_boundaries_and_lists_every_place(
    viewer_client, district
):
    Place.objects.create(kind=PlaceKind.COUNCIL_DISTRICT, code="5", name="Five")
    response = viewer_client.get(reverse("places:kind_map", args=["council_district"]))
    html = response.content.decode()
    assert "<h1>Council district boundaries</h1>" in html
    assert html.count("<path ") == 1
    assert "<title>District 2</title>" in html
    assert '<h2 id="places-heading">The 2 council districts</h2>' in html
    assert "<li>5: Five (no boundary)</li>" in html
    assert "Not on the map, without a boundary: Five." in html


def test_the_kind_map_of_a_kind_without_boundaries_says_so(viewer_client, db):
    Place.objects.create(kind=PlaceKind.CITY, code="b", name="Binghamton")
    html = viewer_client.get(reverse("places:kind_map", args=["city"])).content.decode()
    assert "<svg" not in html
    assert "<p>No city has a boundary yet.</p>" in html
    assert '<h2 id="places-heading">The 1 city</h2>' in html


def test_an_unknown_kind_has_no_map(viewer_client, db):
    response = viewer_client.get(reverse("places:kind_map", args=["ward"]))
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["add", "edit"])
def test_viewers_cannot_add_or_edit_a_place(viewer_client, district, action):
    url = (
        reverse("places:place_add")
        if action == "add"
        else reverse("places:place_edit", args=[district.pk])
    )
    assert viewer_client.get(url).status_code == 403
    response = viewer_client.post(url, edit_post(district, code="9", name="Nine"))
    assert response.status_code == 403
    assert list(Place.objects.values_list("code", "name")) == [("2", "District 2")]


def test_anonymous_visitors_are_sent_to_log_in(client, district):
    response = client.get(reverse("places:place_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
