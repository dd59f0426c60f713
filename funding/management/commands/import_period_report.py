from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from binghamton_safety.money import money
from binghamton_safety.progress import Progress, add_quiet_argument
from binghamton_safety.wording import count_of
from funding.period_import import import_period_report


class Command(BaseCommand):
    help = (
        "Import figures reported to Treasury per project and quarter (CSV with year, "
        "quarter, project_id, budget, total_obligations, total_expenditures, "
        "current_obligations, current_expenditures) into the ledger."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--program", required=True, help="Program name; created when new."
        )
        parser.add_argument(
            "--area", required=True, help="Area for new projects; created when new."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, saving nothing.",
        )
        add_quiet_argument(parser)

    def handle(self, *args, path: Path, program: str, area: str, dry_run: bool, **opts):
        progress = Progress.of_command(self, opts)
        with progress.phase("reading"):
            text = read_text(path)
        report = import_period_report(
            text, program, area, dry_run=dry_run, progress=progress
        )
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            if report.problems.more:
                self.stderr.write(report.problems.more_text().capitalize() + ".")
            raise CommandError(
                f"Nothing saved: {count_of(len(report.problems), 'problem')} in {path}."
            )
        for revision in report.revisions:
            self.stdout.write(
                f"Revision {revision.project} {revision.period} {revision.figure}: "
                f"reported {money(revision.reported_total)}, previous total "
                f"{money(revision.previous_total)} + current {money(revision.current)}, "
                f"difference {money(revision.difference)}"
            )
        verb = "Would create" if dry_run else "Created"
        if report.program_created:
            self.stdout.write(f"{verb} the program {report.program}.")
        if report.area_created:
            self.stdout.write(f"{verb} the area {report.area}.")
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
        self.stdout.write(report.summary())


def read_text(path: Path) -> str:
    """The file as text: UTF-8 (with a byte-order mark or not), else Windows-1252."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
