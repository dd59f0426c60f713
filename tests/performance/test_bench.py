"""`make bench` compares the application with hand-written SQL and with COPY: those floors
are only fair if they do the same work. These tests hold them to it (no timing here)."""

import datetime

import pytest
from django.db import connection

from bench import data, imports, pages
from incidents import ytd
from incidents.imports import save
from incidents.models import Incident, Victim

AS_OF = datetime.date(2022, 5, 4)
# The order of the sums in the floor's incident statement (see bench/pages.py).
WINDOWS = ["current", "previous", "rolling_current", "rolling_previous"]
INCIDENT_SUMS = [
    "shots_fired_confirmed",
    "shooting_incidents_with_injury",
    "shooting_victims",
    "victims_killed",
]


def run(statements) -> list[tuple]:
    rows = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows.append(cursor.fetchall())
    return rows


@pytest.fixture
def synthetic(db):
    return data.generate(600, 60, AS_OF)


def test_the_generator_writes_what_it_reports(synthetic):
    assert Incident.objects.count() == synthetic["incidents"] == 600
    assert Victim.objects.count() == synthetic["victims"] > 0
    assert Incident.objects.order_by("date").first().date.year == AS_OF.year - 20


def test_the_sql_floor_counts_what_the_year_to_date_engine_counts(synthetic):
    comparison = ytd.compare(AS_OF)
    *_, incident_row, recovery_row = run(
        pages.floor_statements(AS_OF, AS_OF)["API ytd.json"]
    )
    sums = incident_row[0]
    for position, window in enumerate(WINDOWS[:2]):
        for offset, key in enumerate(INCIDENT_SUMS):
            metric = comparison.metrics[key]
            expected = metric.current if window == "current" else metric.previous
            assert sums[position * len(INCIDENT_SUMS) + offset] == expected, (
                window,
                key,
            )
    recovered = comparison.metrics["firearms_recovered"]
    assert recovery_row[0][:2] == (recovered.current, recovered.previous)
    assert recovered.current > 0


def test_the_sql_floor_counts_the_monthly_series_too(synthetic):
    monthly = run(pages.floor_statements(AS_OF, AS_OF)["public summary"])[5]
    series = ytd.monthly_series([AS_OF.year - 1], AS_OF)
    by_month = {(year, month): row for year, month, *row in monthly}
    year = AS_OF.year - 1
    shots = [by_month.get((year, month), (0,))[0] for month in range(1, 13)]
    assert shots == series.counts["shots_fired_confirmed"][year]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the same-writes floor uses COPY"
)
def test_the_same_writes_floor_writes_what_the_import_writes(db, tmp_path):
    path = tmp_path / "canonical.csv"
    imports.write_canonical(path, 300, AS_OF)

    def state():
        return (
            sorted(
                Incident.all_objects.values_list(
                    "case_number", "date", "time", "location", "shots_fired_confirmed"
                )
            ),
            sorted(Victim.all_objects.values_list("incident__case_number", "outcome")),
            Incident.history.filter(history_type="+").count(),
            Victim.history.filter(history_type="+").count(),
        )

    assert save.apply(path.read_bytes(), "canonical").ok
    imported = state()
    data.wipe()
    with connection.cursor() as cursor:
        for sql, rows in imports._same_writes(path):
            cursor.copy_expert(sql, rows)
    assert state() == imported
    assert imported[2] == 300
