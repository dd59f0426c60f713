"""Admin for the records staff set up rarely: programs, areas, projects, reporting periods.

Budget and spending entries are recorded on the ledger pages, which check the ledger's
invariants under a lock; they are not editable here. Nothing is deleted here either: each
record's history (django-simple-history) is one click away.
"""

from django.contrib import admin, messages
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import FundingArea, Program, ReportingPeriod, TreasuryProject


class KeptAdmin(SimpleHistoryAdmin):
    """Records of the program are corrected, never deleted: the audit trail keeps all."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Program)
class ProgramAdmin(KeptAdmin):
    list_display = ["name", "funding_source", "total", "announced_on"]


@admin.register(FundingArea)
class FundingAreaAdmin(KeptAdmin):
    list_display = ["name", "program", "position"]
    list_filter = ["program"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TreasuryProject)
class TreasuryProjectAdmin(KeptAdmin):
    list_display = [
        "identifier",
        "name",
        "area",
        "expenditure_category",
        "completion_today",
    ]
    list_filter = [
        "area__program",
        "completion_status_override",
        "expenditure_category",
    ]
    search_fields = ["identifier", "name"]
    list_select_related = ["area"]
    readonly_fields = ["completion_today"]

    def get_queryset(self, request):
        # The status as of today, derived in the list's one query like on the area pages.
        return super().get_queryset(request).with_completion(timezone.localdate())

    @admin.display(description="Completion status today")
    def completion_today(self, project: TreasuryProject) -> str:
        return project.completion.label if project.pk else "-"


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(KeptAdmin):
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
