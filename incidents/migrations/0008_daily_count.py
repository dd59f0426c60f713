"""The daily counts (`incidents.daily`): a table of per-day counts, filled here from the
records saved so far. Backwards the table goes; the records are untouched.

The incidents', victims' and recoveries' base manager becomes `all_objects`, whose bulk
writes keep the counts.
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    from incidents import daily

    daily.refresh_all(apps, schema_editor.connection.alias)


def count(name: str):
    return (name, models.PositiveIntegerField(default=0))


def managed_by_all_objects(name: str, **options):
    return migrations.AlterModelOptions(
        name=name,
        options={
            "base_manager_name": "all_objects",
            "default_manager_name": "all_objects",
            **options,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0007_import_format"),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyCount",
            fields=[
                ("date", models.DateField(primary_key=True, serialize=False)),
                count("incidents"),
                count("shots_fired_confirmed"),
                count("preliminary"),
                count("illustrative"),
                count("shooting_victims"),
                count("victims_killed"),
                count("shooting_incidents_with_injury"),
                count("recoveries"),
                count("firearms_recovered"),
                count("firearms_bought_back"),
                count("illustrative_recoveries"),
            ],
        ),
        managed_by_all_objects(
            "firearmrecovery",
            ordering=["-date", "-pk"],
            verbose_name_plural="firearm recoveries",
        ),
        managed_by_all_objects("incident", ordering=["-date", "-time", "-pk"]),
        managed_by_all_objects("victim", ordering=["incident", "pk"]),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
