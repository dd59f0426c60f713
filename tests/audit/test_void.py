"""Voiding instead of deleting: a voided record drops out of every figure, and each
figure is then exactly what it was before the record was entered; the record stays in
the lists, marked, and in its history."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from funding.deadlines import deadline_status
from funding.models import BudgetEntry, ReportingPeriod, SpendingEntry
from funding.reporting import period_figures
from funding.summary import funding_summary
from incidents import ytd
from incidents.imports import formats, save
from incidents.models import FirearmRecovery, Incident, Victim

END_2022 = datetime.date(2022, 12, 31)


def funding_figures(client) -> dict:
    """Every figure the ledger feeds: functions, pages, APIs and downloads."""
    period = ReportingPeriod.objects.get(name="2022-Q3")
    status = deadline_status(END_2022)
    as_of = {"as_of": "2022-12-31"}
    reconciliation = client.get(
        "/funding/reports/reconciliation/", {"period": "2022-Q3"}
    ).context
    return {
        "reconciliation": [
            reconciliation["projects"],
            [(r.project.pk, r.kind, r.difference) for r in reconciliation["revisions"]],
            [row.treasury_row() for row in reconciliation["over_budget"]],
            [row.treasury_row() for row in reconciliation["over_obligations"]],
        ],
        "summary": funding_summary(END_2022).figures(),
        "overview": client.get("/funding/", as_of).context["summary"].figures(),
        "api": client.get("/api/funding.json", as_of).json(),
        "deadlines": [
            (f.label, f.budget, f.obligated, f.obligated_by_deadline, f.spent)
            for f in [status.overall, *status.areas, *status.projects]
        ],
        "treasury": [line.treasury_row() for line in period_figures(period)],
        "treasury_csv": client.get("/funding/reports/2022-Q3.csv").content,
        "categories_csv": client.get(
            "/funding/reports/2022-Q3-by-category.csv"
        ).content,
        "monthly": list(SpendingEntry.objects.monthly_totals(END_2022)),
        "open_data": client.get("/data/funding-monthly.csv").content,
        "dashboard": client.get("/dashboard/", {"money_as_of": "2022-12-31"})
        .context["summary"]
        .figures(),
        "area_page": client.get("/areas/gun-buyback/").context["figures"].spent,
    }


@pytest.mark.parametrize("kind", ["expenditure", "budget"])
def test_a_voided_entry_drops_out_of_every_money_figure(
    editor_client, money, make_spending, area, project, kind
):
    before = funding_figures(editor_client)
    if kind == "budget":
        entry = BudgetEntry.objects.create(
            area=area,
            project=project,
            kind="amendment",
            amount=Decimal("2000.00"),
            effective_on="2022-09-01",
        )
        url = reverse("funding:void_budget", args=[entry.pk])
    else:
        entry = make_spending("expenditure", datetime.date(2022, 9, 1), "750.00")
        url = reverse("funding:void_entry", args=[entry.pk])
    recorded = funding_figures(editor_client)
    changed = [name for name in before if before[name] != recorded[name]]
    assert len(changed) >= 8  # the entry counts: the test can fail

    response = editor_client.post(url, {"reason": "Entered twice."})
    assert response.status_code == 302
    assert funding_figures(editor_client) == before
    entry = type(entry).all_objects.get(pk=entry.pk)
    assert (entry.void_reason, entry.voided_by.username) == ("Entered twice.", "editor")


def test_a_voided_obligation_no_longer_counts_in_the_ledger_checks(
    budget, make_spending, editor_client
):
    entry = make_spending("obligation", datetime.date(2022, 6, 1), "10000.00")
    with pytest.raises(Exception, match="more than their budget"):
        make_spending("obligation", datetime.date(2022, 6, 2), "10000.00")
    editor_client.post(
        reverse("funding:void_entry", args=[entry.pk]), {"reason": "Cancelled PO."}
    )
    make_spending("obligation", datetime.date(2022, 6, 2), "10000.00")
    assert SpendingEntry.objects.count() == 1
    assert SpendingEntry.all_objects.count() == 2


def test_voiding_an_obligation_that_payments_depend_on_is_refused(
    budget, make_spending, editor_client
):
    obligation = make_spending("obligation", datetime.date(2022, 6, 1), "5000.00")
    make_spending("expenditure", datetime.date(2022, 7, 1), "2000.00")
    response = editor_client.post(
        reverse("funding:void_entry", args=[obligation.pk]), {"reason": "Mistake."}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0] == (
        "This entry cannot be voided: Expenditures for Gun Buyback Programs and "
        "project BGM-01 would reach $2,000.00 on July 1, 2022, more than the $0.00 "
        "obligated by then. Void or correct the entries that depend on it first."
    )
    obligation.refresh_from_db()
    assert obligation.voided_at is None


def test_voiding_needs_a_reason_and_an_editor(
    budget, make_spending, editor_client, viewer
):
    entry = make_spending("obligation", datetime.date(2022, 6, 1), "500.00")
    url = reverse("funding:void_entry", args=[entry.pk])
    council_member = Client()
    council_member.force_login(viewer)
    assert council_member.post(url, {"reason": "No."}).status_code == 403
    response = editor_client.post(url, {"reason": "  "})
    assert response.context["form"].errors["reason"] == [
        "Give the reason for voiding the record."
    ]
    entry.refresh_from_db()
    assert entry.voided_at is None


def test_a_voided_entry_stays_in_the_ledger_marked_and_can_be_filtered(
    budget, make_spending, editor_client
):
    kept = make_spending("obligation", datetime.date(2022, 6, 1), "500.00")
    voided = make_spending("obligation", datetime.date(2022, 6, 2), "700.00")
    voided.void("Duplicate of PO-1.", None)

    def listed(**query):
        response = editor_client.get(reverse("funding:ledger"), query)
        return [row.record.pk for row in response.context["table"].rows]

    assert listed() == [voided.pk, kept.pk]
    assert listed(voided="hide") == [kept.pk]
    assert listed(voided="only") == [voided.pk]
    html = editor_client.get(reverse("funding:ledger")).content.decode()
    assert html.count('<span class="badge voided">Voided</span>') == 1
    # A voided entry cannot be corrected any more.
    response = editor_client.get(reverse("funding:correct_entry", args=[voided.pk]))
    assert response.url == reverse("funding:entry_history", args=[voided.pk])


# --- Incidents ---------------------------------------------------------------------------


@pytest.fixture
def incidents(make_incident, make_recovery, complete_through):
    make_incident("2021-02-01", "injured")
    make_incident("2022-02-01", "injured", "killed")
    make_incident("2022-04-20")
    make_recovery("2022-03-01", 2)
    complete_through("2022-05-04")


def incident_figures(client) -> dict:
    """Every figure the incident records feed: engine, pages, APIs and downloads."""
    as_of = {"as_of": "2022-05-04"}
    dashboard = client.get("/dashboard/", as_of).context
    return {
        "api": client.get("/api/ytd.json", as_of).json(),
        "ytd_csv": client.get("/data/ytd.csv", as_of).content,
        "monthly_csv": client.get("/data/monthly-counts.csv").content,
        "series": ytd.monthly_series([2021, 2022]).counts,
        "dashboard": [
            (m.current, m.previous, m.five_year_average)
            for m in dashboard["comparison"].metrics.values()
        ]
        + dashboard["last_28_rows"],
        "home": [
            (m.current, m.previous)
            for m in client.get("/").context["comparison"].metrics.values()
        ],
    }


@pytest.mark.parametrize("what", ["incident", "recovery"])
def test_a_voided_incident_or_recovery_drops_out_of_every_figure(
    editor_client, incidents, make_incident, make_recovery, what
):
    before = incident_figures(editor_client)
    if what == "incident":
        record = make_incident("2022-04-30", "injured", "killed")
        url = reverse("incidents:incident_void", args=[record.pk])
    else:
        record = make_recovery("2022-04-30", 3)
        url = reverse("incidents:recovery_void", args=[record.pk])
    recorded = incident_figures(editor_client)
    assert [name for name in before if before[name] == recorded[name]] == []

    response = editor_client.post(url, {"reason": "Not a real incident."})
    assert response.status_code == 302
    assert incident_figures(editor_client) == before
    # Still listed, marked, with its history.
    list_url = reverse(
        "incidents:incident_list" if what == "incident" else "incidents:recovery_list"
    )
    assert '<span class="badge voided">Voided</span>' in (
        editor_client.get(list_url).content.decode()
    )
    assert type(record).all_objects.get(pk=record.pk).is_voided


def test_a_voided_incident_takes_its_victims_out_of_the_counts(make_incident):
    incident = make_incident("2022-04-30", "injured", "killed")
    incident.void("Duplicate.", None)
    assert Victim.objects.count() == 0
    assert Victim.all_objects.count() == 2
    assert Incident.objects.count() == 0


def test_an_import_leaves_a_voided_incident_voided(make_incident):
    incident = make_incident("2022-01-02", case_number="A-1")
    incident.void("Not a shooting.", None)
    csv = (
        "case_number,date,time,location,shots_fired_confirmed,victims_injured,"
        "victims_killed,status\nA-1,2022-01-02,,Main St,yes,1,0,final\n"
    )
    plan = save.apply(csv.encode(), formats.CANONICAL)
    assert plan.ok and [r.key for r in plan.voided] == ["A-1"]
    assert "1 voided before, left voided" in plan.summary()
    incident.refresh_from_db()
    assert incident.is_voided and incident.location == "100 block of Main St"
    assert FirearmRecovery.objects.count() == 0
