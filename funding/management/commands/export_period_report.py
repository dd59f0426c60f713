from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from funding.models import Program, ReportingPeriod
from funding.reporting import (
    period_figures,
    write_category_csv,
    write_csv,
    write_subaward_csv,
    write_xlsx,
)


class Command(BaseCommand):
    help = (
        "Write a reporting period's Treasury figures per project, with Treasury's column "
        "names, to a CSV file, or to an Excel file with the summary by category too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", required=True, help="For example 2022-Q3 or 2022."
        )
        parser.add_argument(
            "--output", required=True, type=Path, help="FILE.csv or FILE.xlsx"
        )
        parser.add_argument("--program", help="Only this program's projects.")
        parser.add_argument(
            "--by-category",
            action="store_true",
            help="CSV only: write the summary by expenditure category instead.",
        )
        parser.add_argument(
            "--subawards",
            action="store_true",
            help="CSV only: write the subaward section instead.",
        )

    def handle(
        self, *args, period: str, output: Path, program, by_category, subawards, **_
    ):
        chosen = ReportingPeriod.objects.filter(name=period).first()
        if chosen is None:
            known = ", ".join(ReportingPeriod.objects.values_list("name", flat=True))
            raise CommandError(
                f"No reporting period {period}. Known: {known or 'none'}."
            )
        only = None
        if program:
            only = Program.objects.filter(name=program).first()
            if only is None:
                raise CommandError(f"No program named {program!r}.")
        suffix = output.suffix.lower()
        if suffix not in {".csv", ".xlsx"}:
            raise CommandError("The output file must end in .csv or .xlsx.")
        figures = period_figures(chosen, only)
        if suffix == ".xlsx":
            with output.open("wb") as out:
                write_xlsx(figures, out)
        else:
            write = write_category_csv if by_category else write_csv
            write = write_subaward_csv if subawards else write
            with output.open("w", newline="", encoding="utf-8") as out:
                write(figures, out)
        what = "projects"
        if suffix == ".csv" and (by_category or subawards):
            what = "subawards" if subawards else "categories"
        self.stdout.write(
            f"{period}: {len(figures)} projects, {what} written to {output}"
        )
