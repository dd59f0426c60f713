"""Presentation mode and the one-page summary: the dashboard's settings carried through,
its figures on a hand-made case, a bad setting explained; the dashboard's settings bar."""

import datetime

import pytest

from incidents.models import DataCompleteness, Victim

PRESENT, SUMMARY, DASHBOARD = (
    "/dashboard/present/",
    "/dashboard/summary/",
    "/dashboard/",
)
SETTINGS = {"as_of": "2022-05-04", "compare": "2021", "money_as_of": "2022-12-31"}


@pytest.fixture
def hand_made(make_incident, budget, make_spending):
    """2022 to May 4: three confirmed shots fired, one person shot; 2021: one shots-fired
    report. Money: $10,000 budgeted, $6,000 obligated, $2,500 spent in 2022."""
    DataCompleteness.set(datetime.date(2022, 5, 4))
    make_incident("2021-02-01")
    make_incident("2022-01-10", Victim.Outcome.INJURED)
    make_incident("2022-03-01")
    make_incident("2022-05-04")
    make_incident("2022-05-05")  # after the as-of date: not counted
    make_spending("obligation", datetime.date(2022, 6, 1), "6000.00")
    make_spending("expenditure", datetime.date(2022, 7, 1), "2500.00")


def test_the_summary_shows_the_exact_figures_and_their_dates(
    text_of, viewer_client, hand_made
):
    page = text_of(viewer_client.get(SUMMARY, SETTINGS))
    assert "Prepared for the Binghamton City Council" in page
    assert (
        "Incident figures as of May 4, 2022 (compared with 2021) · money as of "
        "December 31, 2022" in page
    )
    assert (
        "Confirmed shots fired are up from 1 to 3 compared with the same days of 2021, "
        "within normal variation for numbers this small; $2,500 of the $1,000,000 has "
        "been spent." in page
    )
    assert (
        "Confirmed shots fired 3 2022 to date · 1 by the same date in 2021 ▲ Up +2 "
        "(+200.0%) Within normal variation" in page
    )
    assert "People shot 1 2022 to date · 0 by the same date in 2021 ▲ Up +1" in page
    assert "Budgeted $10,000 $10,000 of the $1,000,000 program" in page
    assert "Obligated $6,000 $6,000 promised under contract" in page
    assert "Spent $2,500 $2,500: 25.0% of the budget" in page
    assert (
        "$994,000 is still to be obligated (promised under contract) by December 31, "
        "2024, 731 days left." in page
    )
    assert "$997,500 is still unspent, with 1461 days left" in page


def test_presentation_mode_has_its_five_screens_in_order(viewer_client, hand_made):
    response = viewer_client.get(PRESENT, SETTINGS)
    html = response.content.decode()
    headings = [
        "Year to date: 2022 against 2021",
        "The long run: people shot since 2021",
        "By place",
        "The money and its deadlines",
        "Results per area",
    ]
    found = [
        html.index(f'id="screen-{n}-heading">{h}<') for n, h in enumerate(headings, 1)
    ]
    assert found == sorted(found)
    assert "3 of" not in html  # the counter is the script's: "1 of 5" to start
    leave = 'class="present-exit" href="/dashboard/?as_of=2022-05-04&amp;compare=2021'
    assert leave in html
    assert response.context["comparison"].metrics["shots_fired_confirmed"].current == 3


@pytest.mark.parametrize("url", [PRESENT, SUMMARY, DASHBOARD])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"as_of": "May 4"}, "Incidents as of: Enter a valid date"),
        ({"compare": "2030", "as_of": "2022-05-04"}, "Choose a year before 2022."),
        ({"kind": "nowhere"}, "Select a valid choice. nowhere is not one of"),
        (
            {"recorded_at": "yesterday"},
            "must be a local date and time as YYYY-MM-DDTHH:MM",
        ),
    ],
)
def test_a_bad_setting_gives_the_forms_message_and_the_defaults(
    text_of, viewer_client, hand_made, url, query, message
):
    response = viewer_client.get(url, query)
    assert response.status_code == 200
    page = text_of(response)
    assert message.split(": ")[-1] in page
    assert response.context["as_of"] == datetime.date(2022, 5, 4)


def test_the_announcements_view_takes_its_dates_from_the_program(
    text_of, viewer_client, hand_made, program
):
    DataCompleteness.set(datetime.date(2022, 12, 31))
    response = viewer_client.get(DASHBOARD)
    assert (
        "The announcement's view: as of May 4, 2022 against 2021 (the figures "
        "presented to the council on May 16, 2022)" in text_of(response)
    )
    href = '<a href="?as_of=2022-05-04&amp;compare=2021&amp;money_as_of=2022-05-16">'
    assert href in response.content.decode()
    program.announced_on = datetime.date(2022, 6, 1)
    program.save()
    moved = "The announcement's view: as of June 1, 2022 against 2021"
    assert moved in text_of(viewer_client.get(DASHBOARD))
    DataCompleteness.set(datetime.date(2022, 5, 31))  # not yet reached by the data
    assert "The announcement's view" not in text_of(viewer_client.get(DASHBOARD))
