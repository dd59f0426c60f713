import csv
import datetime

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from binghamton_safety.roles import editor_required, is_editor, viewer_required

from .filters import SpendingEntryFilter
from .forms import AsOfForm, BudgetEntryForm, SpendingEntryForm
from .models import Program, SpendingEntry, funding_summary
from .tables import SpendingEntryTable

LEDGER_CSV_COLUMNS = [
    ("date", "occurred_on"),
    ("kind", "kind"),
    ("area", "area__name"),
    ("project", "project__identifier"),
    ("payee", "payee"),
    ("description", "description"),
    ("reference", "reference"),
    ("amount", "amount"),
    ("reason", "reason"),
    ("illustrative", "illustrative"),
]


@viewer_required
def overview(request):
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_or(timezone.localdate())
    return render(
        request,
        "funding/overview.html",
        {"form": form, "summary": funding_summary(as_of), "as_of": as_of},
    )


def _filtered_entries(request) -> SpendingEntryFilter:
    queryset = SpendingEntry.objects.select_related("area", "project")
    return SpendingEntryFilter(request.GET or None, queryset=queryset)


class LedgerView(SingleTableMixin, FilterView):
    table_class = SpendingEntryTable
    filterset_class = SpendingEntryFilter
    template_name = "funding/ledger.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        return viewer_required(super().dispatch)(request, *args, **kwargs)

    def get_queryset(self):
        return SpendingEntry.objects.select_related("area", "project")

    def get_table_kwargs(self):
        return {"can_edit": is_editor(self.request.user)}


@viewer_required
def ledger_csv(request):
    """Exactly the rows the ledger page shows for the same filters, unpaginated."""
    entries = _filtered_entries(request).qs.order_by("occurred_on", "pk")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ledger.csv"'
    writer = csv.writer(response)
    writer.writerow([name for name, _ in LEDGER_CSV_COLUMNS])
    for row in entries.values_list(
        *(field for _, field in LEDGER_CSV_COLUMNS)
    ).iterator():
        writer.writerow(["" if value is None else value for value in row])
    return response


def _save_entry(request, form_class, instance=None, template="funding/entry_form.html"):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST":
        # Serialize ledger writes: the invariants read many rows, so two saves at once
        # must not both pass their checks against the same old figures.
        with transaction.atomic():
            list(Program.objects.select_for_update().values_list("pk", flat=True))
            if form.is_valid():
                entry = form.save(commit=False)
                entry.recorded_by = request.user
                entry.save()
                verb = "Corrected" if instance else "Recorded"
                messages.success(request, f"{verb}: {entry}.")
                return redirect("funding:ledger")
    return render(request, template, {"form": form, "entry": instance})


@editor_required
def record_entry(request):
    return _save_entry(request, SpendingEntryForm)


@editor_required
def correct_entry(request, pk: int):
    return _save_entry(
        request, SpendingEntryForm, get_object_or_404(SpendingEntry, pk=pk)
    )


@editor_required
def record_budget(request):
    return _save_entry(request, BudgetEntryForm, template="funding/budget_form.html")


def api_funding(request):
    """Public, aggregate-only figures of the program's money as of a date (default today)."""
    raw = request.GET.get("as_of")
    as_of = timezone.localdate()
    if raw:
        try:
            as_of = datetime.date.fromisoformat(raw)
        except ValueError:
            return JsonResponse(
                {"error": f"as_of must be a date as YYYY-MM-DD, not {raw!r}."},
                status=400,
            )
    summary = funding_summary(as_of)
    if summary is None:
        return JsonResponse({"error": "No program has been recorded yet."}, status=404)
    return JsonResponse(funding_json(summary))


def funding_json(summary) -> dict:
    def amount(value) -> str:
        return f"{value:.2f}"

    def pct(value):
        return None if value is None else float(value)

    return {
        "as_of": summary.as_of.isoformat(),
        "program": {
            "name": summary.program.name,
            "total": amount(summary.program.total),
            "budgeted": amount(summary.budgeted),
            "obligated": amount(summary.obligated),
            "spent": amount(summary.spent),
            "unobligated": amount(summary.unobligated),
            "unspent": amount(summary.unspent),
        },
        "areas": [
            {
                "slug": figures.area.slug,
                "name": figures.area.name,
                "budget": amount(figures.budget),
                "obligated": amount(figures.obligated),
                "spent": amount(figures.spent),
                "remaining": amount(figures.remaining),
                "pct_spent": pct(figures.pct_spent),
            }
            for figures in summary.areas
        ],
        "deadlines": {
            "obligate_by": summary.obligate_by.isoformat(),
            "spend_by": summary.spend_by.isoformat(),
            "days_to_obligation_deadline": summary.days_to_obligation_deadline,
            "days_to_spending_deadline": summary.days_to_spending_deadline,
        },
        "illustrative": summary.illustrative,
    }
