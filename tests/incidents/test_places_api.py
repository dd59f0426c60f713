"""GET /api/places.json: year-to-date figures by place, shaped like /api/ytd.json, small
counts of people hidden from the public; and /api/trends.json?place=KIND:CODE."""

import pytest
from django.urls import reverse

from places.models import Place, PlaceKind

URL = "/api/places.json"
JUNE = {"as_of": "2024-06-30"}


def test_the_route_is_named():
    assert reverse("api_places") == URL


def place_metric(data: dict, code: str, key: str = "shooting_victims") -> dict:
    return next(p for p in data["places"] if p["code"] == code)["metrics"][key]


def test_the_public_answer_hides_small_counts(client, shootings):
    response = client.get(URL, JUNE)
    assert response.status_code == 200
    data = response.json()
    assert data["kind"] == "council_district" and data["as_of"] == "2024-06-30"
    assert data["current"] == {"year": 2024, "start": "2024-01-01", "end": "2024-06-30"}
    assert [p["code"] for p in data["places"]] == ["1", "2", "3"]
    assert place_metric(data, "1") == {
        "current": None,
        "previous": None,
        "change": None,
        "change_pct": None,
        "z": None,
        "signal": None,
        "rate_per_100k": None,
        "suppressed": True,
    }
    assert place_metric(data, "2") == {
        "current": 4,
        "previous": 0,
        "change": 4,
        "change_pct": None,
        "z": 4.0,
        "signal": "beyond normal variation",
        "rate_per_100k": None,
        "suppressed": False,
    }
    third = place_metric(data, "3")
    assert (third["current"], third["previous"], third["suppressed"]) == (5, None, True)
    assert third["rate_per_100k"] == 50.1
    assert data["not_recorded"]["metrics"]["shooting_victims"]["current"] is None
    assert data["city"]["metrics"]["shooting_victims"]["current"] == 13
    assert data["city"]["population"] == 50_000
    assert data["suppression"]["threshold"] == 3
    assert data["suppression"]["metrics"] == ["shooting_victims", "victims_killed"]
    assert place_metric(data, "1", "shots_fired_confirmed")["current"] == 1


def test_staff_see_exact_counts(viewer_client, shootings):
    data = viewer_client.get(URL, JUNE).json()
    assert place_metric(data, "1")["current"] == 1
    assert place_metric(data, "3")["previous"] == 2
    assert data["not_recorded"]["metrics"]["shooting_victims"]["current"] == 3
    assert data["suppression"] is None


def test_kind_defaults_to_the_first_with_places_and_others_are_refused(
    client,
    shootings,
):
    Place.objects.create(kind=PlaceKind.PRECINCT, code="7", name="Seventh")
    assert client.get(URL, JUNE).json()["kind"] == "council_district"
    precincts = client.get(URL, {**JUNE, "kind": "precinct"}).json()
    assert [p["code"] for p in precincts["places"]] == ["7"]
    response = client.get(URL, {**JUNE, "kind": "sector"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "kind must be one of council_district, precinct (the kinds with "
        "places); not 'sector'."
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"recorded_at": "2024-06-30T10:00"},
            "recorded_at: figures by place are current figures only (a record's "
            "places are not kept in its history); leave recorded_at out.",
        ),
        ({"as_of": "2024-06-29"}, None),  # not a published date, for the public
        (
            {"compare": "2024", **JUNE},
            "compare must be a year before 2024, not '2024'.",
        ),
        ({"place": "1", **JUNE}, None),  # an unknown parameter
    ],
)
def test_bad_parameters_get_a_400(client, shootings, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    if message:
        assert response.json() == {"error": message}


def test_without_places_it_says_so(client, db, complete_through):
    complete_through("2024-06-30")
    response = client.get(URL)
    assert response.status_code == 400
    assert response.json() == {"error": "kind: no places are set up yet."}


def test_a_place_trend_counts_its_records_and_hides_small_months(
    client,
    viewer_client,
    shootings,
):
    params = {"place": "council_district:3", "metric": "shooting_victims", **JUNE}
    staff = viewer_client.get("/api/trends.json", params).json()
    assert staff["place"] == "council_district:3"
    counts = {m["month"]: m["count"] for m in staff["months"]}
    assert (counts["2023-01"], counts["2024-05"], counts["2024-04"]) == (2, 5, 0)
    assert [(y["year"], y["count"]) for y in staff["years"]] == [(2023, 2), (2024, 5)]
    client.logout()
    public = client.get("/api/trends.json", params).json()
    january = next(m for m in public["months"] if m["month"] == "2023-01")
    assert (january["count"], january["suppressed"]) == (None, True)
    assert [(y["year"], y["count"]) for y in public["years"]] == [
        (2023, None),
        (2024, 5),
    ]
    shots = client.get(
        "/api/trends.json", {**params, "metric": "shots_fired_confirmed"}
    )
    assert "suppressed" not in shots.json()["months"][0]


@pytest.mark.parametrize(
    ("place", "message"),
    [
        (
            "3",
            "place must be KIND:CODE with a kind of council_district, precinct, "
            "sector, neighborhood, hot_spot, e.g. council_district:3; not '3'.",
        ),
        ("council_district:9", "place: no council_district has the code '9'."),
        ("city:city", None),
    ],
)
def test_a_trend_of_an_unknown_place_is_refused(
    client,
    shootings,
    place,
    message,
):
    response = client.get("/api/trends.json", {"place": place, **JUNE})
    assert response.status_code == 400
    if message:
        assert response.json() == {"error": message}
