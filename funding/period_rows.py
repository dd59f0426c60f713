"""Reading the rows of a file of figures reported to Treasury: every row is checked, and
the good ones come back as `ReportedRow`s; the problems go into the report, at most
`MAX_ROWS` rows are read."""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from binghamton_safety.money import money, parse_money
from binghamton_safety.wording import plural

from .import_limits import MAX_ROWS, RowProblem, control_character_problem
from .models import (
    EXPENDITURE_DEADLINE,
    FIRST_ELIGIBLE_COST_DATE,
    PERIOD_YEARS,
    ReportingPeriod,
)

if TYPE_CHECKING:
    from .period_import import ImportReport

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

_QUARTER = re.compile(r"Q?([1-4])", re.IGNORECASE)


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


def read_rows(text: str, report: "ImportReport") -> list[ReportedRow]:
    """Parse and check every row; problems go into `report`, good rows are returned."""
    reader = csv.reader(io.StringIO(text, newline=""))
    index = _column_index(reader, report)
    if index is None:
        return []
    width = max(index.values()) + 1
    rows: list[ReportedRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, values in _records(reader, report):
        values += [""] * (width - len(values))
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


def _column_index(reader, report: "ImportReport") -> dict[str, int] | None:
    """Where each column is, from the header; None (and the problem) if it cannot say."""
    try:
        header = next(reader, None)
    except csv.Error as error:
        report.problems.append(RowProblem(1, "", f"the header cannot be read: {error}"))
        return None
    if header is None:
        report.problems.append(RowProblem(0, "", "the file is empty"))
        return None
    names = [name.strip().lower() for name in header]
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        report.problems.append(
            RowProblem(
                1,
                "",
                f"the {plural(len(repeated), 'column')} {', '.join(repeated)} "
                f"{'appears' if len(repeated) == 1 else 'appear'} more than once",
            )
        )
        return None
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        report.problems.append(
            RowProblem(
                1, "", f"missing {plural(len(missing), 'column')} {', '.join(missing)}"
            )
        )
        return None
    return {column: names.index(column) for column in COLUMNS}


def _records(reader, report: "ImportReport"):
    """(line, values) of each row that is not blank, counted in `report.rows`; the
    reading stops at a row the csv module cannot read, or after `MAX_ROWS` rows."""
    while True:
        try:
            values = next(reader, None)
        except csv.Error as error:
            line = reader.line_num
            report.problems.append(RowProblem(line, "", f"cannot be read: {error}"))
            return
        if values is None:
            return
        if not any(value.strip() for value in values):
            continue
        if report.rows == MAX_ROWS:
            report.problems.append(
                RowProblem(
                    reader.line_num,
                    "",
                    f"the file has more than {MAX_ROWS:,} rows of figures: split it, "
                    "for example by quarter, and import each part",
                )
            )
            return
        report.rows += 1
        yield reader.line_num, values


def _period_name(cell: dict[str, str]) -> str:
    quarter = _QUARTER.fullmatch(cell["quarter"].strip())
    return f"{int(cell['year'])}-Q{quarter[1]}"


def _is_eligible(cell: dict[str, str]) -> bool:
    """Whether the row's period ends within ARPA's eligible period. The year is checked
    first: the dates of 0001-Q1 or 9999-Q4 are not worth making (or do not exist)."""
    if not PERIOD_YEARS[0] <= int(cell["year"]) <= PERIOD_YEARS[1]:
        return False
    period = ReportingPeriod.named(_period_name(cell))
    return FIRST_ELIGIBLE_COST_DATE <= period.ends_on <= EXPENDITURE_DEADLINE


def _row_problems(line: int, cell: dict[str, str]) -> list[RowProblem]:
    """Every problem of one row, column by column."""
    return [
        *_period_problems(line, cell),
        *_project_problems(line, cell["project_id"].strip()),
        *_money_problems(line, cell),
    ]


def _period_problems(line: int, cell: dict[str, str]) -> list[RowProblem]:
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
    if not problems and not _is_eligible(cell):
        problems.append(
            RowProblem(
                line,
                "year",
                f"{year}-Q{_QUARTER.fullmatch(quarter)[1]} ends outside ARPA's eligible "
                f"period ({FIRST_ELIGIBLE_COST_DATE} to {EXPENDITURE_DEADLINE})",
            )
        )
    return problems


def _project_problems(line: int, project: str) -> list[RowProblem]:
    if not project:
        return [RowProblem(line, "project_id", "is empty")]
    if len(project) > 50:
        return [RowProblem(line, "project_id", "is longer than 50 characters")]
    if problem := control_character_problem(project):
        return [RowProblem(line, "project_id", problem)]
    return []


def _money_problems(line: int, cell: dict[str, str]) -> list[RowProblem]:
    problems = []
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
