"""Admin for incidents, recoveries and the completeness date: shown, never edited here.

Editors enter, correct and void these records on the staff pages, whose forms run the rules
the admin would skip (victims only with a confirmed discharge, at most so many per
incident, locations at block level) and the version check that keeps one editor's save
from silently undoing another's. Each record's history (django-simple-history) is one
click away.
"""

from django.contrib import admin

from audit.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import DataCompleteness, FirearmRecovery, Incident, Victim


class VictimInline(ReadOnlyInline, admin.TabularInline):
    model = Victim
    extra = 0


class DatedRecordAdmin(ReadOnlyAdmin):
    """An incident or a recovery: listed by date, each row ending with when it was
    voided, and the void shown on the record."""

    date_hierarchy = "date"
    readonly_fields = ["voided_at", "voided_by", "void_reason"]  # not form fields

    def get_list_display(self, request) -> list[str]:
        return [*self.list_display, "voided_at"]


@admin.register(Incident)
class IncidentAdmin(DatedRecordAdmin):
    edited_on = "incidents:incident_list"
    list_display = [
        "case_number",
        "date",
        "location",
        "shots_fired_confirmed",
        "status",
    ]
    list_filter = ["status", "shots_fired_confirmed", "illustrative"]
    search_fields = ["case_number", "location"]
    inlines = [VictimInline]


@admin.register(FirearmRecovery)
class FirearmRecoveryAdmin(DatedRecordAdmin):
    edited_on = "incidents:recovery_list"
    list_display = ["reference", "date", "count", "source", "weapon_type", "location"]
    list_filter = ["source", "weapon_type", "illustrative"]
    search_fields = ["reference", "location"]


@admin.register(DataCompleteness)
class DataCompletenessAdmin(ReadOnlyAdmin):
    edited_on = "incidents:complete_through"
    list_display = ["complete_through", "set_by", "updated_at"]
