"""The audit trail shared by the funding and incidents apps.

- Every tracked model keeps its versions in a history table (django-simple-history): who,
  when and the whole record after each change.
- Money and incident records are never deleted: they are voided with a reason. A voidable
  model's `objects` manager leaves voided rows out, and every figure is computed from
  `objects` (now) or from `as_recorded()` (at a past moment), which leaves them out too.
  `all_objects`, the default manager, includes them: lists, history pages, the admin and
  backups see everything.
- Each voidable record carries a `version`, bumped by every save; a form sends back the
  version it was opened on, and `claim()` refuses the save when the record has moved on.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

HIDDEN_FIELDS = {"id", "created_at", "updated_at", "version"}
VOID_FIELDS = {"voided_at", "voided_by", "void_reason"}
# The first year a figure can be compared with: an as-of date or a past moment must be
# later, so that its windows (and the year before it) exist.
FIRST_YEAR = 1900
RECORDED_AT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?")


# --- Voiding and versions ----------------------------------------------------------------


class CountedManager(models.Manager):
    """The rows that count in figures: voided rows are left out."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(voided_at__isnull=True)


class Voidable(models.Model):
    """A record that is voided with a reason instead of deleted, and versioned."""

    voided_at = models.DateTimeField(null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    void_reason = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Bumped by every save."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def void(self, reason: str, user) -> None:
        """Take the record out of every figure; its history keeps who, when and why."""
        self.voided_at = timezone.now()
        self.voided_by = user
        self.void_reason = reason.strip()
        # Only these fields: a void never writes back stale values of the others.
        fields = ["voided_at", "voided_by", "void_reason"]
        if any(f.name == "updated_at" for f in self._meta.concrete_fields):
            fields.append("updated_at")
        self.save(update_fields=fields)

    def restore(self, reason: str) -> None:
        """Count a voided record again; its history keeps why, and (from the request) who
        and when."""
        self.voided_at = None
        self.voided_by = None
        self.void_reason = ""
        self._change_reason = reason.strip()  # simple-history keeps it on the new row
        fields = ["voided_at", "voided_by", "void_reason"]
        if any(f.name == "updated_at" for f in self._meta.concrete_fields):
            fields.append("updated_at")
        self.save(update_fields=fields)


def bulk_create_recorded(model, objs: list, user=None, batch_size: int | None = None):
    """`bulk_create`, and a history row ("+", by `user`) for each record created.

    The database copies the new rows into the history table itself (INSERT ... SELECT),
    so an import of tens of thousands of records builds no Python object per history row:
    simple-history's `bulk_create_with_history` doubled the time of the NYPD import.
    """
    created = model._base_manager.bulk_create(objs, batch_size=batch_size)
    history = model.history.model
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
    history_date = history._meta.get_field("history_date").get_db_prep_save(
        timezone.now(), connection
    )
    size = min(connection.features.max_query_params or 1000, 1000) - 10
    pks = [obj.pk for obj in created]
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), size):
            chunk = pks[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, "
                "history_date, history_type, history_user_id, history_change_reason) "
                f"SELECT {columns}, %s, %s, %s, %s "
                f"FROM {quote(model._meta.db_table)} "
                f"WHERE {pk} IN ({', '.join(['%s'] * len(chunk))}) ORDER BY {pk}",
                [history_date, "+", user.pk if user else None, None, *chunk],
            )
    return created


def void_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(voided_at__isnull=True) | ~Q(void_reason=""), name=name
    )


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


def _filter_voided(queryset, name, value):
    if value == "hide":
        return queryset.filter(voided_at__isnull=True)
    if value == "only":
        return queryset.filter(voided_at__isnull=False)
    return queryset


def voided_filter(label: str) -> django_filters.ChoiceFilter:
    """A list filter: voided rows shown and marked (default), hidden, or alone."""
    return django_filters.ChoiceFilter(
        label=label,
        choices=[("hide", "Hide voided"), ("only", "Only voided")],
        empty_label="Show, marked Voided",
        method=_filter_voided,
    )


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="Why is this record void?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: entered twice, or not a real incident. Kept in the history.",
        error_messages={"required": "Give the reason for voiding the record."},
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(
        label="Why should this record count again?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: voided by mistake. Kept in the history.",
        error_messages={"required": "Give the reason for restoring the record."},
    )


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


# --- Showing values ----------------------------------------------------------------------


def dollars(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def _is_money(model_field) -> bool:
    return (
        isinstance(model_field, models.DecimalField)
        and model_field.decimal_places == 2
        and model_field.max_digits == 12
    )


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
    if _is_money(model_field):
        return dollars(value)
    if isinstance(model_field, models.DateTimeField):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(model_field, models.TimeField):
        return f"{value:%H:%M}"
    return str(value)


def label(model_field) -> str:
    text = str(model_field.verbose_name)
    return text[:1].upper() + text[1:]


# --- History pages -----------------------------------------------------------------------


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
        when = row.history_date
        voided = getattr(row, "voided_at", None) is not None
        if row.history_type == "-":
            action = "Removed"
        elif before is None:
            action = "Created"
        elif voided and before.voided_at is None:
            action = "Voided"
        elif not voided and getattr(before, "voided_at", None) is not None:
            action = "Restored"
        else:
            action = "Changed"
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
        note = row.void_reason if voided and action in ("Voided", "Created") else ""
        if action == "Restored":
            note = row.history_change_reason or ""
        result.append(Version(when, who, action, subject(row), changes, note))
        previous[row.id] = row
    result.reverse()
    return result


def history_rows(model, **filters):
    return (
        model.history.filter(**filters)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )


# --- Lost updates ------------------------------------------------------------------------


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
    if isinstance(form_field, forms.DecimalField) and isinstance(value, Decimal):
        money = form_field.decimal_places == 2 and form_field.max_digits == 12
        return dollars(value) if money else str(value)
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


def conflict(saved: models.Model, changes: list[Change]) -> Conflict:
    latest = (
        saved.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    who = "Someone"
    if latest and latest.history_user:
        who = latest.history_user.get_username()
    return Conflict(who, latest.history_date if latest else None, changes)


# --- Figures as recorded at a past moment ------------------------------------------------


def parse_recorded_at(raw: str) -> datetime.datetime:
    """`2022-05-04T14:05` or `2022-05-04T14:05:30`, local time, as the last instant of that
    minute (or second): every change saved during it counts. Raises ValueError."""
    match = RECORDED_AT.fullmatch(raw.strip())
    if not match:
        raise ValueError(
            f"recorded_at must be a local date and time as YYYY-MM-DDTHH:MM, not {raw!r}."
        )
    year, month, day, hour, minute, second = match.groups()
    try:
        naive = datetime.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 59)
        )
    except ValueError:
        raise ValueError(f"recorded_at {raw!r} is not a real date and time.") from None
    if naive.year <= FIRST_YEAR:
        raise ValueError(f"recorded_at must be after {FIRST_YEAR}, not {raw!r}.")
    moment = timezone.make_aware(naive.replace(microsecond=999_999))
    if moment - datetime.timedelta(seconds=60) > timezone.now():
        raise ValueError(f"recorded_at {raw!r} is in the future.")
    return moment


def recorded_at_param(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M:%S}"


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
        return dollars(value)
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
            difference = ("+" if delta > 0 else "") + dollars(delta)
        else:
            difference = f"{new - old:+,}"
        result.append(FigureChange(name, _figure(old), _figure(new), difference))
    for name in now.keys() - then.keys():
        result.append(FigureChange(name, "not shown", _figure(now[name]), "new"))
    return result
