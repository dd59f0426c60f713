"""Awards: what the money bought, as contracts, grants, loans, transfers and direct
payments to a recipient, each under one Treasury project.

The model is `funding.models.Award` (funding/models/awards.py); this module holds its vocabulary, its row rules
(the ledger's rules per award are in ledger_rules.py), its queries, the public listing
(an individual's name is never public: their awards are shown as a count and a total)
and the subaward lines of Treasury's Project and Expenditure report.

funding/models/ imports this module for the vocabulary and the queryset, so the models
are looked up by name here when a query is built, never imported.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from binghamton_safety.money import ZERO, MoneyField, cents, money, plain_amount
from binghamton_safety.wording import count_of, long_date

from .ledger import Ledger, SpendingKind

# Treasury lists each subaward of $50,000 or more on its own, the smaller ones in
# aggregate; payments to individuals are reported in aggregate whatever their amount.
SUBAWARD_THRESHOLD = Decimal("50000.00")
# What the public sees in place of an individual's name.
INDIVIDUAL_RECIPIENTS = "Individual recipients"


class AwardKind(models.TextChoices):
    CONTRACT = "contract", "Contract"
    GRANT = "grant", "Grant"
    LOAN = "loan", "Loan"
    TRANSFER = "transfer", "Transfer"
    DIRECT_PAYMENT = "direct_payment", "Direct payment"


class RecipientKind(models.TextChoices):
    ORGANIZATION = "organization", "Organization"
    INDIVIDUAL = "individual", "Individual"


def _model(name: str) -> type[models.Model]:
    return apps.get_model("funding", name)


def _under_award(rows: models.QuerySet, kind: str, **filters):
    """The outer award's sum of `kind` entries among `rows` (with `filters`)."""
    total = (
        rows.filter(award=OuterRef("id"), kind=kind, **filters)
        .order_by()
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=MoneyField()),
        Value(ZERO),
        output_field=MoneyField(),
    )


class AwardQuerySet(models.QuerySet):
    def to_organizations(self) -> "AwardQuerySet":
        return self.filter(recipient_kind=RecipientKind.ORGANIZATION)

    def to_individuals(self) -> "AwardQuerySet":
        return self.filter(recipient_kind=RecipientKind.INDIVIDUAL)

    def with_spending(self, ledger: Ledger | None = None) -> "AwardQuerySet":
        """Annotate `obligated` and `spent`: every counted entry under each award."""
        rows = (ledger or Ledger()).spending()
        return self.annotate(
            obligated=_under_award(rows, SpendingKind.OBLIGATION),
            spent=_under_award(rows, SpendingKind.EXPENDITURE),
        )


def award_problems(award) -> dict[str, list[str]]:
    """The row rules of an award, each on its field: a positive amount, dates in order,
    a project of its area, and, once entries are recorded under it, the same area and
    project as theirs and dates that cover the ones that count (the ledger's rules per
    award are checked after these pass)."""
    errors: dict[str, list[str]] = {}
    if award.amount is not None and award.amount <= 0:
        errors["amount"] = [
            f"An award's amount must be more than $0.00, not {money(award.amount)}."
        ]
    if award.starts_on and award.ends_on and award.ends_on < award.starts_on:
        errors["ends_on"] = [
            f"The award cannot end ({award.ends_on:%Y-%m-%d}) before it starts "
            f"({award.starts_on:%Y-%m-%d})."
        ]
    if award.project_id and award.area_id and award.project.area_id != award.area_id:
        errors["project"] = [
            f"Project {award.project.identifier} belongs to {award.project.area}, "
            f"not to {award.area}."
        ]
    if award.pk and "project" not in errors:
        entries = _model("SpendingEntry").all_objects.filter(award=award)
        elsewhere = entries.exclude(area=award.area_id, project=award.project_id)
        if moved := elsewhere.count():
            verb = "belongs" if moved == 1 else "belong"
            errors["project"] = [
                f"{count_of(moved, 'entry', 'entries')} recorded under this award "
                f"{verb} to another area or project: an award keeps the area and "
                "project of its entries."
            ]
    if award.pk and award.starts_on and award.ends_on and "ends_on" not in errors:
        errors.update(_dates_problems(award))
    return errors


