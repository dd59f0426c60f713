"""The council dashboard: year-to-date tiles, charts with tables, money, footnotes."""

import datetime

import pytest
from django.urls import reverse

from incidents.models import Incident

URL = "/dashboard/"
# The figures of the announcement of May 4, 2022 (the sample runs to November 2026).
ANNOUNCEMENT = {"as_of": "2022-05-04", "compare": "2021"}


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_it_defaults_to_data_complete_through_against_the_year_before(
    viewer_client, sample_data
):
    response = viewer_client.get(URL)
    assert (response.context["as_of"], response.context["compare_year"]) == (
        datetime.date(2026, 11, 30),
        2025,
    )
    shots = response.context["comparison"].metrics["shots_fired_confirmed"]
    assert (shots.current, shots.previous, shots.change) == (22, 22, 0)
    form = response.context["form"]
    assert form["as_of"].value() == datetime.date(2026, 11, 30)
    assert form["compare"].value() == 2025


def test_the_tiles_say_the_direction_in_words_and_arrows(
    text_of, viewer_client, sample_data
):
    page = text_of(viewer_client.get(URL, ANNOUNCEMENT))
    assert (
        "Confirmed shots fired 18 2022 to date · 10 by the same date in 2021 ▲ Up +8 (+80.0%) Within normal variation"
        in page
    )
    assert (
        "People shot 6 2022 to date · 3 by the same date in 2021 ▲ Up +3 (+100.0%)"
        in page
    )
    assert (
        "People shot and killed 1 2022 to date · 0 by the same date in 2021 ▲ Up +1 Within"
        in page
    )
    assert (
        "Firearms recovered 28 2022 to date · 17 by the same date in 2021 ▲ Up +11 "
        "(+64.7%)" in page
    )


def test_each_chart_has_a_heading_a_sentence_and_a_table(
    text_of, viewer_client, sample_data
):
    response = viewer_client.get(URL, ANNOUNCEMENT)
    page = text_of(response)
    assert (
        "As of May 4, 2022 there were 18 confirmed shots-fired reports, 8 more than by "
        "the same date in 2021." in page
    )
    assert (
        "As of May 4, 2022 there were 6 people shot, 3 more than by the same date in 2021."
        in page
    )
    html = response.content.decode()
    charts = response.context["monthly_charts"] + response.context["money_charts"]
    assert [c.title for c in charts] == [
        "Confirmed shots fired, month by month",
        "People shot, month by month",
        "Money per funding area",
        "Spending over time",
    ]
    for chart in charts:
        assert f'<h3 id="{chart.figure_id}-title">{chart.title}</h3>' in html
        assert f'id="{chart.data_id}"' in html
        assert "<summary>The numbers in this chart as a table</summary>" in html


def test_the_monthly_table_holds_the_databases_counts(viewer_client, sample_data):
    chart = viewer_client.get(URL, ANNOUNCEMENT).context["monthly_charts"][0]
    assert chart.table.headers == ["Month", "2022", "2021", "2020", "2019"]
    for month in range(1, 13):
        expected = {
            year: Incident.objects.filter(
                shots_fired_confirmed=True,
                date__year=year,
                date__month=month,
                date__lte=datetime.date(2022, 5, 4),
            ).count()
            for year in (2019, 2020, 2021, 2022)
        }
        row = chart.table.rows[month - 1]
        assert row[2:] == [str(expected[year]) for year in (2021, 2020, 2019)]
        assert row[1] == ("—" if month > 5 else str(expected[2022]))
    assert sum(int(row[1]) for row in chart.table.rows[:5]) == 18


def test_the_url_carries_the_as_of_date_and_the_comparison_year(
    viewer_client, sample_data
):
    response = viewer_client.get(URL, {"as_of": "2022-03-31", "compare": "2021"})
    shots = response.context["comparison"].metrics["shots_fired_confirmed"]
    expected = Incident.objects.filter(
        shots_fired_confirmed=True, date__range=("2022-01-01", "2022-03-31")
    ).count()
    assert shots.current == expected
    assert response.context["comparison"].previous.end == datetime.date(2021, 3, 31)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"as_of": "2026-12-01"},
            "as_of",
            "Incident data are complete only through November 30, 2026; choose that date or an earlier one.",
        ),
        ({"compare": "2026"}, "compare", "Choose a year before 2026."),
        ({"as_of": "2022-02-30"}, "as_of", "Enter a valid date."),
        # Its windows need a year before it.
        ({"as_of": "0001-03-01"}, "as_of", "Choose a date after 1900."),
        ({"as_of": "1900-12-31"}, "as_of", "Choose a date after 1900."),
        (
            {"recorded_at": "0001-01-01T00:00"},
            "recorded_at",
            "recorded_at must be after 1900, not '0001-01-01T00:00'.",
        ),
    ],
)
def test_bad_settings_are_explained_next_to_the_field(
    viewer_client, sample_data, params, field, message
):
    response = viewer_client.get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert response.context["as_of"] == datetime.date(2026, 11, 30)


def test_the_footnotes_define_every_metric_and_flag_sample_data(
    text_of, viewer_client, sample_data
):
    page = text_of(viewer_client.get(URL))
    assert (
        "Confirmed shots fired Incidents in which evidence confirms that a firearm was fired"
        in page
    )
    assert "February 29" in page
    assert "preliminary until each record is marked final" in page
    assert "Every budget and spending figure is illustrative sample data" in page
    assert "Prepared for the Binghamton City Council" in page


def test_the_money_section_shows_each_area_and_the_deadlines(
    text_of, viewer_client, sample_data
):
    response = viewer_client.get(URL, {"money_as_of": "2026-11-27"})
    page = text_of(response)
    assert (
        # Spent through October: 17,500 + 25,000 + 22 invoices of 1,354.17.
        "Gun Buyback Programs $75,000.00 $75,000.00 $72,291.74 $2,708.26 96.4%" in page
    )
    assert "obligate by December 31, 2024, passed 696 days ago" in page
    assert "spend by December 31, 2026, 34 days left" in page


def test_the_dashboard_makes_the_same_number_of_queries_with_more_incidents(
    viewer_client, sample_data, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        viewer_client.get(URL)
    Incident.objects.bulk_create(
        Incident(
            case_number=f"X-{n}",
            date=datetime.date(2022, 1, 1 + n % 28),
            location="Main St",
            shots_fired_confirmed=True,
        )
        for n in range(200)
    )
    with django_assert_num_queries(len(before.captured_queries)):
        viewer_client.get(URL)


def test_the_settings_carry_to_every_view(viewer_client, sample_data):
    query = {**ANNOUNCEMENT, "money_as_of": "2022-12-31", "kind": "council_district"}
    for url in ("/dashboard/present/", "/dashboard/summary/", URL):
        context = viewer_client.get(url, query).context
        assert (context["as_of"], context["compare_year"]) == (
            datetime.date(2022, 5, 4),
            2021,
        )
        assert context["money_as_of"] == datetime.date(2022, 12, 31)
        assert context["place_kind"] == "council_district"
    dashboard = viewer_client.get(URL, query)
    assert dashboard.context["place_figures"].kind == "council_district"
    html = dashboard.content.decode()
    carried = "?as_of=2022-05-04&amp;compare=2021&amp;money_as_of=2022-12-31&amp;kind="
    assert f'href="/dashboard/present/{carried}' in html
    assert f'href="/dashboard/summary/{carried}' in html
