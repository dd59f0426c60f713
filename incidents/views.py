"""The incidents app's staff pages: incidents and firearm recoveries (their lifecycle in
audit/lifecycle.py), the date the data is complete through, the import, and the public
year-to-date API."""

import datetime
import hashlib
import json
import time

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.history import Change, Version, history_rows, versions
from audit.lifecycle import Lifecycle
from audit.views import RecordListView
from binghamton_safety.progress import checked_in
from binghamton_safety.roles import editor_required, viewer_required
from binghamton_safety.wording import count_of
from places import maps
from places.models import Place, PlaceKind, code_order

from . import upload_formats
from .filters import FirearmRecoveryFilter, IncidentFilter
from .forms import (
    DataCompletenessForm,
    FirearmRecoveryForm,
    ImportForm,
    IncidentForm,
    IncidentMapForm,
    VictimFormSet,
)
from .imports import canonical, reading, recoveries, save
from .imports import plan as planning
from .imports.effect import figures_if_saved
from .models import DataCompleteness, FirearmRecovery, Incident, Victim
from .tables import FirearmRecoveryTable, IncidentTable

IMPORT_SESSION_KEY = "incidents_import"
PREVIEW_ROWS = 10


def _victims_submitted(formset) -> list[str]:
    outcomes = []
    for form in formset.forms:
        outcome = form["outcome"].value()
        if outcome in Victim.Outcome.values and not form["DELETE"].value():
            outcomes.append(Victim.Outcome(outcome).label)
    return sorted(outcomes)


