"""The funding ledger: the program, its six areas, Treasury projects, budgets and spending.

Figures are never stored: every budget, obligation and expenditure figure is a sum of dated
ledger entries, so any as-of date can be reproduced exactly.
"""

import contextlib
import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from simple_history.models import HistoricalRecords

from binghamton_safety.audit import (
    CountedManager,
    Voidable,
    as_recorded,
    void_constraint,
)
from binghamton_safety.models import TimeStamped

from .completion import Completion, CompletionStatus

ZERO = Decimal("0.00")
FIRST_ELIGIBLE_COST_DATE = datetime.date(2021, 3, 3)
OBLIGATION_DEADLINE = datetime.date(2024, 12, 31)
EXPENDITURE_DEADLINE = datetime.date(2026, 12, 31)

MONEY = {"max_digits": 12, "decimal_places": 2}

# Control characters (Unicode category Cc: U+0000 to U+001F, U+007F to U+009F), tab and
# line breaks included: a name is one line of text, and spreadsheet writers refuse most of
# them, so one in a project's name would break every later export of its periods.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def no_control_characters(value: str) -> None:
    """Refuse a name or identifier holding a control character (tab and newline too)."""
    if match := _CONTROL_CHARACTER.search(value):
        raise ValidationError(
            "Remove the control character (U+%(code)s) at position %(position)s: "
            "a name or identifier is one line of plain text.",
            code="control_character",
            params={"code": f"{ord(match[0]):04X}", "position": match.start() + 1},
        )


def money(value: Decimal, whole: bool = False, rounding: str = ROUND_HALF_UP) -> str:
    """Format a Decimal as dollars, e.g. `$1,000,000.00` or `-$5.00`; `whole` rounds to
    whole dollars (`$202,500`) for tiles, cards and sentences."""
    sign = "-" if value < 0 else ""
    if whole:
        return f"{sign}${abs(value).quantize(Decimal('1'), rounding=rounding):,}"
    return f"{sign}${abs(value):,.2f}"


CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """A database sum to the cent (SQLite sums decimals as floats of 15 digits)."""
    return value.quantize(CENT)


def _in_eligible_period(field: str) -> Q:
    return Q(**{f"{field}__gte": FIRST_ELIGIBLE_COST_DATE}) & Q(
        **{f"{field}__lte": EXPENDITURE_DEADLINE}
    )


class FundingSource(models.TextChoices):
    SLFRF = "slfrf", "ARPA State and Local Fiscal Recovery Funds"


class Program(TimeStamped):
    name = models.CharField(
        max_length=200, unique=True, validators=[no_control_characters]
    )
    funding_source = models.CharField(
        max_length=20, choices=FundingSource.choices, default=FundingSource.SLFRF
    )
    total = models.DecimalField(**MONEY)
    announced_on = models.DateField(null=True, blank=True)
    presented_to_council_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0), name="program_total_non_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Ledger:
    """The ledger's rows that count: as they are now, or as they had been recorded at
    `recorded_at` (read from the history tables). Every figure takes its rows from here,
    so voided entries are left out of all of them."""

    recorded_at: datetime.datetime | None = None

    def rows(self, model) -> models.QuerySet:
        if self.recorded_at is None:
            return model.objects.all()
        return as_recorded(model, self.recorded_at)

    def spending(self) -> models.QuerySet:
        return self.rows(SpendingEntry)

    def budgets(self) -> models.QuerySet:
        return self.rows(BudgetEntry)

    def program(self, program: "Program | None" = None) -> "Program | None":
        """`program` (default: the first one), with its total as recorded then."""
        if self.recorded_at is None:
            return program or Program.objects.order_by("pk").first()
        rows = self.rows(Program)
        if program is not None:
            rows = rows.filter(id=program.pk)
        row = rows.order_by("id").first()
        return row.instance if row else None

    def existing(self, queryset: models.QuerySet) -> models.QuerySet:
        """`queryset` (areas or projects) without those recorded after `recorded_at`."""
        if self.recorded_at is None:
            return queryset
        return queryset.filter(pk__in=self.rows(queryset.model).values("id"))

    def monthly_totals(self, as_of: datetime.date, **filters):
        return monthly_totals(self.spending().filter(**filters), as_of)

    def has_illustrative(self, program: "Program") -> bool:
        return (
            self.budgets().filter(area__program=program, illustrative=True).exists()
            or self.spending().filter(area__program=program, illustrative=True).exists()
        )


