"""Import of figures reported to Treasury, per project and period, into the ledger.

Each row of the file gives a project's figures for a quarter: the adopted budget, the total
(cumulative) obligations and expenditures, and the current-period obligations and
expenditures. The import writes the ledger entries, dated at the period's end, that make the
figures derived from the ledger (see `funding.reporting`) equal the file's:

- a budget entry for any change of the budget;
- an obligation or expenditure for the current-period figure;
- an *adjustment* for a revision, when a total is not the previous total plus the current
  figure. It counts in the cumulative totals but not in the current-period figures, and its
  reason names the period and the revision.

The import writes only what the ledger lacks, so importing the same file twice changes
nothing. Every row is checked first; one bad row and nothing is saved.
"""

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from binghamton_safety.wording import plural

from .models import (
    EXPENDITURE_DEADLINE,
    FIRST_ELIGIBLE_COST_DATE,
    ZERO,
    BudgetEntry,
    FundingArea,
    Program,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
    money,
)

COLUMNS = [
    "year",
    "quarter",
    "project_id",
    "budget",
    "total_obligations",
    "total_expenditures",
    "current_obligations",
    "current_expenditures",
]
TOTAL_COLUMNS = ["budget", "total_obligations", "total_expenditures"]
MONEY_COLUMNS = [*TOTAL_COLUMNS, "current_obligations", "current_expenditures"]
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")  # the ledger's 12 digits
PAYEE = "Various payees (reported period figure)"

OBLIGATION = SpendingEntry.Kind.OBLIGATION
EXPENDITURE = SpendingEntry.Kind.EXPENDITURE
FIGURES = {  # kind: (total column, current column, words)
    OBLIGATION: ("total_obligations", "current_obligations", "obligations"),
    EXPENDITURE: ("total_expenditures", "current_expenditures", "expenditures"),
}

