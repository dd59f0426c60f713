"""Public locations of firearm recoveries saved before entry generalised them become
block level, as 0003 did for incidents.

"23 Tremont Ave" becomes "unit block of Tremont Ave", and "23 Tremont Ave" goes into the
staff-only address added by 0004 (blank on every row until now). Each changed recovery
gets one "~" history row with the reason; the earlier history rows stay as they were.

The rules are 0003's frozen copy: a migration must do on every database what it did when
written, whatever incidents.locations learns later.
"""

from importlib import import_module

from django.db import migrations
from django.utils import timezone

frozen = import_module("incidents.migrations.0003_generalise_public_locations")
REASON = "Public location generalised to block level (migration 0005)."


def generalise_locations(apps, schema_editor):
    Recovery = apps.get_model("incidents", "FirearmRecovery")
    History = apps.get_model("incidents", "HistoricalFirearmRecovery")
    db = schema_editor.connection.alias
    limit = Recovery._meta.get_field("location").max_length
    changed, too_long = [], []
    for recovery in Recovery._base_manager.using(db).order_by("pk").iterator():
        public, exact = frozen._generalise(recovery.location)
        if public == recovery.location:
            continue
        if len(public) > limit:
            too_long.append(recovery.reference)
            continue
        recovery.location = public
        if exact and not recovery.address.strip():
            recovery.address = exact
        changed.append(recovery)
    if too_long:  # never leave a house number public: stop, and say where
        raise RuntimeError(
            f"As a block, the public location of recovery reference(s) {', '.join(too_long)} "
            f"would be longer than {limit} characters; shorten it and migrate again."
        )
    Recovery._base_manager.using(db).bulk_update(
        changed, ["location", "address"], batch_size=500
    )
    now = timezone.now()
    fields = [f.attname for f in Recovery._meta.concrete_fields]
    History._base_manager.using(db).bulk_create(
        [
            History(
                **{name: getattr(recovery, name) for name in fields},
                history_date=now,
                history_type="~",
                history_change_reason=REASON,
            )
            for recovery in changed
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0004_firearmrecovery_address"),
    ]

    operations = [
        # Backwards it changes nothing: the exact addresses stay in the staff-only field.
        migrations.RunPython(generalise_locations, migrations.RunPython.noop),
    ]
