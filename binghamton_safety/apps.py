from django.apps import AppConfig


class BinghamtonSafetyConfig(AppConfig):
    """The project package is also an app: the site plumbing beside the settings (roles,
    the data version and the public cache, request limits, published council packets)."""

    name = "binghamton_safety"
    verbose_name = "Binghamton public safety"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from . import cache

        # Every write to the figures' tables changes the data version (see cache.py).
        connection_created.connect(cache.install, dispatch_uid="data-version")
        for connection in connections.all(initialized_only=True):
            cache.install(connection)
        pre_migrate.connect(cache.pause_during_migrations, dispatch_uid="data-version")
        post_migrate.connect(cache.resume_after_migrations, dispatch_uid="data-version")
        # Sent for each app once every migration has run: one bump, for this app.
        post_migrate.connect(
            cache.bump_after_migrations, sender=self, dispatch_uid="data-version-bump"
        )