class _IncidentsList(RecordListView):
    """A list that shows the date the data is complete through."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            complete_through=DataCompleteness.current(), **kwargs
        )


class IncidentListView(_IncidentsList):
    """Every incident, newest first."""

    queryset = Incident.all_objects.with_victim_counts().order_by(
        "-date", "-time", "-pk"
    )
    table_class = IncidentTable
    filterset_class = IncidentFilter
    template_name = "incidents/incident_list.html"


class RecoveryListView(_IncidentsList):
    """Every firearm recovery, newest first."""

    queryset = FirearmRecovery.all_objects.select_related("incident").prefetch_related(
        Prefetch("places", Place.objects.only("kind", "code", "name"))
    )
    table_class = FirearmRecoveryTable
    filterset_class = FirearmRecoveryFilter
    template_name = "incidents/recovery_list.html"


class Incidents(Lifecycle):
    """Incidents, each edited with its victims (the people shot); the url names are
    incident_list, incident_add, incident_edit, incident_void, incident_restore,
    incident_history and incident_detail (its own page)."""

    model = Incident
    noun = "incident"
    counts_in = "the year-to-date figures, charts and open data, with its victims"
    form_class = IncidentForm
    url_stem = "incident"
    history_title = "History of incident {record.case_number}"
    added = "Added incident {record.case_number}."
    changed = "Saved incident {record.case_number}."

    def url_patterns(self, prefix: str, list_view, list_path: str | None = None):
        """The lifecycle's pages, and the incident's own page at <pk>/."""
        detail = viewer_required(self.detail)
        return [
            *super().url_patterns(prefix, list_view, list_path),
            path(f"{prefix}<int:pk>/", detail, name=self.url_name("detail")),
        ]

    def detail(self, request, pk: int):
        """The incident, its victims and the firearms recovered with it."""
        incident = get_object_or_404(self.records(), pk=pk)
        return render(
            request,
            "incidents/incident_detail.html",
            {
                "incident": incident,
                "victims": incident.victims.all(),
                "places": incident.places.only("kind", "code", "name"),
                "recoveries": incident.firearm_recoveries.all(),
            },
        )

    def forms(self, data, record) -> dict:
        form = IncidentForm(data, instance=record)
        # The victims' check reads the incident form's cleaned fields: it comes first.
        formset = VictimFormSet(data, instance=form.instance, prefix="victims")
        return {"form": form, "formset": formset}

    def changes(self, submitted, saved_forms, saved) -> list[Change]:
        changes = super().changes(submitted, saved_forms, saved)
        theirs = ", ".join(_victims_submitted(submitted["formset"])) or "None"
        now = ", ".join(sorted(v.get_outcome_display() for v in saved.victims.all()))
        if theirs != (now or "None"):
            changes.append(Change("People shot", theirs, now or "None"))
        return changes

    def explain_refusal(self, forms) -> bool:
        # Editors saving the same case number at once all pass the form's check; the
        # database keeps the first (incident_case_number_unique), the others get their
        # form back, saying so.
        form = forms["form"]
        number = form.cleaned_data.get("case_number")
        others = Incident.all_objects.exclude(pk=form.instance.pk)
        if not number or not others.filter(case_number=number).exists():
            return False
        form.add_error(
            "case_number", f"An incident with the case number {number} already exists."
        )
        return True

    def cancel_url(self, record) -> str:
        if record is None:
            return self.url("list")
        return self.url("detail", record.pk)

    def history_versions(self, record) -> list[Version]:
        """The incident's versions and its victims' (added, changed, removed)."""
        found = super().history_versions(record)
        found += versions(
            Victim,
            history_rows(Victim, incident_id=record.pk),
            subject=lambda row: "Person shot",
            hidden={"incident"},
        )
        found.sort(key=lambda version: version.when, reverse=True)
        return found

    def history_links(self, record) -> list[tuple[str, str]]:
        return [(self.url("detail", record.pk), "The incident")]


class Recoveries(Lifecycle):
    """Firearm recoveries; the url names are recovery_list, recovery_add, recovery_edit,
    recovery_void, recovery_restore and recovery_history."""

    model = FirearmRecovery
    noun = "recovery"
    counts_in = (
        "the firearms recovered in the year-to-date figures, charts and open data"
    )
    form_class = FirearmRecoveryForm
    url_stem = "recovery"
    history_title = "History of recovery {record.reference}"


INCIDENTS = Incidents()
RECOVERIES = Recoveries()


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


# --- The incident map (staff only: the dots are exact locations) -----------------------


def _default_kind() -> str:
    """The first kind of place with a boundary, else council districts."""
    kinds = PlaceKind.of_records()
    found = set(
        Place.objects.filter(kind__in=kinds)
        .exclude(boundary_summary="")
        .values_list("kind", flat=True)
        .distinct()
    )
    return next((k.value for k in kinds if k in found), PlaceKind.COUNCIL_DISTRICT)


def _map_sentence(year: int, total: int, placed: int) -> str:
    """ "12 incidents in 2024: 10 on the map, 2 without coordinates."."""
    if not total:
        return f"No incident is recorded in {year}."
    drawn = min(placed, maps.MAX_POINTS)
    text = f"{count_of(total, 'incident')} in {year}: {drawn:,} on the map"
    if placed > drawn:
        text += f" (the first of {placed:,} with coordinates)"
    return f"{text}, {total - placed:,} without coordinates."


def _map_context(year: int, kind: PlaceKind) -> dict:
    """The map of the year's incidents over the kind's boundaries, its sentence and the
    count in each place: four queries, however many incidents."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    incidents = Incident.objects.in_period(start, end)
    counts = incidents.aggregate(
        total=Count("pk"), placed=Count("pk", filter=Q(latitude__isnull=False))
    )
    located = incidents.filter(latitude__isnull=False).order_by("date", "pk")
    points = [
        (longitude, latitude, f"{case_number}, {day:%Y-%m-%d}")
        for longitude, latitude, case_number, day in located.values_list(
            "longitude", "latitude", "case_number", "date"
        )[: maps.MAX_POINTS]
    ]
    in_year = Q(incidents__date__range=(start, end), incidents__voided_at__isnull=True)
    places = sorted(
        Place.objects.filter(kind=kind)
        .only("code", "name", "web_boundary")
        .annotate(count=Count("incidents", filter=in_year)),
        key=code_order,
    )
    title = f"Incidents in {year} over the {kind.plural_label.lower()}"
    return {
        "map": maps.points(places, points, title=title),
        "sentence": _map_sentence(year, counts["total"], counts["placed"]),
        "counted": [place for place in places if place.count],
        "uncounted": sum(1 for place in places if not place.count),
        "kind": kind,
        "year": year,
        "outside": counts["total"] - sum(place.count for place in places),
    }


