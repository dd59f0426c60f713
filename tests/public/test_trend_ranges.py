"""The long-run trend with a normal range on the pages and in the download, from records
made by hand since 2019 (a module of its own: the sample data stay out of it)."""

import csv
import io

import pytest


@pytest.fixture
def above_normal(make_incident, complete_through):
    """Five people shot in 2019-2021 (limits 0 to 1.26 a month), then two in January 2022."""
    for day, people in [("2019-06-01", 2), ("2020-06-01", 2), ("2021-06-01", 1)]:
        make_incident(day, *["injured"] * people)
    make_incident("2022-01-15", "injured", "injured")
    complete_through("2022-01-31")


def test_the_pages_say_when_the_latest_month_is_above_its_normal_range(
    client, viewer_client, above_normal, text_of
):
    sentence = (
        "In January 2022 there were 2 people shot, above the normal range of 0 to 1 "
        "for the month."
    )
    dashboard = viewer_client.get("/dashboard/")
    assert sentence in text_of(dashboard)
    client.logout()
    home = client.get("/")
    assert sentence in text_of(home)
    trend = home.context["trend_charts"][0]
    names = [trace["name"] for trace in trend.figure["data"]]
    assert "Normal range" in names and "Unusually high" in names


def test_the_trends_download_has_the_limits_and_refuses_bad_input(client, above_normal):
    rows = list(
        csv.reader(io.StringIO(client.get("/data/trends.csv").content.decode()))
    )
    assert [
        "shooting_victims",
        "2022-01",
        "2",
        "0.1",
        "1.3",
        "0.0",
        "unusually high",
    ] in (rows)
    response = client.get("/data/trends.csv", {"as_of": "2022-02-01"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "as_of 2022-02-01 is too late: the data are complete only through "
        "2022-01-31."
    }
