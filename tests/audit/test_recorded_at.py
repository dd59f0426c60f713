"""Figures as recorded at a past moment: read from the history tables, they come back
exactly as they were, whatever was corrected, voided or added since."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models import Program, SpendingEntry
from incidents.models import DataCompleteness, Victim


@pytest.fixture
def money(budget, make_spending):
    make_spending("obligation", datetime.date(2022, 6, 1), "6000.00")
    make_spending("expenditure", datetime.date(2022, 7, 1), "2500.00")


def later_corrections(make_spending, area):
    """A correction, a void, a new entry and a new program total."""
    paid = SpendingEntry.objects.get(kind="expenditure")
    paid.amount = Decimal("3000.00")
    paid.save()
    make_spending("expenditure", datetime.date(2022, 8, 1), "500.00").void(
        "Entered twice.", None
    )
    make_spending("expenditure", datetime.date(2022, 9, 1), "1000.00")
    Program.objects.update(total=Decimal("1200000.00"))
    program = Program.objects.get()
    program.save()  # through save(), so the history has it


def test_the_funding_api_gives_back_the_figures_as_recorded_then(
    viewer_client, money, make_spending, area, an_hour_ago
):
    query = {"as_of": "2022-12-31"}
    then = viewer_client.get(reverse("api_funding"), query).json()
    moment = an_hour_ago()
    later_corrections(make_spending, area)
    now = viewer_client.get(reverse("api_funding"), query).json()
    assert now["program"]["spent"] == "4000.00"
    assert now["program"]["total"] == "1200000.00"

    again = viewer_client.get(
        reverse("api_funding"), {**query, "recorded_at": moment}
    ).json()
    assert again.pop("recorded_at") == f"{moment}:59"
    assert again == then


def test_the_overview_shows_what_changed_since_then(
    viewer_client, money, make_spending, area, an_hour_ago
):
    moment = an_hour_ago()
    later_corrections(make_spending, area)
    response = viewer_client.get(
        reverse("funding:overview"), {"as_of": "2022-12-31", "recorded_at": moment}
    )
    assert response.context["summary"].spent == Decimal("2500.00")
    assert [str(change) for change in response.context["changes"]] == [
        "Program total: $1,000,000.00 then, $1,200,000.00 now (+$200,000.00)",
        "Spent: $2,500.00 then, $4,000.00 now (+$1,500.00)",
        "Gun Buyback Programs, spent: $2,500.00 then, $4,000.00 now (+$1,500.00)",
    ]
    assert "Spent: $2,500.00 then, $4,000.00 now (+$1,500.00)" in (
        response.content.decode()
    )


@pytest.fixture
def incidents(make_incident, make_recovery, complete_through):
    make_incident("2021-03-01", "injured")
    make_incident("2022-02-01", "injured", case_number="KEEP")
    make_incident("2022-03-01", "killed", case_number="VOID")
    make_recovery("2022-03-02", 2)
    complete_through("2022-05-04")


def test_the_ytd_api_gives_back_the_figures_as_recorded_then(
    viewer_client,
    incidents,
    make_incident,
    make_recovery,
    complete_through,
    an_hour_ago,
):
    from incidents.models import Incident

    then = viewer_client.get(reverse("api_ytd")).json()
    moment = an_hour_ago()
    kept = Incident.objects.get(case_number="KEEP")
    Victim.objects.create(incident=kept, outcome="injured")
    kept.status = "final"
    kept.save()
    Incident.objects.get(case_number="VOID").void("Not a shooting.", None)
    make_incident("2022-04-01", "injured")
    make_recovery("2022-04-02", 5)
    complete_through("2022-05-10")
    assert viewer_client.get(reverse("api_ytd")).json() != then

    again = viewer_client.get(reverse("api_ytd"), {"recorded_at": moment}).json()
    again.pop("recorded_at")
    assert again == then
    assert again["data_complete_through"] == "2022-05-04"


def test_a_council_packet_comes_back_as_it_was_printed(
    viewer_client, incidents, make_incident, program, budget, an_hour_ago
):
    packet = viewer_client.get(reverse("dashboard"), {"money_as_of": "2022-12-31"})
    link = packet.context["reproduce_query"]
    assert "recorded_at=" in link
    moment = an_hour_ago()
    make_incident("2022-04-01", "injured")
    program.total = Decimal("900000.00")
    program.save()
    again = viewer_client.get(
        reverse("dashboard"), {"money_as_of": "2022-12-31", "recorded_at": moment}
    )
    figures = lambda context: [  # noqa: E731
        (m.key, m.current, m.previous) for m in context["comparison"].metrics.values()
    ]
    assert figures(again.context) == figures(packet.context)
    assert again.context["summary"].figures() == packet.context["summary"].figures()
    assert [str(change) for change in again.context["changes"]] == [
        "Confirmed shots fired, 2022 to date: 2 then, 3 now (+1)",
        "Shootings with someone hit, 2022 to date: 2 then, 3 now (+1)",
        "People shot, 2022 to date: 2 then, 3 now (+1)",
        "Program total: $1,000,000.00 then, $900,000.00 now (-$100,000.00)",
    ]


def test_recorded_at_figures_take_the_same_number_of_queries_for_more_records(
    viewer_client, money, make_spending, incidents, make_incident, an_hour_ago
):
    moment = an_hour_ago()

    def queries() -> int:
        with CaptureQueriesContext(connection) as funding:
            viewer_client.get(reverse("api_funding"), {"recorded_at": moment})
        with CaptureQueriesContext(connection) as incidents:
            viewer_client.get(reverse("api_ytd"), {"recorded_at": moment})
        return len(funding), len(incidents)

    few = queries()
    for day in range(2, 9):
        make_incident(f"2022-01-{day:02d}", "injured", "killed")
        make_spending("expenditure", datetime.date(2022, 7, day), "10.00")
    an_hour_ago()
    assert queries() == few


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2022-05-04", "recorded_at must be a local date and time as YYYY-MM-DDTHH:MM"),
        ("2022-02-30T10:00", "recorded_at '2022-02-30T10:00' is not a real date"),
        ("2999-01-01T00:00", "recorded_at '2999-01-01T00:00' is in the future."),
    ],
)
def test_a_bad_recorded_at_gets_a_400_with_a_message(client, program, raw, message):
    for url in (reverse("api_funding"), reverse("api_ytd")):
        response = client.get(url, {"recorded_at": raw})
        assert response.status_code == 400
        assert response.json()["error"].startswith(message)


def test_the_completeness_date_is_read_as_recorded_then(
    viewer_client, complete_through, an_hour_ago
):
    complete_through("2022-05-04")
    moment = an_hour_ago()
    complete_through("2022-06-30")
    assert DataCompleteness.current() == datetime.date(2022, 6, 30)
    data = viewer_client.get(reverse("api_ytd"), {"recorded_at": moment}).json()
    assert (data["as_of"], data["data_complete_through"]) == (
        "2022-05-04",
        "2022-05-04",
    )
