"""`load_sample_data`: the announced program with illustrative money, the council districts
and ten years of illustrative incidents, safe to run twice."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from binghamton_safety.models import CouncilPacket
from funding.models import BudgetEntry, FundingArea, Program, SpendingEntry
from incidents.models import (
    DataCompleteness,
    FirearmRecovery,
    ImportFormat,
    Incident,
    Victim,
)
from places.models import Place


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


def sample_counts() -> dict[str, int]:
    """How many rows of each kind the sample data has."""
    models = [
        BudgetEntry,
        SpendingEntry,
        Place,
        Incident,
        Victim,
        FirearmRecovery,
        Incident.places.through,
        FirearmRecovery.places.through,
        CouncilPacket,
        ImportFormat,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_running_it_twice_changes_nothing(db, settings):
    first = load(settings, debug=True)
    counts = sample_counts()
    second = load(settings, debug=True)
    assert sample_counts() == counts
    assert counts == {
        "BudgetEntry": 6,
        "SpendingEntry": 85,
        "Place": 8,  # the city and its seven council districts
        "Incident": 336,
        "Victim": 149,
        "FirearmRecovery": 446,
        "Incident_places": 336,
        "FirearmRecovery_places": 446,
        "CouncilPacket": 2,
        "ImportFormat": 1,
    }
    assert (
        "Incidents: added 336 illustrative incidents and 446 firearm recoveries; data "
        "complete through 2026-11-30." in first
    )
    assert (
        "Incidents: added 0 illustrative incidents and 0 firearm recoveries; data "
        "complete through 2026-11-30." in second
    )


def test_the_council_packets_keep_their_2022_dates(db, settings):
    load(settings, debug=False)
    assert list(
        CouncilPacket.objects.order_by("presented_on").values_list(
            "presented_on", "illustrative"
        )
    ) == [(date(2022, 5, 4), True), (date(2022, 5, 16), True)]
    assert DataCompleteness.current() == date(2026, 11, 30)


@pytest.mark.parametrize("debug", [True, False])
def test_sample_accounts_exist_only_while_debug_is_on(
    db, settings, django_user_model, debug
):
    output = load(settings, debug=debug)
    assert django_user_model.objects.filter(
        username__in=["editor", "viewer"]
    ).count() == (2 if debug else 0)
    assert ("editor  / editor-sample-pass" in output) is debug


def test_the_sample_awards_cover_existing_entries_and_keep_the_rules(db, settings):
    from funding.models import Award

    load(settings, debug=False)
    load(settings, debug=False)
    awards = {
        award.number: award
        for award in Award.objects.with_spending().order_by("number")
    }
    assert {
        number: (award.amount, award.obligated, award.spent, award.entries.count())
        for number, award in awards.items()
    } == {
        "BB-2022-0001": (Decimal("100.00"), Decimal("0.00"), Decimal("0.00"), 0),
        "BB-2022-0002": (Decimal("200.00"), Decimal("0.00"), Decimal("0.00"), 0),
        "BB-2022-0003": (Decimal("150.00"), Decimal("0.00"), Decimal("0.00"), 0),
        "C-2022-014": (
            Decimal("140000.00"),
            Decimal("140000.00"),
            Decimal("105000.00"),
            14,
        ),
        "G-2023-003": (
            Decimal("20000.00"),
            Decimal("20000.00"),
            Decimal("20000.00"),
            5,
        ),
        "VI-2022-001": (
            Decimal("150000.00"),
            Decimal("120000.00"),
            Decimal("120000.00"),
            13,
        ),
    }
    assert all(award.illustrative for award in awards.values())
    assert {a.recipient_kind for n, a in awards.items() if n.startswith("BB-")} == {
        "individual"
    }
    # An entry under an award is paid to its recipient.
    assert set(
        SpendingEntry.objects.filter(award__number="VI-2022-001").values_list(
            "payee", flat=True
        )
    ) == {"Sample Southside Peace Alliance"}


def test_a_sample_loaded_before_the_awards_gets_them(db, settings):
    load(settings, debug=False)
    SpendingEntry.objects.update(award=None)
    load(settings, debug=False)
    assert SpendingEntry.objects.filter(award__isnull=False).count() == 32
    assert SpendingEntry.objects.count() == 85
