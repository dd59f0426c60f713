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
nothing. Every row is checked first; one bad row and nothing is saved. What bounds the
work and the sums is in `funding.import_limits`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from audit.bulk import bulk_create_recorded
from binghamton_safety.money import ZERO, money
from binghamton_safety.progress import QUIET, Progress

from .import_limits import (
    ERRORS_SHOWN,  # noqa: F401 (part of the import's interface)
    LedgerVolume,
    ProblemList,
    RowProblem,
    control_character_problem,
    program_total_problem,
)
from .models import (
    BudgetEntry,
    FundingArea,
    Program,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
)
from .period_rows import ReportedRow, read_rows

PAYEE = "Various payees (reported period figure)"

OBLIGATION = SpendingEntry.Kind.OBLIGATION
EXPENDITURE = SpendingEntry.Kind.EXPENDITURE
FIGURES = {  # kind: (total column, current column, words)
    OBLIGATION: ("total_obligations", "current_obligations", "obligations"),
    EXPENDITURE: ("total_expenditures", "current_expenditures", "expenditures"),
}

LOOKUP_CHUNK = 500


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
    problems: ProblemList = field(default_factory=ProblemList)
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


def import_period_report(
    text: str,
    program_name: str,
    area_name: str,
    *,
    recorded_by=None,
    dry_run: bool = False,
    progress: Progress = QUIET,
) -> ImportReport:
    """Check every row, then write the entries; nothing is saved on any problem or dry run.
    Its phases show on `progress`."""
    report = ImportReport(program=program_name.strip(), area=area_name.strip())
    for what, name in (("program", report.program), ("area", report.area)):
        if not name:
            report.problems.append(RowProblem(0, "", f"name the {what}"))
        elif len(name) > 200:
            report.problems.append(
                RowProblem(0, "", f"the {what} name is longer than 200 characters")
            )
        elif problem := control_character_problem(name):
            report.problems.append(RowProblem(0, "", f"the {what} name: {problem}"))
    lines = max(len(text.splitlines()) - 1, 0)  # less the header
    with progress.phase(f"checking {lines:,} rows", lines) as phase:
        rows = read_rows(text, report)
        phase.advance(lines)
    if report.problems:
        return report
    with progress.phase("writing"), transaction.atomic():
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

    program = _program(by_project, report)
    if program is None:
        return
    projects = _projects(by_project, program, report)
    if report.problems:
        return
    ledgers = _ledgers(program)
    volume = LedgerVolume(None if report.program_created else program)
    budgets: list[BudgetEntry] = []
    spending: list[SpendingEntry] = []
    for identifier, project_rows in by_project.items():
        project = projects[identifier]
        entries = _project_entries(
            project, ledgers[project.pk], project_rows, periods, report, recorded_by
        )
        for line, entry in entries:
            amount = entry.amount
            kind = "budget" if isinstance(entry, BudgetEntry) else entry.kind
            if problem := volume.add(kind, amount, line):
                report.problems.append(problem)
            (budgets if kind == "budget" else spending).append(entry)
    if report.problems:
        return  # an entry or a sum would not fit the ledger's 12 digits
    # Bulk writes leave history rows too, written in bulk.
    bulk_create_recorded(BudgetEntry, budgets, recorded_by)
    bulk_create_recorded(SpendingEntry, spending, recorded_by)
    report.entries = len(budgets) + len(spending)


def _program(
    by_project: dict[str, list[ReportedRow]], report: ImportReport
) -> Program | None:
    """The named program; created when new, with the latest budgets as its total."""
    program = Program.objects.filter(name=report.program).first()
    if program is not None:
        return program
    latest = [project_rows[-1] for project_rows in by_project.values()]
    total = sum((row.budget for row in latest), ZERO)
    if problem := program_total_problem(total, max(row.line for row in latest)):
        report.problems.append(problem)
        return None
    report.program_created = True
    return Program.objects.create(name=report.program, total=total)


def _ledgers(program: Program) -> dict[int, "_Ledger"]:
    """The saved entries of the program's projects, per project, in memory."""
    ledgers: dict[int, _Ledger] = defaultdict(_Ledger)
    # By program, not by a list of projects: a file may name tens of thousands.
    for project_id, on, amount in BudgetEntry.objects.filter(
        area__program=program, project__isnull=False
    ).values_list("project_id", "effective_on", "amount"):
        ledgers[project_id].budget.append((on, amount))
    for project_id, on, kind, amount, adjustment in SpendingEntry.objects.filter(
        area__program=program, project__isnull=False
    ).values_list("project_id", "occurred_on", "kind", "amount", "adjustment"):
        ledgers[project_id].spending.append((on, kind, amount, adjustment))
    return ledgers


