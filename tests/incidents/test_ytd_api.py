"""The public year-to-date API: exact figures for the sample data, errors, and privacy."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from incidents.models import FirearmRecovery, Incident, Victim


def metric(label, current, previous, change, change_pct, z, signal, average):
    return {
        "label": label,
        "current": current,
        "previous": previous,
        "change": change,
        "change_pct": change_pct,
        "z": z,
        "signal": signal,
        "five_year_average": average,
    }


WITHIN = "within normal variation"
BEYOND = "beyond normal variation"


def test_the_sample_data_give_the_reported_figures_as_of_may_4_2022(
    client, sample_incidents, settings
):
    settings.STALE_AFTER_DAYS = 100_000  # the notice depends on today: not tested here
    data = client.get(reverse("api_ytd"), {"as_of": "2022-05-04"}).json()
    notes = data.pop("notes")
    assert data.pop("stale_notice") is None
    assert data == {
        "methodology": "/methodology/",
        "as_of": "2022-05-04",
        "data_complete_through": "2026-11-30",
        "current": {"year": 2022, "start": "2022-01-01", "end": "2022-05-04"},
        "previous": {"year": 2021, "start": "2021-01-01", "end": "2021-05-04"},
        "metrics": {
            "shots_fired_confirmed": metric(
                "Confirmed shots fired", 18, 10, 8, 80.0, 2.16, WITHIN, 7.0
            ),
            "shooting_incidents_with_injury": metric(
                "Shootings with someone hit", 5, 2, 3, 150.0, 1.64, WITHIN, 2.8
            ),
            "shooting_victims": metric(
                "People shot", 6, 3, 3, 100.0, 1.43, WITHIN, 3.6
            ),
            "victims_killed": metric(
                "People shot and killed", 1, 0, 1, None, 2.0, WITHIN, 0.6
            ),
            # the 2021 recoveries are generated (none were reported)
            "firearms_recovered": metric(
                "Firearms recovered", 28, 17, 11, 64.7, 2.34, WITHIN, 18.6
            ),
            # the first buyback event was in April 2022
            "firearms_bought_back": metric(
                "Firearms bought back", 12, 0, 12, None, 6.93, BEYOND, 0.0
            ),
        },
        "last_28_days": {
            "start": "2022-04-07",
            "end": "2022-05-04",
            "previous_start": "2021-04-07",
            "previous_end": "2021-05-04",
            "metrics": {
                "shots_fired_confirmed": {"current": 6, "previous": 4},
                "shooting_incidents_with_injury": {"current": 2, "previous": 0},
                "shooting_victims": {"current": 2, "previous": 0},
                "victims_killed": {"current": 0, "previous": 0},
                "firearms_recovered": {"current": 15, "previous": 3},
                "firearms_bought_back": {"current": 12, "previous": 0},
            },
        },
    }
    assert notes == [
        "Each year is counted from January 1 to the same month and day: January 1 to "
        "May 4, 2022 against January 1 to May 4, 2021. When the as-of date is February "
        "29, a year without one stops on February 28; a leap comparison year includes "
        "its February 29 whenever the as-of date is on or after March 1.",
        "A change is marked beyond normal variation when z = 2 × (√current − √previous) "
        "is 3 or more either way; smaller swings are common with small counts.",
        "The last 28 days (April 7 to May 4, 2022) are compared with the same 28 days "
        "of 2021.",
        "The five-year average covers the same period of 2017 to 2021, counting only "
        "years from the first record on; it is empty when none of those years has data.",
        "All incidents and firearm recoveries up to November 30, 2026 have been "
        "entered.",
        "6 incident records in these periods are preliminary and may still change.",
        "These figures include illustrative sample records invented to demonstrate the "
        "tracker; they are not city records.",
    ]


def test_as_of_defaults_to_data_complete_through(client, sample_incidents):
    data = client.get(reverse("api_ytd")).json()
    assert data["as_of"] == "2026-11-30"
    assert data["metrics"]["shooting_victims"]["current"] == 9


def test_another_comparison_year_moves_the_previous_window(client, sample_incidents):
    data = client.get(reverse("api_ytd"), {"as_of": "2022-05-04", "compare": "2020"})
    body = data.json()
    assert body["previous"] == {
        "year": 2020,
        "start": "2020-01-01",
        "end": "2020-05-04",
    }
    assert body["metrics"]["shots_fired_confirmed"]["previous"] == 5
    # no records before 2017: no data for 2016, not zero
    data = client.get(reverse("api_ytd"), {"as_of": "2022-05-04", "compare": "2016"})
    assert data.json()["metrics"]["shots_fired_confirmed"]["previous"] is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"as_of": "2022-02-30"}, "as_of: '2022-02-30' is not a real date."),
        ({"as_of": "20220504"}, "as_of: '20220504' is not a date as YYYY-MM-DD."),
        ({"as_of": "2022-5-4"}, "as_of: '2022-5-4' is not a date as YYYY-MM-DD."),
        ({"as_of": "yesterday"}, "as_of: 'yesterday' is not a date as YYYY-MM-DD."),
        (
            {"as_of": "2022-05-05"},
            "as_of 2022-05-05 is too late: the data are complete only through "
            "2022-05-04.",
        ),
        ({"compare": "2022"}, "compare must be a year before 2022, not '2022'."),
        ({"compare": "2023"}, "compare must be a year before 2022, not '2023'."),
        ({"compare": "last"}, "compare must be a year before 2022, not 'last'."),
        ({"compare": "0"}, "compare must be a year before 2022, not '0'."),
        ({"compare": "1899"}, "compare must be a year before 2022, not '1899'."),
        ({"as_of": "0002-01-01"}, "as_of must be after 1900, not 0002-01-01."),
        ({"as_of": "1900-05-04"}, "as_of must be after 1900, not 1900-05-04."),
        (
            {"recorded_at": "0001-01-01T00:00"},
            "recorded_at must be after 1900, not '0001-01-01T00:00'.",
        ),
        (
            {"as_of": "2021-03-01", "compare": "2021"},
            "compare must be a year before 2021, not '2021'.",
        ),
    ],
)
def test_bad_parameters_get_a_400_with_a_json_message(
    client, complete_through, query, message
):
    complete_through("2022-05-04")
    response = client.get(reverse("api_ytd"), query)
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_without_data_complete_through_the_limit_is_today(client, db):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = client.get(reverse("api_ytd"), {"as_of": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "that is after today" in response.json()["error"]


@pytest.fixture
def sensitive_incident(make_incident):
    incident = make_incident(
        "2022-04-12",
        "injured",
        case_number="BPD-22-004711",
        location="200 block of Walnut St",
        address="27 Walnut Street, Apt 2",
        latitude=Decimal("42.101234"),
        longitude=Decimal("-75.912345"),
        notes="Victim treated at Wilson hospital; witness on porch.",
    )
    FirearmRecovery.objects.create(
        reference="PR-2022-0999",
        date=datetime.date(2022, 4, 12),
        count=1,
        location="200 block of Walnut St",
        incident=incident,
    )
    return incident


def test_the_public_api_reveals_no_case_number_place_note_or_victim_detail(
    client, sample_incidents, sensitive_incident
):
    body = client.get(reverse("api_ytd"), {"as_of": "2022-05-04"}).content.decode()
    data = json.loads(body)
    assert data["metrics"]["shooting_victims"]["current"] == 7  # it was counted
    secrets = set()
    for case, location, address, notes in Incident.objects.values_list(
        "case_number", "location", "address", "notes"
    ):
        secrets |= {case, location, address, notes}
    secrets |= set(FirearmRecovery.objects.values_list("reference", flat=True))
    secrets |= set(FirearmRecovery.objects.values_list("location", flat=True))
    secrets |= {"42.10", "75.91", "Walnut", "Wilson"}
    secrets.discard("")
    leaks = sorted(s for s in secrets if s in body)
    assert leaks == []
    assert Victim.objects.filter(incident=sensitive_incident).count() == 1


def test_the_api_has_no_stale_notice_while_the_data_are_recent(
    client, sample_incidents, settings
):
    settings.STALE_AFTER_DAYS = 100_000
    assert client.get(reverse("api_ytd")).json()["stale_notice"] is None


def test_the_last_28_days_compare_with_the_chosen_year(client, sample_incidents):
    query = {"as_of": "2022-05-04", "compare": "2016"}
    body = client.get(reverse("api_ytd"), query).json()
    assert body["last_28_days"]["previous_start"] == "2016-04-07"
    assert body["last_28_days"]["previous_end"] == "2016-05-04"
    # the sample has no records before 2017: no data, not zero
    assert body["last_28_days"]["metrics"]["shots_fired_confirmed"] == {
        "current": 6,
        "previous": None,
    }
