"""The ledger's invariants, checked before an entry is saved or voided.

They span many rows, so the database cannot hold them as constraints: every save through a
form runs them (see `LedgerEntry.clean`) under a row lock on the program (see forms.py).
"""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Q

from binghamton_safety.money import ZERO, money
from binghamton_safety.wording import long_date

from .models import (
    FIRST_ELIGIBLE_COST_DATE,
    Award,
    BudgetEntry,
    FundingArea,
    LedgerEntry,
    SpendingEntry,
    TreasuryProject,
)


def _timeline(scope: Q, entry: LedgerEntry) -> list[tuple[datetime.date, str, Decimal]]:
    """All entries in `scope` as (date, kind, amount), with `entry` in place of its saved self."""
    budgets = BudgetEntry.objects.filter(scope)
    spending = SpendingEntry.objects.filter(scope)
    if entry.pk:
        if isinstance(entry, BudgetEntry):
            budgets = budgets.exclude(pk=entry.pk)
        else:
            spending = spending.exclude(pk=entry.pk)
    rows = [(d, "budget", a) for d, a in budgets.values_list("effective_on", "amount")]
    rows += list(spending.values_list("occurred_on", "kind", "amount"))
    return rows


def _award_timeline(award: Award, entry: LedgerEntry | None = None) -> list:
    """The entries under `award` as (date, kind, amount), `entry` in place of its saved
    self, after the award's amount as a budget from the first eligible day: obligations
    under an award stay within its amount as an area's stay within its budget."""
    spending = SpendingEntry.objects.filter(award=award)
    if isinstance(entry, SpendingEntry) and entry.pk:
        spending = spending.exclude(pk=entry.pk)
    rows = [(FIRST_ELIGIBLE_COST_DATE, "budget", award.amount)]
    return rows + list(spending.values_list("occurred_on", "kind", "amount"))


# An award's breaches have rules of their own, worded for the award: its amount is not a
# budget, and its entries are "under" it.
AWARD_RULES = {"over budget": "over award", "over obligated": "over obligated under"}


def _award_breach(rows: list) -> "Breach | None":
    breach = _first_breach(rows)
    if breach is None:
        return None
    return replace(breach, rule=AWARD_RULES.get(breach.rule, breach.rule))


@dataclass(frozen=True)
class Breach:
    """The first date at which one scope's running totals would break an invariant."""

    # "below zero", "over program total", "over budget", "over obligated", and for an
    # award "over award" and "over obligated under"
    rule: str
    day: datetime.date
    value: Decimal
    limit: Decimal
    figure: str = ""  # the total that would fall below zero

    @property
    def overshoot(self) -> Decimal:
        return abs(self.value - self.limit)


def _day_totals(rows):
    """(day, budget, obligated, spent): the running totals at the end of each day."""
    totals = {
        "budget": ZERO,
        SpendingEntry.Kind.OBLIGATION: ZERO,
        SpendingEntry.Kind.EXPENDITURE: ZERO,
    }
    rows = sorted(rows, key=lambda row: row[0])
    for index, (day, kind, amount) in enumerate(rows):
        totals[kind] += amount
        if index + 1 < len(rows) and rows[index + 1][0] == day:
            continue  # check once all of a day's entries are in
        yield (
            day,
            totals["budget"],
            totals[SpendingEntry.Kind.OBLIGATION],
            totals[SpendingEntry.Kind.EXPENDITURE],
        )


def _first_breach(rows, cap: Decimal | None = None) -> Breach | None:
    """Walk the dated entries and find the first date at which an invariant breaks."""
    for day, budget, obligated, spent in _day_totals(rows):
        for figure, value in (
            ("budget", budget),
            ("obligations", obligated),
            ("expenditures", spent),
        ):
            if value < 0:
                return Breach("below zero", day, value, ZERO, figure)
        if cap is not None and budget > cap:
            return Breach("over program total", day, budget, cap)
        if obligated > budget:
            return Breach("over budget", day, obligated, budget)
        if spent > obligated:
            return Breach("over obligated", day, spent, obligated)
    return None


