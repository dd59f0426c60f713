"""The spending entries' queryset writes: they keep the monthly totals
(`funding.monthly`) in the same transaction, or fail.

- `update()` refreshes the months the rows were in and, when an area or a date is
  written, the months they are in after; `bulk_update()` writes with `update()`, one
  refresh for all its batches. Writing only fields no total reads (an edit's version
  claim, a payee) refreshes nothing.
- `delete()` refreshes the months of the rows it deletes, once for all.
- `bulk_create()` refreshes the months of the new rows; with `update_conflicts` it raises
  `MonthlyTotalsNotKept`, since the rows it would change are not known before.

The entries' managers, the base manager included (`audit.bulk`, the imports), use this
queryset; model saves and deletes are kept by the signals of `funding.monthly_signals`.
"""

from django.db import models


class MonthlyTotalsNotKept(ValueError):
    """A write that could not keep the monthly totals right: refused, nothing written."""


class MonthlyTotalsQuerySet(models.QuerySet):
    # `funding.monthly_signals` reads the models: imported at use.

    def update(self, **kwargs) -> int:
        from . import monthly, monthly_signals

        if not monthly_signals.totals_read(kwargs):
            return super().update(**kwargs)
        with monthly.batch(self.db):
            moves = monthly_signals.MOVES & kwargs.keys()
            pks = list(self.values_list("pk", flat=True)) if moves else None
            monthly.changed(monthly_signals.pairs_of(self), self.db)
            updated = super().update(**kwargs)
            if moves:
                monthly.changed(monthly_signals.pairs_of_keys(pks, self.db), self.db)
        return updated

    def bulk_update(self, objs, fields, batch_size=None) -> int:
        from . import monthly, monthly_signals

        if not monthly_signals.totals_read(fields):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        # Django writes each batch with update(), which notes its months: refreshed once.
        with monthly.batch(self.db):
            return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        from . import monthly, monthly_signals

        with monthly.batch(self.db):
            monthly.changed(monthly_signals.pairs_of(self), self.db)
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
        from . import monthly, monthly_signals

        if update_conflicts:
            raise MonthlyTotalsNotKept(
                "bulk_create(update_conflicts=True) of spending entries would change "
                "rows whose months are not known before: the monthly totals cannot be "
                "kept. Update them with bulk_update() instead."
            )
        with monthly.batch(self.db):
            created = super().bulk_create(
                objs, batch_size=batch_size, ignore_conflicts=ignore_conflicts
            )
            monthly.changed(map(monthly_signals.pair_of, created), self.db)
        return created
