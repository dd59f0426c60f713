from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from incidents import daily


class Command(BaseCommand):
    help = (
        "Recount every day from the records and print each difference with the daily "
        "counts kept (day, column, kept, recounted), and each place's months with the "
        "sums of its days; exit status 1 if any. --fix "
        "rewrites the table from the recount."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Rewrite every day's counts from the records.",
        )

    def handle(self, *args, fix: bool = False, **options):
        # One transaction: the table and the recount are read at the same moment.
        with transaction.atomic():
            found = daily.differences()
            for difference in found:
                self.stdout.write(str(difference))
            if found and fix:
                daily.refresh_all()
            days = len(daily.kept_counts())
        if found and not fix:
            raise CommandError(
                f"{len(found):,} differences between the daily counts and the records: "
                "run check_daily_counts --fix to rewrite them.",
                returncode=1,
            )
        if found:
            self.stdout.write(
                f"Rewrote the daily counts from the records ({days:,} days)."
            )
        else:
            self.stdout.write(f"Daily counts match the records ({days:,} days).")
