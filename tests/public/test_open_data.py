"""Open-data downloads: the same figures as the APIs, described on the page."""

import csv
import io
from decimal import Decimal

import pytest

from incidents.models import FirearmRecovery, Incident, Victim


def rows_of(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_page_describes_every_column_of_every_download(client, sample_data):
    from pages.views import FUNDING_COLUMNS, MONTHLY_COLUMNS, YTD_COLUMNS

    html = client.get("/data/").content.decode()
    for columns, url in [
        (YTD_COLUMNS, "/data/ytd.csv"),
        (MONTHLY_COLUMNS, "/data/monthly-counts.csv"),
        (FUNDING_COLUMNS, "/data/funding-monthly.csv"),
    ]:
        assert f'href="{url}"' in html
        header = next(csv.reader(io.StringIO(client.get(url).content.decode())))
        assert header == [name for name, _ in columns]
        for name, _ in columns:
            assert f"<code>{name}</code>" in html
    assert 'href="/api/ytd.json"' in html and 'href="/api/funding.json"' in html


def test_the_ytd_download_has_the_apis_figures(client, sample_data):
    api = client.get("/api/ytd.json", {"as_of": "2022-05-04"}).json()
    rows = rows_of(client.get("/data/ytd.csv", {"as_of": "2022-05-04"}))
    assert [row["metric"] for row in rows] == list(api["metrics"])
    shots = rows[0]
    assert (
        shots["current"],
        shots["previous"],
        shots["change"],
        shots["change_pct"],
    ) == (
        "18",
        "10",
        "8",
        "80.0",
    )
    assert shots["signal"] == "within normal variation"
    for row in rows:
        metric = api["metrics"][row["metric"]]
        assert row["current"] == (
            "" if metric["current"] is None else str(metric["current"])
        )
        assert row["z"] == ("" if metric["z"] is None else str(metric["z"]))


def test_the_ytd_download_refuses_bad_input_like_the_api(client, sample_data):
    response = client.get("/data/ytd.csv", {"as_of": "2026-12-01"})
    assert response.status_code == 400
    assert "complete only through 2026-11-30" in response.json()["error"]


def test_the_monthly_download_counts_every_record_once(client, sample_data):
    rows = rows_of(client.get("/data/monthly-counts.csv"))
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["metric"]] = totals.get(row["metric"], 0) + int(row["count"])
    assert (
        totals["shots_fired_confirmed"]
        == Incident.objects.filter(shots_fired_confirmed=True).count()
    )
    assert totals["shooting_victims"] == Victim.objects.count()
    assert totals["victims_killed"] == Victim.objects.filter(outcome="killed").count()
    assert totals["firearms_recovered"] == sum(
        FirearmRecovery.objects.filter(source="seized").values_list("count", flat=True)
    )
    jan_to_apr_2022 = [
        int(r["count"])
        for r in rows
        if r["metric"] == "shots_fired_confirmed"
        and r["year"] == "2022"
        and int(r["month"]) <= 4
    ]
    assert sum(jan_to_apr_2022) == 16  # the announcement's 18 less May 3 and 4


@pytest.mark.parametrize(
    "kind, column", [("obligated", "obligated"), ("spent", "spent")]
)
def test_the_funding_download_adds_up_to_the_funding_api(
    client, sample_data, kind, column
):
    rows = rows_of(client.get("/data/funding-monthly.csv"))
    api = client.get("/api/funding.json").json()
    assert sum(Decimal(row[column]) for row in rows) == Decimal(api["program"][kind])
    assert {row["illustrative"] for row in rows} == {"true"}
    assert rows[0]["area"] == "community-policing"
