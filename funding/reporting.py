"""Treasury's Project and Expenditure report: each project's figures for a period.

The figures are derived from the ledger, never stored: the adopted budget and the total
obligations and expenditures to the end of the period, and the current-period obligations and
expenditures (entries dated within the period, revision adjustments excluded).
"""

import csv
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import (
    ZERO,
    CompletionStatus,
    ExpenditureCategory,
    Ledger,
    Program,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
)

# Treasury's project-level field names. The two category columns follow the names of the
# portal's project template (as used by USDR's ARPA Reporter): group, then detailed category.
TREASURY_COLUMNS = [
    "Project_Identification_Number__c",
    "Name",
    "Completion_Status__c",
    "Adopted_Budget__c",
    "Total_Obligations__c",
    "Total_Expenditures__c",
    "Current_Period_Obligations__c",
    "Current_Period_Expenditures__c",
    "Project_Expenditure_Category__c",
    "Sub_Category__c",
]
MONEY_COLUMNS = TREASURY_COLUMNS[3:8]

CATEGORY_COLUMNS = [
    "Expenditure category",
    "Projects",
    *MONEY_COLUMNS,
]

EXPENDITURE_CATEGORY_GROUPS = {
    "1": "1-Public Health",
    "2": "2-Negative Economic Impacts",
    "3": "3-Public Health-Negative Economic Impact: Public Sector Capacity",
    "4": "4-Premium Pay",
    "5": "5-Infrastructure",
    "6": "6-Revenue Replacement",
    "7": "7-Administrative",
}
UNCATEGORISED = "Not categorised"
CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """A database sum to the cent (SQLite sums decimals as floats of 15 digits)."""
    return value.quantize(CENT)


def category_group(code: str) -> str:
    """`1.11` -> `1-Public Health`; empty for a project without a category."""
    return EXPENDITURE_CATEGORY_GROUPS.get(code.split(".")[0], "") if code else ""


def _category_sort_key(code: str) -> tuple:
    # Numeric order (1.2 before 1.11); projects without a category come last.
    return tuple(int(part) for part in code.split(".")) if code else (99,)


@dataclass(frozen=True)
class PeriodFigures:
    """One project's line of the report for one period."""

    project: TreasuryProject
    period: ReportingPeriod
    budget: Decimal
    total_obligations: Decimal
    total_expenditures: Decimal
    current_obligations: Decimal
    current_expenditures: Decimal
    completion_status: CompletionStatus

    @property
    def obligations_over_budget(self) -> Decimal:
        """How far total obligations exceed the budget; 0.00 when they do not."""
        return max(self.total_obligations - self.budget, ZERO)

    @property
    def expenditures_over_obligations(self) -> Decimal:
        return max(self.total_expenditures - self.total_obligations, ZERO)

    def treasury_row(self) -> list:
        category = self.project.expenditure_category
        return [
            self.project.identifier,
            self.project.name,
            self.completion_status.label,
            self.budget,
            self.total_obligations,
            self.total_expenditures,
            self.current_obligations,
            self.current_expenditures,
            category_group(category),
            self.project.get_expenditure_category_display() if category else "",
        ]


def completion_status(
    project: TreasuryProject, budget: Decimal, obligated: Decimal, spent: Decimal
) -> CompletionStatus:
    """The status at a period's end, from the figures then.

    Cancelled stays cancelled. Otherwise the share of the budget spent decides, and a
    project is Completed only once staff have marked it so and it has spent its budget.
    """
    stored = project.completion_status
    if stored == CompletionStatus.CANCELLED:
        return CompletionStatus.CANCELLED
    if obligated <= 0 and spent <= 0:
        return CompletionStatus.NOT_STARTED
    if stored == CompletionStatus.COMPLETED and budget > 0 and spent >= budget:
        return CompletionStatus.COMPLETED
    if budget > 0 and 2 * spent >= budget:
        return CompletionStatus.HALF_OR_MORE
    return CompletionStatus.LESS_THAN_HALF


def period_figures(
    period: ReportingPeriod,
    program: Program | None = None,
    ledger: Ledger | None = None,
) -> list[PeriodFigures]:
    """Every project with a ledger entry by the end of `period`, in one query.

    A cancelled project stays listed with its cumulative figures and zero current ones.
    """
    projects = TreasuryProject.objects.reported_in(period, ledger).with_period_figures(
        period, ledger
    )
    if program is not None:
        projects = projects.filter(area__program=program)
    rows = []
    for project in projects.order_by("identifier"):
        budget = cents(project.budget)
        obligated = cents(project.total_obligations)
        spent = cents(project.total_expenditures)
        status = completion_status(project, budget, obligated, spent)
        cancelled = status == CompletionStatus.CANCELLED
        rows.append(
            PeriodFigures(
                project=project,
                period=period,
                budget=budget,
                total_obligations=obligated,
                total_expenditures=spent,
                current_obligations=(
                    ZERO if cancelled else cents(project.current_obligations)
                ),
                current_expenditures=(
                    ZERO if cancelled else cents(project.current_expenditures)
                ),
                completion_status=status,
            )
        )
    return rows


