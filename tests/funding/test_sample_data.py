"""`load_sample_data`: the announced program with illustrative money, safe to run twice."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from funding.models import BudgetEntry, FundingArea, Program, SpendingEntry


def load(settings, debug: bool) -> str:
    settings.DEBUG = debug
    out = StringIO()
    call_command("load_sample_data", stdout=out)
    return out.getvalue()


def test_it_loads_the_six_areas_in_the_announced_order(db, settings):
    load(settings, debug=False)
    assert list(FundingArea.objects.values_list("name", flat=True)) == [
        "Community Policing and Street Outreach",
        "Data-Driven Hot-Spots Policing",
        "Crime Prevention Through Environmental Design",
        "Gun Buyback Programs",
        "Violence Intervention",
        "Expanded Neighborhood Watch Partnerships",
    ]
    program = Program.objects.get()
    assert program.total == Decimal("1000000.00")
    assert str(program.presented_to_council_on) == "2022-05-16"


def test_the_illustrative_budgets_add_up_to_exactly_one_million(db, settings):
    load(settings, debug=False)
    assert BudgetEntry.objects.aggregate(total=Sum("amount"))["total"] == Decimal(
        "1000000.00"
    )
    assert not BudgetEntry.objects.filter(illustrative=False).exists()
    assert not SpendingEntry.objects.filter(illustrative=False).exists()
    dates = SpendingEntry.objects.values_list("occurred_on", flat=True)
    assert (str(min(dates)), str(max(dates))) == ("2022-06-15", "2023-06-28")


def test_running_it_twice_changes_nothing(db, settings):
    load(settings, debug=True)
    counts = (BudgetEntry.objects.count(), SpendingEntry.objects.count())
    load(settings, debug=True)
    assert (BudgetEntry.objects.count(), SpendingEntry.objects.count()) == counts
    assert counts == (6, 85)


@pytest.mark.parametrize("debug", [True, False])
def test_sample_accounts_exist_only_while_debug_is_on(
    db, settings, django_user_model, debug
):
    output = load(settings, debug=debug)
    assert django_user_model.objects.filter(
        username__in=["editor", "viewer"]
    ).count() == (2 if debug else 0)
    assert ("editor  / editor-sample-pass" in output) is debug
