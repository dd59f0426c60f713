"""Year-to-date figures by place (incidents.place_figures): the counts of each place from
the per-place daily counts, the records of none, rates, and small counts hidden."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import place_figures
from incidents.models import Victim
from places.models import Place, PlaceKind

INJURED, KILLED = Victim.Outcome.INJURED, Victim.Outcome.KILLED
AS_OF = datetime.date(2024, 6, 30)


def counts(figures, key="shooting_victims", window="current") -> dict[str, int]:
    return {row.name: getattr(row.metrics[key], window) for row in figures.rows}


def test_each_place_counts_its_own_records(shootings):
    figures = place_figures.compute(PlaceKind.COUNCIL_DISTRICT, AS_OF)
    assert counts(figures) == {
        "District 1": 1,
        "District 2": 4,
        "District 3": 5,
        "not recorded": 3,
    }
    assert counts(figures, window="previous") == {
        "District 1": 0,
        "District 2": 0,
        "District 3": 2,
        "not recorded": 0,
    }
    assert counts(figures, "victims_killed") == {
        "District 1": 0,
        "District 2": 1,
        "District 3": 0,
        "not recorded": 0,
    }
    assert figures.city.metrics["shooting_victims"].current == 13
    assert figures.current.end == AS_OF and figures.previous.year == 2023


def test_change_z_and_yearly_rate_per_100k(shootings):
    figures = place_figures.compute(PlaceKind.COUNCIL_DISTRICT, AS_OF)
    third = figures.places[2].metrics["shooting_victims"]
    assert (third.change, third.change_pct, third.z) == (
        3,
        Decimal("150.0"),
        Decimal("1.64"),
    )
    # 5 in the 182 days to June 30, 2024: 10.03 a year, per 20,000 residents.
    assert third.rate_per_100k == Decimal("50.1")
    assert figures.places[0].metrics["shooting_victims"].rate_per_100k is None
    assert figures.city.metrics["shooting_victims"].rate_per_100k == Decimal("52.1")


def test_the_records_of_no_place_are_left_out_when_there_are_none(
    districts, make_incident, complete_through
):
    make_incident("2024-03-01", INJURED).places.add(districts["1"])
    complete_through("2024-06-30")
    figures = place_figures.compute(PlaceKind.COUNCIL_DISTRICT, AS_OF)
    assert [row.name for row in figures.rows] == [
        "District 1",
        "District 2",
        "District 3",
    ]


def test_the_figures_cost_the_same_queries_whatever_the_records(
    shootings, make_incident
):
    with CaptureQueriesContext(connection) as few:
        place_figures.compute(PlaceKind.COUNCIL_DISTRICT, AS_OF)
    for day in range(1, 29):
        make_incident(datetime.date(2024, 2, day), INJURED).places.add(shootings["2"])
    with CaptureQueriesContext(connection) as many:
        place_figures.compute(PlaceKind.COUNCIL_DISTRICT, AS_OF)
    assert len(many) == len(few) == 5


def test_the_public_sees_small_counts_of_people_hidden(shootings):
    figures = place_figures.disclosed(
        place_figures.compute(PlaceKind.COUNCIL_DISTRICT, AS_OF), threshold=3
    )
    shot = {row.name: row.metrics["shooting_victims"] for row in figures.rows}
    # District 1's one person is small; the smallest other count (3, of no district)
    # is withheld too, else 13 - 4 - 5 - 3 would tell it.
    assert {name: count.hidden for name, count in shot.items()} == {
        "District 1": "small",
        "District 2": "",
        "District 3": "",
        "not recorded": "withheld",
    }
    assert shot["District 1"].change is None and shot["District 1"].z is None
    assert shot["District 2"].current == 4
    # Last year's 2 in district 3 is small too (and district 1's 0 withheld): this
    # year's 5 stays, the change would tell it.
    previous = {name: count.hidden_previous for name, count in shot.items()}
    assert previous == {
        "District 1": "withheld",
        "District 2": "",
        "District 3": "small",
        "not recorded": "",
    }
    assert shot["District 3"].current == 5 and shot["District 3"].change is None
    assert shot["District 3"].rate_per_100k == Decimal("50.1")
    killed = {row.name: row.metrics["victims_killed"].hidden for row in figures.rows}
    assert killed == {
        "District 1": "withheld",
        "District 2": "small",
        "District 3": "",
        "not recorded": "",
    }
    # Shots fired are not counts of people; the city's figures stay exact.
    assert not any(row.metrics["shots_fired_confirmed"].hidden for row in figures.rows)
    assert figures.city.metrics["shooting_victims"].current == 13


def test_the_threshold_is_a_setting(shootings, settings):
    settings.SMALL_COUNT_THRESHOLD = 5
    figures = place_figures.disclosed(
        place_figures.compute(PlaceKind.COUNCIL_DISTRICT, AS_OF)
    )
    hidden = {row.name: row.metrics["shooting_victims"].hidden for row in figures.rows}
    assert hidden == {
        "District 1": "small",
        "District 2": "small",
        "District 3": "",
        "not recorded": "small",
    }
    assert figures.threshold == 5
    assert "from 1 to 4" in place_figures.rule(5)


def test_a_place_of_another_kind_is_not_counted(shootings, make_incident):
    precinct = Place.objects.create(kind=PlaceKind.PRECINCT, code="1", name="First")
    make_incident("2024-03-03", INJURED).places.add(precinct)
    figures = place_figures.compute(PlaceKind.COUNCIL_DISTRICT, AS_OF)
    assert counts(figures)["not recorded"] == 4
    precincts = place_figures.compute(PlaceKind.PRECINCT, AS_OF)
    assert counts(precincts) == {"First": 1, "not recorded": 13}


def test_kinds_with_places_leave_out_the_city(districts):
    assert place_figures.kinds_with_places() == ["council_district"]
