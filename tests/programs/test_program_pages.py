"""The programs API, the staff pages of the monthly values and the area pages'
measures, on a hand-made case."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import MeasureValue, Source

D = datetime.date.fromisoformat


@pytest.fixture
def measures(budget, make_spending, make_measure, value_of, target_of, make_recovery):
    make_spending("obligation", D("2022-06-01"), "6000.00")
    make_spending("expenditure", D("2022-06-30"), "1500.00")
    patrol = make_measure("Patrol hours", definition="Hours on foot.")
    value_of(patrol, "2022-06-01", "12.5")
    value_of(patrol, "2022-07-01", "20")
    target_of(patrol, "2022-Q3", "50")
    bought = make_measure(
        "Firearms bought back",
        Source.FIREARMS_BOUGHT_BACK,
        unit="firearms",
        counted_from="2022-06-01",
    )
    make_recovery("2022-06-11", 3, source="bought_back")
    return patrol, bought


def test_the_api_gives_each_areas_measures_as_of_a_month_end(client, measures):
    answer = client.get("/api/programs.json?as_of=2022-07-31").json()
    assert answer == {
        "methodology": "/methodology/",
        "as_of": "2022-07-31",
        "areas": [
            {
                "slug": "gun-buyback",
                "name": "Gun Buyback Programs",
                "spent": "1500.00",
                "measures": [
                    {
                        "name": "Patrol hours",
                        "unit": "hours",
                        "definition": "Hours on foot.",
                        "direction": "more",
                        "derived": False,
                        "counted_from": "2022-06-10",
                        "value": 32.5,
                        "target": 50,
                        "target_period": "2022-Q3",
                        "cost_per_unit": "46.15",
                        "illustrative": False,
                    },
                    {
                        "name": "Firearms bought back",
                        "unit": "firearms",
                        "definition": "Firearms bought back, counted.",
                        "direction": "more",
                        "derived": True,
                        "counted_from": "2022-06-01",
                        "value": 3,
                        "target": None,
                        "target_period": None,
                        "cost_per_unit": "500.00",
                        "illustrative": False,
                    },
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("as_of=2022-07-30", "2022-07-30 is none of these"),
        ("as_of=soon", "as_of must be a date as YYYY-MM-DD, not 'soon'."),
        ("as_of=2022-07-31&as_of=2022-08-31", "Give as_of once."),
        ("recorded_at=2022-07-31", "Unknown parameter 'recorded_at'"),
    ],
)
def test_the_api_refuses_what_it_does_not_publish(client, measures, query, message):
    response = client.get(f"/api/programs.json?{query}")
    assert response.status_code == 400
    assert message in response.json()["error"]


def post(measure, **change) -> dict:
    return {
        "measure": measure.pk,
        "month": "2022-08",
        "value": "7.25",
        "note": "From the patrol log",
        **change,
    }


def test_an_editor_records_a_value_and_the_api_shows_it_at_once(
    client, editor_client, editor, measures
):
    patrol, _ = measures
    before = client.get("/api/programs.json?as_of=2022-08-31").json()
    assert before["areas"][0]["measures"][0]["value"] == 32.5
    response = editor_client.post(reverse("programs:value_add"), post(patrol))
    assert response.status_code == 302
    saved = MeasureValue.objects.get(measure=patrol, month=D("2022-08-01"))
    assert (saved.value, saved.recorded_by, saved.note) == (
        Decimal("7.25"),
        editor,
        "From the patrol log",
    )
    assert saved.history.get().history_type == "+"
    after = client.get("/api/programs.json?as_of=2022-08-31").json()
    assert after["areas"][0]["measures"][0]["value"] == 39.75


def test_a_second_value_for_a_month_is_refused_next_to_the_month(
    editor_client, measures
):
    patrol, _ = measures
    response = editor_client.post(
        reverse("programs:value_add"), post(patrol, month="2022-07")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "month": [
            "Patrol hours already has a value for July 2022: correct that one "
            "(Values recorded) instead of adding another."
        ]
    }
    assert MeasureValue.objects.filter(month=D("2022-07-01")).count() == 1


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"value": "-1"}, "value", "Ensure this value is greater than or equal to 0."),
        ({"month": "July"}, "month", "Give the month as YYYY-MM, e.g. 2022-06."),
        (
            {"month": "2022-05"},
            "month",
            "Patrol hours is counted from June 2022; May 2022 is before it.",
        ),
    ],
)
def test_a_bad_value_is_refused_with_its_reason(
    editor_client, measures, change, field, error
):
    patrol, _ = measures
    response = editor_client.post(reverse("programs:value_add"), post(patrol, **change))
    assert response.context["form"].errors == {field: [error]}
    assert MeasureValue.objects.count() == 2


def test_a_derived_measure_takes_no_entered_value(editor_client, measures):
    _, bought = measures
    response = editor_client.post(reverse("programs:value_add"), post(bought))
    assert "measure" in response.context["form"].errors
    assert MeasureValue.objects.filter(measure=bought).count() == 0


def test_viewers_read_the_results_but_record_nothing(viewer_client, measures):
    patrol, _ = measures
    page = viewer_client.get(reverse("programs:overview"))
    assert page.status_code == 200
    assert "Patrol hours" in page.content.decode()
    assert viewer_client.get(reverse("programs:value_list")).status_code == 200
    response = viewer_client.post(reverse("programs:value_add"), post(patrol))
    assert response.status_code == 403
    assert MeasureValue.objects.count() == 2


def test_the_public_area_page_shows_what_the_money_bought(client, measures):
    html = client.get(reverse("area", args=["gun-buyback"])).content.decode()
    assert "What the money bought" in html
    assert "Patrol hours" in html
    assert "Hours on foot." in html
    assert "$1,500 spent" in html
