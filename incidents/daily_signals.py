"""Which days a write changes, and the model signals that say so to `incidents.daily`.

Every save and delete of an incident, a victim or a recovery (raw saves, from loaddata,
included) marks the days the record was on and is on now; a change of a record's places
marks its day; the querysets' bulk writes (`incidents.daily_writes`) use the same lookups.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet, signals

from binghamton_safety.kept_writes import Keeper, rewritten_after_migrate

from .daily import KEYS_PER_QUERY, batch, changed, is_muted, muted, refresh_all
from .models import DailyCount, FirearmRecovery, Incident, Victim

# --- Which days a record is on --------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    """What of a model's rows the counts read."""

    day: str  # the lookup of a row's day
    moves: frozenset[str]  # fields whose change puts a row on another day
    counted: frozenset[str]  # every field a count reads, those included


KEPT = {
    Incident: Kept(
        "date",
        frozenset({"date"}),
        frozenset(
            {"date", "shots_fired_confirmed", "status", "illustrative", "voided_at"}
        ),
    ),
    Victim: Kept(
        "incident__date",
        frozenset({"incident", "incident_id"}),
        frozenset({"incident", "incident_id", "outcome"}),
    ),
    FirearmRecovery: Kept(
        "date",
        frozenset({"date"}),
        frozenset({"date", "count", "source", "illustrative", "voided_at"}),
    ),
}


def counts_read(model, names: Iterable[str] | None) -> bool:
    """Whether writing the fields `names` (None: all) of `model` can change a count."""
    return names is None or bool(KEPT[model].counted & set(names))


def days_of(rows: QuerySet) -> set[datetime.date]:
    """The days of the rows of `rows`: one query."""
    day = KEPT[rows.model].day
    return set(rows.order_by().values_list(day, flat=True).distinct())


def days_of_keys(model, pks: Iterable, using: str = DEFAULT_DB_ALIAS) -> set:
    """The days of the saved rows of `model` whose primary keys are `pks`."""
    pks, days = list(pks), set()
    for start in range(0, len(pks), KEYS_PER_QUERY):
        chunk = pks[start : start + KEYS_PER_QUERY]
        days |= days_of(model._base_manager.using(using).filter(pk__in=chunk))
    return days


def days_of_objects(model, objs: list, using: str = DEFAULT_DB_ALIAS) -> set:
    """The days `objs` (instances of `model`, as saved) are on: a victim's is its
    incident's, read from the database."""
    if model is Victim:
        return days_of_keys(Incident, {o.incident_id for o in objs}, using)
    return {o.date for o in objs}


KEEPER = Keeper(
    what="the daily counts",
    unit="days",
    reads=counts_read,
    moves=lambda model: KEPT[model].moves,
    keys_of=days_of,
    keys_of_pks=days_of_keys,
    keys_of_objects=days_of_objects,
    changed=changed,
    batch=batch,
    muted=muted,
)


# --- Model signals: saves and deletes, raw ones (loaddata) included --------------------------

_BEFORE = "_daily_counts_before"  # on an instance, between pre_save and post_save


def _before_save(sender, instance, using, update_fields=None, **kwargs) -> None:
    if is_muted(using):
        return
    if instance.pk is not None and counts_read(sender, update_fields):
        days = days_of_keys(sender, [instance.pk], using)
        setattr(instance, _BEFORE, days)


def _after_save(sender, instance, using, update_fields=None, **kwargs) -> None:
    if not is_muted(using) and counts_read(sender, update_fields):
        before = instance.__dict__.pop(_BEFORE, set())
        changed(before | days_of_objects(sender, [instance], using), using)


def _after_delete(sender, instance, using, **kwargs) -> None:
    if not is_muted(using):
        changed(days_of_objects(sender, [instance], using), using)


def _restored_row(sender, instance, raw, using, **kwargs) -> None:
    """A row of the table loaded from a backup is recounted from the records loaded."""
    if raw and not is_muted(using):
        changed({instance.date}, using)


_after_migrate = rewritten_after_migrate("incidents", "DailyCount", refresh_all)


_PLACED_BEFORE = (
    "_daily_counts_placed_before"  # on a place, between pre_ and post_clear
)


def _places_changed(sender, instance, action, reverse, model, pk_set, using, **kwargs):
    """A record's places changed: its day's counts per place are recounted. From the
    place's side (place.incidents.add(...)), the days of the records named, or before a
    clear, of every record of the place."""
    if is_muted(using):
        return
    if not reverse:
        if action.startswith("post_"):
            changed(days_of_keys(type(instance), [instance.pk], using), using)
        return
    if action == "pre_clear":
        rows = model._base_manager.using(using).filter(places=instance)
        setattr(instance, _PLACED_BEFORE, days_of(rows))
    elif action == "post_clear":
        changed(instance.__dict__.pop(_PLACED_BEFORE, set()), using)
    elif action.startswith("post_"):
        changed(days_of_keys(model, pk_set or (), using), using)


def connect(app_config) -> None:
    """Connect the signals (from the app's ready())."""
    for model in (Incident, FirearmRecovery):
        signals.m2m_changed.connect(
            _places_changed,
            sender=model.places.through,
            dispatch_uid=f"daily-counts-places-{model.__name__}",
        )
    for model in KEPT:
        uid = f"daily-counts-{model.__name__}"
        signals.pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        signals.post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        signals.post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    signals.post_save.connect(_restored_row, sender=DailyCount, dispatch_uid="daily")
    signals.post_migrate.connect(
        _after_migrate, sender=app_config, dispatch_uid="daily-counts"
    )
