"""Money beside outcomes on a hand-made case: the twelve months before an area's first
expenditure against the latest twelve complete months, city-wide and, for targeted
places, there and in the rest of the city."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from incidents.windows import Window
from programs import outcomes
from programs.models import AreaOutcome

D = datetime.date.fromisoformat


def test_the_spans_are_whole_months_before_and_the_latest_twelve():
    before, after = outcomes.spans(D("2022-06-30"), D("2023-11-15"))
    assert before == Window(D("2021-06-01"), D("2022-05-31"))
    assert after == Window(D("2022-11-01"), D("2023-10-31"))
    before, after = outcomes.spans(D("2022-01-03"), D("2023-12-31"))
    assert before == Window(D("2021-01-01"), D("2021-12-31"))
    assert after == Window(D("2023-01-01"), D("2023-12-31"))


@pytest.fixture
def hot_spots(area, budget, make_spending, districts, make_incident):
    """First expenditure on 2022-06-30; incidents with someone hit before and after,
    in district 1 (targeted), district 2 and none."""
    make_spending("obligation", D("2022-06-01"), "6000.00")
    make_spending("expenditure", D("2022-06-30"), "1500.00")
    for day, district, shot in [
        ("2020-12-31", "1", 1),  # before the before span
        ("2021-06-01", "1", 2),
        ("2021-09-09", "1", 1),
        ("2021-10-10", "2", 1),
        ("2022-03-03", None, 1),
        ("2022-05-31", "1", 1),
        ("2022-06-15", "1", 1),  # between the spans
        ("2022-11-01", "1", 1),
        ("2023-07-04", "2", 3),
        ("2023-10-31", "2", 1),
        ("2023-11-01", "1", 1),  # after the last complete month
    ]:
        incident = make_incident(day, *["injured"] * shot)
        if district:
            incident.places.add(districts[district])
    outcome = AreaOutcome.objects.create(
        area=area, position=1, metric="shooting_victims"
    )
    outcome.places.add(districts["1"])
    return outcome


def test_people_shot_before_and_after_in_the_targeted_places_and_elsewhere(
    area, hot_spots
):
    (result,) = outcomes.area_outcomes(area, D("2023-11-30"), D("2023-11-15"))
    assert (result.before, result.after) == (
        Window(D("2021-06-01"), D("2022-05-31")),
        Window(D("2022-11-01"), D("2023-10-31")),
    )
    assert result.overlap is False
    got = [
        (r.where, r.previous, r.current, r.change, r.z, r.signal) for r in result.rows
    ]
    assert got == [
        ("City-wide", 6, 5, -1, Decimal("-0.43"), "within normal variation"),
        ("The targeted places", 4, 1, -3, Decimal("-2.00"), "within normal variation"),
        ("The rest of the city", 2, 4, 2, Decimal("1.17"), "within normal variation"),
    ]
    assert result.main.where == "The targeted places"


def test_an_area_that_has_spent_nothing_has_no_comparison(area, districts):
    AreaOutcome.objects.create(area=area, position=1, metric="shots_fired_confirmed")
    (result,) = outcomes.area_outcomes(area, D("2023-11-30"), D("2023-11-15"))
    assert (result.before, result.rows, result.main) == (None, [], None)


def test_a_span_before_the_records_begin_has_no_figure(
    area, budget, make_spending, make_incident
):
    make_spending("obligation", D("2022-06-01"), "600.00")
    make_spending("expenditure", D("2022-06-01"), "100.00")
    make_incident("2022-07-02", "killed")
    AreaOutcome.objects.create(area=area, position=1, metric="victims_killed")
    (result,) = outcomes.area_outcomes(area, D("2022-12-31"), D("2022-12-31"))
    (row,) = result.rows
    assert (row.previous, row.current, row.z) == (None, 1, None)
    assert result.overlap is True  # spent for less than a year: the spans overlap


def test_the_public_results_page_withholds_small_counts_of_people_by_place(
    viewer_client, area, hot_spots, complete_through
):
    complete_through("2023-11-15")
    url = "/areas/gun-buyback/results/"
    client = Client()  # anonymous (viewer_client signs in the test's own client)
    public = client.get(url).context["outcomes"][0]
    got = [(r.where, r.previous, r.current, r.hidden) for r in public.rows]
    assert got == [
        ("City-wide", 6, 5, False),
        ("The targeted places", 4, None, True),  # 1 person shot: withheld
        ("The rest of the city", 2, None, True),  # 5 - 4 would give it away
    ]
    html = client.get(url).content.decode()
    assert "withheld" in html
    assert "is not proof that the program caused it" in html
    staff = viewer_client.get(url).context["outcomes"][0]
    assert [r.current for r in staff.rows] == [5, 1, 4]


def test_the_dashboard_has_a_results_line_per_area(
    viewer_client, area, other_area, hot_spots, make_measure, value_of, complete_through
):
    complete_through("2023-11-15")
    measure = make_measure("Patrol hours")
    value_of(measure, "2022-07-01", "12")
    response = viewer_client.get("/dashboard/")
    rows = response.context["results_rows"]
    # Each area's line leads to its results page.
    html = response.content.decode()
    assert '<a href="/areas/gun-buyback/results/">Gun Buyback Programs</a>' in html
    assert '<a href="/areas/cpted/results/">CPTED</a>' in html
    assert [(r["area"].slug, r["spent"]) for r in rows] == [
        ("gun-buyback", Decimal("1500.00")),
        ("cpted", Decimal("0.00")),
    ]
    first = rows[0]
    assert (first["measure"].measure.name, first["measure"].value) == (
        "Patrol hours",
        Decimal("12.00"),
    )
    main = first["outcome"].main
    assert (main.where, main.previous, main.current) == ("The targeted places", 4, 1)
    assert (rows[1]["measure"], rows[1]["outcome"]) == (None, None)
