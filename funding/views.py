import io
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from audit.conflicts import claim, differences, edit_conflict
from audit.forms import RestoreForm, VoidForm
from audit.history import figure_changes, history_rows, versions
from binghamton_safety.cache import DATA, cached_figures, public_cache
from binghamton_safety.paging import BoundedPageSize
from binghamton_safety.parameters import parse_recorded_at, recorded_at_param
from binghamton_safety.roles import editor_required, is_editor, viewer_required
from binghamton_safety.spreadsheet import csv_writer

from .api_forms import FundingParameters
from .deadlines import deadline_status
from .filters import BudgetEntryFilter, SpendingEntryFilter
from .forms import (
    BudgetEntryForm,
    ImportConfirmForm,
    OverviewForm,
    PeriodChoiceForm,
    PeriodImportForm,
    SpendingEntryForm,
)
from .ledger_rules import ledger_problems, void_problems
from .models import (
    BudgetEntry,
    FundingArea,
    Ledger,
    Program,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
)
from .reporting import (
    category_summary,
    period_figures,
    period_revisions,
    report_totals,
    sample_notice,
    write_category_csv,
    write_csv,
    write_xlsx,
)
from .services import import_period_report
from .summary import funding_summary
from .tables import BudgetEntryTable, SpendingEntryTable

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
    ("adjustment", "adjustment"),
    ("voided_at", "voided_at"),
    ("void_reason", "void_reason"),
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@viewer_required
def overview(request):
    form = OverviewForm(request.GET or None)
    recorded_at = form.recorded_at_or_none()
    ledger = Ledger(recorded_at)
    as_of = form.as_of_or(
        timezone.localtime(recorded_at).date() if recorded_at else timezone.localdate()
    )
    program = form.program_or_none()
    summary = funding_summary(as_of, program, ledger)
    changes = None
    if recorded_at and summary:
        now = funding_summary(as_of, program)
        changes = figure_changes(summary.figures(), now.figures() if now else {})
    return render(
        request,
        "funding/overview.html",
        {
            "form": form,
            "summary": summary,
            "deadlines": deadline_status(as_of, program, ledger),
            "as_of": as_of,
            "recorded_at": recorded_at,
            "changes": changes,
        },
    )


# --- Treasury reporting ----------------------------------------------------------------


@viewer_required
def period_report(request):
    form = PeriodChoiceForm(request.GET or None)
    period, program = form.choice()
    recorded_at = form.recorded_at_or_none()
    ledger = Ledger(recorded_at)
    figures = period_figures(period, program, ledger) if period else []
    return render(
        request,
        "funding/period_report.html",
        {
            "form": form,
            "period": period,
            "program": program,
            "recorded_at": recorded_at,
            "figures": figures,
            "categories": category_summary(figures),
            "totals": report_totals(figures),
            "notice": sample_notice(figures, program),
            "export_query": _export_query(program, recorded_at),
        },
    )


@viewer_required
def reconciliation(request):
    form = PeriodChoiceForm(request.GET or None)
    period, program = form.choice()
    figures = period_figures(period, program) if period else []
    revisions = period_revisions(period, figures) if period else []
    return render(
        request,
        "funding/reconciliation.html",
        {
            "form": form,
            "period": period,
            "program": program,
            "revisions": revisions,
            "revised_projects": len({line.project.pk for line in revisions}),
            "over_budget": [row for row in figures if row.obligations_over_budget],
            "over_obligations": [
                row for row in figures if row.expenditures_over_obligations
            ],
            "projects": len(figures),
        },
    )


def _export_query(program: Program | None, recorded_at) -> str:
    query = {}
    if program:
        query["program"] = program.pk
    if recorded_at:
        query["recorded_at"] = recorded_at_param(recorded_at)
    return f"?{urlencode(query)}" if query else ""


class _BadExport(Exception):
    pass


