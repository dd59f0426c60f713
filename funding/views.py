"""The funding app's staff pages: the overview, the reports to Treasury and their
downloads and import, the ledger and budget entries (their lifecycle in audit/lifecycle.py),
and the public funding API."""

import io
import time
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.views import View

from audit.history import figure_changes
from audit.lifecycle import RESTORE, VOID, Lifecycle, history_page
from audit.views import RecordListView
from binghamton_safety.paging import PARAMETER, page_size
from binghamton_safety.parameters import recorded_at_param
from binghamton_safety.progress import checked_in
from binghamton_safety.roles import editor_required, viewer_required
from binghamton_safety.spreadsheet import csv_writer

from .awards import entry_award_problems, entry_date_problems, void_award_problems
from .deadlines import deadline_status
from .filters import BudgetEntryFilter, SpendingEntryFilter
from .forms import (
    AwardForm,
    BudgetEntryForm,
    ExportForm,
    ImportConfirmForm,
    OverviewForm,
    PeriodChoiceForm,
    PeriodImportForm,
    ProjectEvidenceForm,
    SpendingEntryForm,
)
from .ledger_rules import ledger_problems, void_problems
from .models import (
    Award,
    BudgetEntry,
    FundingArea,
    Ledger,
    Program,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
)
from .period_import import import_period_report
from .reporting import (
    category_summary,
    period_figures,
    period_revisions,
    period_subawards,
    report_totals,
    sample_notice,
    write_category_csv,
    write_csv,
    write_subaward_csv,
    write_xlsx,
)
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
CSV = "text/csv; charset=utf-8"
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
            "subawards": period_subawards(figures, ledger),
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


def _export_name(period: ReportingPeriod, program, recorded_at) -> str:
    parts = ["treasury-report", period.name]
    if program:
        parts.append(slugify(program.name))
    if recorded_at:
        parts.append(f"as-recorded-{timezone.localtime(recorded_at):%Y-%m-%dT%H%M}")
    return "-".join(part for part in parts if part)


def _exported(
    write, extension: str, content_type: str, binary: bool = False, awards=False
):
    """A download view of a period's figures (with `?program=` and `?recorded_at=`),
    written by `write(figures, out)`, or with `awards` by `write(figures, out,
    ledger)`: the awards are read from the same moment's ledger."""

    @viewer_required
    def view(request, name: str):
        period = get_object_or_404(ReportingPeriod, name=name)
        form = ExportForm(request.GET)
        if not form.is_valid():
            if "program" in form.errors:
                raise Http404("No such program.")
            return HttpResponseBadRequest(
                form.errors["recorded_at"][0], content_type="text/plain"
            )
        data = form.cleaned_data
        program, recorded_at = data["program"], data["recorded_at"]
        out = io.BytesIO() if binary else io.StringIO()
        ledger = Ledger(recorded_at)
        figures = period_figures(period, program, ledger)
        if awards:
            write(figures, out, ledger)
        else:
            write(figures, out)
        filename = _export_name(period, program, recorded_at) + extension
        return _attachment(out.getvalue(), content_type, filename)

    return view