def monthly_totals(rows: models.QuerySet, as_of: datetime.date):
    """Rows of (area slug, month, kind, total) up to `as_of`, in one grouped query."""
    return (
        rows.filter(occurred_on__lte=as_of)
        .annotate(month=TruncMonth("occurred_on"))
        .order_by()
        .values("area__slug", "month", "kind")
        .annotate(total=Sum("amount"))
        .order_by("month", "area__slug", "kind")
    )


def _sum_subquery(
    rows: models.QuerySet,
    *,
    group_by: str,
    as_of: datetime.date,
    date_field: str,
    **filters,
):
    """Sum of `amount` of `rows` for the outer row up to `as_of`; 0.00 when none."""
    total = (
        rows.filter(**{f"{date_field}__lte": as_of}, **filters)
        .order_by()
        .values(group_by)
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=DecimalField(**MONEY)),
        Value(ZERO),
        output_field=DecimalField(**MONEY),
    )


def _ledger_totals(key: str, as_of: datetime.date, ledger: Ledger) -> dict:
    """Budget, obligated and spent of the outer row (an area or a project) as of `as_of`."""
    outer = {key: OuterRef("pk")}
    spending = {"group_by": key, "as_of": as_of, "date_field": "occurred_on", **outer}
    return {
        "budget": _sum_subquery(
            ledger.budgets(),
            group_by=key,
            as_of=as_of,
            date_field="effective_on",
            **outer,
        ),
        "obligated": _sum_subquery(
            ledger.spending(), kind=SpendingEntry.Kind.OBLIGATION, **spending
        ),
        "spent": _sum_subquery(
            ledger.spending(), kind=SpendingEntry.Kind.EXPENDITURE, **spending
        ),
    }


def _deadline_totals(key: str, as_of: datetime.date, ledger: Ledger) -> dict:
    """The ledger totals as of `as_of`, plus what was obligated by the obligation deadline."""
    return {
        **_ledger_totals(key, as_of, ledger),
        "obligated_by_deadline": _sum_subquery(
            ledger.spending(),
            group_by=key,
            as_of=min(as_of, OBLIGATION_DEADLINE),
            date_field="occurred_on",
            kind=SpendingEntry.Kind.OBLIGATION,
            **{key: OuterRef("pk")},
        ),
    }


