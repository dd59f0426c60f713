from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from .export_data import APPS


class Command(BaseCommand):
    help = "Restore a file written by export_data into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file written by export_data.")

    def handle(self, *args, path: str, **options):
        with transaction.atomic():
            for label in APPS:
                for model in apps.get_app_config(label).get_models():
                    if model._base_manager.exists():
                        raise CommandError(
                            f"The database already holds {model._meta.verbose_name_plural}: "
                            "import_data restores into an empty database only (run "
                            "`manage.py flush` first if you mean to replace everything)."
                        )
            # Raw saves: no history row is added, the file's history rows are the history.
            call_command("loaddata", path, verbosity=0)
        self.stdout.write(f"Restored {path}.")
