from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Users and groups (who changed what), then every record and every history row of the
# two apps, voided records included.
BACKED_UP = ["auth.group", "auth.user", "funding", "incidents"]


class Command(BaseCommand):
    help = (
        "Write every record, its history and the staff accounts to a JSON file, "
        "to restore with import_data into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file to write.")

    def handle(self, *args, path: str, **options):
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
        self.stdout.write(f"Wrote {path}.")
