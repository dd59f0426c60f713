"""Firearms bought back on the public pages: on the Gun Buyback Programs area page only,
in the open data, and not among the city-wide tiles of the public summary and the
dashboard, whose "firearms recovered" are the seized ones (the sample: 28 as of May 4, 2022)."""

import csv
import datetime
import io

from incidents.models import FirearmRecovery

BUYBACK = "/areas/gun-buyback/"
CITY_WIDE = [
    "Confirmed shots fired",
    "Shootings with someone hit",
    "People shot",
    "People shot and killed",
    "Firearms recovered",
]


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_buyback_area_page_shows_the_firearms_bought_back(
    text_of, client, as_announced
):
    response = client.get(BUYBACK)
    page = text_of(response)
    assert (
        "What it has done so far From January 1 to May 4, 2022 , compared with the "
        "same days of 2021. Data are complete through May 4, 2022." in page
    )
    assert "Firearms bought back 12 2022 to date · 0 by the same date in 2021" in page
    assert (
        "As of May 4, 2022 there were 12 firearms bought back, 12 more than by the "
        "same date in 2021. Firearms turned in at gun buyback events, counted one by "
        "one." in page
    )
    assert "These figures include sample records invented to show the tracker" in page
    assert [m.key for m, _ in response.context["results"]] == ["firearms_bought_back"]


def test_the_figure_comes_from_the_database(text_of, client, as_announced):
    for reference, count, source in [
        ("SB22-TEST", 3, FirearmRecovery.Source.BOUGHT_BACK),
        ("SS22-TEST", 4, FirearmRecovery.Source.SURRENDERED),  # in no figure
    ]:
        FirearmRecovery.objects.create(
            reference=reference,
            date=datetime.date(2022, 4, 16),
            count=count,
            source=source,
            location="100 block of Main St",
        )
    assert "Firearms bought back 15 2022 to date" in text_of(client.get(BUYBACK))


def test_no_other_area_page_shows_it(client, sample_data):
    for slug in ("cpted", "community-policing"):
        response = client.get(f"/areas/{slug}/")
        assert "Firearms bought back" not in response.content.decode()
        assert "results" not in response.context


def test_the_summary_and_the_dashboard_keep_their_five_city_wide_tiles(
    text_of, client, viewer_client, as_announced
):
    for response in (client.get("/"), viewer_client.get("/dashboard/")):
        metrics = response.context["comparison"].metrics.values()
        assert [m.label for m in metrics] == CITY_WIDE
        page = text_of(response)
        assert (
            "Firearms recovered 28 2022 to date · 17 by the same date in 2021" in page
        )
        assert "Firearms bought back" not in page


def test_the_ytd_download_has_a_row_for_firearms_bought_back(client, sample_data):
    query = {"as_of": "2022-05-04", "compare": "2021"}
    rows = rows_of(client.get("/data/ytd.csv", query))
    by_metric = {row["metric"]: row for row in rows}
    assert list(by_metric)[-2:] == ["firearms_recovered", "firearms_bought_back"]
    bought = by_metric["firearms_bought_back"]
    assert (bought["label"], bought["current"], bought["previous"]) == (
        "Firearms bought back",
        "12",
        "0",  # no buyback event in 2021
    )
    assert by_metric["firearms_recovered"]["current"] == "28"


def test_the_monthly_download_counts_each_source_apart(client, sample_data):
    rows = rows_of(client.get("/data/monthly-counts.csv"))
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["metric"]] = totals.get(row["metric"], 0) + int(row["count"])
    for metric, source in [
        ("firearms_recovered", "seized"),
        ("firearms_bought_back", "bought_back"),
    ]:
        saved = FirearmRecovery.objects.filter(source=source)
        assert totals[metric] == sum(saved.values_list("count", flat=True))
    assert (totals["firearms_recovered"], totals["firearms_bought_back"]) == (577, 138)
    april = [
        r["count"]
        for r in rows
        if (r["metric"], r["year"], r["month"]) == ("firearms_bought_back", "2022", "4")
    ]
    assert april == ["12"]


def test_the_open_data_page_defines_each_metric(text_of, client, sample_data):
    page = text_of(client.get("/data/"))
    assert (
        "firearms_recovered : Firearms recovered Firearms seized by police, counted "
        "one by one; firearms surrendered or bought back are not included." in page
    )
    assert (
        "firearms_bought_back : Firearms bought back Firearms turned in at gun buyback "
        "events, counted one by one." in page
    )
