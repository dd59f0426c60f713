from incidents.imports import formats

from ._csv_import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import firearm recoveries from a CSV file (format in the README). Every row is "
        "checked first; one bad row and nothing is saved."
    )

    def handle(self, *args, **options):
        self.run_import(formats.RECOVERIES, options)
