"""Lost updates: an editor saves a record that another editor changed after it was opened.

The form sends back the record's version; `claim()` takes the row only at that version,
and `differences()` and `edit_conflict()` tell the editor what the other saved.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from binghamton_safety.money import MoneyFormField, money

from .history import Change


def claim(instance: models.Model, version: int | None) -> bool:
    """True when `instance`'s row is still at `version`; it is then locked to the end of
    the transaction.

    An UPDATE rather than SELECT ... FOR UPDATE: it takes the write lock on SQLite too, and
    when another save commits first, it re-reads the row, finds the new version and
    matches nothing.
    """
    if version is None:
        return False
    rows = type(instance)._base_manager.filter(pk=instance.pk, version=version)
    return rows.update(version=version) == 1


class VersionedModelForm(forms.ModelForm):
    """A model form that sends back the version of the record it was opened on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=self.instance.version
            )

    def opened_version(self) -> int | None:
        raw = str(self.data.get(self.add_prefix("version"), ""))
        return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _normal(form_field, value):
    try:
        return form_field.to_python(value)
    except ValidationError:
        return value


def _shown(form_field, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(form_field, forms.ModelChoiceField):
        return str(value)
    if isinstance(form_field, forms.ChoiceField):
        return str(dict(form_field.choices).get(str(value), value))
    if isinstance(form_field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(form_field, MoneyFormField) and isinstance(value, Decimal):
        return money(value)
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    return str(value)


def differences(submitted: forms.BaseForm, saved: forms.BaseForm) -> list[Change]:
    """Each field where what the editor submitted differs from the record as saved now:
    `old` is theirs, `new` the saved value."""
    changes = []
    for name, form_field in submitted.fields.items():
        if name == "version":
            continue
        theirs = _normal(form_field, submitted[name].value())
        now = _normal(form_field, saved[name].value())
        if theirs != now and not (theirs in (None, "") and now in (None, "")):
            changes.append(
                Change(
                    str(form_field.label or name),
                    _shown(form_field, theirs),
                    _shown(form_field, now),
                )
            )
    return changes


@dataclass(frozen=True)
class Conflict:
    """Another editor saved the record after this one opened it."""

    who: str
    when: datetime.datetime | None
    changes: list[Change]


def edit_conflict(saved: models.Model, changes: list[Change]) -> Conflict:
    latest = (
        saved.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    who = "Someone"
    if latest and latest.history_user:
        who = latest.history_user.get_username()
    return Conflict(who, latest.history_date if latest else None, changes)
