import os
import tempfile
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, router

from binghamton_safety.progress import Progress, add_quiet_argument

# Users and groups (who changed what), then every record and every history row of the
# apps, voided records included. Documents' files are not in it: they stay in their
# storage (the media folder or the bucket), which is backed up with it.
BACKED_UP = [
    "auth.group",
    "auth.user",
    "binghamton_safety.councilpacket",
    "places",
    "funding",
    "incidents",
    "programs",
    "documents",
]
APPS = [label for label in BACKED_UP if "." not in label]


class Command(BaseCommand):
    help = (
        "Write every record, its history and the staff accounts to a JSON file, "
        "to restore with import_data into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file to write.")
        add_quiet_argument(parser)

    def handle(self, *args, path: str, **options):
        target = Path(path)
        # Written to a file beside it and renamed when complete: a backup that fails half
        # way leaves no partial file, and an earlier backup of the same name stays whole.
        try:
            handle, partial = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
            )
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        os.close(handle)
        try:
            dump(partial, Progress.of_command(self, options))
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {path}.")


def backed_up_models() -> list:
    """The models of `BACKED_UP`, each after those its natural keys refer to (as
    dumpdata orders them)."""
    app_list: dict = {}
    for label in BACKED_UP:
        app_label, _, model_name = label.partition(".")
        config = apps.get_app_config(app_label)
        if not model_name:
            app_list[config] = None
        elif app_list.setdefault(config, []) is not None:
            app_list[config].append(config.get_model(model_name))
    models = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [
        model
        for model in models
        if not model._meta.proxy and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def dump(path: str, progress: Progress) -> None:
    """What `dumpdata --natural-foreign --natural-primary` of `BACKED_UP` writes, with
    every manager's rows (voided ones too), advancing `progress` as it goes."""
    # Natural keys for users, groups and permissions: their ids may differ in the
    # database restored into. Every other row keeps its id, so history rows still
    # point at their records.
    serializers.register_serializer("exact-json", "binghamton_safety.serializers")
    models = backed_up_models()
    with progress.phase("counting records", len(models), "tables") as phase:
        total = sum(phase.counted((m._base_manager.count() for m in models), 1))
    with (
        progress.phase(f"writing {total:,} records", total, "records") as phase,
        open(path, "w", encoding="utf-8") as stream,
    ):
        objects = (
            row
            for model in models
            for row in model._base_manager.order_by(model._meta.pk.name).iterator()
        )
        try:
            serializers.serialize(
                "exact-json",
                phase.counted(objects, batch=1_000),
                indent=1,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
                stream=stream,
            )
        except Exception as error:  # as dumpdata says it
            raise CommandError(f"Unable to serialize database: {error}") from error
