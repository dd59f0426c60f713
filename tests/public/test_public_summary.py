"""The public summary and the area pages, for residents (anonymous)."""

import pytest
from django.urls import reverse

from funding.models import FundingArea


def test_the_summary_explains_the_money_and_this_years_figures(
    text_of, client, as_announced
):
    page = text_of(client.get("/"))
    assert "Gun violence in Binghamton and the $1,000,000 to reduce it" in page
    assert (
        "Confirmed shots fired 18 2022 to date · 10 by the same date in 2021 ▲ Up +8 (+80.0%)"
        in page
    )
    assert "People shot 6 2022 to date · 3 by the same date in 2021" in page
    assert "What these numbers can and cannot tell you" in page
    assert "sample figures invented to demonstrate the tracker" in page


def test_the_summary_lists_the_six_areas_with_links_in_order(client, sample_data):
    html = client.get("/").content.decode()
    positions = [
        html.index(f'href="/areas/{area.slug}/"') for area in FundingArea.objects.all()
    ]
    assert len(positions) == 6
    assert positions == sorted(positions)


def test_plotly_loads_only_on_pages_with_charts(client, sample_data):
    assert "vendor/plotly-basic-4.1.1.min" in client.get("/").content.decode()
    assert (
        "vendor/plotly-basic-4.1.1.min" in client.get("/areas/cpted/").content.decode()
    )
    assert "vendor/plotly-basic-4.1.1.min" not in client.get("/data/").content.decode()


def test_the_summary_works_before_any_script_runs(client, sample_data):
    html = client.get("/").content.decode()
    # The chart's numbers are in the HTML itself, and scripts never block the page.
    assert "<summary>The numbers in this chart as a table</summary>" in html
    assert "<script src=" in html
    assert all(" defer" in tag for tag in html.split("<script src=")[1:])


@pytest.mark.parametrize(
    ("slug", "category", "budget"),
    [
        (
            "community-policing",
            "3.1 Public Sector Workforce: Payroll and Benefits",
            "$250,000",
        ),
        ("cpted", "2.22 Strong Healthy Communities", "$175,000"),
        ("gun-buyback", "1.11 Community Violence Interventions", "$75,000"),
    ],
)
def test_each_area_has_a_public_page(
    text_of, client, sample_data, slug, category, budget
):
    response = client.get(reverse("area", args=[slug]))
    page = text_of(response)
    assert response.status_code == 200
    assert category in page
    assert f"Budget {budget}" in page
    assert "Why this category" in page
    assert response.context["chart"].table.headers == ["Month", "Obligated", "Spent"]


def test_an_unknown_area_is_404(client, sample_data):
    assert client.get("/areas/no-such-area/").status_code == 404
