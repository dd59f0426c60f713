import datetime
import hashlib

from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin, SingleTableView

from binghamton_safety.roles import editor_required, is_editor, viewer_required

from . import services, ytd
from .filters import IncidentFilter
from .forms import (
    DataCompletenessForm,
    FirearmRecoveryForm,
    ImportForm,
    IncidentForm,
    VictimFormSet,
)
from .models import DataCompleteness, FirearmRecovery, Incident
from .tables import FirearmRecoveryTable, IncidentTable

IMPORT_SESSION_KEY = "incidents_import"
PREVIEW_ROWS = 10


class IncidentListView(SingleTableMixin, FilterView):
    table_class = IncidentTable
    filterset_class = IncidentFilter
    template_name = "incidents/incident_list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        return viewer_required(super().dispatch)(request, *args, **kwargs)

    def get_queryset(self):
        return Incident.objects.with_victim_counts().order_by("-date", "-time", "-pk")

    def get_table_kwargs(self):
        return {"can_edit": is_editor(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            complete_through=DataCompleteness.current(), **kwargs
        )


@viewer_required
def incident_detail(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "victims": incident.victims.all(),
            "recoveries": incident.firearm_recoveries.all(),
        },
    )


def _save_incident(request, incident: Incident | None):
    adding = incident is None
    incident = incident or Incident()
    data = request.POST if request.method == "POST" else None
    form = IncidentForm(data, instance=incident)
    formset = VictimFormSet(data, instance=incident, prefix="victims")
    if request.method == "POST":
        # The incident form first: the victims' check reads its cleaned fields.
        form_ok = form.is_valid()
        if formset.is_valid() and form_ok:
            with transaction.atomic():
                form.save()
                formset.save()
            verb = "Added" if adding else "Saved"
            messages.success(request, f"{verb} incident {incident.case_number}.")
            return redirect("incidents:incident_list")
    return render(
        request,
        "incidents/incident_form.html",
        {"form": form, "formset": formset, "incident": None if adding else incident},
    )


@editor_required
def incident_add(request):
    return _save_incident(request, None)


@editor_required
def incident_edit(request, pk: int):
    return _save_incident(request, get_object_or_404(Incident, pk=pk))


