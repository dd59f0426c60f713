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

VOID_FIELDS = ["voided_at", "voided_by", "void_reason"]


class VictimInline(ReadOnlyInline, admin.TabularInline):
    model = Victim
    extra = 0


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    edited_on = "incidents:incident_list"
    list_display = [
        "case_number",
        "date",
        "location",
        "shots_fired_confirmed",
        "status",
        "voided_at",
    ]
    list_filter = ["status", "shots_fired_confirmed", "illustrative"]
    search_fields = ["case_number", "location"]
    date_hierarchy = "date"
    readonly_fields = VOID_FIELDS  # not form fields: shown only when listed here
    inlines = [VictimInline]


@admin.register(FirearmRecovery)
class FirearmRecoveryAdmin(ReadOnlyAdmin):
    edited_on = "incidents:recovery_list"
    list_display = [
        "reference",
        "date",
        "count",
        "source",
        "weapon_type",
        "location",
        "voided_at",
    ]
    list_filter = ["source", "weapon_type", "illustrative"]
    search_fields = ["reference", "location"]
    date_hierarchy = "date"
    readonly_fields = VOID_FIELDS


@admin.register(DataCompleteness)
class DataCompletenessAdmin(ReadOnlyAdmin):
    edited_on = "incidents:complete_through"
    list_display = ["complete_through", "set_by", "updated_at"]