def _dates_problems(award) -> dict[str, list[str]]:
    """The entries that count under `award` and would fall outside its dates, on the
    date field that leaves them out: the start date, the end date, or both."""
    entries = _model("SpendingEntry").objects.filter(award=award)
    errors = {}
    for field, outside, order, side, which in (
        ("starts_on", "occurred_on__lt", "occurred_on", "before", "earliest"),
        ("ends_on", "occurred_on__gt", "-occurred_on", "after", "latest"),
    ):
        limit = getattr(award, field)
        dates = entries.filter(**{outside: limit}).order_by(order)
        if count := dates.count():
            verb = "is" if count == 1 else "are"
            errors[field] = [
                f"{count_of(count, 'entry', 'entries')} under this award {verb} dated "
                f"{side} {long_date(limit)}, the {which} on "
                f"{long_date(dates.values_list('occurred_on', flat=True)[0])}: an "
                "award's dates cover every obligation and expenditure under it. "
                "Correct those entries first."
            ]
    return errors


def entry_award_problems(entry) -> list[str]:
    """Why a spending entry cannot be recorded under its award: the award is void, or
    another area's or another project's."""
    award = entry.award
    if award.is_voided:
        return [
            f"Award {award.number} is void: choose another award, or restore it first."
        ]
    if award.area_id == entry.area_id and award.project_id == entry.project_id:
        return []
    entry_project = (
        f"project {entry.project.identifier}" if entry.project_id else "no project"
    )
    return [
        f"Award {award.number} is for {award.area}, project "
        f"{award.project.identifier}; this entry is for {entry.area}, "
        f"{entry_project}. Choose an award of the entry's area and project."
    ]


def entry_date_problems(entry) -> list[str]:
    """Why a spending entry cannot be dated `occurred_on` under its award: the day is
    outside the award's dates."""
    award, day = entry.award, entry.occurred_on
    if not day or award.starts_on <= day <= award.ends_on:
        return []
    return [
        f"{long_date(day)} is outside award {award.number}, which runs from "
        f"{long_date(award.starts_on)} to {long_date(award.ends_on)}: an obligation or "
        "expenditure under an award is dated within its dates."
    ]


def void_award_problems(award) -> list[str]:
    """Why `award` cannot be voided: entries that count are recorded under it."""
    live = _model("SpendingEntry").objects.filter(award=award).count()
    if not live:
        return []
    entries = "entry that counts is" if live == 1 else "entries that count are"
    return [
        f"{live} {entries} recorded under it. Void those entries, or record them "
        "under another award, first."
    ]


# --- What the public sees ---------------------------------------------------------------


@dataclass(frozen=True)
class IndividualAwards:
    """Awards to individuals, as the public sees them: how many and how much, never
    who."""

    count: int
    amount: Decimal
    illustrative: bool

    def __str__(self) -> str:
        return (
            f"{INDIVIDUAL_RECIPIENTS} ({count_of(self.count, 'award')}, "
            f"{money(self.amount)})"
        )


@dataclass(frozen=True)
class PublicAwards:
    organizations: list  # Award rows: recipient, amount, purpose, dates
    individuals: IndividualAwards

    @property
    def illustrative(self) -> bool:
        return self.individuals.illustrative or any(
            award.illustrative for award in self.organizations
        )


def public_awards(area) -> PublicAwards:
    """An area's awards for its public page: each organization's; individuals'
    counted and added up."""
    awards = _model("Award").objects.filter(area=area)
    organizations = awards.to_organizations().order_by("starts_on", "number")
    totals = awards.to_individuals().aggregate(
        count=models.Count("pk"),
        total=Sum("amount", default=ZERO),
        sample=models.Count("pk", filter=Q(illustrative=True)),
    )
    individuals = IndividualAwards(
        totals["count"], cents(totals["total"]), bool(totals["sample"])
    )
    return PublicAwards(list(organizations), individuals)