class RecoveryListView(SingleTableView):
    table_class = FirearmRecoveryTable
    template_name = "incidents/recovery_list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        return viewer_required(super().dispatch)(request, *args, **kwargs)

    def get_queryset(self):
        return FirearmRecovery.objects.select_related("incident")

    def get_table_kwargs(self):
        return {"can_edit": is_editor(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            complete_through=DataCompleteness.current(), **kwargs
        )


def _save_recovery(request, recovery: FirearmRecovery | None):
    form = FirearmRecoveryForm(request.POST or None, instance=recovery)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        verb = "Saved" if recovery else "Recorded"
        messages.success(request, f"{verb}: {saved}.")
        return redirect("incidents:recovery_list")
    return render(
        request, "incidents/recovery_form.html", {"form": form, "recovery": recovery}
    )


@editor_required
def recovery_add(request):
    return _save_recovery(request, None)


@editor_required
def recovery_edit(request, pk: int):
    return _save_recovery(request, get_object_or_404(FirearmRecovery, pk=pk))


@editor_required
def complete_through(request):
    current = DataCompleteness.objects.filter(pk=1).first()
    form = DataCompletenessForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.set_by = request.user
        record.save()
        messages.success(
            request, f"Data complete through {record.complete_through:%B %-d, %Y}."
        )
        return redirect("incidents:incident_list")
    return render(
        request, "incidents/completeness_form.html", {"form": form, "current": current}
    )


# --- Import: upload, preview, confirm ---------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _preview(request, plan: services.ImportPlan, stored: dict | None):
    return render(
        request,
        "incidents/import_preview.html",
        {
            "plan": plan,
            "rows": [(r, plan.action(r)) for r in plan.records[:PREVIEW_ROWS]],
            "format_label": services.FORMATS[plan.format],
            "stored": stored,
        },
    )


@editor_required
def import_upload(request):
    """Check an uploaded file and show what it would change; nothing is saved yet."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        fmt = form.cleaned_data["format"]
        plan = services.plan(content, fmt)
        stored = None
        if plan.ok:
            text, _ = services.decode(content)
            day = form.cleaned_data["complete_through"]
            stored = {
                "text": text,
                "format": fmt,
                "name": form.cleaned_data["file"].name,
                "complete_through": day.isoformat() if day else None,
                "digest": _digest(text),
            }
            request.session[IMPORT_SESSION_KEY] = stored
        return _preview(request, plan, stored)
    return render(
        request,
        "incidents/import_form.html",
        {
            "form": form,
            "columns": services.CANONICAL_COLUMNS,
            "recovery_columns": services.RECOVERY_COLUMNS,
        },
    )


@editor_required
@require_POST
def import_confirm(request):
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or request.POST.get("digest") != stored["digest"]:
        messages.error(
            request,
            "That preview is no longer current (another file was uploaded since). "
            "Upload the file again.",
        )
        return redirect("incidents:import")
    day = stored["complete_through"]
    plan = services.apply(
        stored["text"],
        stored["format"],
        complete_through=datetime.date.fromisoformat(day) if day else None,
        user=request.user,
    )
    if not plan.ok:  # the database changed since the preview
        return _preview(request, plan, None)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, f"Imported {stored['name']}. {plan.summary()}")
    if plan.is_incidents:
        return redirect("incidents:incident_list")
    return redirect("incidents:recovery_list")


# --- Open data --------------------------------------------------------------------------


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def api_ytd(request):
    """Public, aggregate-only year-to-date comparison (see the README for the shape)."""
    complete_through = DataCompleteness.current()
    latest = complete_through or timezone.localdate()
    raw_as_of = request.GET.get("as_of")
    raw_compare = request.GET.get("compare")
    as_of = latest
    if raw_as_of:
        try:
            as_of = services.strict_date(raw_as_of)
        except ValueError as error:
            return _bad_request(f"as_of: {error}")
    if as_of > latest:
        what = (
            "the data are complete only through"
            if complete_through
            else "that is after today,"
        )
        return _bad_request(
            f"as_of {as_of.isoformat()} is too late: {what} {latest.isoformat()}."
        )
    compare_year = None
    if raw_compare:
        if not raw_compare.isdigit() or not 1 <= int(raw_compare) < as_of.year:
            return _bad_request(
                f"compare must be a year before {as_of.year}, not {raw_compare!r}."
            )
        compare_year = int(raw_compare)
    return JsonResponse(ytd_json(ytd.compare(as_of, compare_year)))


def _number(value) -> float | None:
    return None if value is None else float(value)


def ytd_json(result: ytd.YtdComparison) -> dict:
    """Counts and statistics only: no case number, place, note or victim detail."""

    def window(w: ytd.Window) -> dict:
        return {"year": w.year, "start": w.start.isoformat(), "end": w.end.isoformat()}

    rolling = result.last_28_days
    return {
        "as_of": result.as_of.isoformat(),
        "data_complete_through": (
            result.data_complete_through.isoformat()
            if result.data_complete_through
            else None
        ),
        "current": window(result.current),
        "previous": window(result.previous),
        "metrics": {
            key: {
                "label": m.label,
                "current": m.current,
                "previous": m.previous,
                "change": m.change,
                "change_pct": _number(m.change_pct),
                "z": _number(m.z),
                "signal": m.signal,
                "five_year_average": _number(m.five_year_average),
            }
            for key, m in result.metrics.items()
        },
        "last_28_days": {
            "start": rolling.current_window.start.isoformat(),
            "end": rolling.current_window.end.isoformat(),
            "metrics": {
                key: {"current": current, "previous": previous}
                for key, (current, previous) in rolling.counts.items()
            },
        },
        "notes": result.notes,
    }
