"""Querysets whose bulk writes keep a kept table right in the same transaction, or fail:
the daily incident counts (`incidents.daily_writes`) and the monthly spending totals
(`funding.monthly_writes`), each described by its `Keeper`.

- `update()` refreshes the keys (days, area-months) the rows had and, when a field that
  moves a row is written, the keys they have after; `bulk_update()` writes with
  `update()`, one refresh for all its batches. Writing only fields the table does not
  read (an edit's version claim, a location, a payee) refreshes nothing.
- `delete()` refreshes the keys of the rows it deletes, once for all.
- `bulk_create()` refreshes the keys of the new rows; with `update_conflicts` it raises
  the queryset's `not_kept` error, since the rows it would change are not known before.
"""

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from django.db import models


class NotKept(ValueError):
    """A write that could not keep a kept table right: refused, nothing written."""


def _nothing_muted(using: str) -> AbstractContextManager:
    return nullcontext()


@dataclass(frozen=True)
class Keeper:
    """What the bulk writes of a kept table's records need: each takes the model."""

    what: str  # the table in words, "the daily counts"
    unit: str  # its keys in words, "days"
    reads: Callable[
        [type, Iterable[str] | None], bool
    ]  # may writing these fields matter
    moves: Callable[[type], frozenset]  # the fields that give a row another key
    keys_of: Callable[[models.QuerySet], set]  # the keys of the rows (one query)
    keys_of_pks: Callable[[type, list, str], set]  # of the saved rows with these pks
    keys_of_objects: Callable[[type, list, str], set]  # of these instances, as saved
    changed: Callable[[Iterable, str], None]  # refresh them now or at the batch's end
    batch: Callable[[str], AbstractContextManager]  # refresh once, at its end
    muted: Callable[[str], AbstractContextManager] = _nothing_muted  # signals quiet


class KeptWritesQuerySet(models.QuerySet):
    """Bulk writes kept by `keeper()` (looked up at each write: the apps' keepers read
    their models)."""

    not_kept: type[NotKept] = NotKept

    def keeper(self) -> Keeper:
        raise NotImplementedError

    def update(self, **kwargs) -> int:
        keeper = self.keeper()
        if not keeper.reads(self.model, kwargs):
            return super().update(**kwargs)
        with keeper.batch(self.db):
            moves = keeper.moves(self.model) & kwargs.keys()
            pks = list(self.values_list("pk", flat=True)) if moves else None
            keeper.changed(keeper.keys_of(self), self.db)
            updated = super().update(**kwargs)
            if moves:
                keeper.changed(keeper.keys_of_pks(self.model, pks, self.db), self.db)
        return updated

    def bulk_update(self, objs, fields, batch_size=None) -> int:
        keeper = self.keeper()
        if not keeper.reads(self.model, fields):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        # Django writes each batch with update(), which notes its keys: refreshed once.
        with keeper.batch(self.db):
            return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        keeper = self.keeper()
        with keeper.batch(self.db):
            keeper.changed(keeper.keys_of(self), self.db)
            with keeper.muted(self.db):
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
        keeper = self.keeper()
        if update_conflicts:
            raise self.not_kept(
                "bulk_create(update_conflicts=True) of "
                f"{self.model._meta.verbose_name_plural} would change rows whose "
                f"{keeper.unit} are not known before: {keeper.what} cannot be kept. "
                "Update them with bulk_update() instead."
            )
        with keeper.batch(self.db):
            created = super().bulk_create(
                objs, batch_size=batch_size, ignore_conflicts=ignore_conflicts
            )
            keeper.changed(
                keeper.keys_of_objects(self.model, created, self.db), self.db
            )
        return created


def rewritten_after_migrate(app_label: str, model_name: str, refresh_all: Callable):
    """A post_migrate receiver: after any migration ran (a data migration may have
    written rows the table counts), the whole kept table `app_label.model_name` is
    rewritten by `refresh_all(apps, using)` with the models as the migrations left
    them; nothing when the table is not there (migrated back to before it)."""

    def receiver(sender, using, plan=None, apps=None, **kwargs) -> None:
        if not plan or apps is None:
            return
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            return
        refresh_all(apps, using)

    return receiver
