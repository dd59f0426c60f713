"""One completion status per Treasury project: derived from the share of its budget spent,
overridden only by staff, and the same on the area page, the report, its files and the
admin."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding.models import (
    BudgetEntry,
    CompletionStatus,
    Ledger,
    TreasuryProject,
)
from funding.reporting import period_figures

D = datetime.date
OBLIGATION, EXPENDITURE = "obligation", "expenditure"
BEFORE, AFTER = "0004_spending_counted_index", "0005_completion_status_override"


@pytest.fixture
def half_spent(budget, make_spending, q3):
    """BGM-01 has obligated $8,000 and spent $6,000 of its $10,000 budget in 2022-Q3."""
    make_spending(OBLIGATION, D(2022, 7, 1), "8000.00")
    make_spending(EXPENDITURE, D(2022, 7, 2), "6000.00")


def status_as_of(as_of: datetime.date) -> CompletionStatus:
    return TreasuryProject.objects.with_completion(as_of).get().completion.status


def area_page_status(client, slug: str) -> list[str]:
    html = client.get(reverse("area", args=[slug])).content.decode()
    return re.findall(r"<dt>Status</dt><dd>(.*?)</dd>", html)


def report_page_statuses(client) -> dict[str, str]:
    html = client.get(reverse("funding:period_report")).content.decode()
    projects = html[html.index('<h2 id="projects">') :]
    row = r'<th scope="row">([\w-]+).*?</th>\s*<td[^>]*>(.*?)</td>'
    return dict(re.findall(row, projects, re.S))


@pytest.mark.parametrize(
    ("obligated", "spent", "expected"),
    [
        ("0", "0", CompletionStatus.NOT_STARTED),
        ("10000.00", "0", CompletionStatus.LESS_THAN_HALF),  # 0% spent
        ("10000.00", "4999.00", CompletionStatus.LESS_THAN_HALF),  # 49.99%
        ("10000.00", "4999.99", CompletionStatus.LESS_THAN_HALF),
        ("10000.00", "5000.00", CompletionStatus.HALF_OR_MORE),  # 50%
        ("10000.00", "9999.99", CompletionStatus.HALF_OR_MORE),
        ("10000.00", "10000.00", CompletionStatus.COMPLETED),  # 100%
    ],
)
def test_the_status_follows_the_share_of_the_budget_spent(
    budget, make_spending, q3, obligated, spent, expected
):
    if Decimal(obligated):
        make_spending(OBLIGATION, D(2022, 7, 1), obligated)
    if Decimal(spent):
        make_spending(EXPENDITURE, D(2022, 7, 2), spent)
    (line,) = period_figures(q3)
    assert (line.completion.status, line.completion.set_by_staff) == (expected, False)
    assert status_as_of(q3.ends_on) == expected


def test_the_status_is_the_one_as_of_the_date_asked(half_spent):
    assert [
        status_as_of(day) for day in (D(2022, 6, 30), D(2022, 7, 1), D(2022, 7, 2))
    ] == [
        CompletionStatus.NOT_STARTED,
        CompletionStatus.LESS_THAN_HALF,
        CompletionStatus.HALF_OR_MORE,
    ]


@pytest.mark.parametrize(
    ("override", "label"),
    [
        (
            CompletionStatus.CANCELLED,
            "Cancelled (set by staff; figures alone would say Completed 50% or more)",
        ),
        (
            CompletionStatus.COMPLETED,
            "Completed (set by staff; figures alone would say Completed 50% or more)",
        ),
        (
            CompletionStatus.HALF_OR_MORE,
            "Completed 50% or more (set by staff; the figures agree)",
        ),
    ],
)
def test_an_override_is_shown_as_one_on_the_area_page_and_the_report(
    viewer_client, project, half_spent, override, label
):
    project.completion_status_override = override
    project.save()
    assert area_page_status(viewer_client, "gun-buyback") == [label]
    assert report_page_statuses(viewer_client) == {"BGM-01": label}


def test_the_csv_reports_the_override_and_says_staff_set_it(
    viewer_client, project, half_spent
):
    project.completion_status_override = CompletionStatus.CANCELLED
    project.save()
    response = viewer_client.get(reverse("funding:period_report_csv", args=["2022-Q3"]))
    (line,) = list(response.content.decode().splitlines())[1:]
    assert line.split(",")[2:8] == [
        "Cancelled",
        "10000.00",
        "8000.00",
        "6000.00",
        "0.00",  # a cancelled project reports no current figures
        "0.00",
    ]
    # completion_status_set_by_staff and illustrative, after Treasury's ten columns
    assert line.split(",")[10:12] == ["true", "false"]


def test_the_admin_shows_the_status_the_other_pages_show(
    admin_client, project, half_spent
):
    project.completion_status_override = CompletionStatus.COMPLETED
    project.save()
    label = "Completed (set by staff; figures alone would say Completed 50% or more)"
    changelist = reverse("admin:funding_treasuryproject_changelist")
    change = reverse("admin:funding_treasuryproject_change", args=[project.pk])
    assert f'<td class="field-completion_today">{label}</td>' in (
        admin_client.get(changelist).content.decode()
    )
    assert label in admin_client.get(change).content.decode()


def test_a_report_as_recorded_shows_the_override_of_that_moment(
    project, half_spent, q3
):
    before = timezone.now()
    project.completion_status_override = CompletionStatus.CANCELLED
    project.save()
    (then,) = period_figures(q3, ledger=Ledger(before))
    (now,) = period_figures(q3)
    assert (then.completion.label, now.completion.status) == (
        "Completed 50% or more",
        CompletionStatus.CANCELLED,
    )


def test_the_area_pages_and_the_report_agree_on_the_sample_data(viewer_client):
    """The area pages show today's status, the report the current period's (2026-Q3):
    the sample's last entry is dated 2023-06-28, so both see the same figures."""
    call_command("load_sample_data", stdout=io.StringIO())
    report = report_page_statuses(viewer_client)
    pages = {
        project.identifier: area_page_status(viewer_client, project.area.slug)[0]
        for project in TreasuryProject.objects.select_related("area")
    }
    expected = {f"BGM-PS-{n:02d}": "Completed 50% or more" for n in range(1, 7)}
    assert (pages, report) == (expected, expected)
    assert set(
        TreasuryProject.objects.values_list("completion_status_override", flat=True)
    ) == {""}