def _project_entries(
    project: TreasuryProject,
    ledger: "_Ledger",
    project_rows: list[ReportedRow],
    periods: dict[str, ReportingPeriod],
    report: ImportReport,
    recorded_by,
) -> list[tuple[int, BudgetEntry | SpendingEntry]]:
    """(line, entry) for each entry that brings one project's figures to the file's."""
    entries: list[tuple[int, BudgetEntry | SpendingEntry]] = []
    common = {
        "area_id": project.area_id,
        "project": project,
        "recorded_by": recorded_by,
    }
    for row in project_rows:
        period = periods[row.period]
        common["reference"] = f"{period} report to Treasury"
        if budget := _budget_entry(ledger, row, period, common):
            entries.append((row.line, budget))
        for kind, (total_column, current_column, _words) in FIGURES.items():
            spending = _spending_entries(
                ledger,
                period,
                kind,
                reported_total=getattr(row, total_column),
                reported_current=getattr(row, current_column),
                common=common,
                report=report,
                identifier=project.identifier,
            )
            entries += [(row.line, entry) for entry in spending]
    return entries


def _budget_entry(
    ledger: _Ledger, row: ReportedRow, period: ReportingPeriod, common: dict
) -> BudgetEntry | None:
    """The entry that brings the project's budget to the row's; None if it is already."""
    change = row.budget - ledger.budget_to(period.ends_on)
    if not change:
        return None
    entry = BudgetEntry(
        **common,
        kind=BudgetEntry.Kind.AMENDMENT if ledger.budget else BudgetEntry.Kind.ADOPTED,
        effective_on=period.ends_on,
        amount=change,
        reason=""
        if change > 0
        else f"Budget reduced to {money(row.budget)} in the {period} report.",
    )
    ledger.budget.append((period.ends_on, change))
    return entry


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
    """The entries that bring one figure of one project and period to the file's: the
    period's own amount the ledger lacks, then an adjustment for a revised total."""
    previous = ledger.total(kind, period.starts_on - datetime.timedelta(days=1))
    revision = Revision(
        identifier, period.name, kind, previous, reported_current, reported_total
    )
    if revision.difference:
        report.revisions.append(revision)
    entries = []
    missing_current = reported_current - ledger.current(kind, period)
    if missing_current:
        entries.append(_current_entry(ledger, period, kind, missing_current, common))
    missing_total = reported_total - ledger.total(kind, period.ends_on)
    if missing_total:
        entries.append(_revision_entry(ledger, period, revision, missing_total, common))
    return entries


def _current_entry(
    ledger: _Ledger, period: ReportingPeriod, kind: str, amount: Decimal, common: dict
) -> SpendingEntry:
    """The current-period obligation or expenditure of `amount`, into the ledger too."""
    words = FIGURES[kind][2]
    entry = SpendingEntry(
        **common,
        kind=kind,
        occurred_on=period.ends_on,
        amount=amount,
        payee=PAYEE,
        description=f"{period} current-period {words} reported to Treasury",
        reason=""
        if amount > 0
        else (
            f"Negative current-period {words} in the {period} report "
            "(a de-obligation, refund or correction)."
        ),
    )
    ledger.spending.append((period.ends_on, kind, amount, False))
    return entry


def _revision_entry(
    ledger: _Ledger,
    period: ReportingPeriod,
    revision: Revision,
    amount: Decimal,
    common: dict,
) -> SpendingEntry:
    """The adjustment of `amount` that brings the total to the one reported (the
    revision's difference, or a correction of what the ledger had), into the ledger too."""
    words, reported = revision.figure, revision.reported_total
    reason = (
        revision.reason()
        if amount == revision.difference
        else (
            f"Correction in the {period} report: total {words} reported as "
            f"{money(reported)}, the ledger had {money(reported - amount)}."
        )
    )
    entry = SpendingEntry(
        **common,
        kind=revision.kind,
        occurred_on=period.ends_on,
        amount=amount,
        payee=PAYEE,
        description=f"Revision of {words} reported before {period}",
        reason=reason,
        adjustment=True,
    )
    ledger.spending.append((period.ends_on, revision.kind, amount, True))
    return entry


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
    projects = _saved_projects(list(by_project))
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
    for project in _create_projects(sorted(new), _area(program, report)):
        projects[project.identifier] = project
        report.projects_created.append(project.identifier)
    return projects


def _saved_projects(identifiers: list[str]) -> dict[str, TreasuryProject]:
    """The saved projects of these identifiers, with their area and program."""
    projects = {}
    # In chunks: a query takes at most some thousands of parameters.
    for start in range(0, len(identifiers), LOOKUP_CHUNK):
        chunk = identifiers[start : start + LOOKUP_CHUNK]
        for project in TreasuryProject.objects.filter(
            identifier__in=chunk
        ).select_related("area__program"):
            projects[project.identifier] = project
    return projects


def _create_projects(identifiers: list[str], area: FundingArea) -> list:
    """New projects in `area`, named by their identifiers, each with its history row."""
    return bulk_create_recorded(
        TreasuryProject,
        [
            TreasuryProject(
                area=area,
                identifier=identifier,
                name=identifier,
                category_rationale=(
                    "Imported from a report to Treasury that gave no expenditure "
                    "category: set the category and the reason for it."
                ),
            )
            for identifier in identifiers
        ],
    )


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