@viewer_required
def incident_map(request):
    """The year's incidents with coordinates as dots over a kind's boundaries; bad
    parameters are a 400 with the form's message."""
    latest = Incident.objects.order_by("-date").values_list("date", flat=True).first()
    default_year = (latest or timezone.localdate()).year
    form = IncidentMapForm(request.GET, year=default_year, kind=_default_kind())
    if not form.is_valid():
        return render(
            request, "incidents/incident_map.html", {"form": form}, status=400
        )
    kind = PlaceKind(form.cleaned_data["kind"])
    context = _map_context(form.cleaned_data["year"], kind)
    return render(request, "incidents/incident_map.html", {"form": form, **context})


# --- Import: upload, preview, confirm ---------------------------------------------------


def _digest(text: str, fmt: dict) -> str:
    """Names exactly what was previewed: the file and the format (a stored one's text)."""
    return hashlib.sha256(json.dumps([text, fmt], sort_keys=True).encode()).hexdigest()


def _preview(
    request, plan: planning.ImportPlan, stored: dict | None, label: str, checked=""
):
    return render(
        request,
        "incidents/import_preview.html",
        {
            "plan": plan,
            "checked": checked,  # "Checked 1,234 rows in 0.4 s."
            "rows": [(r, plan.action(r)) for r in plan.records[:PREVIEW_ROWS]],
            "format_label": label,
            "stored": stored,
        },
    )


def _stored_upload(form: ImportForm, upload) -> dict:
    """What the session keeps of a clean upload for the confirm step."""
    upload.seek(0)
    text, _ = reading.decode(upload.read())
    day = form.cleaned_data["complete_through"]
    fmt = form.cleaned_data["format"]
    return {
        "text": text,
        "format": fmt,
        "name": upload.name,
        "complete_through": day.isoformat() if day else None,
        "digest": _digest(text, fmt),
    }


@editor_required
def import_upload(request):
    """Check an uploaded file and show what it would change; nothing is saved yet."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = form.cleaned_data["format"]
        # Read as a stream: a file of bad rows costs the first 200 problems, not a copy
        # of every row. Only a clean file is read whole, for the confirm step.
        started = time.perf_counter()
        plan = planning.plan(upload, upload_formats.reader(fmt))
        checked = checked_in(plan.rows_read, time.perf_counter() - started)
        stored = None
        if plan.ok:
            figures_if_saved(plan, form.cleaned_data["complete_through"])
            stored = request.session[IMPORT_SESSION_KEY] = _stored_upload(form, upload)
        return _preview(request, plan, stored, fmt["label"], checked)
    return render(
        request,
        "incidents/import_form.html",
        {
            "form": form,
            "columns": canonical.CANONICAL_COLUMNS,
            "recovery_columns": recoveries.RECOVERY_COLUMNS,
        },
    )


def _previewed(request) -> dict | None:
    """The upload the confirm button was shown with, if it is still the session's."""
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or request.POST.get("digest") != stored["digest"]:
        return None
    if not isinstance(stored.get("format"), dict):  # kept before formats were stored
        return None
    return stored


@editor_required
@require_POST
def import_confirm(request):
    stored = _previewed(request)
    if stored is None:
        messages.error(
            request,
            "That preview is no longer current (another file was uploaded since). "
            "Upload the file again.",
        )
        return redirect("incidents:import")
    day = stored["complete_through"]
    plan = save.apply(
        stored["text"],
        upload_formats.reader(stored["format"]),  # read and checked at the preview
        complete_through=datetime.date.fromisoformat(day) if day else None,
        user=request.user,
    )
    if not plan.ok:  # the database changed since the preview
        return _preview(request, plan, None, stored["format"]["label"])
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, f"Imported {stored['name']}. {plan.summary()}")
    if plan.is_incidents:
        return redirect("incidents:incident_list")
    return redirect("incidents:recovery_list")


# --- Open data --------------------------------------------------------------------------
