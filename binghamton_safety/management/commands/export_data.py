import os
import tempfile
from pathlib import Path

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Users and groups (who changed what), then every record and every history row of the
# apps, voided records included. Documents' files are not in it: they stay in their
# storage (the media folder or the bucket), which is backed up with it.
BACKED_UP = [
    "auth.group",
    "auth.user",
    "binghamton_safety.councilpacket",
    "places",
    "funding",
    "incidents",
    "programs",
    "documents",
]
APPS = [label for label in BACKED_UP if "." not in label]


class Command(BaseCommand):
    help = (
        "Write every record, its history and the staff accounts to a JSON file, "
        "to restore with import_data into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file to write.")

    def handle(self, *args, path: str, **options):
        target = Path(path)
        # Written to a file beside it and renamed when complete: a backup that fails half
        # way leaves no partial file, and an earlier backup of the same name stays whole.
        try:
            handle, partial = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
            )
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        os.close(handle)
        try:
            self._dump(partial)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {path}.")

    def _dump(self, path: str) -> None:
        # Natural keys for users, groups and permissions: their ids may differ in the
        # database restored into. Every other row keeps its id, so history rows still
        # point at their records.
        serializers.register_serializer("exact-json", "binghamton_safety.serializers")
        call_command(
            "dumpdata",
            *BACKED_UP,
            natural_foreign=True,
            natural_primary=True,
            use_base_manager=True,
            format="exact-json",
            indent=1,
            output=path,
            verbosity=0,
        )
