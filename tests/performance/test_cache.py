"""Public pages and APIs come from the cache until a record they show changes.

Personas: an anonymous resident (`client`) gets cached pages; a council member
(`viewer_client`) always gets pages rendered for them.
"""

import datetime
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from binghamton_safety.cache import data_version
from binghamton_safety.settings import cache_from_url
from incidents.imports import canonical, formats, save
from incidents.models import DataCompleteness, Incident, Victim

YTD = "/api/ytd.json"


def add_incident(number: int, day: str = "2022-03-01", **fields) -> Incident:
    return Incident.objects.create(
        case_number=f"P-{number}",
        date=datetime.date.fromisoformat(day),
        location="100 block of Main St",
        shots_fired_confirmed=True,
        **fields,
    )


@pytest.fixture
def two_incidents(db):
    """Two shootings in March 2022, one victim; data complete through May 4, 2022."""
    DataCompleteness.set(datetime.date(2022, 5, 4))
    first = add_incident(1)
    add_incident(2)
    Victim.objects.create(incident=first, outcome=Victim.Outcome.INJURED)


def shots(client) -> int:
    return client.get(YTD).json()["metrics"]["shots_fired_confirmed"]["current"]


def test_the_second_request_comes_from_the_cache(client, two_incidents):
    first = client.get(YTD)
    again = client.get(YTD)
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert again["Content-Type"] == "application/json"


def _save():
    add_incident(3)


def _bulk_create():
    Incident.objects.bulk_create(
        [
            Incident(
                case_number="P-3",
                date=datetime.date(2022, 3, 2),
                location="Front St",
                shots_fired_confirmed=True,
            )
        ]
    )


def _update():
    Incident.objects.filter(case_number="P-2").update(shots_fired_confirmed=False)


def _delete():
    Incident.objects.filter(case_number="P-2").delete()


def _void():
    Incident.objects.get(case_number="P-2").void("Entered twice.", user=None)


def _import():
    header = ",".join(canonical.CANONICAL_COLUMNS)
    row = "P-3,2022-03-03,,Court St,yes,0,0,final"
    assert save.apply(f"{header}\n{row}\n", formats.CANONICAL).ok


def _complete_through():
    DataCompleteness.set(datetime.date(2022, 2, 28))  # both incidents fall after it


@pytest.mark.parametrize(
    ("change", "after"),
    [
        (_save, 3),
        (_bulk_create, 3),
        (_update, 1),
        (_delete, 1),
        (_void, 1),
        (_import, 3),
        (_complete_through, 0),
    ],
    ids=[
        "save",
        "bulk_create",
        "update",
        "delete",
        "void",
        "import",
        "complete_through",
    ],
)
def test_a_change_is_visible_on_the_next_request(client, two_incidents, change, after):
    assert shots(client) == 2
    assert client.get(YTD)["X-Cache"] == "hit"
    change()
    response = client.get(YTD)
    assert response["X-Cache"] == "miss"
    assert response.json()["metrics"]["shots_fired_confirmed"]["current"] == after


def test_a_rolled_back_change_leaves_the_version_alone(two_incidents):
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        add_incident(3)
        raise RuntimeError("the import failed")
    assert data_version() == before


def test_many_writes_in_one_transaction_change_the_version_once(two_incidents):
    data_version()  # as a request would, after the fixture's own writes
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for number in range(3, 8):
            add_incident(number)
    bumps = [q for q in queries.captured_queries if "dataversion" in q["sql"]]
    assert len(bumps) == 1


def test_a_write_after_a_read_changes_the_version_again(two_incidents):
    with transaction.atomic():
        add_incident(3)
        seen = data_version()
        add_incident(4)
        assert data_version() != seen


def test_each_query_string_is_cached_apart(client, two_incidents):
    assert shots(client) == 2
    response = client.get(YTD, {"as_of": "2022-03-31"})  # month ends are public
    assert response["X-Cache"] == "miss"
    assert response.json()["metrics"]["shots_fired_confirmed"]["current"] == 2
    earlier = client.get(YTD, {"as_of": "2022-02-28"})
    assert earlier.json()["metrics"]["shots_fired_confirmed"]["current"] == 0


def test_errors_are_not_cached(client, two_incidents):
    for _ in range(2):
        response = client.get(YTD, {"as_of": "May 4"})
        assert response.status_code == 400
        assert response["X-Cache"] == "miss"


def test_visitors_and_staff_never_share_a_page(client, viewer_client, two_incidents):
    from django.test import Client

    visitor = Client()
    assert visitor.get("/")["X-Cache"] == "miss"
    cached = visitor.get("/")
    assert cached["X-Cache"] == "hit"
    assert "Staff log in" in cached.content.decode()

    staff = viewer_client.get("/")
    assert "X-Cache" not in staff  # rendered for them, neither read nor stored
    assert "Signed in as <strong>viewer</strong>" in staff.content.decode()

    again = visitor.get("/")
    assert again["X-Cache"] == "hit"
    assert "Signed in as" not in again.content.decode()


def test_a_visitor_with_a_pending_message_gets_a_page_of_their_own(
    client, two_incidents
):
    client.get("/")
    client.cookies["messages"] = "pending"
    assert "X-Cache" not in client.get("/")


def test_staff_pages_are_not_cached(viewer_client, two_incidents):
    for _ in range(2):
        assert "X-Cache" not in viewer_client.get("/dashboard/")


def dashboard_shots(client) -> tuple[int, int]:
    """Confirmed shots fired this year on the dashboard, and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/")
    figure = response.context["comparison"].metrics["shots_fired_confirmed"].current
    return figure, len(queries.captured_queries)


def test_the_dashboard_reuses_its_figures_until_a_change(viewer_client, two_incidents):
    shots_before, computed = dashboard_shots(viewer_client)
    assert shots_before == 2
    shots_again, reused = dashboard_shots(viewer_client)
    assert shots_again == 2
    assert reused < computed  # figures from the cache, the page rendered afresh
    add_incident(3)
    assert dashboard_shots(viewer_client) == (3, computed)


def test_every_response_has_its_own_nonce_even_from_the_cache(client, two_incidents):
    nonces = []
    for expected in ("miss", "hit", "hit"):
        response = client.get("/")
        assert response["X-Cache"] == expected
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", response.content.decode())
        assert scripts
        assert all(f'nonce="{nonce}"' in tag for tag in scripts)
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_the_open_data_files_are_cached_with_their_file_names(client, two_incidents):
    client.get("/data/ytd.csv")
    response = client.get("/data/ytd.csv")
    assert response["X-Cache"] == "hit"
    assert response["Content-Disposition"] == 'attachment; filename="ytd.csv"'


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "pages"),
        (
            "db://page_cache",
            "django.core.cache.backends.db.DatabaseCache",
            "page_cache",
        ),
        (
            "redis://cache.internal:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.internal:6379/1",
        ),
        (
            "memcached://cache.internal:11211",
            "django.core.cache.backends.memcached.PyMemcacheCache",
            "cache.internal:11211",
        ),
    ],
)
def test_the_cache_comes_from_cache_url(url, backend, location):
    settings = cache_from_url(url)
    assert (settings["BACKEND"], settings["LOCATION"]) == (backend, location)


def test_an_unknown_cache_url_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL 'mongodb://x'"):
        cache_from_url("mongodb://x")
