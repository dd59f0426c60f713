"""Treasury's Project and Expenditure report: each project's figures for a period.

The figures are derived from the ledger, never stored: the adopted budget and the total
obligations and expenditures to the end of the period, and the current-period obligations and
expenditures (entries dated within the period, revision adjustments excluded).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.styles import Font

from binghamton_safety.money import ZERO, cents, plain_amount
from binghamton_safety.spreadsheet import append_row, csv_writer

from .awards import SubawardLine, subaward_lines
from .categories import ExpenditureCategory
from .completion import Completion, CompletionStatus
from .ledger import Ledger
from .models import Program, ReportingPeriod, SpendingEntry, TreasuryProject

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
# Our own columns after Treasury's, true or false on every line, so that a file stays
# machine-readable: a status set by staff over the figures, and sample figures.
SET_BY_STAFF = "completion_status_set_by_staff"
ILLUSTRATIVE = "illustrative"
# Treasury's evidence questions, after ours so that the columns before them stay where
# they were: the money allocated to evidence-based interventions (empty: none), the
# evidence behind them, and whether a program evaluation is under way (Yes or No).
EVIDENCE_BASED = "Spending_Allocated_Toward_Evidence_Based_Interventions"
EVIDENCE_COLUMNS = [
    EVIDENCE_BASED,
    "Evidence_Based_Interventions_Rationale",
    "Whether_program_evaluation_is_being_conducted",
]
PROJECT_COLUMNS = [*TREASURY_COLUMNS, SET_BY_STAFF, ILLUSTRATIVE, *EVIDENCE_COLUMNS]

# The subaward section: one award a line, or the awards of a type added up (`Awards`
# counts them); the current-period figures are the entries under the awards.
SUBAWARD_COLUMNS = [
    "Section",
    "Award_Number",
    "Award_Type",
    "Recipient",
    "Awards",
    "Award_Amount",
    "Award_Start_Date",
    "Award_End_Date",
    "Project_Identification_Number__c",
    "Current_Period_Obligations__c",
    "Current_Period_Expenditures__c",
    ILLUSTRATIVE,
]

CATEGORY_COLUMNS = [
    "Expenditure category",
    "Projects",
    *MONEY_COLUMNS,
    ILLUSTRATIVE,
]
ILLUSTRATIVE_NOTE = (
    "Illustrative: the lines marked illustrative are sample figures invented to "
    "demonstrate the tracker, not city records. Do not send them to Treasury."
)

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
    completion: Completion
    illustrative: bool
    evidence_based: Decimal | None = None
    evidence_rationale: str = ""
    evaluation_under_way: bool = False

    @property
    def completion_status(self) -> CompletionStatus:
        """The status reported to Treasury."""
        return self.completion.status

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

    def export_row(self) -> list:
        """Treasury's columns, then ours, then the evidence (see PROJECT_COLUMNS)."""
        return [
            *self.treasury_row(),
            self.completion.set_by_staff,
            self.illustrative,
            "" if self.evidence_based is None else self.evidence_based,
            self.evidence_rationale,
            "Yes" if self.evaluation_under_way else "No",
        ]


def period_figures(
    period: ReportingPeriod,
    program: Program | None = None,
    ledger: Ledger | None = None,
) -> list[PeriodFigures]:
    """Every project with a ledger entry by the end of `period`, in one query.

    A cancelled project stays listed with its cumulative figures and zero current ones.
    The completion status is the project's own as of the period's end (`Completion`).
    """
    projects = (
        TreasuryProject.objects.reported_in(period, ledger)
        .with_period_figures(period, ledger)
        .select_related("area__program")
    )
    if program is not None:
        projects = projects.filter(area__program=program)
    return [_line(project, period) for project in projects.order_by("identifier")]


def _line(project: TreasuryProject, period: ReportingPeriod) -> PeriodFigures:
    """The line of a project annotated by `with_period_figures`, to the cent."""
    budget = cents(project.budget)
    obligated = cents(project.total_obligations)
    spent = cents(project.total_expenditures)
    completion = project.completion_from(budget, obligated, spent)
    cancelled = completion.status == CompletionStatus.CANCELLED
    return PeriodFigures(
        project=project,
        period=period,
        budget=budget,
        total_obligations=obligated,
        total_expenditures=spent,
        current_obligations=ZERO if cancelled else cents(project.current_obligations),
        current_expenditures=(
            ZERO if cancelled else cents(project.current_expenditures)
        ),
        completion=completion,
        illustrative=project.has_illustrative,
        evidence_based=project.evidence_based_then,
        evidence_rationale=project.evidence_rationale_then or "",
        evaluation_under_way=bool(project.evaluation_then),
    )


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
    illustrative: bool

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
            self.illustrative,
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
        any(line.illustrative for line in lines),
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