@dataclass(frozen=True)
class RevisionLine:
    """A total of `period` that is not the previous total plus the current figure."""

    project: TreasuryProject
    kind: str
    previous_total: Decimal
    current: Decimal
    reported_total: Decimal
    difference: Decimal

    @property
    def figure(self) -> str:
        return SpendingEntry.Kind(self.kind).label.lower() + "s"


def period_revisions(
    period: ReportingPeriod, figures: list[PeriodFigures]
) -> list[RevisionLine]:
    """The revisions recorded in `period` (its adjustment entries), for the projects of
    `figures`, with the totals before and after; one query."""
    by_project = {line.project.pk: line for line in figures}
    adjustments = (
        SpendingEntry.objects.filter(
            adjustment=True,
            project__in=list(by_project),
            occurred_on__range=(period.starts_on, period.ends_on),
        )
        .values("project", "kind")
        .annotate(difference=Sum("amount"))
        .order_by()
    )
    lines = []
    for row in adjustments:
        line, difference = by_project[row["project"]], cents(row["difference"])
        if not difference:
            continue
        total, current = (
            (line.total_obligations, line.current_obligations)
            if row["kind"] == SpendingEntry.Kind.OBLIGATION
            else (line.total_expenditures, line.current_expenditures)
        )
        lines.append(
            RevisionLine(
                line.project,
                row["kind"],
                total - current - difference,
                current,
                total,
                difference,
            )
        )
    return sorted(lines, key=lambda r: (r.project.identifier, r.kind))


@dataclass(frozen=True)
class CategoryTotals:
    code: str
    projects: int
    budget: Decimal
    total_obligations: Decimal
    total_expenditures: Decimal
    current_obligations: Decimal
    current_expenditures: Decimal

    @property
    def label(self) -> str:
        return ExpenditureCategory(self.code).label if self.code else UNCATEGORISED

    def row(self) -> list:
        return [
            self.label,
            self.projects,
            self.budget,
            self.total_obligations,
            self.total_expenditures,
            self.current_obligations,
            self.current_expenditures,
        ]


FIGURE_FIELDS = [
    "budget",
    "total_obligations",
    "total_expenditures",
    "current_obligations",
    "current_expenditures",
]


def _sum_lines(code: str, lines: list[PeriodFigures]) -> CategoryTotals:
    return CategoryTotals(
        code,
        len(lines),
        *(
            sum((getattr(line, field) for line in lines), ZERO)
            for field in FIGURE_FIELDS
        ),
    )


def category_summary(figures: list[PeriodFigures]) -> list[CategoryTotals]:
    """The report's figures summed by expenditure category, in category order."""
    by_code: dict[str, list[PeriodFigures]] = {}
    for line in figures:
        by_code.setdefault(line.project.expenditure_category, []).append(line)
    return [
        _sum_lines(code, by_code[code])
        for code in sorted(by_code, key=_category_sort_key)
    ]


def report_totals(figures: list[PeriodFigures]) -> CategoryTotals:
    """The whole report's totals, shaped like one category line."""
    return _sum_lines("", figures)


def _plain(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def write_csv(figures: list[PeriodFigures], out: IO[str]) -> None:
    """One line per project with Treasury's column names; money as plain 1234.56."""
    writer = csv.writer(out)
    writer.writerow(TREASURY_COLUMNS)
    for line in figures:
        writer.writerow([_plain(value) for value in line.treasury_row()])


def write_category_csv(figures: list[PeriodFigures], out: IO[str]) -> None:
    writer = csv.writer(out)
    writer.writerow(CATEGORY_COLUMNS)
    for totals in category_summary(figures):
        writer.writerow([_plain(value) for value in totals.row()])
    total = report_totals(figures)
    writer.writerow(["Total", *(_plain(value) for value in total.row()[1:])])


def write_xlsx(figures: list[PeriodFigures], out: IO[bytes]) -> None:
    """A workbook with the project sheet and the summary by expenditure category."""
    workbook = Workbook()
    projects = workbook.active
    projects.title = "Projects"
    _fill_sheet(projects, TREASURY_COLUMNS, [line.treasury_row() for line in figures])
    summary = workbook.create_sheet("By category")
    total = report_totals(figures)
    _fill_sheet(
        summary,
        CATEGORY_COLUMNS,
        [totals.row() for totals in category_summary(figures)]
        + [["Total", *total.row()[1:]]],
    )
    workbook.save(out)


def _fill_sheet(sheet, header: list[str], rows: list[list]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # openpyxl writes numbers with 16 significant digits: exact for 12-digit money.
        sheet.append(row)
    for column, name in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        if name in MONEY_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = "#,##0.00"
        sheet.column_dimensions[letter].width = max(14, min(len(name) + 2, 48))
    sheet.freeze_panes = "A2"
