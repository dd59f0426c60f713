from incidents.imports import formats

from ._csv_import import ImportCommand


class Command(ImportCommand):
    record = "recovery"
    help = (
        "Import firearm recoveries from a CSV file (format in the README), or from any "
        "layout a format file describes (--mapping). Every row is checked first; one "
        "bad row and nothing is saved."
    )

    def handle(self, *args, **options):
        fmt = self.mapping(options) if options["mapping"] else formats.RECOVERIES
        self.run_import(fmt, options)
