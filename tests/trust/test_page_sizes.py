"""`?per_page=` on the four staff lists: one of 25, 50, 100 or 200 rows, else a 400
that says so; never a server error (-1) and never every row at once (100000)."""

import datetime
from decimal import Decimal

import pytest

from funding.models import BudgetEntry, SpendingEntry
from incidents.models import FirearmRecovery, Incident

ROWS = 201  # more than the largest page
LISTS = [
    "/funding/ledger/",
    "/funding/budget/",
    "/incidents/",
    "/incidents/recoveries/",
]


@pytest.fixture
def long_lists(area):
    day = datetime.date(2022, 6, 1)
    SpendingEntry.objects.bulk_create(
        SpendingEntry(
            area=area,
            kind="obligation",
            occurred_on=day,
            amount=Decimal("1.00"),
            payee="Acme Events",
            description=f"Entry {n}",
        )
        for n in range(ROWS)
    )
    BudgetEntry.objects.bulk_create(
        BudgetEntry(area=area, amount=Decimal("1.00"), effective_on=day)
        for _ in range(ROWS)
    )
    Incident.objects.bulk_create(
        Incident(case_number=f"T-{n:05d}", date=day, location="100 block of Main St")
        for n in range(ROWS)
    )
    FirearmRecovery.objects.bulk_create(
        FirearmRecovery(reference=f"R-{n:05d}", date=day, count=1, location="Oak St")
        for n in range(ROWS)
    )


def rows_shown(response) -> int:
    return len(response.context["table"].page.object_list)


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("size", ["25", "200"])
def test_each_list_shows_the_page_size_asked(viewer_client, long_lists, url, size):
    response = viewer_client.get(url, {"per_page": size})
    assert response.status_code == 200
    assert rows_shown(response) == int(size)


@pytest.mark.parametrize("url", LISTS)
def test_each_list_shows_fifty_rows_by_default(viewer_client, long_lists, url):
    response = viewer_client.get(url)
    assert response.status_code == 200
    assert rows_shown(response) == 50


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("size", ["-1", "0", "100000", "abc", "201", "50.0", " 50"])
def test_any_other_page_size_gets_a_400_naming_the_sizes(viewer_client, url, size):
    response = viewer_client.get(url, {"per_page": size})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        f"per_page must be one of 25, 50, 100 or 200 rows, not {size!r}."
    )


def test_an_anonymous_visitor_is_sent_to_log_in_whatever_the_page_size(client, db):
    response = client.get("/incidents/", {"per_page": "-1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