# The open data's awards file: (column, its meaning), for the open-data page.
PUBLIC_AWARD_COLUMNS = [
    ("area", "Funding area key (slug)."),
    ("area_name", "Funding area name."),
    (
        "award_type",
        "Contract, Grant, Loan, Transfer or Direct payment; empty on a line "
        "of individual recipients.",
    ),
    (
        "recipient",
        "The organization awarded; 'Individual recipients' on the one line per area "
        "that adds up the awards to people, whose names are never published.",
    ),
    ("awards", "Number of awards on the line (1 for an organization's)."),
    ("amount", "Amount awarded, dollars with two decimals."),
    ("purpose", "What the award pays for; empty on a line of individual recipients."),
    ("starts_on", "First day of the award (YYYY-MM-DD); empty for individuals."),
    ("ends_on", "Last day of the award (YYYY-MM-DD); empty for individuals."),
    ("illustrative", "'true' where the line includes invented sample data."),
]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def public_award_rows() -> list[list[str]]:
    """The open data's awards as text, area by area: one line per award to an
    organization, then one line adding up the area's awards to individuals, if any."""
    awards = _model("Award").objects.select_related("area")
    lines = []  # (area position, then its individuals' line, the line)
    for award in awards.to_organizations().order_by("starts_on", "number"):
        area = award.area
        dates = [award.starts_on.isoformat(), award.ends_on.isoformat()]
        lines.append(
            (
                (area.position, 0),
                [area.slug, area.name, award.get_kind_display(), award.recipient]
                + ["1", plain_amount(award.amount), award.purpose, *dates]
                + [_flag(award.illustrative)],
            )
        )
    individuals = (
        awards.to_individuals()
        .values("area__slug", "area__name", "area__position")
        .annotate(
            count=models.Count("pk"),
            total=Sum("amount"),
            sample=models.Count("pk", filter=Q(illustrative=True)),
        )
        .order_by()
    )
    for group in individuals:
        lines.append(
            (
                (group["area__position"], 1),
                [group["area__slug"], group["area__name"], "", INDIVIDUAL_RECIPIENTS]
                + [str(group["count"]), plain_amount(cents(group["total"]))]
                + ["", "", "", _flag(bool(group["sample"]))],
            )
        )
    # sorted() is stable: within an area, the organizations keep their date order.
    return [line for _, line in sorted(lines, key=lambda item: item[0])]


# --- Treasury's subaward section ---------------------------------------------------------


@dataclass(frozen=True)
class SubawardLine:
    """One line of the report's subaward section: an award on its own, or the awards
    of one type added up (`count` of them, no number, recipient or dates)."""

    section: str  # "Subaward", "Aggregate under $50,000", "Payments to individuals"
    kind: str  # the award type's label
    count: int
    amount: Decimal
    current_obligations: Decimal
    current_expenditures: Decimal
    illustrative: bool
    number: str = ""
    recipient: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    project: str = ""  # the project's identifier


SUBAWARD = "Subaward"
AGGREGATE = "Aggregate under $50,000"
INDIVIDUALS = "Payments to individuals"


def _section(award) -> str:
    if award.recipient_kind == RecipientKind.INDIVIDUAL:
        return INDIVIDUALS
    return SUBAWARD if award.amount >= SUBAWARD_THRESHOLD else AGGREGATE


def subaward_lines(period, project_ids, ledger: Ledger | None = None):
    """The subaward section of `period`'s report for the projects `project_ids`: every
    award made by the period's end, $50,000 or more to an organization on its own line,
    the rest added up per section and award type; each with the obligations and
    expenditures under it within the period (adjustments excluded), in one query."""
    ledger = ledger or Ledger()
    within = {
        "occurred_on__gte": period.starts_on,
        "occurred_on__lte": period.ends_on,
        "adjustment": False,
    }
    rows = ledger.spending()
    awards = (
        ledger.rows(_model("Award"))
        .filter(project__in=list(project_ids), starts_on__lte=period.ends_on)
        .select_related("project")
        .annotate(
            current_obligations=_under_award(rows, SpendingKind.OBLIGATION, **within),
            current_expenditures=_under_award(rows, SpendingKind.EXPENDITURE, **within),
        )
        .order_by("number")
    )
    listed, grouped = [], {}
    for award in awards:
        section = _section(award)
        line = SubawardLine(
            section,
            AwardKind(award.kind).label,
            1,
            award.amount,
            cents(award.current_obligations),
            cents(award.current_expenditures),
            award.illustrative,
            award.number,
            award.recipient,
            award.starts_on,
            award.ends_on,
            award.project.identifier,
        )
        if section == SUBAWARD:
            listed.append(line)
        else:
            grouped.setdefault((section, award.kind), []).append(line)
    return listed + [
        _added_up(grouped[key])
        for key in sorted(grouped, key=lambda k: (k[0] != AGGREGATE, k[1]))
    ]


def _added_up(lines: list[SubawardLine]) -> SubawardLine:
    first = lines[0]
    return SubawardLine(
        first.section,
        first.kind,
        len(lines),
        sum((line.amount for line in lines), ZERO),
        sum((line.current_obligations for line in lines), ZERO),
        sum((line.current_expenditures for line in lines), ZERO),
        any(line.illustrative for line in lines),
    )
