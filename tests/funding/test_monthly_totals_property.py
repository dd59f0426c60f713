"""Random sequences of writes to spending entries (creates, corrections of the date, the
area, the amount and the kind, voids, restores, deletes, bulk updates), with the kept
monthly totals checked against a recount, and the areas' figures against sums of the
entries by hand, after every step."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from binghamton_safety.money import ZERO
from funding import monthly
from funding.models import FundingArea, Program, SpendingEntry, TreasuryProject

# Days on both sides of month ends: each step may move an entry across one.
DAYS = [
    datetime.date(2022, 5, 31),
    datetime.date(2022, 6, 1),
    datetime.date(2022, 6, 30),
    datetime.date(2022, 7, 1),
]
AS_OF = [*DAYS, datetime.date(2022, 6, 15)]

day = st.sampled_from(DAYS)
which = st.integers(0, 5)  # a saved entry, counted from the first (modulo)
area_number = st.integers(0, 1)
kind = st.sampled_from(SpendingEntry.Kind.values)
amount = st.sampled_from(["1.00", "2.50", "-0.75", "10.00"])
STEPS = st.one_of(
    st.tuples(
        st.just("create"), area_number, kind, day, amount, st.booleans(), st.booleans()
    ),
    st.tuples(st.just("move"), which, day),
    st.tuples(st.just("area"), which, area_number),
    st.tuples(st.just("amount"), which, amount),
    st.tuples(st.just("kind"), which, kind),
    st.tuples(st.just("void"), which),
    st.tuples(st.just("delete"), which),
    st.tuples(st.just("update"), day, day),
)


def setup() -> tuple[list[FundingArea], TreasuryProject]:
    program = Program.objects.create(name="P", total=Decimal("1000.00"))
    areas = [
        FundingArea.objects.create(
            program=program, position=n, slug=f"a{n}", name=f"A{n}", description="."
        )
        for n in (1, 2)
    ]
    project = TreasuryProject.objects.create(
        area=areas[0], identifier="P-1", name="P", category_rationale="."
    )
    return areas, project


def saved(index: int) -> SpendingEntry | None:
    """The `index`-th saved entry (modulo their number), read afresh."""
    pks = list(SpendingEntry.all_objects.order_by("pk").values_list("pk", flat=True))
    return SpendingEntry.all_objects.get(pk=pks[index % len(pks)]) if pks else None


def create(areas, project, number, values) -> None:
    area, kind, on, amount, adjustment, illustrative = values
    SpendingEntry(
        area=areas[area],
        project=project if area == 0 and number % 2 else None,
        kind=kind,
        occurred_on=on,
        amount=Decimal(amount),
        payee="P",
        description="D",
        reason="Revised." if adjustment or amount.startswith("-") else "",
        adjustment=adjustment,
        illustrative=illustrative,
    ).save()


def correct(entry: SpendingEntry, name: str, value, areas) -> None:
    """A correction of one entry's date, area, amount or kind, or its void or restore."""
    if name == "void":
        if entry.is_voided:
            entry.restore("It was real.")
        else:
            entry.void("Entered twice.", None)
        return
    if name == "delete":
        entry.delete()
        return
    if name == "move":
        entry.occurred_on = value
    elif name == "area":
        entry.area, entry.project = areas[value], None
    elif name == "amount":
        entry.amount = Decimal(value)
        entry.reason = "Revised."
    elif name == "kind":
        entry.kind = value
    entry.save()


def take(areas, project, number: int, step: tuple) -> None:
    name, *values = step
    if name == "create":
        create(areas, project, number, values)
    elif name == "update":
        SpendingEntry.objects.filter(occurred_on=values[0]).update(
            occurred_on=values[1]
        )
    elif entry := saved(values[0]):
        correct(entry, name, values[1] if len(values) > 1 else None, areas)


def by_hand(as_of: datetime.date) -> dict:
    """Each area's obligated and spent as of `as_of`, summed here from the entries."""
    sums = {}
    for area, kind, on, amount in SpendingEntry.objects.values_list(
        "area__slug", "kind", "occurred_on", "amount"
    ):
        if on <= as_of:
            key = (area, kind)
            sums[key] = sums.get(key, ZERO) + amount
    return {
        area.slug: (
            sums.get((area.slug, "obligation"), ZERO),
            sums.get((area.slug, "expenditure"), ZERO),
        )
        for area in FundingArea.objects.all()
    }


def figures(as_of: datetime.date) -> dict:
    return {
        area.slug: (area.obligated, area.spent)
        for area in FundingArea.objects.with_totals(as_of)
    }


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.lists(STEPS, min_size=2, max_size=12))
def test_the_monthly_totals_equal_a_recount_after_every_step(steps):
    with transaction.atomic():
        areas, project = setup()
        for number, step in enumerate(steps):
            take(areas, project, number, step)
            assert monthly.kept_totals() == monthly.recount(), (number, step)
            for as_of in AS_OF:
                assert figures(as_of) == by_hand(as_of), (number, step, as_of)
        transaction.set_rollback(True)