@dataclass(frozen=True)
class SampleNotice:
    """What the shared illustrative notice shows (`funding/_illustrative.html`, written
    for a FundingSummary): whether any line is sample data, and of which program."""

    illustrative: bool
    program: Program | None


def sample_notice(
    figures: list[PeriodFigures], program: Program | None = None
) -> SampleNotice:
    sample = [line for line in figures if line.illustrative]
    if not sample:
        return SampleNotice(False, program)
    return SampleNotice(True, program or sample[0].project.area.program)


def _plain(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain_amount(value)
    return str(value)


def write_csv(figures: list[PeriodFigures], out: IO[str]) -> None:
    """One line per project with Treasury's column names, then ours (PROJECT_COLUMNS);
    money as plain 1234.56, flags as true or false."""
    writer = csv_writer(out)
    writer.writerow(PROJECT_COLUMNS)
    for line in figures:
        writer.writerow([_plain(value) for value in line.export_row()])


def write_category_csv(figures: list[PeriodFigures], out: IO[str]) -> None:
    writer = csv_writer(out)
    writer.writerow(CATEGORY_COLUMNS)
    for totals in category_summary(figures):
        writer.writerow([_plain(value) for value in totals.row()])
    total = report_totals(figures)
    writer.writerow(["Total", *(_plain(value) for value in total.row()[1:])])


def subaward_row(line: SubawardLine) -> list:
    """A line of the subaward section, in SUBAWARD_COLUMNS' order."""
    return [
        line.section,
        line.number,
        line.kind,
        line.recipient,
        line.count,
        line.amount,
        line.starts_on or "",
        line.ends_on or "",
        line.project,
        line.current_obligations,
        line.current_expenditures,
        line.illustrative,
    ]


def period_subawards(
    figures: list[PeriodFigures], ledger: Ledger | None = None
) -> list[SubawardLine]:
    """The subaward section of the report whose project lines are `figures`."""
    if not figures:
        return []
    period = figures[0].period
    return subaward_lines(period, [line.project.pk for line in figures], ledger)


def write_subaward_csv(
    figures: list[PeriodFigures], out: IO[str], ledger: Ledger | None = None
) -> None:
    """The subaward section of the report of `figures` (awards as recorded in
    `ledger`), one line each (SUBAWARD_COLUMNS)."""
    writer = csv_writer(out)
    writer.writerow(SUBAWARD_COLUMNS)
    for line in period_subawards(figures, ledger):
        writer.writerow([_plain(value) for value in subaward_row(line)])


def write_xlsx(
    figures: list[PeriodFigures], out: IO[bytes], ledger: Ledger | None = None
) -> None:
    """A workbook with the project sheet, the summary by expenditure category and the
    subawards (as recorded in `ledger`), and a Notes sheet that says so when any
    figures are sample data."""
    subawards = period_subawards(figures, ledger)
    workbook = Workbook()
    projects = workbook.active
    projects.title = "Projects"
    _fill_sheet(projects, PROJECT_COLUMNS, [line.export_row() for line in figures])
    summary = workbook.create_sheet("By category")
    total = report_totals(figures)
    _fill_sheet(
        summary,
        CATEGORY_COLUMNS,
        [totals.row() for totals in category_summary(figures)]
        + [["Total", *total.row()[1:]]],
    )
    _fill_sheet(
        workbook.create_sheet("Subawards"),
        SUBAWARD_COLUMNS,
        [subaward_row(line) for line in subawards],
    )
    if total.illustrative:
        notes = workbook.create_sheet("Notes")
        append_row(notes, [ILLUSTRATIVE_NOTE])
        notes["A1"].font = Font(bold=True)
    workbook.save(out)


SHEET_MONEY = {
    *MONEY_COLUMNS,
    EVIDENCE_BASED,
    "Award_Amount",
    "Current_Period_Obligations__c",
    "Current_Period_Expenditures__c",
}


def _fill_sheet(sheet, header: list[str], rows: list[list]) -> None:
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # openpyxl writes numbers with 16 significant digits: exact for 12-digit money.
        append_row(sheet, row)
    for column, name in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        if name in SHEET_MONEY:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = "#,##0.00"
        sheet.column_dimensions[letter].width = max(14, min(len(name) + 2, 48))
    sheet.freeze_panes = "A2"
