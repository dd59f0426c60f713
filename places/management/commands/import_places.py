"""python manage.py import_places FILE.geojson --kind precinct --code-property precinct
[--name-property P] [--population FILE.csv --population-code-column C
--population-column C --population-year Y [--population-source TEXT]] [--illustrative]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from binghamton_safety.progress import Progress, add_quiet_argument
from places.imports import Options, PlaceImportError, PopulationFile, import_places
from places.models import PlaceKind

POPULATION_OPTIONS = ("population_code_column", "population_column", "population_year")


class Command(BaseCommand):
    help = (
        "Create or update places from a GeoJSON FeatureCollection, one per feature, "
        "with populations from a CSV file joined by code; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A GeoJSON FeatureCollection.")
        parser.add_argument("--kind", required=True, choices=PlaceKind.values)
        parser.add_argument(
            "--code-property", required=True, help="The property holding the code."
        )
        parser.add_argument(
            "--name-property",
            default="",
            help='The property holding the name (default: "<Kind> <code>").',
        )
        parser.add_argument("--population", type=Path, help="A CSV file.")
        parser.add_argument("--population-code-column")
        parser.add_argument("--population-column")
        parser.add_argument("--population-year", type=int)
        parser.add_argument(
            "--population-source",
            default="",
            help="Where the figures come from (default: the file and column).",
        )
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help="Mark the places as invented sample data.",
        )
        add_quiet_argument(parser)

    def handle(self, *args, **options):
        try:
            result = import_places(
                options["file"],
                Options(
                    kind=options["kind"],
                    code_property=options["code_property"],
                    name_property=options["name_property"],
                    illustrative=options["illustrative"],
                ),
                population_file(options),
                Progress.of_command(self, options),
            )
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {error.filename}") from None
        except PlaceImportError as error:
            raise CommandError(f"{error} Nothing was saved.") from None
        self.stdout.write(result.summary())
        for line in result.mismatches():
            self.stdout.write(line)


def population_file(options: dict) -> PopulationFile | None:
    if options["population"] is None:
        return None
    missing = [name for name in POPULATION_OPTIONS if options[name] is None]
    if missing:
        flags = ", ".join("--" + name.replace("_", "-") for name in missing)
        raise CommandError(f"--population needs {flags} too.")
    return PopulationFile(
        path=options["population"],
        code_column=options["population_code_column"],
        population_column=options["population_column"],
        year=options["population_year"],
        source=options["population_source"],
    )
