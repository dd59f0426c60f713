"""Admin for the records staff set up rarely: programs, areas, projects, reporting periods.

Budget and spending entries are recorded on the ledger pages, which check the ledger's
invariants under a lock; they are not editable here.
"""

from django.contrib import admin, messages

from .models import FundingArea, Program, ReportingPeriod, TreasuryProject


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "funding_source", "total", "announced_on"]


@admin.register(FundingArea)
class FundingAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "position"]
    list_filter = ["program"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TreasuryProject)
class TreasuryProjectAdmin(admin.ModelAdmin):
    list_display = [
        "identifier",
        "name",
        "area",
        "expenditure_category",
        "completion_status",
    ]
    list_filter = ["area__program", "completion_status", "expenditure_category"]
    search_fields = ["identifier", "name"]
    list_select_related = ["area"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "is_current"]
    fields = ["name", "is_current", "kind", "starts_on", "ends_on"]
    readonly_fields = ["kind", "starts_on", "ends_on"]  # they follow from the name
    actions = ["make_current"]

    @admin.action(description="Make the selected period the current one")
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, "Select exactly one period.", level=messages.ERROR
            )
            return
        period = queryset.get()
        period.make_current()
        self.message_user(request, f"{period} is now the current period.")
