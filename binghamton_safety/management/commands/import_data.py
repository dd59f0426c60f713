from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from binghamton_safety.progress import Progress, add_quiet_argument

from .export_data import APPS


class Command(BaseCommand):
    help = "Restore a file written by export_data into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file written by export_data.")
        add_quiet_argument(parser)

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
            # Its progress (the records loaded, the figures updated) on our stderr.
            progress = Progress.of_command(self, options)
            call_command(
                "loaddata",
                path,
                verbosity=0,
                quiet=progress.quiet,
                stderr=progress.stream,
            )
        self.stdout.write(f"Restored {path}.")
