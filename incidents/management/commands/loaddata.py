"""Django's loaddata, keeping the daily counts: every day is recounted from the records
once all are loaded, in loaddata's transaction (`import_data` restores backups with it).

Raw saves outside loaddata refresh their days one by one, as every save does; in a
restore of tens of thousands of rows that tripled its time. The records loaded and the
recount show as phases on standard error (`binghamton_safety.progress`; --quiet).
"""

from contextlib import contextmanager
from pathlib import Path

from django.core.management.commands import loaddata
from django.db.models.signals import post_save

from binghamton_safety.progress import Phase, Progress, add_quiet_argument
from incidents import daily

# Once in every record of a JSON fixture, as Django's serializer writes it (inside a
# text, the quotes are escaped).
RECORD_MARK = b'"model": '


class Command(loaddata.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_quiet_argument(parser)

    def handle(self, *fixture_labels, **options):
        self.progress = Progress.of_command(self, options)
        super().handle(*fixture_labels, **options)

    def loaddata(self, fixture_labels) -> None:
        with daily.recounted_at_end(self.using, self.progress):
            super().loaddata(fixture_labels)

    def load_label(self, fixture_label) -> None:
        total = None if self.progress.quiet else self.records_in(fixture_label)
        name = f"loading {total:,} records" if total is not None else "loading records"
        with self.progress.phase(name, total, "records") as phase, saves(phase):
            super().load_label(fixture_label)

    def records_in(self, fixture_label) -> int | None:
        """How many records the fixture files of a label hold, if all are JSON."""
        files = [Path(found) for found, _, _ in self.find_fixtures(fixture_label)]
        if not files or any(path.suffix != ".json" for path in files):
            return None
        return sum(path.read_bytes().count(RECORD_MARK) for path in files)


@contextmanager
def saves(phase: Phase):
    """`phase` advanced by each record loaddata saves (a raw save)."""

    def saved(sender, raw=False, **kwargs):
        if raw:
            phase.advance(1)

    post_save.connect(saved, weak=False, dispatch_uid=__name__)
    try:
        yield
    finally:
        post_save.disconnect(dispatch_uid=__name__)