def _export(request, name: str, extension: str):
    """The figures of period `name` (with `?program=` and `?recorded_at=`), and the file
    name to give them. Raises _BadExport with a message for a bad `recorded_at`."""
    period = get_object_or_404(ReportingPeriod, name=name)
    program = None
    if raw := request.GET.get("program"):
        if not raw.isdigit():
            raise Http404("No such program.")
        program = get_object_or_404(Program, pk=raw)
    recorded_at = None
    if raw := request.GET.get("recorded_at"):
        try:
            recorded_at = parse_recorded_at(raw)
        except ValueError as error:
            raise _BadExport(str(error)) from None
    stem = "-".join(
        part
        for part in (
            "treasury-report",
            period.name,
            program and slugify(program.name),
            recorded_at
            and "as-recorded-" + f"{timezone.localtime(recorded_at):%Y-%m-%dT%H%M}",
        )
        if part
    )
    return period_figures(period, program, Ledger(recorded_at)), f"{stem}{extension}"


def _exported(write, extension: str, content_type: str, binary: bool = False):
    """A download view of the period's figures, written by `write(figures, out)`."""

    @viewer_required
    def view(request, name: str):
        try:
            figures, filename = _export(request, name, extension)
        except _BadExport as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain")
        out = io.BytesIO() if binary else io.StringIO()
        write(figures, out)
        return _attachment(out.getvalue(), content_type, filename)

    return view


