"""The abstract models of the audit trail, shared by the funding and incidents apps.

- Every tracked model keeps its versions in a history table (django-simple-history): who,
  when and the whole record after each change.
- Money and incident records are never deleted: they are voided with a reason. A voidable
  model's `objects` manager leaves voided rows out, and every figure is computed from
  `objects` (now) or from `history.as_recorded()` (at a past moment), which leaves them
  out too. `all_objects`, the default manager, includes them: lists, history pages, the
  admin and backups see everything.
- Each voidable record carries a `version`, bumped by every save; a form sends back the
  version it was opened on, and `conflicts.claim()` refuses the save when the record has
  moved on.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CountedManager(models.Manager):
    """The rows that count in figures: voided rows are left out."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(voided_at__isnull=True)


def voidable_managers(
    queryset=models.QuerySet,
) -> tuple[models.Manager, models.Manager]:
    """`all_objects, objects = voidable_managers(QuerySet)`: `all_objects` (name it the
    default manager) sees every row, for lists, history pages, the admin and backups;
    `objects` is what every figure counts, voided rows left out. Both have `queryset`'s
    methods."""
    return queryset.as_manager(), CountedManager.from_queryset(queryset)()


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


def void_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(voided_at__isnull=True) | ~Q(void_reason=""), name=name
    )
