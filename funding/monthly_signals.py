"""Which months a write changes, and the model signals that say so to `funding.monthly`.

Every save and delete of a spending entry (raw saves, from loaddata, included) marks the
months of the areas the entry was in and is in now; a kept row loaded from a backup is
recounted from the entries loaded; the querysets' bulk writes
(`funding.monthly_writes`) use the same lookups; `migrate` rewrites every total.
"""

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q, QuerySet, signals

from binghamton_safety.kept_writes import Keeper, rewritten_after_migrate

from .models import MonthlySpending, SpendingEntry
from .monthly import Pair, batch, changed, month_of, month_trunc, refresh_all

KEYS_PER_QUERY = 2000
# Fields whose change puts an entry in another month or area.
MOVES = frozenset({"area", "area_id", "occurred_on"})
# Every field a kept total reads, those included.
READ = MOVES | frozenset(
    {
        "project",
        "project_id",
        "kind",
        "adjustment",
        "illustrative",
        "amount",
        "voided_at",
    }
)
_DATE = SpendingEntry._meta.get_field("occurred_on")


def totals_read(names: Iterable[str] | None) -> bool:
    """Whether writing the fields `names` (None: all) of an entry can change a total."""
    return names is None or bool(READ & set(names))


def pair_of(entry: SpendingEntry) -> Pair:
    """The (area, month) `entry` is in, as it is in memory."""
    day = _DATE.to_python(entry.occurred_on)
    return (entry.area_id, month_of(day) if day else None)


def pairs_of(rows: QuerySet) -> set[Pair]:
    """The (area, month) pairs of the entries of `rows`: one query."""
    months = rows.order_by().annotate(month=month_trunc())
    return set(months.values_list("area_id", "month").distinct())


def pairs_of_keys(pks: Iterable, using: str = DEFAULT_DB_ALIAS) -> set[Pair]:
    """The pairs of the saved entries whose primary keys are `pks`."""
    pks, pairs = list(pks), set()
    for start in range(0, len(pks), KEYS_PER_QUERY):
        chunk = pks[start : start + KEYS_PER_QUERY]
        pairs |= pairs_of(SpendingEntry._base_manager.using(using).filter(pk__in=chunk))
    return pairs


KEEPER = Keeper(
    what="the monthly totals",
    unit="months",
    reads=lambda model, names: totals_read(names),
    moves=lambda model: MOVES,
    keys_of=pairs_of,
    keys_of_pks=lambda model, pks, using: pairs_of_keys(pks, using),
    keys_of_objects=lambda model, objs, using: set(map(pair_of, objs)),
    changed=changed,
    batch=batch,
)


# --- Model signals: saves and deletes, raw ones (loaddata) included --------------------

_BEFORE = "_monthly_totals_before"  # on an instance, between pre_save and post_save


def _before_save(sender, instance, using, update_fields=None, **kwargs) -> None:
    if instance.pk is not None and totals_read(update_fields):
        setattr(instance, _BEFORE, pairs_of_keys([instance.pk], using))


def _after_save(sender, instance, using, update_fields=None, **kwargs) -> None:
    if totals_read(update_fields):
        before = instance.__dict__.pop(_BEFORE, set())
        # The pair in memory may not be the one saved (update_fields left it out):
        # refreshing it too is harmless, a recount of what is saved.
        changed(before | {pair_of(instance)}, using)


def _after_delete(sender, instance, using, **kwargs) -> None:
    changed({pair_of(instance)}, using)


def _before_restored_row(sender, instance, raw, using, **kwargs) -> None:
    """A kept row loaded from a backup replaces any row of its id or its group, whose
    pairs are recounted after it."""
    if not raw:
        return
    group = {
        name: getattr(instance, name)
        for name in ("area_id", "project_id", "kind", "adjustment", "illustrative")
    }
    rows = MonthlySpending._base_manager.using(using).filter(
        Q(pk=instance.pk) | Q(**group, month=instance.month)
    )
    setattr(instance, _BEFORE, set(rows.values_list("area_id", "month")))
    rows.delete()


def _restored_row(sender, instance, raw, using, **kwargs) -> None:
    """A kept row loaded from a backup is recounted from the entries loaded."""
    if raw:
        before = instance.__dict__.pop(_BEFORE, set())
        changed(before | {(instance.area_id, instance.month)}, using)


_after_migrate = rewritten_after_migrate("funding", "MonthlySpending", refresh_all)


def connect(app_config) -> None:
    """Connect the signals (from the app's ready())."""
    uid = "monthly-spending"
    signals.pre_save.connect(_before_save, sender=SpendingEntry, dispatch_uid=uid)
    signals.post_save.connect(_after_save, sender=SpendingEntry, dispatch_uid=uid)
    signals.post_delete.connect(_after_delete, sender=SpendingEntry, dispatch_uid=uid)
    signals.pre_save.connect(
        _before_restored_row, sender=MonthlySpending, dispatch_uid=uid
    )
    signals.post_save.connect(_restored_row, sender=MonthlySpending, dispatch_uid=uid)
    signals.post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid=uid)