def _attachment(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


CSV = "text/csv; charset=utf-8"
period_report_csv = _exported(write_csv, ".csv", CSV)
period_report_categories_csv = _exported(write_category_csv, "-by-category.csv", CSV)
period_report_xlsx = _exported(write_xlsx, ".xlsx", XLSX, binary=True)


@editor_required
def import_report(request):
    """Upload a report, see what the import would do, then confirm to save it."""
    if "token" in request.POST:
        return _confirm_import(request)
    form = PeriodImportForm(request.POST or None, request.FILES or None)
    report = token = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = import_period_report(
            data["file"], data["program"], data["area"], dry_run=True
        )
        if not report.problems:
            token = form.preview_token(request.FILES["file"].name)
    return _import_page(request, form, report, token)


def _confirm_import(request):
    confirm = ImportConfirmForm(request.POST)
    if not confirm.is_valid():
        for error in confirm.errors["token"]:
            messages.error(request, error)
        return redirect("funding:import_report")
    data = confirm.cleaned_data["token"]
    report = import_period_report(
        data["text"], data["program"], data["area"], recorded_by=request.user
    )
    if not report.saved:  # the ledger changed since the preview in a way that fails
        return _import_page(request, PeriodImportForm(), report, None)
    messages.success(request, f"Imported {data['filename']}: {report.summary()}.")
    program = Program.objects.get(name=report.program)
    query = urlencode({"period": report.periods[-1], "program": program.pk})
    return redirect(f"{reverse('funding:reconciliation')}?{query}")


def _import_page(request, form, report, token):
    return render(
        request,
        "funding/import_report.html",
        {
            "form": form,
            "report": report,
            "token": token,
            "program_names": Program.objects.order_by("name").values_list(
                "name", flat=True
            ),
            "area_names": FundingArea.objects.order_by("name")
            .values_list("name", flat=True)
            .distinct(),
        },
    )


def _filtered_entries(request) -> SpendingEntryFilter:
    queryset = SpendingEntry.all_objects.select_related("area", "project")
    return SpendingEntryFilter(request.GET or None, queryset=queryset)


class LedgerView(BoundedPageSize, SingleTableMixin, FilterView):
    """Every entry, voided ones included and marked (they count in no figure)."""

    table_class = SpendingEntryTable
    filterset_class = SpendingEntryFilter
    template_name = "funding/ledger.html"

    def dispatch(self, request, *args, **kwargs):
        return viewer_required(super().dispatch)(request, *args, **kwargs)

    def get_queryset(self):
        return SpendingEntry.all_objects.select_related("area", "project")

    def get_table_kwargs(self):
        return {"can_edit": is_editor(self.request.user)}


class BudgetListView(LedgerView):
    table_class = BudgetEntryTable
    filterset_class = BudgetEntryFilter
    template_name = "funding/budget_list.html"

    def get_queryset(self):
        return BudgetEntry.all_objects.select_related("area", "project")


@viewer_required
def ledger_csv(request):
    """Exactly the rows the ledger page shows for the same filters, unpaginated."""
    entries = _filtered_entries(request).qs.order_by("occurred_on", "pk")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ledger.csv"'
    writer = csv_writer(response)
    writer.writerow([name for name, _ in LEDGER_CSV_COLUMNS])
    for row in entries.values_list(
        *(field for _, field in LEDGER_CSV_COLUMNS)
    ).iterator():
        writer.writerow(["" if value is None else value for value in row])
    return response


def _lock_ledger() -> None:
    # Serialize ledger writes: the invariants read many rows, so two saves at once
    # must not both pass their checks against the same old figures.
    list(Program.objects.select_for_update().values_list("pk", flat=True))


HISTORY_URLS = {
    SpendingEntry: "funding:entry_history",
    BudgetEntry: "funding:budget_history",
}
LIST_URLS = {SpendingEntry: "funding:ledger", BudgetEntry: "funding:budget_list"}


def _save_entry(request, form_class, instance=None, template="funding/entry_form.html"):
    model = form_class._meta.model
    if instance is not None and instance.is_voided:
        messages.error(request, "This entry is void: it can no longer be corrected.")
        return redirect(HISTORY_URLS[model], instance.pk)
    form = form_class(request.POST or None, instance=instance)
    conflict = None
    if request.method == "POST":
        with transaction.atomic():
            _lock_ledger()
            if instance is not None and not claim(instance, form.opened_version()):
                # Someone saved the entry since this form was opened: keep their save,
                # show what differs, and start again from the saved entry.
                saved = model.all_objects.get(pk=instance.pk)
                fresh = form_class(instance=saved)
                conflict = edit_conflict(saved, differences(form, fresh))
                if saved.is_voided:
                    messages.error(
                        request,
                        f"{conflict.who} voided this entry while you were correcting "
                        "it; your changes were not saved.",
                    )
                    return redirect(HISTORY_URLS[model], saved.pk)
                form = fresh
            elif form.is_valid():
                entry = form.save(commit=False)
                entry.recorded_by = request.user
                entry.save()
                verb = "Corrected" if instance else "Recorded"
                messages.success(request, f"{verb}: {entry}.")
                return redirect(LIST_URLS[model])
    return render(
        request, template, {"form": form, "entry": instance, "conflict": conflict}
    )


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


@editor_required
def correct_budget(request, pk: int):
    return _save_entry(
        request,
        BudgetEntryForm,
        get_object_or_404(BudgetEntry, pk=pk),
        template="funding/budget_form.html",
    )


def _void_entry(request, model, pk: int):
    entry = get_object_or_404(
        model.all_objects.select_related("area", "project"), pk=pk
    )
    history = reverse(HISTORY_URLS[model], args=[pk])
    if entry.is_voided:
        messages.info(request, "This entry is already void.")
        return redirect(history)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            _lock_ledger()
            entry = model.all_objects.select_related("area__program", "project").get(
                pk=pk
            )
            problems = [] if entry.is_voided else void_problems(entry)
            for problem in problems:
                form.add_error(
                    None,
                    f"This entry cannot be voided: {problem} Void or correct the "
                    "entries that depend on it first.",
                )
            if not problems:
                if not entry.is_voided:
                    entry.void(form.cleaned_data["reason"], request.user)
                messages.success(request, f"Voided: {entry}. It no longer counts.")
                return redirect(LIST_URLS[model])
    return render(
        request,
        "audit/void_form.html",
        {
            "form": form,
            "record": entry,
            "what": "entry",
            "counts_in": "every budget, obligation and expenditure figure, the "
            "deadlines and the reports to Treasury",
            "history_url": history,
            "cancel_url": reverse(LIST_URLS[model]),
        },
    )


@editor_required
def void_entry(request, pk: int):
    return _void_entry(request, SpendingEntry, pk)


@editor_required
def void_budget(request, pk: int):
    return _void_entry(request, BudgetEntry, pk)


def _restore_entry(request, model, pk: int):
    entry = get_object_or_404(
        model.all_objects.select_related("area", "project"), pk=pk
    )
    history = reverse(HISTORY_URLS[model], args=[pk])
    if not entry.is_voided:
        messages.info(request, "This entry is not void: it already counts.")
        return redirect(history)
    form = RestoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            _lock_ledger()
            entry = model.all_objects.select_related("area__program", "project").get(
                pk=pk
            )
            # Counting it again must keep the ledger whole, as saving it anew would.
            problems = ledger_problems(entry) if entry.is_voided else []
            for problem in problems:
                form.add_error(None, f"This entry cannot be restored: {problem}")
            if not problems:
                if entry.is_voided:
                    entry.restore(form.cleaned_data["reason"])
                messages.success(request, f"Restored: {entry}. It counts again.")
                return redirect(history)
    return render(
        request,
        "audit/restore_form.html",
        {
            "form": form,
            "record": entry,
            "what": "entry",
            "counts_in": "every budget, obligation and expenditure figure, the "
            "deadlines and the reports to Treasury",
            "history_url": history,
        },
    )


@editor_required
def restore_entry(request, pk: int):
    return _restore_entry(request, SpendingEntry, pk)


@editor_required
def restore_budget(request, pk: int):
    return _restore_entry(request, BudgetEntry, pk)


# --- History pages -----------------------------------------------------------------------


def _history_page(
    request, model, pk: int, *, title: str, back: tuple[str, str], **extra
):
    record = get_object_or_404(model._default_manager, pk=pk)
    return render(
        request,
        "audit/history.html",
        {
            "record": record,
            "title": title.format(record=record),
            "versions": versions(model, history_rows(model, id=pk)),
            "back_url": back[0],
            "back_label": back[1],
            **extra,
        },
    )


@viewer_required
def entry_history(request, pk: int):
    return _history_page(
        request,
        SpendingEntry,
        pk,
        title="History of spending entry {record.pk}",
        back=(reverse("funding:ledger"), "Back to the ledger"),
        restore_url=reverse("funding:restore_entry", args=[pk]),
    )


@viewer_required
def budget_history(request, pk: int):
    return _history_page(
        request,
        BudgetEntry,
        pk,
        title="History of budget entry {record.pk}",
        back=(reverse("funding:budget_list"), "Back to the budget entries"),
        restore_url=reverse("funding:restore_budget", args=[pk]),
    )


@viewer_required
def project_history(request, pk: int):
    return _history_page(
        request,
        TreasuryProject,
        pk,
        title="History of project {record.identifier}",
        back=(reverse("funding:period_report"), "Back to the reports to Treasury"),
    )


@viewer_required
def area_history(request, pk: int):
    return _history_page(
        request,
        FundingArea,
        pk,
        title="History of the funding area {record.name}",
        back=(reverse("funding:overview"), "Back to the funding overview"),
    )


@public_cache(DATA)
def api_funding(request):
    """Public, aggregate-only figures of the program's money as of a date (default today);
    with `recorded_at`, as they had been recorded at that past moment. Anonymous
    visitors get the published dates and moments only (FundingParameters)."""
    form = FundingParameters(request)
    if not form.is_valid():
        return JsonResponse({"error": form.first_error()}, status=400)
    recorded_at = form.cleaned_data["recorded_at"]
    # Computed once per data version and day, even for requests that skip the
    # response cache (a session cookie).
    summary = cached_figures(
        "funding",
        funding_summary,
        form.cleaned_data["as_of"],
        None,
        Ledger(recorded_at),
    )
    if summary is None:
        return JsonResponse({"error": "No program has been recorded yet."}, status=404)
    data = funding_json(summary)
    if recorded_at:
        data["recorded_at"] = recorded_at_param(recorded_at)
    return JsonResponse(data)


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
