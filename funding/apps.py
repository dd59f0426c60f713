from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Funding ledger"

    def ready(self) -> None:
        # Every save and delete of a spending entry keeps the monthly totals.
        from . import monthly_signals

        monthly_signals.connect(self)
