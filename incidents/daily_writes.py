"""The querysets of incidents, victims and recoveries: their bulk writes keep the daily
counts (`incidents.daily`) in the same transaction, or fail.

- `update()` refreshes the days the rows were on and, when the day itself is written,
  the days they are on after; `bulk_update()` writes with `update()`, one refresh for
  all its batches. Writing only fields no count reads (an edit's version claim, a
  location) refreshes nothing.
- `delete()` refreshes the days of the rows it deletes (their cascades are on the same
  days), once for all.
- `bulk_create()` refreshes the days of the new rows; with `update_conflicts` it raises
  `DailyCountsNotKept`, since the rows it would change are not known before.

Model saves and deletes are kept by the signals of `incidents.daily`.
"""

from django.db import models


class DailyCountsNotKept(ValueError):
    """A write that could not keep the daily counts right: refused, nothing written."""


class DailyCountsQuerySet(models.QuerySet):
    # `incidents.daily` and `daily_signals` read these querysets' models: imported at use.

    def update(self, **kwargs) -> int:
        from . import daily, daily_signals

        if not daily_signals.counts_read(self.model, kwargs):
            return super().update(**kwargs)
        with daily.batch(self.db):
            moves = daily_signals.KEPT[self.model].moves & kwargs.keys()
            pks = list(self.values_list("pk", flat=True)) if moves else None
            daily.changed(daily_signals.days_of(self), self.db)
            updated = super().update(**kwargs)
            if moves:
                daily.changed(
                    daily_signals.days_of_keys(self.model, pks, self.db), self.db
                )
        return updated

    def bulk_update(self, objs, fields, batch_size=None) -> int:
        from . import daily, daily_signals

        if not daily_signals.counts_read(self.model, fields):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        # Django writes each batch with update(), which notes its days: refreshed once.
        with daily.batch(self.db):
            return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        from . import daily, daily_signals

        with daily.batch(self.db):
            daily.changed(daily_signals.days_of(self), self.db)
            with daily.muted(self.db):
                return super().delete()

    def bulk_create(
        self,
        objs,
        batch_size=None,
        ignore_conflicts=False,
        update_conflicts=False,
        update_fields=None,
        unique_fields=None,
    ) -> list:
        from . import daily, daily_signals

        if update_conflicts:
            raise DailyCountsNotKept(
                "bulk_create(update_conflicts=True) of "
                f"{self.model._meta.verbose_name_plural} would change rows whose days "
                "are not known before: the daily counts cannot be kept. Update them "
                "with bulk_update() instead."
            )
        with daily.batch(self.db):
            created = super().bulk_create(
                objs, batch_size=batch_size, ignore_conflicts=ignore_conflicts
            )
            daily.changed(
                daily_signals.days_of_objects(self.model, created, self.db), self.db
            )
        return created
