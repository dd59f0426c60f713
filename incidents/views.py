import datetime
import hashlib

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from audit.conflicts import claim, differences, edit_conflict
from audit.forms import RestoreForm, VoidForm
from audit.history import Change, history_rows, versions
from binghamton_safety.cache import DATA, cached_figures, public_cache
from binghamton_safety.paging import BoundedPageSize
from binghamton_safety.parameters import recorded_at_param
from binghamton_safety.roles import editor_required, is_editor, viewer_required

from . import ytd
from .api_forms import YtdParameters
from .filters import FirearmRecoveryFilter, IncidentFilter
from .forms import (
    DataCompletenessForm,
    FirearmRecoveryForm,
    ImportForm,
    IncidentForm,
    VictimFormSet,
)
from .imports import canonical, formats, reading, recoveries, save
from .imports import plan as planning
from .models import DataCompleteness, FirearmRecovery, Incident, Victim
from .tables import FirearmRecoveryTable, IncidentTable

IMPORT_SESSION_KEY = "incidents_import"
PREVIEW_ROWS = 10


class IncidentListView(BoundedPageSize, SingleTableMixin, FilterView):
    """Every incident, voided ones included and marked (they count in no figure)."""

    table_class = IncidentTable
    filterset_class = IncidentFilter
    template_name = "incidents/incident_list.html"

    def dispatch(self, request, *args, **kwargs):
        return viewer_required(super().dispatch)(request, *args, **kwargs)

    def get_queryset(self):
        return Incident.all_objects.with_victim_counts().order_by(
            "-date", "-time", "-pk"
        )

    def get_table_kwargs(self):
        return {"can_edit": is_editor(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            complete_through=DataCompleteness.current(), **kwargs
        )


@viewer_required
def incident_detail(request, pk: int):
    incident = get_object_or_404(
        Incident.all_objects.select_related("voided_by"), pk=pk
    )
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "victims": incident.victims.all(),
            "recoveries": incident.firearm_recoveries.all(),
        },
    )


def _victims_submitted(formset) -> list[str]:
    outcomes = []
    for form in formset.forms:
        outcome = form["outcome"].value()
        if outcome in Victim.Outcome.values and not form["DELETE"].value():
            outcomes.append(Victim.Outcome(outcome).label)
    return sorted(outcomes)


def _incident_conflict(request, form, formset, incident: Incident):
    """Someone saved the incident since this form was opened: keep their save, show what
    differs, and start again from the saved incident."""
    saved = Incident.all_objects.get(pk=incident.pk)
    fresh = IncidentForm(instance=saved)
    changes = differences(form, fresh)
    theirs = ", ".join(_victims_submitted(formset)) or "None"
    now = ", ".join(sorted(v.get_outcome_display() for v in saved.victims.all()))
    if theirs != (now or "None"):
        changes.append(Change("People shot", theirs, now or "None"))
    conflict = edit_conflict(saved, changes)
    if saved.is_voided:
        messages.error(
            request,
            f"{conflict.who} voided incident {saved.case_number} while you were editing "
            "it; your changes were not saved.",
        )
        return redirect("incidents:incident_history", saved.pk)
    return render(
        request,
        "incidents/incident_form.html",
        {
            "form": fresh,
            "formset": VictimFormSet(instance=saved, prefix="victims"),
            "incident": saved,
            "conflict": conflict,
        },
    )


def _case_number_taken(form, incident: Incident) -> bool:
    """After an IntegrityError: whether another incident now holds the form's case
    number; if so the form says so."""
    number = form.cleaned_data.get("case_number")
    others = Incident.all_objects.exclude(pk=incident.pk)
    if not number or not others.filter(case_number=number).exists():
        return False
    form.add_error(
        "case_number", f"An incident with the case number {number} already exists."
    )
    return True


def _save_incident(request, incident: Incident | None):
    adding = incident is None
    if not adding and incident.is_voided:
        messages.error(request, "This incident is void: it can no longer be edited.")
        return redirect("incidents:incident_history", incident.pk)
    incident = incident or Incident()
    data = request.POST if request.method == "POST" else None
    form = IncidentForm(data, instance=incident)
    formset = VictimFormSet(data, instance=incident, prefix="victims")
    if request.method == "POST":
        try:
            with transaction.atomic():
                if not adding and not claim(incident, form.opened_version()):
                    return _incident_conflict(request, form, formset, incident)
                # The incident form first: the victims' check reads its cleaned fields.
                form_ok = form.is_valid()
                if formset.is_valid() and form_ok:
                    form.save()
                    formset.save()
                    verb = "Added" if adding else "Saved"
                    messages.success(
                        request, f"{verb} incident {incident.case_number}."
                    )
                    return redirect("incidents:incident_list")
        except IntegrityError:
            # Editors saving the same case number at once all pass the form's check;
            # the database keeps the first (incident_case_number_unique), the others
            # get their form back.
            if not _case_number_taken(form, incident):
                raise
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


