"""What may be kept, and for how long: staff pages nowhere, public pages until a figure
changes, even when a migration changes it.

Personas: an anonymous resident (`client`) gets cached public pages; a council member
(`viewer_client`) reads staff pages that no browser or proxy may store.
"""

import datetime

import pytest
from django.core.management.sql import (
    emit_post_migrate_signal,
    emit_pre_migrate_signal,
)
from django.urls import reverse

from incidents.models import DataCompleteness, Incident

NEVER_STORED = "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.parametrize(
    "page", ["dashboard", "funding:ledger", "incidents:incident_list", "home"]
)
def test_pages_for_signed_in_staff_are_never_stored(viewer_client, page):
    response = viewer_client.get(reverse(page))
    assert response.status_code == 200
    assert response["Cache-Control"] == NEVER_STORED


@pytest.mark.parametrize("page", ["home", "open_data", "glossary"])
def test_public_pages_for_visitors_may_be_stored(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert "Cache-Control" not in response


def test_the_open_data_page_is_cached_like_the_other_public_pages(client, db):
    first = client.get(reverse("open_data"))
    again = client.get(reverse("open_data"))
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again.content.count(b"<h2") == first.content.count(b"<h2")


@pytest.fixture
def two_shootings(db):
    """Two confirmed shootings in March 2022; data complete through May 4, 2022."""
    DataCompleteness.set(datetime.date(2022, 5, 4))
    for number in (1, 2):
        Incident.objects.create(
            case_number=f"M-{number}",
            date=datetime.date(2022, 3, number),
            location="100 block of Main St",
            shots_fired_confirmed=True,
        )


def shots(client) -> tuple[str, int]:
    response = client.get("/api/ytd.json")
    return response["X-Cache"], response.json()["metrics"]["shots_fired_confirmed"][
        "current"
    ]


def test_a_data_migration_that_changes_a_figure_empties_the_cache(
    client, two_shootings
):
    assert shots(client) == ("miss", 2)
    assert shots(client) == ("hit", 2)
    # What `manage.py migrate` does around a data migration that corrects a record.
    emit_pre_migrate_signal(verbosity=0, interactive=False, db="default")
    try:
        Incident.objects.filter(case_number="M-2").update(shots_fired_confirmed=False)
    finally:
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert shots(client) == ("miss", 1)
