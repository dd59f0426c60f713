from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self) -> None:
        # Every save and delete of a counted record keeps the daily counts.
        from . import daily_signals

        daily_signals.connect(self)
