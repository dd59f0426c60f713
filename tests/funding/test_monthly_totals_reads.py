"""The figures that read the kept monthly spending totals (the full months before the
as-of date's month, and that month's entries up to the date), and
`check_spending_totals`."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from test_monthly_totals import KEPT_TABLE, table

from funding.ledger import Ledger
from funding.models import MonthlySpending, SpendingEntry
from funding.monthly import Span
from funding.summary import funding_summary

D = datetime.date.fromisoformat


# --- The figures that read it -----------------------------------------------------------


def test_current_figures_read_the_kept_months_and_the_days_of_the_as_of_month(entry):
    entry("obligation", "2022-06-01", "2500.00")
    entry("obligation", "2022-07-10", "100.00")
    entry("obligation", "2022-07-20", "40.00")
    MonthlySpending.objects.filter(month=D("2022-06-01")).update(
        amount=Decimal("9999.00")
    )
    # June is read from the (tampered) kept row; July from its entries up to the day.
    assert funding_summary(D("2022-07-15")).obligated == Decimal("10099.00")
    assert funding_summary(D("2022-06-30")).obligated == Decimal("2500.00")


def test_figures_as_recorded_at_a_moment_read_the_history_not_the_table(entry):
    entry("obligation", "2022-06-01", "2500.00")
    MonthlySpending.objects.update(amount=Decimal("9999.00"))
    ledger = Ledger(datetime.datetime.now(datetime.UTC))
    assert funding_summary(D("2022-07-15"), ledger=ledger).obligated == Decimal(
        "2500.00"
    )


def test_monthly_totals_of_areas_read_the_table_and_others_the_entries(
    entry, area, project
):
    entry("obligation", "2022-06-01", "2500.00", project=project)
    entry("expenditure", "2022-07-10", "100.00")
    entry("expenditure", "2022-07-20", "40.00")
    june = {"month": D("2022-06-01"), "obligation": Decimal("2500.00")}
    july = {"month": D("2022-07-01"), "obligation": Decimal("0.00")}
    with CaptureQueriesContext(connection) as queries:
        rows = Ledger().monthly_totals(D("2022-07-15"), area=area)
    assert rows == [
        {**june, "expenditure": Decimal("0.00")},
        {**july, "expenditure": Decimal("100.00")},
    ]
    assert [KEPT_TABLE in q["sql"] for q in queries.captured_queries] == [True]
    with CaptureQueriesContext(connection) as queries:
        rows = Ledger().monthly_totals(D("2022-07-15"), project=project)
    assert rows == [{**june, "expenditure": Decimal("0.00")}]
    assert [KEPT_TABLE in q["sql"] for q in queries.captured_queries] == [False]


def test_per_area_monthly_totals_come_area_by_area_as_the_entries_give_them(
    entry, other_area
):
    entry("obligation", "2022-06-01", "10.00")
    entry("expenditure", "2022-07-05", "5.00")
    entry("obligation", "2022-05-01", "3.00", area=other_area)
    entry("obligation", "2022-07-01", "2.00", area=other_area)
    entry("obligation", "2022-07-20", "100.00", area=other_area)  # after the date
    as_of = D("2022-07-10")
    kept = Ledger().monthly_totals(as_of, per_area=True)
    # Not the counted entries' manager: summed from the entries alone.
    summed = SpendingEntry.all_objects.filter(voided_at__isnull=True).monthly_totals(
        as_of, per_area=True
    )
    rows = [
        ("gun-buyback", "Gun Buyback Programs", "2022-06-01", "10.00", "0.00"),
        ("gun-buyback", "Gun Buyback Programs", "2022-07-01", "0.00", "5.00"),
        ("cpted", "CPTED", "2022-05-01", "3.00", "0.00"),
        ("cpted", "CPTED", "2022-07-01", "2.00", "0.00"),
    ]
    assert (
        kept
        == summed
        == [
            {
                "area__slug": slug,
                "area__name": name,
                "month": D(month),
                "obligation": Decimal(obligation),
                "expenditure": Decimal(expenditure),
            }
            for slug, name, month, obligation, expenditure in rows
        ]
    )


@pytest.mark.parametrize(
    ("since", "as_of", "days", "months"),
    [
        (None, "2022-05-10", {"05-01", "05-10"}, {"03", "04"}),
        ("2022-03-01", "2022-05-10", {"05-01", "05-10"}, {"03", "04"}),
        ("2022-03-15", "2022-05-10", {"03-15", "03-31", "05-01", "05-10"}, {"04"}),
        ("2022-05-05", "2022-05-10", {"05-10"}, set()),
        ("2022-03-15", "2022-03-31", {"03-15", "03-31"}, set()),
        ("2022-03-15", "2022-04-01", {"03-15", "03-31", "04-01"}, set()),
    ],
)
def test_a_span_reads_full_months_kept_and_the_other_days_from_the_entries(
    entry, since, as_of, days, months
):
    for day in ("03-01", "03-14", "03-15", "03-31", "04-01", "04-30", "05-01"):
        entry("obligation", f"2022-{day}", "1.00")
    for day in ("05-10", "05-11"):
        entry("obligation", f"2022-{day}", "1.00")
    span = Span(D(as_of), since and D(since))
    read = SpendingEntry.objects.filter(span.entries()).values_list("occurred_on")
    assert {f"{day:%m-%d}" for (day,) in read} == days
    kept = MonthlySpending.objects.filter(span.kept()).values_list("month")
    assert {f"{month:%m}" for (month,) in kept} == months


# --- check_spending_totals -------------------------------------------------------------


def test_the_check_reports_each_difference_and_fix_rewrites_the_table(entry, area):
    entry("obligation", "2022-06-01", "100.00")
    entry("expenditure", "2022-07-01", "40.00")
    before = table()
    MonthlySpending.objects.filter(kind="obligation").update(amount=Decimal("7.00"))
    MonthlySpending.objects.filter(kind="expenditure").delete()
    MonthlySpending.objects.create(
        area=area,
        kind="obligation",
        month=D("2021-06-01"),
        illustrative=True,
        amount=Decimal("3.00"),
    )
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("check_spending_totals", stdout=out)
    assert error.value.returncode == 1
    assert str(error.value) == (
        "3 differences between the monthly spending totals and the entries: run "
        "check_spending_totals --fix to rewrite them."
    )
    assert out.getvalue().splitlines() == [
        f"2021-06 area {area.pk} obligation (sample): kept 3.00, recounted no entries",
        f"2022-06 area {area.pk} obligation: kept 7.00, recounted 100.00",
        f"2022-07 area {area.pk} expenditure: kept no row, recounted 40.00",
    ]
    out = io.StringIO()
    call_command("check_spending_totals", "--fix", stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "Rewrote the monthly spending totals from the entries (2 rows)."
    )
    assert table() == before
    out = io.StringIO()
    call_command("check_spending_totals", stdout=out)
    assert out.getvalue() == "Monthly spending totals match the entries (2 rows).\n"


def test_a_counted_sample_entry_in_any_month_flags_the_figures(entry, editor):
    sample = entry("obligation", "2022-06-01", "100.00", illustrative=True)
    assert funding_summary(D("2022-05-31")).illustrative is True
    sample.void("Entered twice.", editor)
    assert funding_summary(D("2022-05-31")).illustrative is False


def test_the_check_passes_after_the_sample_data_load(db):
    call_command("load_sample_data", stdout=io.StringIO())
    out = io.StringIO()
    call_command("check_spending_totals", stdout=out)
    rows = MonthlySpending.objects.count()
    assert rows > 0
    assert (
        out.getvalue()
        == f"Monthly spending totals match the entries ({rows:,} rows).\n"
    )