_AMOUNT = re.compile(r"(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
_QUARTER = re.compile(r"Q?([1-4])", re.IGNORECASE)


def parse_money(text: str) -> Decimal:
    """`"$2,500,000.00 "` -> 2500000.00, `($10,099.69)` -> -10099.69, `0` -> 0.00.

    A lone dash (how spreadsheets show zero in accounting format) is zero.
    Raises ValueError with a message for anything else.
    """
    shown = text.strip()
    value, negative = shown, False
    if value in {"-", "$-", "$ -"}:
        return ZERO
    if value.startswith("(") and value.endswith(")"):
        value, negative = value[1:-1].strip(), True
    elif value.startswith("-"):
        value, negative = value[1:].strip(), True
    value = value.removeprefix("$").strip()
    if not negative and value.startswith("-"):
        value, negative = value[1:].strip(), True
    if not shown:
        raise ValueError("is empty")
    if not _AMOUNT.fullmatch(value):
        raise ValueError(f"{shown!r} is not an amount of money")
    amount = Decimal(value.replace(",", ""))
    if amount != amount.quantize(CENT):
        raise ValueError(f"{shown!r} has more than two decimals")
    if amount > MAX_AMOUNT:
        raise ValueError(f"{shown!r} is more than {money(MAX_AMOUNT)}")
    amount = amount.quantize(CENT)
    return -amount if negative else amount


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    problem: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        column = f", column {self.column}" if self.column else ""
        return f"{where.capitalize()}{column}: {self.problem}"


@dataclass(frozen=True)
class ReportedRow:
    line: int
    period: str
    project: str
    budget: Decimal
    total_obligations: Decimal
    total_expenditures: Decimal
    current_obligations: Decimal
    current_expenditures: Decimal


@dataclass(frozen=True)
class Revision:
    """A reported total that is not the previous total plus the current figure."""

    project: str
    period: str
    kind: str
    previous_total: Decimal
    current: Decimal
    reported_total: Decimal

    @property
    def expected_total(self) -> Decimal:
        return self.previous_total + self.current

    @property
    def difference(self) -> Decimal:
        return self.reported_total - self.expected_total

    @property
    def figure(self) -> str:
        return FIGURES[self.kind][2]

    def reason(self) -> str:
        return (
            f"Revision in the {self.period} report: total {self.figure} reported as "
            f"{money(self.reported_total)}, not the {money(self.previous_total)} reported "
            f"before plus the {money(self.current)} of {self.period} "
            f"({money(self.expected_total)}). The {money(self.difference)} difference "
            "revises earlier periods."
        )


@dataclass
class ImportReport:
    program: str
    area: str
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    program_created: bool = False
    area_created: bool = False
    projects_created: list[str] = field(default_factory=list)
    periods_created: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    entries: int = 0
    revisions: list[Revision] = field(default_factory=list)
    saved: bool = False

    @property
    def revised_project_periods(self) -> int:
        return len({(r.project, r.period) for r in self.revisions})

    def summary(self) -> str:
        return (
            f"{self.rows} rows, {len(self.projects_created)} projects, "
            f"{len(self.periods_created)} periods, {self.entries} entries, "
            f"{self.revised_project_periods} revisions"
        )


def read_rows(text: str, report: ImportReport) -> list[ReportedRow]:
    """Parse and check every row; problems go into `report`, good rows are returned."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        report.problems.append(RowProblem(0, "", "the file is empty"))
        return []
    names = [name.strip().lower() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        report.problems.append(
            RowProblem(
                1, "", f"missing {plural(len(missing), 'column')} {', '.join(missing)}"
            )
        )
        return []
    index = {column: names.index(column) for column in COLUMNS}
    rows: list[ReportedRow] = []
    seen: dict[tuple[str, str], int] = {}
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        report.rows += 1
        values += [""] * (len(names) - len(values))
        cell = {column: values[index[column]] for column in COLUMNS}
        problems = _row_problems(line, cell)
        if problems:
            report.problems.extend(problems)
            continue
        period = _period_name(cell)
        project = cell["project_id"].strip()
        if (project, period) in seen:
            report.problems.append(
                RowProblem(
                    line,
                    "project_id",
                    f"{project} already has figures for {period} on line "
                    f"{seen[(project, period)]}",
                )
            )
            continue
        seen[(project, period)] = line
        amounts = {column: parse_money(cell[column]) for column in MONEY_COLUMNS}
        rows.append(ReportedRow(line, period, project, **amounts))
    if not report.rows and not report.problems:
        report.problems.append(RowProblem(0, "", "the file has no rows of figures"))
    return rows


def _period_name(cell: dict[str, str]) -> str:
    quarter = _QUARTER.fullmatch(cell["quarter"].strip())
    return f"{int(cell['year'])}-Q{quarter[1]}"


def _row_problems(line: int, cell: dict[str, str]) -> list[RowProblem]:
    problems = []
    year, quarter = cell["year"].strip(), cell["quarter"].strip()
    if not re.fullmatch(r"\d{4}", year):
        problems.append(RowProblem(line, "year", f"{year!r} is not a year"))
    if not _QUARTER.fullmatch(quarter):
        problems.append(
            RowProblem(
                line, "quarter", f"unknown quarter {quarter!r}: expected Q1 to Q4"
            )
        )
    if not problems:
        period = ReportingPeriod.named(_period_name(cell))
        if not FIRST_ELIGIBLE_COST_DATE <= period.ends_on <= EXPENDITURE_DEADLINE:
            problems.append(
                RowProblem(
                    line,
                    "year",
                    f"{period} ends outside ARPA's eligible period "
                    f"({FIRST_ELIGIBLE_COST_DATE} to {EXPENDITURE_DEADLINE})",
                )
            )
    if not cell["project_id"].strip():
        problems.append(RowProblem(line, "project_id", "is empty"))
    elif len(cell["project_id"].strip()) > 50:
        problems.append(RowProblem(line, "project_id", "is longer than 50 characters"))
    for column in MONEY_COLUMNS:
        try:
            amount = parse_money(cell[column])
        except ValueError as error:
            problems.append(RowProblem(line, column, str(error)))
            continue
        if column in TOTAL_COLUMNS and amount < 0:
            problems.append(
                RowProblem(
                    line,
                    column,
                    f"a total cannot be negative ({money(amount)})",
                )
            )
    return problems


def import_period_report(
    text: str,
    program_name: str,
    area_name: str,
    *,
    recorded_by=None,
    dry_run: bool = False,
) -> ImportReport:
    """Check every row, then write the entries; nothing is saved on any problem or dry run."""
    report = ImportReport(program=program_name.strip(), area=area_name.strip())
    for what, name in (("program", report.program), ("area", report.area)):
        if not name:
            report.problems.append(RowProblem(0, "", f"name the {what}"))
        elif len(name) > 200:
            report.problems.append(
                RowProblem(0, "", f"the {what} name is longer than 200 characters")
            )
    rows = read_rows(text, report)
    if report.problems:
        return report
    with transaction.atomic():
        # Serialize with the ledger forms, which check the invariants under this lock.
        list(Program.objects.select_for_update().values_list("pk", flat=True))
        _write(rows, report, recorded_by)
        report.problems.sort(key=lambda problem: problem.line)
        report.revisions.sort(key=lambda r: (r.project, r.period, r.kind))
        if report.problems or dry_run:
            transaction.set_rollback(True)
        else:
            report.saved = True
    return report


class _Ledger:
    """One project's entries, in memory: the saved ones and those about to be written."""

    def __init__(self) -> None:
        self.budget: list[tuple[datetime.date, Decimal]] = []
        self.spending: list[tuple[datetime.date, str, Decimal, bool]] = []

    def budget_to(self, day: datetime.date) -> Decimal:
        return sum((amount for on, amount in self.budget if on <= day), ZERO)

    def total(self, kind: str, day: datetime.date) -> Decimal:
        return sum(
            (amount for on, k, amount, _ in self.spending if k == kind and on <= day),
            ZERO,
        )

    def current(self, kind: str, period: ReportingPeriod) -> Decimal:
        return sum(
            (
                amount
                for on, k, amount, adjustment in self.spending
                if k == kind
                and period.starts_on <= on <= period.ends_on
                and not adjustment
            ),
            ZERO,
        )


def _write(rows: list[ReportedRow], report: ImportReport, recorded_by) -> None:
    by_project: dict[str, list[ReportedRow]] = defaultdict(list)
    for row in rows:
        by_project[row.project].append(row)
    periods = _periods(sorted({row.period for row in rows}), report)
    for project_rows in by_project.values():
        project_rows.sort(key=lambda row: periods[row.period].ends_on)

    program = Program.objects.filter(name=report.program).first()
    if program is None:
        latest_budgets = sum(
            (project_rows[-1].budget for project_rows in by_project.values()), ZERO
        )
        program = Program.objects.create(name=report.program, total=latest_budgets)
        report.program_created = True
    projects = _projects(by_project, program, report)
    if report.problems:
        return

    ledgers: dict[int, _Ledger] = defaultdict(_Ledger)
    for project_id, on, amount in BudgetEntry.objects.filter(
        project__in=projects.values()
    ).values_list("project_id", "effective_on", "amount"):
        ledgers[project_id].budget.append((on, amount))
    for project_id, on, kind, amount, adjustment in SpendingEntry.objects.filter(
        project__in=projects.values()
    ).values_list("project_id", "occurred_on", "kind", "amount", "adjustment"):
        ledgers[project_id].spending.append((on, kind, amount, adjustment))

    budgets: list[BudgetEntry] = []
    spending: list[SpendingEntry] = []
    for identifier, project_rows in by_project.items():
        project = projects[identifier]
        ledger = ledgers[project.pk]
        common = {
            "area_id": project.area_id,
            "project": project,
            "recorded_by": recorded_by,
        }
        for row in project_rows:
            period = periods[row.period]
            common["reference"] = f"{period} report to Treasury"
            change = row.budget - ledger.budget_to(period.ends_on)
            if change:
                budgets.append(
                    BudgetEntry(
                        **common,
                        kind=BudgetEntry.Kind.AMENDMENT
                        if ledger.budget
                        else BudgetEntry.Kind.ADOPTED,
                        effective_on=period.ends_on,
                        amount=change,
                        reason=""
                        if change > 0
                        else f"Budget reduced to {money(row.budget)} in the {period} report.",
                    )
                )
                ledger.budget.append((period.ends_on, change))
            for kind, (total_column, current_column, _words) in FIGURES.items():
                spending += _spending_entries(
                    ledger,
                    period,
                    kind,
                    reported_total=getattr(row, total_column),
                    reported_current=getattr(row, current_column),
                    common=common,
                    report=report,
                    identifier=identifier,
                )
    # Bulk writes leave history rows too, written in bulk.
    bulk_create_with_history(budgets, BudgetEntry, default_user=recorded_by)
    bulk_create_with_history(spending, SpendingEntry, default_user=recorded_by)
    report.entries = len(budgets) + len(spending)


def _spending_entries(
    ledger: _Ledger,
    period: ReportingPeriod,
    kind: str,
    *,
    reported_total: Decimal,
    reported_current: Decimal,
    common: dict,
    report: ImportReport,
    identifier: str,
) -> list[SpendingEntry]:
    """The entries that bring one figure of one project and period to the file's."""
    words = FIGURES[kind][2]
    day = period.ends_on
    entries = []
    previous = ledger.total(kind, period.starts_on - datetime.timedelta(days=1))
    revision = Revision(
        identifier, period.name, kind, previous, reported_current, reported_total
    )
    if revision.difference:
        report.revisions.append(revision)

    missing_current = reported_current - ledger.current(kind, period)
    if missing_current:
        entries.append(
            SpendingEntry(
                **common,
                kind=kind,
                occurred_on=day,
                amount=missing_current,
                payee=PAYEE,
                description=f"{period} current-period {words} reported to Treasury",
                reason=""
                if missing_current > 0
                else (
                    f"Negative current-period {words} in the {period} report "
                    "(a de-obligation, refund or correction)."
                ),
            )
        )
        ledger.spending.append((day, kind, missing_current, False))

    missing_total = reported_total - ledger.total(kind, day)
    if missing_total:
        reason = (
            revision.reason()
            if missing_total == revision.difference
            else (
                f"Correction in the {period} report: total {words} reported as "
                f"{money(reported_total)}, the ledger had "
                f"{money(reported_total - missing_total)}."
            )
        )
        entries.append(
            SpendingEntry(
                **common,
                kind=kind,
                occurred_on=day,
                amount=missing_total,
                payee=PAYEE,
                description=f"Revision of {words} reported before {period}",
                reason=reason,
                adjustment=True,
            )
        )
        ledger.spending.append((day, kind, missing_total, True))
    return entries


def _periods(names: list[str], report: ImportReport) -> dict[str, ReportingPeriod]:
    periods = {p.name: p for p in ReportingPeriod.objects.filter(name__in=names)}
    for name in names:
        if name not in periods:
            periods[name] = ReportingPeriod.named(name)
            periods[name].save()
            report.periods_created.append(name)
    report.periods = names
    return periods


def _projects(
    by_project: dict[str, list[ReportedRow]], program: Program, report: ImportReport
) -> dict[str, TreasuryProject]:
    """The file's projects, created in the named area when new."""
    projects = {
        project.identifier: project
        for project in TreasuryProject.objects.filter(
            identifier__in=by_project
        ).select_related("area__program")
    }
    for identifier, project in projects.items():
        if project.area.program_id != program.pk:
            report.problems.append(
                RowProblem(
                    by_project[identifier][0].line,
                    "project_id",
                    f"{identifier} belongs to the program {project.area.program}, "
                    f"not to {program}",
                )
            )
    new = [identifier for identifier in by_project if identifier not in projects]
    if report.problems or not new:
        return projects
    area = _area(program, report)
    for identifier in sorted(new):
        projects[identifier] = TreasuryProject.objects.create(
            area=area,
            identifier=identifier,
            name=identifier,
            category_rationale=(
                "Imported from a report to Treasury that gave no expenditure category: "
                "set the category and the reason for it."
            ),
        )
        report.projects_created.append(identifier)
    return projects


def _area(program: Program, report: ImportReport) -> FundingArea:
    area = FundingArea.objects.filter(program=program, name=report.area).first()
    if area:
        return area
    position = (
        FundingArea.objects.filter(program=program).aggregate(last=Max("position"))[
            "last"
        ]
        or 0
    ) + 1
    base = slugify(report.area)[:44] or "imported"
    slug, number = base, 1
    while FundingArea.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    report.area_created = True
    return FundingArea.objects.create(
        program=program,
        position=position,
        slug=slug,
        name=report.area,
        description="Created by the import of figures reported to Treasury.",
    )