def test_the_area_page_makes_as_many_queries_for_more_projects(
    client, area, half_spent
):
    with CaptureQueriesContext(connection) as one:
        assert len(area_page_status(client, area.slug)) == 1
    for number in range(2, 5):
        extra = TreasuryProject.objects.create(
            area=area, identifier=f"BGM-0{number}", name="x", category_rationale="-"
        )
        BudgetEntry.objects.create(
            area=area, project=extra, amount=Decimal("1.00"), effective_on=D(2022, 7, 1)
        )
    with CaptureQueriesContext(connection) as four:
        assert area_page_status(client, area.slug) == [
            "Completed 50% or more",
            "Not started",
            "Not started",
            "Not started",
        ]
    assert len(four) == len(one)


def _migrate(target: str):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("funding", target)])
    return executor.loader.project_state([("funding", target)]).apps


def _stored_statuses(apps) -> None:
    """One project per old stored status, each with one history row."""
    program = apps.get_model("funding", "Program").objects.create(
        name="P", total=Decimal("1.00")
    )
    area = apps.get_model("funding", "FundingArea").objects.create(
        program=program, position=1, slug="a", name="A", description="-"
    )
    history = apps.get_model("funding", "HistoricalTreasuryProject")
    now = timezone.now()
    for status in CompletionStatus.values:
        project = apps.get_model("funding", "TreasuryProject").objects.create(
            area=area, identifier=status, name=status, completion_status=status
        )
        history.objects.create(
            id=project.pk,
            area_id=area.pk,
            identifier=status,
            name=status,
            category_rationale="",
            completion_status=status,
            created_at=now,
            updated_at=now,
            history_date=now,
            history_type="+",
        )


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_only_cancelled_as_an_override():
    _stored_statuses(_migrate(BEFORE))
    apps = _migrate(AFTER)
    expected = {
        "not_started": "",
        "lt_50": "",
        "gte_50": "",
        "completed": "",  # the figures say Completed once the budget is spent
        "cancelled": "cancelled",
    }
    for name in ["TreasuryProject", "HistoricalTreasuryProject"]:
        rows = apps.get_model("funding", name).objects.values_list(
            "identifier", "completion_status_override"
        )
        assert dict(rows) == expected