def _describe(breach: Breach, labels: list[str]) -> str:
    who = " and ".join(labels)
    its = "their" if len(labels) > 1 else "its"
    when = f"on {long_date(breach.day)}"
    value, limit = money(breach.value), money(breach.limit)
    if breach.rule == "below zero":
        return (
            f"The {breach.figure} of {who} would fall to {value} {when}; "
            "a total cannot go below $0.00."
        )
    if breach.rule == "over program total":
        return (
            f"The areas' budgets would add up to {value} {when}, "
            f"more than the program total of {limit}."
        )
    if breach.rule == "over budget":
        return (
            f"Obligations for {who} would reach {value} {when}, "
            f"more than {its} budget of {limit} at that date."
        )
    if breach.rule == "over award":
        return (
            f"Obligations under {who} would reach {value} {when}, "
            f"more than the {limit} awarded."
        )
    if breach.rule == "over obligated under":
        return (
            f"Expenditures under {who} would reach {value} {when}, "
            f"more than the {limit} obligated under it by then."
        )
    return (
        f"Expenditures for {who} would reach {value} {when}, "
        f"more than the {limit} obligated by then."
    )


def _messages(
    found: list[tuple[str, Breach, bool]], room: tuple[set[str], str] | None = None
) -> list[str]:
    """One message per broken rule, however many scopes (area, project) break it. The
    room left (see `_room_left`) goes with the first of its rules that is broken where
    the entry itself counts (the flag in `found`)."""
    rules, room_text = room or (set(), "")
    by_rule: dict[tuple[str, str], list[tuple[str, Breach, bool]]] = {}
    for label, breach, counts in found:
        by_rule.setdefault((breach.rule, breach.figure), []).append(
            (label, breach, counts)
        )
    messages = []
    for group in by_rule.values():
        labels = [label for label, _, _ in group]
        breaches = {breach for _, breach, _ in group}
        if len(breaches) == 1:
            text = _describe(breaches.pop(), labels)
        else:
            # The scopes break it differently: give the figures of the earliest, worst.
            label, breach, _ = min(
                group, key=lambda item: (item[1].day, -item[1].overshoot)
            )
            others = " and ".join(other for other in labels if other != label)
            text = f"{_describe(breach, [label])} The same goes for {others}."
        if room_text and any(c and b.rule in rules for _, b, c in group):
            text, room_text = f"{text} {room_text}", ""
        messages.append(text)
    return messages


# By kind and direction (an increase or not): the rules an entry can break that way, and
# what it could be instead.
ROOM_LEFT = {
    ("budget", True): (
        {"over program total"},
        "{} can still be budgeted within the program total.",
    ),
    ("budget", False): (
        {"over budget", "below zero"},
        "The budget can be reduced by at most {}.",
    ),
    ("obligation", True): (
        {"over budget", "over award"},
        "{} can still be obligated against the budget.",
    ),
    ("obligation", False): (
        {"over obligated", "over obligated under", "below zero"},
        "At most {} can be de-obligated.",
    ),
    ("expenditure", True): (
        {"over obligated", "over obligated under"},
        "{} can still be spent against what is obligated.",
    ),
    ("expenditure", False): ({"below zero"}, "At most {} can be refunded."),
}


def _headroom(kind: str, increase: bool, totals, cap: Decimal | None):
    """How far an entry of `kind` could move its total before a rule breaks."""
    budget, obligated, spent = totals
    if kind == "budget":
        if increase:
            return None if cap is None else cap - budget
        return budget - obligated
    if kind == SpendingEntry.Kind.OBLIGATION:
        return budget - obligated if increase else obligated - spent
    return obligated - spent if increase else spent


def _room_left(
    entry: LedgerEntry, scopes: list[tuple[list, Decimal | None]]
) -> tuple[set[str], str] | None:
    """What `entry`'s amount could be instead, and the rules that limit it: the least
    headroom from its date on, in every scope it counts in (`scopes`: the rows without
    it, and the scope's cap)."""
    day, kind, amount = entry.ledger_row()
    increase = amount > 0
    room = None
    for rows, cap in scopes:
        # A row of $0.00 on the entry's own date makes that date one of the checked days.
        for date, *totals in _day_totals([*rows, (day, kind, ZERO)]):
            headroom = _headroom(kind, increase, totals, cap) if date >= day else None
            if headroom is not None and (room is None or headroom < room):
                room = headroom
    if room is None:
        return None
    rules, text = ROOM_LEFT[kind, increase]
    return rules, text.format(money(max(room, ZERO)))


