from django.core.management.base import CommandError

from incidents.imports import formats
from incidents.imports.mapping import FormatError, load

from ._csv_import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import incidents from a CSV file (canonical format, NYPD's Shooting Incident "
        "Data export, or any layout a format file describes). Every row is checked "
        "first; one bad row and nothing is saved."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--format",
            choices=[formats.CANONICAL, formats.NYPD],
            help="canonical (see the README) or nypd. Default: canonical.",
        )
        parser.add_argument(
            "--mapping",
            metavar="FORMAT.toml",
            help="A format file describing the file's layout (see the README).",
        )

    def handle(self, *args, **options):
        if options["mapping"] and options["format"]:
            raise CommandError("Give --format or --mapping, not both.")
        fmt = options["format"] or formats.CANONICAL
        if options["mapping"]:
            try:
                fmt = load(options["mapping"])
            except FormatError as error:
                raise CommandError(f"{options['mapping']}: {error}") from error
        self.run_import(fmt, options)
