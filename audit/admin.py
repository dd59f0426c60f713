"""Admin bases for the product apps: the admin runs the rules the staff pages run, or
edits nothing.

- `KeptAdmin`: records are corrected, never deleted, and never reverted from their
  history (simple-history's revert would save an old version past every check).
- `ReadOnlyAdmin`: shown, never added or changed; the staff pages edit these records
  with the rules and the version check.
- `OpenedAtForm`: a lost-update check for the records edited here, which have no
  version number: the save is refused if the record was saved since the form opened.

This is plumbing: it knows no product app.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin


class KeptAdmin(SimpleHistoryAdmin):
    """Records are corrected, never deleted: the audit trail keeps all."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # SIMPLE_HISTORY_REVERT_DISABLED only hides the button: a POST here would still
        # save the old version, past the rules and the version check.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(KeptAdmin):
    """Shown, never added or changed here. `edited_on` names the staff page (URL name)
    that edits these records: its forms run the rules and the version check."""

    edited_on = ""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def _notice(self, extra_context: dict | None) -> dict:
        where = reverse(self.edited_on)
        notice = (
            f"Read only: {self.model._meta.verbose_name_plural} are entered and "
            f"corrected on the staff pages ({where}), which check the rules and that "
            "nobody saved the record meanwhile."
        )
        return {**(extra_context or {}), "subtitle": notice}

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, self._notice(extra_context))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request, object_id, form_url, self._notice(extra_context)
        )


class ReadOnlyInline:
    """For an inline of a read-only admin (mix in before the inline class)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


CONFLICT = (
    "Someone saved this record after you opened it; your changes were not saved. "
    "Open it again to see their changes, then make yours."
)


class OpenedAtForm(forms.ModelForm):
    """A model form that sends back when the record it opened was last saved
    (`updated_at`); `clean` refuses the save if the record was saved since. The admin
    saves in a transaction, so the check holds the record's row until the save."""

    opened_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_at"].initial = self.instance.updated_at.isoformat()

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.pk and not self._claim(cleaned.get("opened_at")):
            raise forms.ValidationError(CONFLICT, code="conflict")
        return cleaned

    def _claim(self, opened_at: str | None) -> bool:
        """True when the row is as it was opened; it is then locked (an UPDATE: that
        takes the write lock on SQLite too)."""
        try:
            moment = datetime.datetime.fromisoformat(opened_at or "")
        except ValueError:
            return False
        rows = type(self.instance)._base_manager.filter(
            pk=self.instance.pk, updated_at=moment
        )
        return rows.update(updated_at=moment) == 1