def void_problems(entry: LedgerEntry) -> list[str]:
    """Every invariant the ledger would break if `entry` were voided (left out)."""
    scopes = [(Q(area_id=entry.area_id), entry.area.name)]
    if entry.project_id:
        scopes.append(
            (Q(project_id=entry.project_id), f"project {entry.project.identifier}")
        )
    found = []
    for scope, label in scopes:
        if breach := _first_breach(_timeline(scope, entry)):
            found.append((label, breach, False))
    award = getattr(entry, "award", None)
    if award and (breach := _award_breach(_award_timeline(award, entry))):
        found.append((f"award {award.number}", breach, False))
    if isinstance(entry, BudgetEntry):
        program = entry.area.program
        rows = [
            row
            for row in _timeline(Q(area__program=program), entry)
            if row[1] == "budget"
        ]
        if breach := _first_breach(rows, cap=program.total):
            found.append((program.name, breach, False))
    return _messages(found)


def ledger_problems(entry: LedgerEntry) -> list[str]:
    """Every invariant the ledger would break if `entry` were saved (old version replaced),
    one message per rule, with what the entry could be instead."""
    # (scope, label, whether the entry counts in it)
    scopes: list[tuple[Q, str, bool]] = []
    previous = type(entry).objects.filter(pk=entry.pk).first() if entry.pk else None
    areas = {entry.area_id} | ({previous.area_id} if previous else set())
    projects = {entry.project_id} | ({previous.project_id} if previous else set())
    for area in FundingArea.objects.filter(pk__in=areas - {None}):
        scopes.append((Q(area=area), area.name, area.pk == entry.area_id))
    for project in TreasuryProject.objects.filter(pk__in=projects - {None}):
        label = f"project {project.identifier}"
        scopes.append((Q(project=project), label, project.pk == entry.project_id))

    found, counted = [], []
    for scope, label, counts in scopes:
        rows = _timeline(scope, entry)
        if counts:
            counted.append((rows, None))
        if breach := _first_breach([*rows, entry.ledger_row()] if counts else rows):
            found.append((label, breach, counts))
    for award, counts in _awards_of(entry, previous):
        rows = _award_timeline(award, entry)
        if counts:
            counted.append((rows, None))
        if breach := _award_breach([*rows, entry.ledger_row()] if counts else rows):
            found.append((f"award {award.number}", breach, counts))
    if isinstance(entry, BudgetEntry) and entry.area_id:
        program = entry.area.program
        rows = [
            row
            for row in _timeline(Q(area__program=program), entry)
            if row[1] == "budget"
        ]
        counted.append((rows, program.total))
        if breach := _first_breach([*rows, entry.ledger_row()], cap=program.total):
            found.append((program.name, breach, True))
    room = _room_left(entry, counted) if any(c for *_, c in found) else None
    return _messages(found, room)


def _awards_of(entry: LedgerEntry, previous: LedgerEntry | None) -> list:
    """The awards a spending entry is under, and was under before this save, each with
    whether the entry counts in it."""
    ids = {getattr(entry, "award_id", None), getattr(previous, "award_id", None)}
    awards = Award.objects.filter(pk__in=ids - {None})
    return [(award, award.pk == getattr(entry, "award_id", None)) for award in awards]


def award_amount_problems(award: Award) -> list[str]:
    """Why `award` cannot be saved with its amount: the obligations already under it
    would exceed it on some date."""
    saved = Award.objects.filter(pk=award.pk).first() if award.pk else None
    if saved is None:
        return []
    rows = _award_timeline(award)
    if breach := _award_breach(rows):
        return _messages([(f"award {award.number}", breach, True)])
    return []
