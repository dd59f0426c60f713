"""Server time of four pages in-process (Django's test client, no network), and the
same figures computed by hand-written SQL straight on the database (the floor).

Each page is timed twice: computed (the cache emptied before every request: what the
first visitor after a change waits) and served (from the cache: what everyone else
waits). The dashboard is a staff page: its HTML is rendered for each request, but its
figures come from the same cache as the public summary's.
"""

import datetime
import statistics
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import scales
from binghamton_safety.roles import VIEWERS
from funding.models import (
    OBLIGATION_DEADLINE,
    BudgetEntry,
    FundingArea,
    Program,
    SpendingEntry,
)
from incidents import ytd
from incidents.models import FirearmRecovery, Incident

SERVED_RUNS_FACTOR = 10


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    staff: bool = False


PAGES = [
    Page("council dashboard", "/dashboard/", staff=True),
    Page("public summary", "/"),
    Page("API ytd.json", "/api/ytd.json"),
    Page("API funding.json", "/api/funding.json"),
    Page("API places.json", "/api/places.json?kind=precinct"),
]


def _median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 2)


def _clients() -> tuple[Client, Client]:
    user, _ = get_user_model().objects.get_or_create(username="bench-viewer")
    user.groups.add(Group.objects.get_or_create(name=VIEWERS)[0])
    staff = Client()
    staff.force_login(user)
    return Client(), staff


def _requests(client: Client, page: Page):
    """`page` fetched (served from the cache when it can be), and computed (the cache
    emptied first)."""

    def get():
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)
        return response

    def computed():
        cache.clear()
        get()

    return get, computed


def _queries(get, computed) -> list[int]:
    """The queries of a computed request and of a served one, after a warm-up (imports,
    templates and the database's own caches). Django empties the query log when a
    request starts, and captured_queries is a view of that log: start from empty and
    count at once."""
    get()
    queries = []
    for request in (computed, get):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            request()
        queries.append(len(captured.captured_queries))
    return queries


def _figures(page: Page, get, queries: list[int], runs: int) -> dict:
    """A page's figures but its computed time: served time and queries."""
    return {
        "url": page.url,
        # A served request takes a millisecond or two: a pause of the machine would
        # swing a median of a few, so take ten times as many.
        "served_ms": _median_ms(get, runs * SERVED_RUNS_FACTOR),
        "queries_computed": queries[0],
        "queries_served": queries[1],
    }


def measure_pages(runs: int, pages: list[Page] = PAGES) -> dict[str, dict]:
    """Per page of `pages`: computed and served times (ms, medians) and queries of each."""
    anonymous, staff = _clients()
    results = {}
    for page in pages:
        get, computed = _requests(staff if page.staff else anonymous, page)
        queries = _queries(get, computed)
        results[page.name] = {
            **_figures(page, get, queries, runs),
            "computed_ms": _median_ms(computed, runs),
        }
    return results


def measure_in_turn(
    runs: int, databases: dict[int | str, str], pages: list[Page] = PAGES
) -> dict[int | str, dict[str, dict]]:
    """`measure_pages` at each scale of `databases` (scale: database name, see
    bench/scales.py), with each page's computed requests taken at the scales in turn:
    the first run at each, then the second, ... {scale: {page: figures}}."""
    clients = {}
    for scale, name in databases.items():
        with scales.on(name):
            clients[scale] = _clients()
    results: dict[int | str, dict[str, dict]] = {scale: {} for scale in databases}
    for page in pages:
        times: dict[int | str, list[float]] = {scale: [] for scale in databases}
        requests = {}
        for scale, name in databases.items():
            anonymous, staff = clients[scale]
            requests[scale] = _requests(staff if page.staff else anonymous, page)
            with scales.on(name):
                queries = _queries(*requests[scale])
                results[scale][page.name] = _figures(
                    page, requests[scale][0], queries, runs
                )
        for _ in range(runs):
            for scale, name in databases.items():
                with scales.on(name):
                    times[scale].append(_median_ms(requests[scale][1], 1))
        for scale in databases:
            results[scale][page.name]["computed_ms"] = statistics.median(times[scale])
    return results


