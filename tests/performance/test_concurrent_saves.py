"""Saves at the same moment: on SQLite both ledger entries are saved; on PostgreSQL a case
number added by three editors at once is saved once and the others are told why.

Persona: `editor` (city staff), at two or three desks at once.

The saves meet just before their INSERT (a pre_save receiver waits for the others), so
without the protection they collide every time rather than now and then.
"""

import contextlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import OperationalError, connection, connections
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

ROOT = Path(__file__).resolve().parents[2]
CHILD = (
    "import django, json; django.setup(); "
    "from test_concurrent_saves import ledger_race; print(json.dumps(ledger_race()))"
)


def together(calls: list[Callable]) -> list:
    """Run each call in its own thread (its own database connection); their results."""
    results: list = [None] * len(calls)

    def run(index: int) -> None:
        try:
            results[index] = calls[index]()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def meet_before_saving(model, parties: int, seconds: float) -> Callable:
    """Hold each save of `model` until `parties` saves are ready, for at most `seconds`
    (a save that waits on the database lock never comes: the others go on alone)."""
    from django.db.models.signals import pre_save

    meeting = threading.Barrier(parties, timeout=seconds)

    def meet(**kwargs) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait()

    pre_save.connect(meet, sender=model, weak=False)
    return lambda: pre_save.disconnect(meet, sender=model)


def editors(user, count: int) -> list[Client]:
    browsers = [Client(raise_request_exception=False) for _ in range(count)]
    for browser in browsers:
        browser.force_login(user)
    return browsers


# --- SQLite: two ledger saves at once, in a file database of its own ---------------------


def ledger_race() -> dict:
    """Run in a child process (CHILD) on a fresh SQLite file."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    import funding.sample_data
    from funding.models import BudgetEntry, SpendingEntry

    call_command("migrate", verbosity=0)
    funding.sample_data.load()
    editor = get_user_model().objects.create_user("editor", password="pass-editor")
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    budget = BudgetEntry.objects.order_by("effective_on", "pk").first()
    before = SpendingEntry.objects.count()
    # The sample obligates every budget in full; a dollar of what is obligated is still
    # unspent at the end of November 2026 (December's invoice).
    entry = {
        "kind": "expenditure",
        "area": budget.area_id,
        "project": budget.project_id,
        "occurred_on": "2026-11-30",
        "amount": "1.00",
        "payee": "Acme Events",
        "description": "Event costs",
        "reference": "",
        "reason": "",
    }
    url = reverse("funding:record_entry")
    browsers = editors(editor, 2)
    stop = meet_before_saving(SpendingEntry, 2, seconds=1)
    responses = together([lambda b=b: b.post(url, entry) for b in browsers])
    stop()
    return {
        "statuses": [response.status_code for response in responses],
        "saved": SpendingEntry.objects.count() - before,
    }


def test_two_ledger_saves_at_once_on_sqlite_both_succeed(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.sqlite3'}",
        "SECRET_KEY": "concurrent-saves-only",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "binghamton_safety.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(Path(__file__).parent)]),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "statuses": [302, 302],
        "saved": 2,
    }


# --- A lock that outlasts the busy timeout: "try again", not a 500 -----------------------


def locked(request) -> HttpResponse:
    raise OperationalError("database is locked")


urlpatterns = [path("locked/", locked), path("", include("pages.urls"))]


def test_a_save_that_waited_too_long_for_the_lock_is_asked_to_try_again(
    editor_client, settings
):
    settings.ROOT_URLCONF = __name__
    editor_client.raise_request_exception = False
    response = editor_client.post("/locked/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "<h1>The database is busy</h1>" in html
    assert "Nothing you entered was saved: go back and send the form again." in html


# --- PostgreSQL: three editors add the same case number at once ---------------------------


def test_three_editors_adding_one_case_number_at_once_get_a_form_error(
    transactional_db, editor
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes the write lock first: such saves queue, never race")
    from incidents.models import Incident

    post = {
        "case_number": "S22-0021",
        "date": "2022-04-09",
        "time": "23:10",
        "location": "100 block of Tremont Ave",
        "shots_fired_confirmed": "on",
        "status": "preliminary",
        "victims-TOTAL_FORMS": "3",
        "victims-INITIAL_FORMS": "0",
    }
    url = reverse("incidents:incident_add")
    browsers = editors(editor, 3)
    stop = meet_before_saving(Incident, 3, seconds=5)
    responses = together([lambda b=b: b.post(url, post) for b in browsers])
    stop()
    assert sorted(response.status_code for response in responses) == [200, 200, 302]
    refused = [response for response in responses if response.status_code == 200]
    message = "An incident with the case number S22-0021 already exists."
    assert all(message in response.content.decode() for response in refused)
    assert Incident.all_objects.filter(case_number="S22-0021").count() == 1
