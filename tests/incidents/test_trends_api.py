"""/api/trends.json: the shape of the issue, exact months for the sample and for six
hand-made years, the 400s, and the cache."""

import pytest
from django.urls import reverse
from test_trends import shootings_since_2016

URL = "/api/trends.json"


@pytest.fixture
def six_years(make_incident, complete_through):
    shootings_since_2016(make_incident, complete_through)


def no_limits(month: str, count: int) -> dict:
    return {
        "month": month,
        "count": count,
        "center": None,
        "upper": None,
        "lower": None,
        "flag": None,
    }


def test_the_route_is_named():
    assert reverse("api_trends") == URL


def limits(month: str, count: int, center, upper, flag=None) -> dict:
    return {
        "month": month,
        "count": count,
        "center": center,
        "upper": upper,
        "lower": 0.0,
        "flag": flag,
    }


def test_the_sample_has_normal_ranges_from_its_fourth_year(client, sample_incidents):
    query = {"metric": "shooting_victims", "as_of": "2022-05-04"}
    data = client.get(URL, query).json()
    assert list(data) == ["metric", "place", "as_of", "months", "years", "methodology"]
    assert (data["metric"], data["place"], data["as_of"]) == (
        "shooting_victims",
        None,
        "2022-05-04",
    )
    months = data["months"]
    assert [m["month"] for m in months[:1] + months[-1:]] == ["2017-01", "2022-04"]
    assert len(months) == 64
    assert all(m["center"] is None for m in months[:36])  # 2017 to 2019
    assert months[42] == limits("2020-07", 9, 1.3, 4.7, "unusually high")
    # 2021 and 2022 to May 4 are the hand-written records
    counts = [0, 2, 1, 0, 1, 2, 3, 1, 0, 1, 0, 1, 2, 1, 1, 2]
    assert months[48:] == [
        limits(f"{2021 + n // 12}-{n % 12 + 1:02d}", count, *range_of(2021 + n // 12))
        for n, count in enumerate(counts)
    ]
    assert [m["month"] for m in months if m["flag"]] == ["2020-07"]
    assert data["years"] == [
        {"year": year, "count": count, "through": f"{year}-12-31", "partial": False}
        for year, count in [(2017, 13), (2018, 14), (2019, 19), (2020, 13), (2021, 12)]
    ] + [{"year": 2022, "count": 6, "through": "2022-05-04", "partial": True}]


def range_of(year: int) -> tuple[float, float]:
    """The sample's people-shot center and upper limit in 2021 and 2022."""
    return {2021: (1.3, 4.7), 2022: (1.2, 4.5)}[year]


def test_without_a_metric_the_trend_is_of_people_shot(client, sample_incidents):
    data = client.get(URL).json()
    assert data["metric"] == "shooting_victims"
    shots = client.get(URL, {"metric": "shots_fired_confirmed"}).json()
    assert shots["months"][0] == no_limits("2017-01", 1)


def test_months_with_three_earlier_years_have_limits_and_flags(client, six_years):
    months = {m["month"]: m for m in client.get(URL).json()["months"]}
    assert months["2018-12"] == no_limits("2018-12", 0)
    assert months["2020-03"] == {
        "month": "2020-03",
        "count": 2,
        "center": 0.1,
        "upper": 1.1,
        "lower": 0.0,
        "flag": "unusually high",
    }
    assert months["2022-02"] == {
        "month": "2022-02",
        "count": 0,
        "center": 0.1,
        "upper": 1.3,
        "lower": 0.0,
        "flag": None,
    }
    assert list(months)[-1] == "2022-02"


def test_as_of_is_honoured_like_the_ytd_api(client, six_years):
    data = client.get(URL, {"as_of": "2021-12-31"}).json()
    assert data["as_of"] == "2021-12-31"
    assert data["months"][-1]["month"] == "2021-12"
    assert data["years"][-1] == {
        "year": 2021,
        "count": 2,
        "through": "2021-12-31",
        "partial": False,
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"metric": "people"},
            "metric must be one of shots_fired_confirmed, "
            "shooting_incidents_with_injury, shooting_victims, victims_killed, "
            "firearms_recovered, firearms_bought_back; not 'people'.",
        ),
        (
            {"place": "precinct:75"},
            "place: no precinct has the code '75'.",
        ),
        (
            {"as_of": "2026-12-01"},
            "as_of 2026-12-01 is too late: the data are complete only through "
            "2026-11-30.",
        ),
        (
            {"as_of": "2022-05-02"},
            "Public figures are published as of month ends, the data-complete date "
            "and council packet dates; 2022-05-02 is none of these.",
        ),
        (
            {"compare": "2021"},
            "Unknown parameter 'compare': this API takes recorded_at, as_of, metric, "
            "place.",
        ),
    ],
)
def test_bad_parameters_get_a_400_that_says_why(
    client, sample_incidents, params, message
):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_a_metric_given_twice_is_refused(client, sample_incidents):
    response = client.get(f"{URL}?metric=shooting_victims&metric=victims_killed")
    assert response.status_code == 400
    assert response.json() == {"error": "Give metric once."}


def test_staff_may_ask_any_day_and_the_public_answer_is_cached(
    client, viewer_client, sample_incidents
):
    staff = viewer_client.get(URL, {"as_of": "2022-05-02"})
    assert staff.status_code == 200 and staff.json()["as_of"] == "2022-05-02"
    client.logout()
    first, second = client.get(URL), client.get(URL)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert first.content == second.content
