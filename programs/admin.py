"""Admin for the measures and their targets, which staff set up rarely and which have no
staff pages: the admin runs their rules (the fields' own checks) and a lost-update check.
Monthly values are entered on the staff pages (/programs/values/); here they are shown
only. Nothing is deleted or reverted: each record's history is one click away."""

from django.contrib import admin

from audit.admin import KeptAdmin, OpenedAtForm, ReadOnlyAdmin

from .models import Measure, MeasureTarget, MeasureValue


class TargetInline(admin.TabularInline):
    model = MeasureTarget
    extra = 0
    can_delete = False


@admin.register(Measure)
class MeasureAdmin(KeptAdmin):
    form = OpenedAtForm
    list_display = ["name", "area", "unit", "source", "direction", "counted_from"]
    list_filter = ["area", "source", "illustrative"]
    filter_horizontal = ["places"]
    inlines = [TargetInline]


@admin.register(MeasureValue)
class MeasureValueAdmin(ReadOnlyAdmin):
    edited_on = "programs:value_list"
    list_display = ["measure", "month", "value", "recorded_by", "voided_at"]
    list_filter = ["measure__area", "illustrative"]
    readonly_fields = ["voided_at", "voided_by", "void_reason"]
