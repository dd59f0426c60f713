"""The completion status is derived from the figures; staff may only override it.

The stored `completion_status` becomes `completion_status_override` (blank: derived).
The report to Treasury already derived every status from the figures except Cancelled,
and Completed once the budget was spent, which the figures now give by themselves; so
only Cancelled stays as an override, and every report comes out as it did. History rows
are mapped the same way: their old values meant the same as the current rows' did.
"""

from django.db import migrations, models

CANCELLED = "cancelled"
NOT_STARTED = "not_started"  # the old field's default
CHOICES = [
    ("not_started", "Not started"),
    ("lt_50", "Completed less than 50%"),
    ("gte_50", "Completed 50% or more"),
    ("completed", "Completed"),
    ("cancelled", "Cancelled"),
]
HELP = (
    "Leave blank to report the status the figures give (the share of the budget "
    "spent). Set it only when staff know better, e.g. Cancelled."
)
MODELS = ["TreasuryProject", "HistoricalTreasuryProject"]


def keep_only_cancelled(apps, schema_editor):
    for name in MODELS:
        rows = apps.get_model("funding", name).objects.all()
        rows.exclude(completion_status_override=CANCELLED).update(
            completion_status_override=""
        )


def back_to_a_stored_status(apps, schema_editor):
    # The figures' status is not stored anywhere: a blank override goes back as the
    # old field's default.
    for name in MODELS:
        rows = apps.get_model("funding", name).objects.all()
        rows.filter(completion_status_override="").update(
            completion_status_override=NOT_STARTED
        )


def override_field() -> models.CharField:
    return models.CharField(blank=True, choices=CHOICES, help_text=HELP, max_length=20)


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0004_spending_counted_index"),
    ]

    operations = [
        *(
            migrations.RenameField(
                model_name=name.lower(),
                old_name="completion_status",
                new_name="completion_status_override",
            )
            for name in MODELS
        ),
        *(
            migrations.AlterField(
                model_name=name.lower(),
                name="completion_status_override",
                field=override_field(),
            )
            for name in MODELS
        ),
        migrations.RunPython(keep_only_cancelled, back_to_a_stored_status),
    ]
