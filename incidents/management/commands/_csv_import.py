"""What the two import commands share: read the file, report every problem, save or not."""

import datetime
from argparse import ArgumentTypeError
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from binghamton_safety.progress import Progress, add_quiet_argument
from binghamton_safety.wording import count_of
from incidents.imports import plan, save
from incidents.imports.cells import strict_date
from incidents.imports.effect import figures_if_saved
from incidents.imports.mapping import RECORDS, FormatError, Mapping, load
from incidents.models import date_problems


def iso_date(value: str) -> datetime.date:
    try:
        day = strict_date(value)
    except ValueError as error:
        raise ArgumentTypeError(str(error)) from None
    if problems := date_problems(day, "The date"):
        raise ArgumentTypeError(problems[0])
    return day


class ImportCommand(BaseCommand):
    record: str  # what the command imports: "incident" or "recovery"
    command_of = {
        "incident": "import_incidents",
        "recovery": "import_firearm_recoveries",
    }

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report what would change, but save nothing.",
        )
        parser.add_argument(
            "--complete-through",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help='Set "data complete through" to this date once the import succeeds.',
        )
        parser.add_argument(
            "--mapping",
            metavar="FORMAT.toml",
            help="A format file describing the file's layout (see the README).",
        )
        add_quiet_argument(parser)

    def mapping(self, options: dict) -> Mapping:
        """The format file of --mapping; CommandError if it cannot be used here."""
        try:
            mapping = load(options["mapping"])
        except FormatError as error:
            raise CommandError(f"{options['mapping']}: {error}") from error
        if mapping.record != self.record:
            raise CommandError(
                f'{options["mapping"]}: record = "{mapping.record}" is a format for '
                f"{RECORDS[mapping.record]}; use {self.command_of[mapping.record]}."
            )
        return mapping

    def report_dry_run(
        self, result: plan.ImportPlan, complete_through: datetime.date | None
    ) -> None:
        """The data-quality report (of a format file's import), then how the public
        year-to-date figures would change (of a clean file)."""
        if result.quality is not None:
            self.stdout.write("\n".join(result.quality.lines()))
        if result.ok:
            self.stdout.write("\n".join(figures_if_saved(result, complete_through)))

    def run_import(self, fmt: str | Mapping, options: dict) -> None:
        path: Path = options["path"]
        try:
            content = path.open("rb")  # read as a stream, a row at a time
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        complete_through = options["complete_through"]
        progress = Progress.of_command(self, options)
        with content:
            if options["dry_run"]:
                result = plan.plan(content, fmt, progress)
            else:
                result = save.apply(
                    content, fmt, complete_through=complete_through, progress=progress
                )
        if options["dry_run"]:
            self.report_dry_run(result, complete_through)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            if more := result.errors.more_text():
                self.stderr.write(more)
            raise CommandError(
                f"{count_of(len(result.errors), 'problem')} in {path.name}; nothing was saved."
            )
        self.stdout.write(result.summary())
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
        elif complete_through:
            self.stdout.write(f"Data complete through {complete_through:%Y-%m-%d}.")
