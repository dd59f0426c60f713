"""Reading the history: each record's versions for its history page, and the rows as they
stood at a past moment, for figures as recorded then."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from binghamton_safety.money import MoneyField, money

from .models import Voidable

HIDDEN_FIELDS = {"id", "created_at", "updated_at", "version"}


VOID_FIELDS = {"voided_at", "voided_by", "void_reason"}


def show(model_field, value, names: dict | None = None) -> str:
    """A stored value as a person reads it: labels for choices, dollars for money."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(model_field, models.ForeignKey):
        return (names or {}).get((model_field.related_model, value), f"#{value}")
    if isinstance(model_field, MoneyField):
        return money(value)
    if isinstance(model_field, models.DateTimeField):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(model_field, models.TimeField):
        return f"{value:%H:%M}"
    return str(value)


def label(model_field) -> str:
    text = str(model_field.verbose_name)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Version:
    """One saved change of a record, as the history page shows it."""

    when: datetime.datetime
    who: str
    action: str  # Created, Changed, Voided, Removed
    subject: str  # what changed: the record itself, or e.g. "Person shot 2"
    changes: list[Change] = field(default_factory=list)
    note: str = ""


def _names(model, rows) -> dict:
    """(related model, pk) -> name for every foreign key in `rows`: a query per model."""
    wanted: dict = defaultdict(set)
    for model_field in model._meta.concrete_fields:
        if isinstance(model_field, models.ForeignKey):
            for row in rows:
                if (value := getattr(row, model_field.attname)) is not None:
                    wanted[model_field.related_model].add(value)
    names = {}
    for related, ids in wanted.items():
        for pk, obj in related._base_manager.in_bulk(ids).items():
            names[(related, pk)] = str(obj)
    return names


def versions(model, rows, subject=lambda row: "", hidden=()) -> list[Version]:
    """The versions of the records in `rows` (history rows, oldest first), each with the
    fields that changed from the version before it; newest first."""
    rows = list(rows)
    names = _names(model, rows)
    shown = [
        f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS | VOID_FIELDS and f.name not in hidden
    ]
    previous: dict = {}
    result = []
    for row in rows:
        before = previous.get(row.id)
        who = row.history_user.get_username() if row.history_user else "System"
        action = _action(row, before)
        changes = _changes(row, before, action, shown, names)
        result.append(
            Version(
                row.history_date, who, action, subject(row), changes, _note(row, action)
            )
        )
        previous[row.id] = row
    result.reverse()
    return result


def _is_voided(row) -> bool:
    return getattr(row, "voided_at", None) is not None


def _action(row, before) -> str:
    """What the version `row` did, given the version `before` it (None: the first)."""
    if row.history_type == "-":
        return "Removed"
    if before is None:
        return "Created"
    if _is_voided(row) and before.voided_at is None:
        return "Voided"
    if not _is_voided(row) and _is_voided(before):
        return "Restored"
    return "Changed"


def _changes(row, before, action: str, shown, names: dict) -> list[Change]:
    """The fields `shown` that the version `row` changed, from the version before."""
    changes = []
    for model_field in shown:
        new = getattr(row, model_field.attname)
        if action == "Removed":  # the row holds the values it had
            changes.append(Change(label(model_field), show(model_field, new), "—"))
            continue
        if before is None:
            if new not in (None, ""):
                changes.append(
                    Change(label(model_field), "", show(model_field, new, names))
                )
            continue
        old = getattr(before, model_field.attname)
        if old != new:
            changes.append(
                Change(
                    label(model_field),
                    show(model_field, old, names),
                    show(model_field, new, names),
                )
            )
    return changes


def _note(row, action: str) -> str:
    """The reason given with a voiding (or a record created void), or a restoring."""
    if action == "Restored":
        return row.history_change_reason or ""
    if _is_voided(row) and action in ("Voided", "Created"):
        return row.void_reason
    return ""


def history_rows(model, **filters):
    return (
        model.history.filter(**filters)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )


def as_recorded(model, moment: datetime.datetime) -> models.QuerySet:
    """The rows of `model` as they stood at `moment`, from its history table alone: the
    latest version of each record saved by then, without removed or voided records.

    One query, whatever the number of versions: a NOT EXISTS finds the latest.
    """
    saved = model.history.filter(history_date__lte=moment)
    later = saved.filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(
            history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id")
        ),
        id=OuterRef("id"),
    )
    rows = saved.filter(~Exists(later)).exclude(history_type="-")
    if issubclass(model, Voidable):
        rows = rows.filter(voided_at__isnull=True)
    return rows


@dataclass(frozen=True)
class FigureChange:
    label: str
    then: str
    now: str
    difference: str

    def __str__(self) -> str:
        return f"{self.label}: {self.then} then, {self.now} now ({self.difference})"


def _figure(value) -> str:
    if value is None:
        return "no data"
    if isinstance(value, Decimal):
        return money(value)
    return f"{value:,}"


def figure_changes(then: dict, now: dict) -> list[FigureChange]:
    """The figures (label -> int, Decimal or None) that differ between two moments."""
    result = []
    for name, old in then.items():
        new = now.get(name)
        if old == new:
            continue
        if old is None or new is None:
            difference = "changed"
        elif isinstance(new, Decimal):
            delta = new - old
            difference = ("+" if delta > 0 else "") + money(delta)
        else:
            difference = f"{new - old:+,}"
        result.append(FigureChange(name, _figure(old), _figure(new), difference))
    for name in now.keys() - then.keys():
        result.append(FigureChange(name, "not shown", _figure(now[name]), "new"))
    return result
