from incidents.imports import formats

from ._csv_import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import incidents from a CSV file (canonical format, or NYPD's Shooting Incident "
        "Data export). Every row is checked first; one bad row and nothing is saved."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--format",
            choices=[formats.CANONICAL, formats.NYPD],
            default=formats.CANONICAL,
            help="canonical (see the README) or nypd. Default: canonical.",
        )

    def handle(self, *args, **options):
        self.run_import(options["format"], options)