class FundingAreaQuerySet(models.QuerySet):
    def with_totals(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "FundingAreaQuerySet":
        """Annotate budget, obligated and spent as of the end of `as_of`, in one query."""
        return self.annotate(**_ledger_totals("area", as_of, ledger or Ledger()))

    def with_deadline_totals(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "FundingAreaQuerySet":
        """`with_totals`, plus `obligated_by_deadline` (obligations dated by 2024-12-31)."""
        return self.annotate(**_deadline_totals("area", as_of, ledger or Ledger()))


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """100 x part / whole to one decimal (half up), or None when whole is zero."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class AreaFigures:
    area: "FundingArea"
    budget: Decimal
    obligated: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def unobligated(self) -> Decimal:
        return self.budget - self.obligated

    @property
    def pct_spent(self) -> Decimal | None:
        return percent(self.spent, self.budget)


@dataclass(frozen=True)
class FundingSummary:
    """The program's money as of the end of one day, with its federal deadlines."""

    program: Program
    as_of: datetime.date
    areas: list[AreaFigures]
    illustrative: bool

    @property
    def budgeted(self) -> Decimal:
        return sum((a.budget for a in self.areas), ZERO)

    @property
    def obligated(self) -> Decimal:
        return sum((a.obligated for a in self.areas), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((a.spent for a in self.areas), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.budgeted - self.spent

    @property
    def pct_spent(self) -> Decimal | None:
        return percent(self.spent, self.budgeted)

    @property
    def unobligated(self) -> Decimal:
        """Program money not yet obligated: at risk of return after the obligation deadline."""
        return self.program.total - self.obligated

    @property
    def unspent(self) -> Decimal:
        return self.program.total - self.spent

    @property
    def days_to_obligation_deadline(self) -> int:
        return (OBLIGATION_DEADLINE - self.as_of).days

    @property
    def days_to_spending_deadline(self) -> int:
        return (EXPENDITURE_DEADLINE - self.as_of).days

    obligate_by = OBLIGATION_DEADLINE
    spend_by = EXPENDITURE_DEADLINE

    def figures(self) -> dict[str, Decimal]:
        """Every figure by name, to the cent: to compare two moments."""
        cent = Decimal("0.01")
        figures = {
            "Program total": self.program.total,
            "Budgeted to areas": self.budgeted,
            "Obligated": self.obligated,
            "Spent": self.spent,
        }
        for row in self.areas:
            figures[f"{row.area.name}, budget"] = row.budget
            figures[f"{row.area.name}, obligated"] = row.obligated
            figures[f"{row.area.name}, spent"] = row.spent
        return {name: value.quantize(cent) for name, value in figures.items()}


def funding_summary(
    as_of: datetime.date, program: Program | None = None, ledger: Ledger | None = None
) -> FundingSummary | None:
    """Figures for `program` (default: the first one) as of `as_of`; None without a program.

    With a `ledger` recorded at a past moment, the figures as they stood then.
    """
    ledger = ledger or Ledger()
    program = ledger.program(program)
    if program is None:
        return None
    areas = [
        AreaFigures(area, area.budget, area.obligated, area.spent)
        for area in ledger.existing(FundingArea.objects.filter(program=program))
        .with_totals(as_of, ledger)
        .order_by("position")
    ]
    return FundingSummary(program, as_of, areas, ledger.has_illustrative(program))


class FundingArea(TimeStamped):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="areas")
    position = models.PositiveSmallIntegerField(
        help_text="Order in which it was announced."
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, validators=[no_control_characters])
    description = models.TextField()

    objects = FundingAreaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="area_position_unique_in_program"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ExpenditureCategory(models.TextChoices):
    """Treasury's SLFRF expenditure categories (Compliance and Reporting Guidance)."""

    EC_1_1 = "1.1", "1.1 COVID-19 Vaccination"
    EC_1_2 = "1.2", "1.2 COVID-19 Testing"
    EC_1_3 = "1.3", "1.3 COVID-19 Contact Tracing"
    EC_1_4 = "1.4", "1.4 Prevention in Congregate Settings"
    EC_1_5 = "1.5", "1.5 Personal Protective Equipment"
    EC_1_6 = "1.6", "1.6 Medical Expenses (including Alternative Care Facilities)"
    EC_1_7 = "1.7", "1.7 Other COVID-19 Public Health Expenses"
    EC_1_8 = "1.8", "1.8 COVID-19 Assistance to Small Businesses"
    EC_1_9 = "1.9", "1.9 COVID-19 Assistance to Non-Profits"
    EC_1_10 = "1.10", "1.10 COVID-19 Aid to Impacted Industries"
    EC_1_11 = "1.11", "1.11 Community Violence Interventions"
    EC_1_12 = "1.12", "1.12 Mental Health Services"
    EC_1_13 = "1.13", "1.13 Substance Use Services"
    EC_1_14 = "1.14", "1.14 Other Public Health Services"
    EC_2_1 = "2.1", "2.1 Household Assistance: Food Programs"
    EC_2_2 = "2.2", "2.2 Household Assistance: Rent, Mortgage, and Utility Aid"
    EC_2_3 = "2.3", "2.3 Household Assistance: Cash Transfers"
    EC_2_4 = "2.4", "2.4 Household Assistance: Internet Access Programs"
    EC_2_5 = "2.5", "2.5 Household Assistance: Paid Sick and Medical Leave"
    EC_2_6 = "2.6", "2.6 Household Assistance: Health Insurance"
    EC_2_7 = "2.7", "2.7 Household Assistance: Services for Unhoused Persons"
    EC_2_8 = "2.8", "2.8 Household Assistance: Service Connections"
    EC_2_9 = "2.9", "2.9 Unemployment Benefits or Cash Assistance to Unemployed Workers"
    EC_2_10 = "2.10", "2.10 Assistance to Unemployed or Underemployed Workers"
    EC_2_11 = "2.11", "2.11 Healthy Childhood Environments: Child Care"
    EC_2_12 = "2.12", "2.12 Healthy Childhood Environments: Home Visiting"
    EC_2_13 = (
        "2.13",
        (
            "2.13 Healthy Childhood Environments: Services to Foster Youth or Families "
            "Involved in Child Welfare System"
        ),
    )
    EC_2_14 = "2.14", "2.14 Healthy Childhood Environments: Early Learning"
    EC_2_15 = "2.15", "2.15 Long-term Housing Security: Affordable Housing"
    EC_2_16 = "2.16", "2.16 Long-term Housing Security: Services for Unhoused Persons"
    EC_2_17 = "2.17", "2.17 Housing Support: Housing Vouchers and Relocation Assistance"
    EC_2_18 = "2.18", "2.18 Housing Support: Other Housing Assistance"
    EC_2_19 = "2.19", "2.19 Social Determinants of Health: Community Health Workers"
    EC_2_20 = "2.20", "2.20 Social Determinants of Health: Lead Remediation"
    EC_2_21 = (
        "2.21",
        "2.21 Medical Facilities for Disproportionately Impacted Communities",
    )
    EC_2_22 = (
        "2.22",
        (
            "2.22 Strong Healthy Communities: Neighborhood Features that Promote Health "
            "and Safety"
        ),
    )
    EC_2_23 = "2.23", "2.23 Strong Healthy Communities: Demolition and Rehabilitation"
    EC_2_24 = (
        "2.24",
        "2.24 Addressing Educational Disparities: Aid to High-Poverty Districts",
    )
    EC_2_25 = (
        "2.25",
        "2.25 Addressing Educational Disparities: Academic, Social, and Emotional Services",
    )
    EC_2_26 = "2.26", "2.26 Addressing Educational Disparities: Mental Health Services"
    EC_2_27 = "2.27", "2.27 Addressing Impacts of Lost Instructional Time"
    EC_2_28 = "2.28", "2.28 Contributions to UI Trust Funds"
    EC_2_29 = "2.29", "2.29 Loans or Grants to Mitigate Financial Hardship"
    EC_2_30 = "2.30", "2.30 Technical Assistance, Counseling, or Business Planning"
    EC_2_31 = (
        "2.31",
        "2.31 Rehabilitation of Commercial Properties or Other Improvements",
    )
    EC_2_32 = "2.32", "2.32 Business Incubators and Start-Up or Expansion Assistance"
    EC_2_33 = "2.33", "2.33 Enhanced Support to Microbusinesses"
    EC_2_34 = "2.34", "2.34 Assistance to Impacted Nonprofit Organizations"
    EC_2_35 = "2.35", "2.35 Aid to Tourism, Travel, or Hospitality"
    EC_2_36 = "2.36", "2.36 Aid to Other Impacted Industries"
    EC_2_37 = "2.37", "2.37 Economic Impact Assistance: Other"
    EC_3_1 = (
        "3.1",
        (
            "3.1 Public Sector Workforce: Payroll and Benefits for Public Health, Public "
            "Safety, or Human Services Workers"
        ),
    )
    EC_3_2 = "3.2", "3.2 Public Sector Workforce: Rehiring Public Sector Staff"
    EC_3_3 = "3.3", "3.3 Public Sector Workforce: Other"
    EC_3_4 = "3.4", "3.4 Public Sector Capacity: Effective Service Delivery"
    EC_3_5 = "3.5", "3.5 Public Sector Capacity: Administrative Needs"
    EC_4_1 = "4.1", "4.1 Public Sector Employees"
    EC_4_2 = "4.2", "4.2 Private Sector: Grants to Other Employers"
    EC_5_1 = "5.1", "5.1 Clean Water: Centralized Wastewater Treatment"
    EC_5_2 = "5.2", "5.2 Clean Water: Centralized Wastewater Collection and Conveyance"
    EC_5_3 = "5.3", "5.3 Clean Water: Decentralized Wastewater"
    EC_5_4 = "5.4", "5.4 Clean Water: Combined Sewer Overflows"
    EC_5_5 = "5.5", "5.5 Clean Water: Other Sewer Infrastructure"
    EC_5_6 = "5.6", "5.6 Clean Water: Stormwater"
    EC_5_7 = "5.7", "5.7 Clean Water: Energy Conservation"
    EC_5_8 = "5.8", "5.8 Clean Water: Water Conservation"
    EC_5_9 = "5.9", "5.9 Clean Water: Nonpoint Source"
    EC_5_10 = "5.10", "5.10 Drinking Water: Treatment"
    EC_5_11 = "5.11", "5.11 Drinking Water: Transmission & Distribution"
    EC_5_12 = (
        "5.12",
        "5.12 Drinking Water: Lead Remediation, including in Schools and Daycares",
    )
    EC_5_13 = "5.13", "5.13 Drinking Water: Source"
    EC_5_14 = "5.14", "5.14 Drinking Water: Storage"
    EC_5_15 = "5.15", "5.15 Drinking Water: Other water infrastructure"
    EC_5_16 = "5.16", "5.16 Water and Sewer: Private Wells"
    EC_5_17 = "5.17", "5.17 Water and Sewer: IIJA Bureau of Reclamation Match"
    EC_5_18 = "5.18", "5.18 Water and Sewer: Other"
    EC_5_19 = "5.19", '5.19 Broadband: "Last Mile" projects'
    EC_5_20 = "5.20", "5.20 Broadband: IIJA Match"
    EC_5_21 = "5.21", "5.21 Broadband: Other projects"
    EC_6_1 = "6.1", "6.1 Provision of Government Services"
    EC_6_2 = "6.2", "6.2 Non-federal Match for Other Federal Programs"
    EC_7_1 = "7.1", "7.1 Administrative Expenses"
    EC_7_2 = "7.2", "7.2 Transfers to Other Units of Government"


def _project_spending(
    kind: str, period: "ReportingPeriod", ledger: Ledger, *, current: bool
):
    """Sum of a project's obligations or expenditures to the end of `period`.

    With `current`, only the entries dated within the period that are not adjustments:
    a revision of earlier periods counts in the cumulative total only.
    """
    within = (
        {"occurred_on__gte": period.starts_on, "adjustment": False} if current else {}
    )
    return _sum_subquery(
        ledger.spending(),
        group_by="project",
        as_of=period.ends_on,
        date_field="occurred_on",
        kind=kind,
        project=OuterRef("pk"),
        **within,
    )


def _override_as_recorded(ledger: Ledger):
    """The outer project's completion status override, as recorded at the ledger's
    moment (a report reproduced as sent shows the status it had then)."""
    if ledger.recorded_at is None:
        return F("completion_status_override")
    return Coalesce(
        Subquery(
            ledger.rows(TreasuryProject)
            .filter(id=OuterRef("pk"))
            .values("completion_status_override")[:1]
        ),
        Value(""),
    )


def _illustrative_by(as_of: datetime.date, ledger: Ledger) -> ExpressionWrapper:
    """True when the project or an entry of its figures to `as_of` is sample data."""
    own = {"project": OuterRef("pk"), "illustrative": True}
    return ExpressionWrapper(
        Q(illustrative=True)
        | Exists(ledger.budgets().filter(effective_on__lte=as_of, **own))
        | Exists(ledger.spending().filter(occurred_on__lte=as_of, **own)),
        output_field=models.BooleanField(),
    )


class TreasuryProjectQuerySet(models.QuerySet):
    def with_totals(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """Annotate budget, obligated and spent as of the end of `as_of`, in one query."""
        return self.annotate(**_ledger_totals("project", as_of, ledger or Ledger()))

    def with_deadline_totals(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """`with_totals`, plus `obligated_by_deadline` (obligations dated by 2024-12-31)."""
        return self.annotate(**_deadline_totals("project", as_of, ledger or Ledger()))

    def with_completion(
        self, as_of: datetime.date, ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """`with_totals` and the override as recorded then, so that each project's
        `completion` (its status as of `as_of`) needs no further query."""
        ledger = ledger or Ledger()
        return self.with_totals(as_of, ledger).annotate(
            completion_override=_override_as_recorded(ledger)
        )

    def reported_in(
        self, period: "ReportingPeriod", ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """Projects with any budget or spending entry dated by the end of `period`."""
        ledger = ledger or Ledger()
        by_end = {"project": OuterRef("pk")}
        return self.filter(
            Exists(ledger.budgets().filter(effective_on__lte=period.ends_on, **by_end))
            | Exists(
                ledger.spending().filter(occurred_on__lte=period.ends_on, **by_end)
            )
        )

    def with_period_figures(
        self, period: "ReportingPeriod", ledger: Ledger | None = None
    ) -> "TreasuryProjectQuerySet":
        """Annotate Treasury's figures for `period` in one query (conditional sums).

        `budget`, `total_obligations` and `total_expenditures` are cumulative to the
        period's end; `current_obligations` and `current_expenditures` cover the
        period's own dates, adjustments excluded. `completion_override` is the status
        override as recorded then; `has_illustrative`, whether any of it is sample data.
        """
        ledger = ledger or Ledger()
        obligation, expenditure = (
            SpendingEntry.Kind.OBLIGATION,
            SpendingEntry.Kind.EXPENDITURE,
        )
        return self.annotate(
            budget=_sum_subquery(
                ledger.budgets(),
                group_by="project",
                as_of=period.ends_on,
                date_field="effective_on",
                project=OuterRef("pk"),
            ),
            total_obligations=_project_spending(
                obligation, period, ledger, current=False
            ),
            total_expenditures=_project_spending(
                expenditure, period, ledger, current=False
            ),
            current_obligations=_project_spending(
                obligation, period, ledger, current=True
            ),
            current_expenditures=_project_spending(
                expenditure, period, ledger, current=True
            ),
            completion_override=_override_as_recorded(ledger),
            has_illustrative=_illustrative_by(period.ends_on, ledger),
        )


class TreasuryProject(TimeStamped):
    area = models.ForeignKey(
        FundingArea, on_delete=models.PROTECT, related_name="projects"
    )
    identifier = models.CharField(
        max_length=50,
        unique=True,
        help_text="Project identification number reported to Treasury.",
        validators=[no_control_characters],
    )
    name = models.CharField(max_length=200, validators=[no_control_characters])
    expenditure_category = models.CharField(
        max_length=5,
        choices=ExpenditureCategory.choices,
        blank=True,
        help_text="Empty only for a project imported from a report that gave none.",
    )
    category_rationale = models.TextField(
        help_text="Why this project falls in its Treasury expenditure category."
    )
    completion_status_override = models.CharField(
        max_length=20,
        choices=CompletionStatus.choices,
        blank=True,
        help_text=(
            "Leave blank to report the status the figures give (the share of the "
            "budget spent). Set it only when staff know better, e.g. Cancelled."
        ),
    )
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )

    objects = TreasuryProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__position", "identifier"]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}"

    def completion_from(
        self, budget: Decimal, obligated: Decimal, spent: Decimal
    ) -> Completion:
        """The status these figures (to the cent) give, or the override as recorded
        with them (`completion_override`, annotated) or else as stored now."""
        override = getattr(self, "completion_override", self.completion_status_override)
        return Completion.of(budget, obligated, spent, override)

    @property
    def completion(self) -> Completion:
        """The status as of the date given to `with_completion` (queryset method)."""
        return self.completion_from(
            cents(self.budget), cents(self.obligated), cents(self.spent)
        )


class LedgerEntry(TimeStamped, Voidable):
    """Fields shared by budget and spending entries. Voided, never deleted."""

    area = models.ForeignKey(FundingArea, on_delete=models.PROTECT)
    project = models.ForeignKey(
        TreasuryProject, on_delete=models.PROTECT, null=True, blank=True
    )
    amount = models.DecimalField(**MONEY)
    reference = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True)
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.project_id and self.area_id and self.project.area_id != self.area_id:
            errors.setdefault("project", []).append(
                f"Project {self.project.identifier} belongs to {self.project.area}, "
                f"not to {self.area}."
            )
        if self.amount is not None and self.amount == 0:
            errors.setdefault("amount", []).append("The amount cannot be zero.")
        if self.amount is not None and self.amount < 0 and not self.reason.strip():
            errors.setdefault("reason", []).append(
                f"Give a reason for the negative amount of {money(self.amount)} "
                "(a de-obligation, refund or budget reduction)."
            )
        day = getattr(self, self.date_field)
        if day and not FIRST_ELIGIBLE_COST_DATE <= day <= EXPENDITURE_DEADLINE:
            errors.setdefault(self.date_field, []).append(
                f"ARPA money can only cover costs from {FIRST_ELIGIBLE_COST_DATE:%B %-d, %Y} "
                f"to {EXPENDITURE_DEADLINE:%B %-d, %Y}; {day:%B %-d, %Y} is outside that period."
            )
        if errors:
            raise ValidationError(errors)
        known_kind = self.ledger_kind in {"budget", *SpendingEntry.Kind.values}
        if self.area_id and self.amount is not None and day and known_kind:
            problems = ledger_problems(self)
            if problems:
                raise ValidationError({"amount": problems})

    def ledger_row(self) -> tuple[datetime.date, str, Decimal]:
        return (getattr(self, self.date_field), self.ledger_kind, self.amount)

    @property
    def ledger_kind(self) -> str:
        return "budget"


class BudgetEntry(LedgerEntry):
    class Kind(models.TextChoices):
        ADOPTED = "adopted", "Adopted budget"
        AMENDMENT = "amendment", "Amendment"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ADOPTED)
    effective_on = models.DateField()

    all_objects = models.Manager()
    objects = CountedManager()  # what every figure counts: voided entries left out
    history = HistoricalRecords()
    date_field = "effective_on"

    class Meta:
        ordering = ["effective_on", "pk"]
        verbose_name_plural = "budget entries"
        default_manager_name = "all_objects"
        constraints = [
            void_constraint("budget_void_has_reason"),
            models.CheckConstraint(
                condition=~Q(amount=0), name="budget_amount_not_zero"
            ),
            models.CheckConstraint(
                condition=_in_eligible_period("effective_on"),
                name="budget_date_in_eligible_period",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | ~Q(reason=""),
                name="budget_reduction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {money(self.amount)} for {self.area} on {self.effective_on}"


class SpendingEntryQuerySet(models.QuerySet):
    def through(self, as_of: datetime.date) -> "SpendingEntryQuerySet":
        return self.filter(occurred_on__lte=as_of)

    def monthly_totals(self, as_of: datetime.date):
        """Rows of (area slug, month, kind, total) up to `as_of`, in one grouped query."""
        return monthly_totals(self, as_of)


class SpendingEntry(LedgerEntry):
    class Kind(models.TextChoices):
        OBLIGATION = "obligation", "Obligation"
        EXPENDITURE = "expenditure", "Expenditure"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField("date")
    payee = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    adjustment = models.BooleanField(
        default=False,
        help_text=(
            "A revision of totals reported for earlier periods: it counts in cumulative "
            "totals but not in the figures of the period it is dated in."
        ),
    )

    # `objects` is what every figure counts (voided entries left out); lists, history and
    # backups use `all_objects`, the default manager.
    objects = CountedManager.from_queryset(SpendingEntryQuerySet)()
    all_objects = SpendingEntryQuerySet.as_manager()
    history = HistoricalRecords()
    date_field = "occurred_on"

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name_plural = "spending entries"
        default_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["area", "kind", "occurred_on"]),
            # The funding figures sum counted entries per area and kind up to a date:
            # this index alone answers them (amount included, voided entries left out).
            models.Index(
                fields=["area", "kind", "occurred_on", "amount"],
                condition=Q(voided_at__isnull=True),
                name="spending_counted_idx",
            ),
        ]
        constraints = [
            void_constraint("spending_void_has_reason"),
            models.CheckConstraint(
                condition=~Q(amount=0), name="spending_amount_not_zero"
            ),
            models.CheckConstraint(
                condition=_in_eligible_period("occurred_on"),
                name="spending_date_in_eligible_period",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | ~Q(reason=""),
                name="spending_negative_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(adjustment=False) | ~Q(reason=""),
                name="spending_adjustment_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {money(self.amount)} to {self.payee} on {self.occurred_on}"

    def clean(self) -> None:
        if self.adjustment and not self.reason.strip():
            raise ValidationError(
                {"reason": "Say which period's reported total the adjustment revises."}
            )
        super().clean()

    @property
    def ledger_kind(self) -> str:
        return self.kind


# --- Treasury reporting periods ----------------------------------------------------------

_QUARTER_NAME = re.compile(r"(\d{4})-Q([1-4])")
_YEAR_NAME = re.compile(r"(\d{4})")
# ARPA's reporting years, with room to spare: a year outside (0001, 9999) is a typo, and
# the dates of 9999-Q4 would not even exist.
PERIOD_YEARS = (2021, 2030)


def period_bounds(name: str) -> tuple[str, datetime.date, datetime.date]:
    """(kind, first day, last day) of a period named like `2022-Q3` or `2022`."""
    match = _QUARTER_NAME.fullmatch(name) or _YEAR_NAME.fullmatch(name)
    if match and not PERIOD_YEARS[0] <= int(match[1]) <= PERIOD_YEARS[1]:
        raise ValueError(
            f"{name!r} is not a reporting period: the years run from "
            f"{PERIOD_YEARS[0]} to {PERIOD_YEARS[1]}."
        )
    if match := _QUARTER_NAME.fullmatch(name):
        year, quarter = int(match[1]), int(match[2])
        starts_on = datetime.date(year, 3 * quarter - 2, 1)
        next_start = (
            datetime.date(year + 1, 1, 1)
            if quarter == 4
            else datetime.date(year, 3 * quarter + 1, 1)
        )
        return (
            ReportingPeriod.Kind.QUARTER,
            starts_on,
            next_start - datetime.timedelta(days=1),
        )
    if match := _YEAR_NAME.fullmatch(name):
        year = int(match[1])
        return (
            ReportingPeriod.Kind.YEAR,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
        )
    raise ValueError(
        f"{name!r} is not a period name: use 2022-Q3 for a quarter or 2022 for a year."
    )


class ReportingPeriodQuerySet(models.QuerySet):
    def current_or_latest(self) -> "ReportingPeriod | None":
        """The period flagged current, else the one that ends last."""
        return self.order_by("-is_current", "-ends_on", "kind").first()


class ReportingPeriod(TimeStamped):
    """A period of Treasury's Project and Expenditure report, quarterly or annual."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", "Quarterly"
        YEAR = "year", "Annual"

    name = models.CharField(
        max_length=7, unique=True, help_text="2022-Q3 for a quarter, 2022 for a year."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_current = models.BooleanField(
        "current period",
        default=False,
        help_text="The period being reported now; at most one is current.",
    )

    objects = ReportingPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["ends_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="period_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_reporting_period",
                violation_error_message=(
                    "Another reporting period is already the current one; "
                    "untick it first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def named(cls, name: str) -> "ReportingPeriod":
        """An unsaved period with the kind and dates its name gives."""
        kind, starts_on, ends_on = period_bounds(name)
        return cls(name=name, kind=kind, starts_on=starts_on, ends_on=ends_on)

    def clean_fields(self, exclude=None) -> None:
        # The name says it all: the kind and dates follow from it.
        with contextlib.suppress(ValueError):  # clean() explains a bad name
            self.kind, self.starts_on, self.ends_on = period_bounds(self.name)
        super().clean_fields(exclude)

    def clean(self) -> None:
        try:
            period_bounds(self.name)
        except ValueError as error:
            raise ValidationError({"name": str(error)}) from error

    def make_current(self) -> None:
        """Flag this period current and every other one not, in one transaction."""
        with transaction.atomic():
            ReportingPeriod.objects.exclude(pk=self.pk).filter(is_current=True).update(
                is_current=False
            )
            self.is_current = True
            self.save(update_fields=["is_current", "updated_at"])


# --- Ledger invariants -------------------------------------------------------------------
# They span many rows, so the database cannot hold them as constraints: every save through a
# form runs them (see `LedgerEntry.clean`) under a row lock on the program (see forms.py).


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


@dataclass(frozen=True)
class Breach:
    """The first date at which one scope's running totals would break an invariant."""

    rule: str  # "below zero", "over program total", "over budget" or "over obligated"
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
    when = f"on {breach.day:%B %-d, %Y}"
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
        {"over budget"},
        "{} can still be obligated against the budget.",
    ),
    ("obligation", False): (
        {"over obligated", "below zero"},
        "At most {} can be de-obligated.",
    ),
    ("expenditure", True): (
        {"over obligated"},
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
