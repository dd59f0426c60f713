from django.core.management.base import CommandError

from incidents.imports import formats

from ._csv_import import ImportCommand


class Command(ImportCommand):
    record = "incident"
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

    def handle(self, *args, **options):
        if options["mapping"] and options["format"]:
            raise CommandError("Give --format or --mapping, not both.")
        fmt = options["format"] or formats.CANONICAL
        if options["mapping"]:
            fmt = self.mapping(options)
        self.run_import(fmt, options)
