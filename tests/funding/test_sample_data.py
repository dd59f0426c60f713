"""`load_sample_data`: the announced program with illustrative money, the council districts
and ten years of illustrative incidents, safe to run twice."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from binghamton_safety.models import CouncilPacket
from binghamton_safety.money import cents
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
    assert (str(min(dates)), str(max(dates))) == ("2022-06-15", "2026-11-28")


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
        "BudgetEntry": 8,  # six adopted budgets and the amendment's pair
        # Per area and payee, 53 invoices (July 2022 to November 2026; the watch
        # groups' grants 41, from July 2023) and an obligation per phase; one release.
        "SpendingEntry": 7 * (53 + 3) + (41 + 2) + 1,
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
        # Three obligations; 30,000 + 45,000 + 23 invoices of 2,708.33 (65,000 / 24).
        "C-2022-014": (
            Decimal("140000.00"),
            Decimal("140000.00"),
            Decimal("137291.59"),
            56,
        ),
        # One obligation and 18 invoices, July 2023 to December 2024.
        "G-2023-003": (
            Decimal("20000.00"),
            Decimal("20000.00"),
            Decimal("20000.00"),
            19,
        ),
        # One obligation and 23 invoices of 1,000.00; December 2026's is to come.
        "G-2024-011": (
            Decimal("24000.00"),
            Decimal("24000.00"),
            Decimal("23000.00"),
            24,
        ),
        # Two obligations and 30 invoices, July 2022 to December 2024.
        "VI-2022-001": (
            Decimal("120000.00"),
            Decimal("120000.00"),
            Decimal("120000.00"),
            32,
        ),
        # One obligation and 23 invoices of 4,375.00.
        "VI-2025-001": (
            Decimal("105000.00"),
            Decimal("105000.00"),
            Decimal("100625.00"),
            24,
        ),
    }
    # An entry's date lies between its award's first and last days.
    for award in awards.values():
        days = award.entries.values_list("occurred_on", flat=True)
        assert all(award.starts_on <= day <= award.ends_on for day in days)
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


def totals(kind: str, through: date) -> dict[str, Decimal]:
    """Each area's sum of `kind` entries dated up to `through`."""
    model = BudgetEntry if kind == "budget" else SpendingEntry
    rows = model.objects.all()
    if kind == "budget":
        rows = rows.filter(effective_on__lte=through)
    else:
        rows = rows.filter(kind=kind, occurred_on__lte=through)
    sums = rows.values("area__slug").annotate(total=Sum("amount"))
    return {row["area__slug"]: cents(row["total"]) for row in sums}


def test_the_sample_tells_the_story_to_november_2026(db, settings):
    load(settings, debug=False)
    amendment = BudgetEntry.objects.filter(kind=BudgetEntry.Kind.AMENDMENT)
    assert sorted(
        amendment.values_list("area__slug", "effective_on", "amount", "reference")
    ) == [
        (
            "hot-spots-policing",
            date(2024, 6, 5),
            Decimal("-25000.00"),
            "SAMPLE-RES-2024-041",
        ),
        (
            "violence-intervention",
            date(2024, 6, 5),
            Decimal("25000.00"),
            "SAMPLE-RES-2024-041",
        ),
    ]
    assert all(entry.reason and entry.illustrative for entry in amendment)
    budgets = {
        "community-policing": Decimal("250000.00"),
        "hot-spots-policing": Decimal("175000.00"),
        "cpted": Decimal("175000.00"),
        "gun-buyback": Decimal("75000.00"),
        "violence-intervention": Decimal("225000.00"),
        "neighborhood-watch": Decimal("100000.00"),
    }
    assert totals("budget", date(2024, 12, 31)) == budgets
    # Every area's budget obligated by the deadline, none of it later.
    assert totals("obligation", date(2024, 12, 31)) == budgets
    assert totals("obligation", date(2026, 12, 31)) == budgets
    # Spent through November 2026: each area's December invoice is left (the last
    # phase's amount over 24 months, the cents left over in December's).
    assert totals("expenditure", date(2026, 11, 30)) == {
        "community-policing": Decimal("245208.41"),  # 115,000: 4,791.59 left
        "hot-spots-policing": Decimal("172083.41"),  # 70,000: 2,916.59 left
        "cpted": Decimal("171562.50"),  # 65,000 and 17,500: 3,437.50 left
        "gun-buyback": Decimal("73645.91"),  # 32,500: 1,354.09 left
        "violence-intervention": Decimal("220625.00"),  # 105,000: 4,375.00 left
        "neighborhood-watch": Decimal("97916.59"),  # 26,000 and 24,000: 2,083.41 left
    }
    months = SpendingEntry.objects.filter(kind="expenditure").dates(
        "occurred_on", "month"
    )
    assert (len(months), str(months[0]), str(months.last())) == (
        53,
        "2022-07-01",
        "2026-11-01",
    )


def earlier_sample_entries() -> list[SpendingEntry]:
    """The sample's spending as it was loaded before it told the story to 2026 (and
    before it had awards): 60% of each budget obligated in June 2022, 20% in January
    2023, 5% spent a month from July 2022 to June 2023, one buyback release."""
    entries = []
    for area in FundingArea.objects.order_by("position"):
        budget = area.budgetentry_set.get(kind=BudgetEntry.Kind.ADOPTED).amount
        rows = [("obligation", date(2022, 6, 15), budget * Decimal("0.60"))]
        rows.append(("obligation", date(2023, 1, 17), budget * Decimal("0.20")))
        for month in range(12):
            year, mon = (2022, 7 + month) if month < 6 else (2023, month - 5)
            rows.append(("expenditure", date(year, mon, 28), budget / 20))
        if area.slug == "gun-buyback":
            rows.append(("obligation", date(2022, 9, 30), Decimal("-2500.00")))
        for kind, day, amount in rows:
            entries.append(
                SpendingEntry(
                    area=area,
                    project=area.projects.first(),
                    kind=kind,
                    occurred_on=day,
                    amount=amount.quantize(Decimal("0.01")),
                    payee=f"Sample vendor {area.position}",
                    description="Earlier sample",
                    reason="Event cancelled" if amount < 0 else "",
                    reference=f"SAMPLE-{len(entries) + 1:04d}",
                    illustrative=True,
                )
            )
    return entries


def test_a_database_with_the_earlier_sample_keeps_its_spending(db, settings):
    from funding import sample_data
    from funding.models import Award

    program = sample_data.load()
    # Back to the earlier sample: its budgets and spending, no amendment, no awards.
    SpendingEntry.objects.all().delete()
    BudgetEntry.objects.filter(kind=BudgetEntry.Kind.AMENDMENT).delete()
    Award.objects.all().delete()
    for entry in earlier_sample_entries():
        entry.full_clean()
        entry.save()
    before = list(SpendingEntry.objects.values_list("reference", "amount"))
    assert len(before) == 85

    load(settings, debug=False)
    # Kept as it was: no story added on top of it (its areas would be obligated past
    # their budgets), no amendment, no awards; its ledger still keeps the rules.
    assert list(SpendingEntry.objects.values_list("reference", "amount")) == before
    assert BudgetEntry.objects.count() == 6
    assert not Award.objects.exists()
    assert sum(totals("expenditure", date(2026, 12, 31)).values()) == Decimal(
        "600000.00"
    )
    for entry in SpendingEntry.objects.filter(area__program=program):
        entry.full_clean()
