"""The public "By place" page: the answer first, a map drawn on the server where the
places have boundaries, the table, small counts of people hidden and the rule stated."""

import re

import pytest
from shapes import square

from places.models import Place

URL = "/by-place/"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def mapped(shootings):
    """The three districts with square boundaries side by side."""
    for number, place in enumerate(shootings.values()):
        place.set_boundary(square(-75.95 + 0.01 * number, 42.09))
        place.save()
    return shootings


def test_the_answer_comes_first_then_the_table_with_small_counts_hidden(
    client, shootings
):
    page = text(client.get(URL))
    assert page.index(
        "People shot in Binghamton from January 1 to June 30, 2024: 13."
    ) < (page.index("Show"))
    assert "The most in one council district: 5, in District 3." in page
    assert "District 1 fewer than 3 withheld — — —" in page
    assert "District 2 4 0 +4 Beyond normal variation —" in page
    assert "District 3 5 fewer than 3 — — 50.1" in page
    assert "not recorded withheld 0 — — —" in page
    assert "City 13 2 +11 Beyond normal variation 52.1" in page
    assert 'shown as "fewer than 3"' in page.replace("&quot;", '"')
    assert "No boundaries are set up for the council districts yet" in page


def test_staff_see_exact_counts_on_the_page(viewer_client, shootings):
    page = text(viewer_client.get(URL))
    assert "District 1 1 0 +1 Within normal variation —" in page
    assert "the counts are exact" in page


def test_the_map_shades_the_places_that_have_boundaries(client, mapped):
    body = client.get(URL).content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert svg.count("<path") >= 3
    assert "District 3" in svg and "fewer than 3" in svg
    assert "No boundaries are set up" not in body


def test_another_figure_is_chosen_by_its_key(client, shootings):
    page = text(client.get(URL, {"metric": "shots_fired_confirmed"}))
    assert (
        "Confirmed shots fired in Binghamton from January 1 to June 30, 2024: 9."
        in page
    )
    assert "District 1 1 0 +1" in page  # shots fired are not hidden


def test_a_bad_choice_gets_a_message_next_to_the_field_and_the_defaults(
    client, shootings
):
    response = client.get(URL, {"kind": "<script>", "metric": "x" * 5000})
    assert response.status_code == 400
    page = text(response)
    assert "Error: Select a valid choice." in page
    assert "People shot in Binghamton" in page
    assert "<script>" not in response.content.decode()


def test_without_places_the_page_says_so(client, db):
    Place.objects.all().delete()
    page = text(client.get(URL))
    assert "No places are set up yet" in page


def test_the_open_data_has_the_figures_by_place_as_csv(client, shootings):
    import csv
    import io

    response = client.get("/data/places.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4 * 6  # three districts and the records of none, six metrics
    shot = {r["name"]: r for r in rows if r["metric"] == "shooting_victims"}
    assert (shot["District 1"]["current"], shot["District 1"]["suppressed"]) == (
        "",
        "true",
    )
    assert (shot["District 3"]["current"], shot["District 3"]["rate_per_100k"]) == (
        "5",
        "50.1",
    )
    assert shot["District 3"]["population"] == "20000"
    assert client.get("/data/places.csv", {"kind": "ward"}).status_code == 400
    assert "Year-to-date figures by place" in client.get("/data/").content.decode()


# Last: the sample data stays loaded for the rest of the module once used.
def test_the_sample_data_has_the_council_districts(client, sample_data):
    page = text(client.get(URL))
    assert "Council District 7" in page
    assert "City of Binghamton" in page
