"""Admin for incidents, recoveries and the completeness date: corrected, never deleted.

Editors void records on the staff pages; the admin cannot delete them, and each record's
history (django-simple-history) is one click away.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DataCompleteness, FirearmRecovery, Incident, Victim


class KeptAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class VictimInline(admin.TabularInline):
    model = Victim
    extra = 0

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(KeptAdmin):
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
    readonly_fields = ["voided_at", "voided_by", "void_reason"]
    inlines = [VictimInline]


@admin.register(FirearmRecovery)
class FirearmRecoveryAdmin(KeptAdmin):
    list_display = [
        "reference",
        "date",
        "count",
        "weapon_type",
        "location",
        "voided_at",
    ]
    list_filter = ["weapon_type", "illustrative"]
    search_fields = ["reference", "location"]
    raw_id_fields = ["incident"]
    date_hierarchy = "date"
    readonly_fields = ["voided_at", "voided_by", "void_reason"]


@admin.register(DataCompleteness)
class DataCompletenessAdmin(KeptAdmin):
    list_display = ["complete_through", "set_by", "updated_at"]
    readonly_fields = ["set_by"]
