from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from funding import monthly


class Command(BaseCommand):
    help = (
        "Recount the monthly spending totals from the spending entries and print each "
        "difference with the totals kept (month, area, project, kind, kept, "
        "recounted); exit status 1 if any. --fix rewrites the table from the recount."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Rewrite every monthly total from the spending entries.",
        )

    def handle(self, *args, fix: bool = False, **options):
        # One transaction: the table and the recount are read at the same moment.
        with transaction.atomic():
            found = monthly.differences()
            for difference in found:
                self.stdout.write(str(difference))
            if found and fix:
                monthly.refresh_all()
            rows = len(monthly.kept_totals())
        if found and not fix:
            raise CommandError(
                f"{len(found):,} differences between the monthly spending totals and "
                "the entries: run check_spending_totals --fix to rewrite them.",
                returncode=1,
            )
        if found:
            self.stdout.write(
                f"Rewrote the monthly spending totals from the entries ({rows:,} rows)."
            )
        else:
            self.stdout.write(
                f"Monthly spending totals match the entries ({rows:,} rows)."
            )
