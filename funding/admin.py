"""Admin for the records staff set up rarely: programs, areas, projects, reporting periods.

They have no staff pages, so the admin runs their rules: the fields' own checks (no
control characters in names), a program total never below what its areas have budgeted,
areas and projects that keep their ledger where it is, and a lost-update check (a save is
refused if someone saved the record since it was opened).

Budget and spending entries are recorded on the ledger pages, which check the ledger's
invariants under a lock; they are not registered here. Awards have staff pages too
(/funding/awards/: the same lock, the version check, voiding with a reason): the admin
shows them, void ones included, and edits nothing. Nothing is deleted or reverted here
either: each record's history (django-simple-history) is one click away.
"""

from decimal import Decimal

from django.contrib import admin, messages
from django.db.models import Sum
from django.utils import timezone

from audit.admin import KeptAdmin, OpenedAtForm, ReadOnlyAdmin
from binghamton_safety.money import ZERO, cents, money
from binghamton_safety.wording import long_date

from . import models


def budgeted_over(program: models.Program, total: Decimal) -> str | None:
    """Why `total` cannot be the program's total: the first date at which its areas'
    budgets add up to more, as the ledger pages check for each budget entry."""
    days = (
        models.BudgetEntry.objects.filter(area__program=program)
        .values("effective_on")
        .annotate(amount=Sum("amount"))
        .order_by("effective_on")
    )
    budgeted = ZERO
    for day in days:
        budgeted += cents(day["amount"])
        if budgeted > total:
            return (
                f"The areas' budgets add up to {money(budgeted)} on "
                f"{long_date(day['effective_on'])}, more than a total of {money(total)}: "
                "the total cannot be less than what is budgeted."
            )
    return None


class ProgramForm(OpenedAtForm):
    def clean(self) -> dict:
        # The ledger pages' lock (views._lock_ledger), taken first as they take it: no
        # budget entry can be saved between this check and the save.
        list(models.Program.objects.select_for_update().values_list("pk", flat=True))
        cleaned = super().clean()
        total = cleaned.get("total")
        problem = None
        if self.instance.pk and total is not None:
            problem = budgeted_over(self.instance, total)
        if problem:
            self.add_error("total", problem)
        return cleaned


@admin.register(models.Program)
class ProgramAdmin(KeptAdmin):
    form = ProgramForm
    list_display = ["name", "funding_source", "total", "announced_on"]


@admin.register(models.FundingArea)
class FundingAreaAdmin(KeptAdmin):
    form = OpenedAtForm
    list_display = ["name", "program", "position"]
    list_filter = ["program"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        # Moving an area would move its budgets into another program's total unchecked.
        return ["program"] if obj else []


def has_entries(project: models.TreasuryProject) -> bool:
    return (
        models.BudgetEntry.all_objects.filter(project=project).exists()
        or models.SpendingEntry.all_objects.filter(project=project).exists()
    )


@admin.register(models.TreasuryProject)
class TreasuryProjectAdmin(KeptAdmin):
    form = OpenedAtForm
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

    def get_readonly_fields(self, request, obj=None):
        # A project's entries are recorded in its area: moved, they would no longer be.
        if obj and has_entries(obj):
            return ["area", "completion_today"]
        return ["completion_today"]

    def get_queryset(self, request):
        # The status as of today, derived in the list's one query like on the area pages.
        return super().get_queryset(request).with_completion(timezone.localdate())

    @admin.display(description="Completion status today")
    def completion_today(self, project: models.TreasuryProject) -> str:
        return project.completion.label if project.pk else "-"


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(KeptAdmin):
    form = OpenedAtForm
    list_display = ["name", "kind", "starts_on", "ends_on", "is_current"]
    fields = ["name", "is_current", "kind", "starts_on", "ends_on", "opened_at"]
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


@admin.register(models.Award)
class AwardAdmin(ReadOnlyAdmin):
    """Every award, void ones included, each row ending with when it was voided: shown,
    never edited (the staff pages record, correct, void and restore them)."""

    edited_on = "funding:award_list"
    list_display = [
        "number",
        "kind",
        "recipient",
        "project",
        "amount",
        "starts_on",
        "ends_on",
        "voided_at",
    ]
    list_filter = ["kind", "recipient_kind", "area", "illustrative"]
    search_fields = ["number", "recipient"]
    list_select_related = ["project"]
    date_hierarchy = "starts_on"
    readonly_fields = ["voided_at", "voided_by", "void_reason"]  # not form fields