class RecoveryListView(BoundedPageSize, SingleTableMixin, FilterView):
    """Every recovery, voided ones included and marked (they count in no figure)."""

    table_class = FirearmRecoveryTable
    filterset_class = FirearmRecoveryFilter
    template_name = "incidents/recovery_list.html"

    def dispatch(self, request, *args, **kwargs):
        return viewer_required(super().dispatch)(request, *args, **kwargs)

    def get_queryset(self):
        return FirearmRecovery.all_objects.select_related("incident")

    def get_table_kwargs(self):
        return {"can_edit": is_editor(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            complete_through=DataCompleteness.current(), **kwargs
        )


def _save_recovery(request, recovery: FirearmRecovery | None):
    if recovery is not None and recovery.is_voided:
        messages.error(request, "This recovery is void: it can no longer be edited.")
        return redirect("incidents:recovery_history", recovery.pk)
    form = FirearmRecoveryForm(request.POST or None, instance=recovery)
    conflict = None
    if request.method == "POST":
        with transaction.atomic():
            if recovery is not None and not claim(recovery, form.opened_version()):
                saved = FirearmRecovery.all_objects.get(pk=recovery.pk)
                fresh = FirearmRecoveryForm(instance=saved)
                conflict = edit_conflict(saved, differences(form, fresh))
                if saved.is_voided:
                    messages.error(
                        request,
                        f"{conflict.who} voided this recovery while you were editing "
                        "it; your changes were not saved.",
                    )
                    return redirect("incidents:recovery_history", saved.pk)
                form = fresh
            elif form.is_valid():
                saved = form.save()
                verb = "Saved" if recovery else "Recorded"
                messages.success(request, f"{verb}: {saved}.")
                return redirect("incidents:recovery_list")
    return render(
        request,
        "incidents/recovery_form.html",
        {"form": form, "recovery": recovery, "conflict": conflict},
    )


@editor_required
def recovery_add(request):
    return _save_recovery(request, None)


@editor_required
def recovery_edit(request, pk: int):
    return _save_recovery(request, get_object_or_404(FirearmRecovery, pk=pk))


VOID_COUNTS_IN = {
    "incident": "the year-to-date figures, charts and open data, with its victims",
    "recovery": "the firearms recovered in the year-to-date figures, charts and open data",
}


def _void(request, model, pk: int, *, what: str, back: str, history: str):
    record = get_object_or_404(model.all_objects, pk=pk)
    if record.is_voided:
        messages.info(request, f"This {what} is already void.")
        return redirect(history, pk)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = model.all_objects.select_for_update().get(pk=pk)
            if not record.is_voided:
                record.void(form.cleaned_data["reason"], request.user)
        messages.success(request, f"Voided {what} {record}. It no longer counts.")
        return redirect(back)
    counts_in = VOID_COUNTS_IN[what]
    return render(
        request,
        "audit/void_form.html",
        {
            "form": form,
            "record": record,
            "what": what,
            "counts_in": counts_in,
            "history_url": reverse(history, args=[pk]),
            "cancel_url": reverse(back),
        },
    )


@editor_required
def incident_void(request, pk: int):
    return _void(
        request,
        Incident,
        pk,
        what="incident",
        back="incidents:incident_list",
        history="incidents:incident_history",
    )


@editor_required
def recovery_void(request, pk: int):
    return _void(
        request,
        FirearmRecovery,
        pk,
        what="recovery",
        back="incidents:recovery_list",
        history="incidents:recovery_history",
    )


def _restore(request, model, pk: int, *, what: str, history: str):
    record = get_object_or_404(model.all_objects, pk=pk)
    if not record.is_voided:
        messages.info(request, f"This {what} is not void: it already counts.")
        return redirect(history, pk)
    form = RestoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = model.all_objects.select_for_update().get(pk=pk)
            if record.is_voided:
                record.restore(form.cleaned_data["reason"])
        messages.success(request, f"Restored {what} {record}. It counts again.")
        return redirect(history, pk)
    return render(
        request,
        "audit/restore_form.html",
        {
            "form": form,
            "record": record,
            "what": what,
            "counts_in": VOID_COUNTS_IN[what],
            "history_url": reverse(history, args=[pk]),
        },
    )


@editor_required
def incident_restore(request, pk: int):
    return _restore(
        request, Incident, pk, what="incident", history="incidents:incident_history"
    )


@editor_required
def recovery_restore(request, pk: int):
    return _restore(
        request,
        FirearmRecovery,
        pk,
        what="recovery",
        history="incidents:recovery_history",
    )


@viewer_required
def incident_history(request, pk: int):
    """The incident's versions and its victims' (added, changed, removed), newest first."""
    incident = get_object_or_404(
        Incident.all_objects.select_related("voided_by"), pk=pk
    )
    found = versions(Incident, history_rows(Incident, id=pk))
    found += versions(
        Victim,
        history_rows(Victim, incident_id=pk),
        subject=lambda row: "Person shot",
        hidden={"incident"},
    )
    found.sort(key=lambda version: version.when, reverse=True)
    return render(
        request,
        "audit/history.html",
        {
            "record": incident,
            "title": f"History of incident {incident.case_number}",
            "versions": found,
            "links": [
                (reverse("incidents:incident_detail", args=[pk]), "The incident"),
            ],
            "back_url": reverse("incidents:incident_list"),
            "back_label": "Back to incidents",
            "restore_url": reverse("incidents:incident_restore", args=[pk]),
        },
    )


@viewer_required
def recovery_history(request, pk: int):
    recovery = get_object_or_404(
        FirearmRecovery.all_objects.select_related("voided_by"), pk=pk
    )
    return render(
        request,
        "audit/history.html",
        {
            "record": recovery,
            "title": f"History of recovery {recovery.reference}",
            "versions": versions(FirearmRecovery, history_rows(FirearmRecovery, id=pk)),
            "back_url": reverse("incidents:recovery_list"),
            "back_label": "Back to firearm recoveries",
            "restore_url": reverse("incidents:recovery_restore", args=[pk]),
        },
    )


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


def _preview(request, plan: planning.ImportPlan, stored: dict | None):
    return render(
        request,
        "incidents/import_preview.html",
        {
            "plan": plan,
            "rows": [(r, plan.action(r)) for r in plan.records[:PREVIEW_ROWS]],
            "format_label": formats.FORMATS[plan.format],
            "stored": stored,
        },
    )


@editor_required
def import_upload(request):
    """Check an uploaded file and show what it would change; nothing is saved yet."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = form.cleaned_data["format"]
        # Read as a stream: a file of bad rows costs the first 200 problems, not a copy
        # of every row. Only a clean file is read whole, for the confirm step.
        plan = planning.plan(upload, fmt)
        stored = None
        if plan.ok:
            upload.seek(0)
            text, _ = reading.decode(upload.read())
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
            "columns": canonical.CANONICAL_COLUMNS,
            "recovery_columns": recoveries.RECOVERY_COLUMNS,
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
    plan = save.apply(
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


@public_cache(DATA)
def api_ytd(request):
    """Public, aggregate-only year-to-date comparison (see the README for the shape);
    with `recorded_at`, as the figures had been recorded at that past moment. Anonymous
    visitors get the published dates and moments only (YtdParameters)."""
    form = YtdParameters(request)
    if not form.is_valid():
        return _bad_request(form.first_error())
    records = form.records
    recorded_at = records.recorded_at
    # Computed once per data version and day for every parameter set, even for
    # requests that skip the response cache (a session cookie).
    comparison = cached_figures(
        "ytd",
        ytd.compare,
        form.cleaned_data["as_of"],
        form.cleaned_data["compare"],
        records,
    )
    data = ytd_json(comparison)
    today = timezone.localtime(recorded_at).date() if recorded_at else None
    data["stale_notice"] = ytd.stale_notice(form.complete_through, today)
    if recorded_at:
        data["recorded_at"] = recorded_at_param(recorded_at)
    return JsonResponse(data)


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
            "previous_start": rolling.previous_window.start.isoformat(),
            "previous_end": rolling.previous_window.end.isoformat(),
            "metrics": {
                key: {"current": current, "previous": previous}
                for key, (current, previous) in rolling.counts.items()
            },
        },
        "notes": result.notes,
    }