# --- The floor: the same figures by hand-written SQL -----------------------------------


def _year(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%%Y', {column}) AS INTEGER)"


def _month(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%%m', {column}) AS INTEGER)"


def _counted(alias: str, model) -> str:
    """Voided records (when the model has voiding) count in no figure."""
    names = {f.name for f in model._meta.concrete_fields}
    return f" AND {alias}.voided_at IS NULL" if "voided_at" in names else ""


def _windows(as_of: datetime.date) -> dict[str, ytd.Window]:
    return {
        "current": ytd.ytd_window(as_of),
        "previous": ytd.ytd_window(as_of, as_of.year - 1),
        "rolling_current": ytd.rolling_window(as_of),
        "rolling_previous": ytd.rolling_window(as_of, year=as_of.year - 1),
        **{
            f"y{year}": ytd.ytd_window(as_of, year)
            for year in range(as_of.year - ytd.AVERAGE_YEARS, as_of.year)
        },
    }


def _per_incident(first: datetime.date, last: datetime.date) -> tuple[str, list]:
    """Incidents in the span with their victim and killed counts, one row each."""
    counted = _counted("i", Incident)
    sql = f"""
        SELECT i.date AS date, i.shots_fired_confirmed AS confirmed,
               i.status AS status, i.illustrative AS illustrative,
               COUNT(v.id) AS victims,
               SUM(CASE WHEN v.outcome = 'killed' THEN 1 ELSE 0 END) AS killed
        FROM incidents_incident i
        LEFT JOIN incidents_victim v ON v.incident_id = i.id
        WHERE i.date >= %s AND i.date <= %s{counted}
        GROUP BY i.id, i.date, i.shots_fired_confirmed, i.status, i.illustrative
    """
    return sql, [first, last]


def _window_sums(windows: dict[str, ytd.Window]) -> tuple[list, list, list, list]:
    """The SUMs (and their parameters) of the incidents' and the recoveries' figures:
    (incident sums, their parameters, recovery sums, their parameters)."""
    incident_sums, incident_params = [], []
    recovery_sums, recovery_params = [], []
    for window in windows.values():
        inside = "date >= %s AND date <= %s"
        incident_sums += [
            f"SUM(CASE WHEN {inside} AND confirmed THEN 1 ELSE 0 END)",
            f"SUM(CASE WHEN {inside} AND victims > 0 THEN 1 ELSE 0 END)",
            f"SUM(CASE WHEN {inside} THEN victims ELSE 0 END)",
            f"SUM(CASE WHEN {inside} THEN killed ELSE 0 END)",
        ]
        incident_params += [window.start, window.end] * 4
        recovery_sums.append(f"SUM(CASE WHEN {inside} THEN count ELSE 0 END)")
        recovery_params += [window.start, window.end]
    incident_sums.append(
        "SUM(CASE WHEN status = 'preliminary' AND (date >= %s AND date <= %s "
        "OR date >= %s AND date <= %s) THEN 1 ELSE 0 END)"
    )
    incident_params += [
        windows["current"].start,
        windows["current"].end,
        windows["previous"].start,
        windows["previous"].end,
    ]
    incident_sums.append("SUM(CASE WHEN illustrative THEN 1 ELSE 0 END)")
    recovery_sums.append("SUM(CASE WHEN illustrative THEN 1 ELSE 0 END)")
    return incident_sums, incident_params, recovery_sums, recovery_params


def _ytd_sql(as_of: datetime.date) -> list:
    windows = _windows(as_of)
    first = min(w.start for w in windows.values())
    last = max(w.end for w in windows.values())
    incident_sums, incident_params, recovery_sums, recovery_params = _window_sums(
        windows
    )
    per_incident, span = _per_incident(first, last)
    recovered = _counted("r", FirearmRecovery)
    return [
        ("SELECT complete_through FROM incidents_datacompleteness WHERE id = 1", []),
        (
            f"SELECT MIN(date) FROM incidents_incident i WHERE 1 = 1{_counted('i', Incident)}",
            [],
        ),
        (
            f"SELECT MIN(date) FROM incidents_firearmrecovery r WHERE 1 = 1{recovered}",
            [],
        ),
        (
            f"SELECT {', '.join(incident_sums)} FROM ({per_incident}) per_incident",
            incident_params + span,
        ),
        (
            f"SELECT {', '.join(recovery_sums)} FROM incidents_firearmrecovery r "
            f"WHERE date >= %s AND date <= %s{recovered}",
            recovery_params + [first, last],
        ),
    ]


def _monthly_sql(as_of: datetime.date) -> list:
    first = datetime.date(min(as_of.year - 3, as_of.year - 1), 1, 1)
    per_incident, span = _per_incident(first, as_of)
    return [
        (
            f"SELECT {_year('date')}, {_month('date')}, "
            "SUM(CASE WHEN confirmed THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN victims > 0 THEN 1 ELSE 0 END), SUM(victims), SUM(killed) "
            f"FROM ({per_incident}) per_incident GROUP BY 1, 2",
            span,
        ),
        (
            f"SELECT {_year('date')}, {_month('date')}, SUM(count) "
            "FROM incidents_firearmrecovery r "
            f"WHERE date >= %s AND date <= %s{_counted('r', FirearmRecovery)} GROUP BY 1, 2",
            [first, as_of],
        ),
    ]


def _funding_sql(as_of: datetime.date) -> list:
    program = Program.objects.order_by("pk").first()
    areas = FundingArea._meta.db_table
    spending = "funding_spendingentry"
    budgets = "funding_budgetentry"
    return [
        (
            f"SELECT a.id, "
            f"(SELECT COALESCE(SUM(amount), 0) FROM {budgets} b WHERE b.area_id = a.id "
            f"AND b.effective_on <= %s{_counted('b', BudgetEntry)}), "
            f"(SELECT COALESCE(SUM(amount), 0) FROM {spending} s WHERE s.area_id = a.id "
            f"AND s.kind = 'obligation' AND s.occurred_on <= %s{_counted('s', SpendingEntry)}), "
            f"(SELECT COALESCE(SUM(amount), 0) FROM {spending} s WHERE s.area_id = a.id "
            f"AND s.kind = 'obligation' AND s.occurred_on <= %s{_counted('s', SpendingEntry)}), "
            f"(SELECT COALESCE(SUM(amount), 0) FROM {spending} s WHERE s.area_id = a.id "
            f"AND s.kind = 'expenditure' AND s.occurred_on <= %s{_counted('s', SpendingEntry)}) "
            f"FROM {areas} a WHERE a.program_id = %s",
            [as_of, as_of, min(as_of, OBLIGATION_DEADLINE), as_of, program.pk],
        ),
    ]


def _monthly_spending_sql(as_of: datetime.date) -> list:
    return [
        (
            f"SELECT s.area_id, {_year('s.occurred_on')}, {_month('s.occurred_on')}, "
            "s.kind, SUM(s.amount) FROM funding_spendingentry s "
            f"WHERE s.occurred_on <= %s{_counted('s', SpendingEntry)} "
            "GROUP BY 1, 2, 3, 4",
            [as_of],
        )
    ]


def floor_statements(as_of: datetime.date, today: datetime.date) -> dict[str, list]:
    """Hand-written SQL for the figures each page shows."""
    figures = _ytd_sql(as_of) + _monthly_sql(as_of)
    money = _funding_sql(today) + _monthly_spending_sql(today)
    return {
        "council dashboard": figures + money,
        "public summary": figures + money,
        "API ytd.json": _ytd_sql(as_of),
        "API funding.json": _funding_sql(today),
    }


def measure_floor(as_of: datetime.date, today: datetime.date, runs: int) -> dict:
    results = {}
    for name, statements in floor_statements(as_of, today).items():

        def run(statements=statements):
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        run()
        results[name] = {"sql_ms": _median_ms(run, runs), "queries": len(statements)}
    return results