def _attachment(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


period_report_csv = _exported(write_csv, ".csv", CSV)
period_report_categories_csv = _exported(write_category_csv, "-by-category.csv", CSV)
period_report_subawards_csv = _exported(
    write_subaward_csv, "-subawards.csv", CSV, awards=True
)
period_report_xlsx = _exported(write_xlsx, ".xlsx", XLSX, binary=True, awards=True)


@editor_required
def import_report(request):
    """Upload a report, see what the import would do, then confirm to save it."""
    if "token" in request.POST:
        return _confirm_import(request)
    form = PeriodImportForm(request.POST or None, request.FILES or None)
    report = token = None
    checked = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        started = time.perf_counter()
        report = import_period_report(
            data["file"], data["program"], data["area"], dry_run=True
        )
        checked = checked_in(report.rows, time.perf_counter() - started)
        if not report.problems:
            token = form.preview_token(request.FILES["file"].name)
    return _import_page(request, form, report, token, checked)


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


def _import_page(request, form, report, token, checked=""):
    return render(
        request,
        "funding/import_report.html",
        {
            "form": form,
            "report": report,
            "checked": checked,  # "Checked 1,234 rows in 0.4 s."
            "token": token,
            "program_names": Program.objects.order_by("name").values_list(
                "name", flat=True
            ),
            "area_names": FundingArea.objects.order_by("name")
            .values_list("name", flat=True)
            .distinct(),
        },
    )


def _lock_ledger() -> None:
    # Serialize ledger writes: the invariants read many rows, so two saves at once
    # must not both pass their checks against the same old figures.
    list(Program.objects.select_for_update().values_list("pk", flat=True))


# --- Ledger entries: record, correct, void, restore, history -----------------------------


class LedgerView(RecordListView):
    """Every spending entry, newest first."""

    queryset = SpendingEntry.all_objects.select_related("area", "project")
    table_class = SpendingEntryTable
    filterset_class = SpendingEntryFilter
    template_name = "funding/ledger.html"


@viewer_required
def ledger_csv(request):
    """Exactly the rows the ledger page shows for the same filters, unpaginated."""
    listed = SpendingEntryFilter(
        request.GET or None, queryset=LedgerView.queryset.all()
    )
    response = _attachment("", CSV, "ledger.csv")
    writer = csv_writer(response)
    writer.writerow([name for name, _ in LEDGER_CSV_COLUMNS])
    fields = (field for _, field in LEDGER_CSV_COLUMNS)
    rows = listed.qs.order_by("occurred_on", "pk").values_list(*fields)
    for row in rows.iterator():
        writer.writerow(["" if value is None else value for value in row])
    return response


class BudgetListView(RecordListView):
    """Every adopted budget and amendment, oldest first."""

    queryset = BudgetEntry.all_objects.select_related("area", "project")
    table_class = BudgetEntryTable
    filterset_class = BudgetEntryFilter
    template_name = "funding/budget_list.html"


class LedgerEntries(Lifecycle):
    """A ledger entry's pages: each save, void and restore takes the ledger's lock, and
    keeps the ledger's rules."""

    noun = "entry"
    counts_in = (
        "every budget, obligation and expenditure figure, the deadlines and the reports "
        "to Treasury"
    )
    related = ("area__program", "project")
    history_title = "History of {record._meta.verbose_name} {record.pk}"

    def url_name(self, action: str) -> str:
        # Their names put the verb first: record_entry, correct_budget, void_budget.
        if action in ("list", "history"):
            return super().url_name(action)
        verb = {"add": "record", "edit": "correct"}.get(action, action)
        return f"{verb}_{self.url_stem}"

    def lock(self) -> None:
        _lock_ledger()

    def problems(self, step, entry) -> list[str]:
        if step is VOID:
            return [
                f"{problem} Void or correct the entries that depend on it first."
                for problem in void_problems(entry)
            ]
        # Counting it again must keep the ledger whole, as saving it anew would.
        return ledger_problems(entry)

    def save(self, request, forms: dict):
        entry = forms["form"].save(commit=False)
        entry.recorded_by = request.user
        entry.save()
        return entry


class SpendingEntries(LedgerEntries):
    """Obligations and expenditures, listed in the ledger."""

    model = SpendingEntry
    form_class = SpendingEntryForm
    url_stem = "entry"  # record_entry, correct_entry, void_entry, ...; list: ledger
    back_label = "Back to the ledger"

    def url_name(self, action: str) -> str:
        return "ledger" if action == "list" else super().url_name(action)

    def problems(self, step, entry) -> list[str]:
        problems = super().problems(step, entry)
        if step is RESTORE and entry.award_id:
            # Its award may have been voided since, or corrected to other dates.
            problems += entry_award_problems(entry) + entry_date_problems(entry)
        return problems


class BudgetEntries(LedgerEntries):
    """Adopted budgets and amendments."""

    model = BudgetEntry
    form_class = BudgetEntryForm
    url_stem = "budget"  # budget_list, record_budget, correct_budget, void_budget, ...
    back_label = "Back to the budget entries"


SPENDING = SpendingEntries()
BUDGET = BudgetEntries()


def _history_view(model, title: str, back: tuple[str, str]):
    """The history page of a record that is never voided (a project, an area): `title`
    is formatted with it, and `back` is the url name and words of the link back."""

    @viewer_required
    def view(request, pk: int):
        record = get_object_or_404(model, pk=pk)
        return history_page(
            request,
            record,
            title=title.format(record=record),
            back_url=reverse(back[0]),
            back_label=back[1],
        )

    return view


project_history = _history_view(
    TreasuryProject,
    "History of project {record.identifier}",
    back=("funding:period_report", "Back to the reports to Treasury"),
)
area_history = _history_view(
    FundingArea,
    "History of the funding area {record.name}",
    back=("funding:overview", "Back to the funding overview"),
)


# --- Awards (their lifecycle in audit/lifecycle.py), and a project's evidence -------------------------------------------------------


class AwardListView(View):
    """Every award that counts, with what has been obligated and spent under it, a page
    of at most 200; below, the void ones, each linked to its history (to restore it)."""

    lifecycle = None  # the awards' pages (Lifecycle.url_patterns)

    @method_decorator(viewer_required)
    def get(self, request):
        try:
            size = page_size(request.GET.get(PARAMETER))
        except ValueError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain")
        awards = (
            Award.objects.select_related("area", "project")
            .with_spending()
            .order_by("area__position", "number")
        )
        page = Paginator(awards, size).get_page(request.GET.get("page"))
        voided = Award.all_objects.filter(voided_at__isnull=False).order_by("number")
        return render(
            request, "funding/award_list.html", {"page": page, "voided": voided}
        )


class Awards(Lifecycle):
    """An award's pages: each save, void and restore takes the ledger's lock; an award
    is voided only once no entry that counts is under it."""

    model = Award
    noun = "award"
    counts_in = (
        "the awards' list, the subaward section of the reports to Treasury, the public "
        "area pages and open data, or the choices of the entry form"
    )
    form_class = AwardForm
    url_stem = "award"
    related = ("area", "project")
    history_title = "History of award {record.number}"
    back_label = "Back to the awards"
    added = changed = "Saved award {record.number}."

    def lock(self) -> None:
        _lock_ledger()

    def problems(self, step, award) -> list[str]:
        return void_award_problems(award) if step is VOID else []


AWARDS = Awards()


@editor_required
def project_evidence(request, pk: int):
    """Treasury's evidence questions of one project, set by editors."""
    project = get_object_or_404(TreasuryProject, pk=pk)
    form = ProjectEvidenceForm(request.POST or None, instance=project)
    if request.method == "POST":
        with transaction.atomic():
            if form.is_valid():
                form.save()
                messages.success(request, f"Saved the evidence of {project}.")
                return redirect("funding:period_report")
    return render(
        request,
        "funding/project_evidence_form.html",
        {"form": form, "project": project},
    )
