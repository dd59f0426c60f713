"""The report to Treasury as it had been recorded at a past moment: the page and every
download come back exactly as they were then, whatever was corrected, voided or added
since, so a report already sent can be reproduced."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from funding.models import SpendingEntry

DOWNLOADS = [
    "funding:period_report_csv",
    "funding:period_report_categories_csv",
    "funding:period_report_xlsx",
]


def corrections_after_the_report(make_spending):
    paid = SpendingEntry.objects.get(kind="expenditure")
    paid.amount = Decimal("1500.00")
    paid.save()
    make_spending("expenditure", datetime.date(2022, 9, 1), "250.00")


@pytest.mark.parametrize("name", DOWNLOADS)
def test_each_download_comes_back_byte_for_byte_as_recorded_then(
    viewer_client, money, make_spending, an_hour_ago, name
):
    url = reverse(name, args=["2022-Q3"])
    sent = viewer_client.get(url).content
    moment = an_hour_ago()
    corrections_after_the_report(make_spending)
    assert viewer_client.get(url).content != sent

    response = viewer_client.get(url, {"recorded_at": moment})
    assert response.status_code == 200
    if name.endswith("xlsx"):
        # The workbook's own timestamp differs: compare the cells.
        def cells(content):
            book = load_workbook(io.BytesIO(content))
            return [list(sheet.values) for sheet in book]

        assert cells(response.content) == cells(sent)
    else:
        assert response.content == sent
    stamp = moment.replace(":", "")
    assert f"-as-recorded-{stamp}" in response["Content-Disposition"]


def test_the_page_reports_as_recorded_then_and_its_links_keep_the_moment(
    viewer_client, money, make_spending, an_hour_ago
):
    url = reverse("funding:period_report")
    then = viewer_client.get(url, {"period": "2022-Q3"}).context["totals"]
    moment = an_hour_ago()
    corrections_after_the_report(make_spending)
    now = viewer_client.get(url, {"period": "2022-Q3"}).context["totals"]
    assert now != then

    response = viewer_client.get(url, {"period": "2022-Q3", "recorded_at": moment})
    assert response.context["totals"] == then
    html = response.content.decode()
    assert "as recorded at" in html
    csv_link = reverse("funding:period_report_csv", args=["2022-Q3"])
    assert f'{csv_link}?recorded_at={moment.replace(":", "%3A")}%3A59"' in html


def test_a_bad_moment_is_explained(viewer_client, money):
    response = viewer_client.get(
        reverse("funding:period_report_csv", args=["2022-Q3"]),
        {"recorded_at": "yesterday"},
    )
    assert response.status_code == 400
    assert response.content.decode() == (
        "recorded_at must be a local date and time as YYYY-MM-DDTHH:MM, not 'yesterday'."
    )
    response = viewer_client.get(
        reverse("funding:period_report"), {"recorded_at": "2999-01-01T00:00"}
    )
    assert response.context["form"].errors["recorded_at"] == [
        "recorded_at '2999-01-01T00:00' is in the future."
    ]
