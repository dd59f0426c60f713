from django.contrib import admin

from .models import DataCompleteness, FirearmRecovery, Incident, Victim


class VictimInline(admin.TabularInline):
    model = Victim
    extra = 0


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = [
        "case_number",
        "date",
        "location",
        "shots_fired_confirmed",
        "status",
    ]
    list_filter = ["status", "shots_fired_confirmed", "illustrative"]
    search_fields = ["case_number", "location"]
    date_hierarchy = "date"
    inlines = [VictimInline]


@admin.register(FirearmRecovery)
class FirearmRecoveryAdmin(admin.ModelAdmin):
    list_display = ["reference", "date", "count", "weapon_type", "location"]
    list_filter = ["weapon_type", "illustrative"]
    search_fields = ["reference", "location"]
    raw_id_fields = ["incident"]
    date_hierarchy = "date"


@admin.register(DataCompleteness)
class DataCompletenessAdmin(admin.ModelAdmin):
    list_display = ["complete_through", "set_by", "updated_at"]
    readonly_fields = ["set_by"]
