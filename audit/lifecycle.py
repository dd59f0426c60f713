"""The life of a voidable record on the staff pages, written once for every kind of record:
adding and editing it (a save that would overwrite another editor's is refused and shows
what differs), voiding it with a reason, restoring it, and its history page.

Each kind of record is described by a `Lifecycle` subclass in its app's views: the model,
its noun, its form and url names, and hooks for what differs (the funding ledger's lock
and checks, an incident's victims). `url_patterns()` gives the paths of its pages.
"""

from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from binghamton_safety.roles import editor_required, viewer_required

from .conflicts import Conflict, claim, differences, edit_conflict
from .forms import RestoreForm, VoidForm
from .history import Change, Version, history_rows, versions

# Every message of the pages, by (flow, event); each names the record by its noun.
MESSAGES = {
    ("edit", "already void"): "This {noun} is void: it can no longer be edited.",
    ("edit", "voided meanwhile"): (
        "{who} voided this {noun} while you were editing it; your changes were not saved."
    ),
    ("void", "already"): "This {noun} is already void.",
    ("void", "refused"): "This {noun} cannot be voided: {problem}",
    ("void", "done"): "Voided {noun} {record}. It no longer counts.",
    ("restore", "already"): "This {noun} is not void: it already counts.",
    ("restore", "refused"): "This {noun} cannot be restored: {problem}",
    ("restore", "done"): "Restored {noun} {record}. It counts again.",
}


@dataclass(frozen=True)
class Step:
    """Voiding or restoring a record."""

    name: str  # "void" or "restore": the url name's action, its page and its messages
    voided_before: bool  # the state the record leaves
    form_class: type[django_forms.Form]
    then: str  # the page it goes back to (after the step, or on Cancel)


VOID = Step("void", voided_before=False, form_class=VoidForm, then="list")
RESTORE = Step("restore", voided_before=True, form_class=RestoreForm, then="history")


def history_page(
    request,
    record: models.Model,
    *,
    title: str,
    back_url: str,
    back_label: str,
    found: list[Version] | None = None,
    **extra,
) -> HttpResponse:
    """The history page of `record`: its versions (`found`, or its own rows), newest
    first, and a link back to `back_url`."""
    if found is None:
        model = type(record)
        found = versions(model, history_rows(model, id=record.pk))
    return render(
        request,
        "audit/history.html",
        {
            "record": record,
            "title": title,
            "versions": found,
            "back_url": back_url,
            "back_label": back_label,
            **extra,
        },
    )


def _all_valid(forms: dict) -> bool:
    # Every form is checked, in order, so that each shows its problems at once.
    valid = [form.is_valid() for form in forms.values()]
    return all(valid)


class Lifecycle:
    """The staff pages of one kind of voidable record. Subclasses set the attributes and
    override the hooks (the methods above the views) where their records differ."""

    model: type[models.Model]
    noun = "record"  # in every message and page: "Void this incident"
    counts_in = ""  # the figures a void takes the record out of
    form_class: type[django_forms.ModelForm]
    form_template = "{app}/{url_stem}_form.html"  # the add and edit page
    # The pages' url names are "<url_stem>_<action>": incident_list, incident_add,
    # incident_edit, incident_void, incident_restore, incident_history.
    url_stem = ""
    related: tuple[str, ...] = ()  # read along with the record (select_related)
    history_title = "History of {record}"  # formatted with the record
    back_label = "Back to {plural}"  # the history page's link to the list
    added = "Recorded: {record}."  # the message after a save, formatted with it
    changed = "Saved: {record}."

    def message(self, flow: str, event: str, **values) -> str:
        return MESSAGES[flow, event].format(noun=self.noun, **values)

    def url_name(self, action: str) -> str:
        return f"{self.url_stem}_{action}"

    def url(self, action: str, pk: int | None = None) -> str:
        """The url of one of the record's pages: "list" and "add" take no `pk`."""
        args = [] if action in ("list", "add") else [pk]
        app = self.model._meta.app_label  # the url namespace
        return reverse(f"{app}:{self.url_name(action)}", args=args)

    def url_patterns(self, prefix: str, list_view, list_path: str | None = None):
        """The paths of the record's pages: the list (`list_view`, at `list_path`,
        default `prefix`), and below `prefix`, new/ and <pk>/ with edit/, void/,
        restore/ and history/."""
        item, name = f"{prefix}<int:pk>/", self.url_name
        edit = editor_required(self.edit)
        return [
            path(
                prefix if list_path is None else list_path,
                list_view.as_view(lifecycle=self),
                name=name("list"),
            ),
            path(f"{prefix}new/", edit, name=name("add")),
            path(f"{item}edit/", edit, name=name("edit")),
            path(f"{item}void/", editor_required(self.void), name=name("void")),
            path(
                f"{item}restore/", editor_required(self.restore), name=name("restore")
            ),
            path(
                f"{item}history/", viewer_required(self.history), name=name("history")
            ),
        ]

    # --- Hooks ---------------------------------------------------------------------------

    def records(self) -> models.QuerySet:
        """Every record, voided ones included."""
        return self.model.all_objects.select_related("voided_by", *self.related)

    def lock(self) -> None:
        """Locks a save, void or restore takes first, before it reads what it checks:
        none but the record's own by default."""

    def locked(self, pk: int) -> models.Model:
        """The record read again for a void or restore, locked to the end of the
        transaction."""
        self.lock()
        return self.records().select_for_update(of=("self",)).get(pk=pk)

    def problems(self, step: Step, record: models.Model) -> list[str]:
        """Why `step` (VOID or RESTORE) would break a rule, each a sentence: none by
        default."""
        return []

    def forms(self, data, record: models.Model | None) -> dict:
        """The edit page's forms by their template names; "form" edits the record, and
        later ones may read its cleaned fields."""
        return {"form": self.form_class(data, instance=record)}

    def bound_forms(self, request, record: models.Model | None) -> dict:
        """The edit page's forms bound to what the request sent, if it sent any (a
        record with a file takes `request.FILES` too)."""
        return self.forms(request.POST if request.method == "POST" else None, record)

    def changes(self, submitted: dict, saved_forms: dict, saved) -> list[Change]:
        """Where what the editor submitted differs from the record saved meanwhile."""
        return differences(submitted["form"], saved_forms["form"])

    def save(self, request, forms: dict) -> models.Model:
        for form in forms.values():
            form.save()
        return forms["form"].instance

    def explain_refusal(self, forms: dict) -> bool:
        """After the database refused a save (an IntegrityError, e.g. a unique value that
        another save took meanwhile): True when the forms now say why; else it is raised."""
        return False

    def cancel_url(self, record: models.Model | None) -> str:
        return self.url("list")

    def history_versions(self, record: models.Model) -> list[Version]:
        return versions(self.model, history_rows(self.model, id=record.pk))

    def history_links(self, record: models.Model) -> list[tuple[str, str]]:
        """(url, text) of the history page's links beside the one back to the list."""
        return []

    # --- Views ---------------------------------------------------------------------------

    def edit(self, request, pk: int | None = None) -> HttpResponse:
        """Add a record (no `pk`) or edit one; a save that would overwrite another
        editor's is refused and shows what differs."""
        record = get_object_or_404(self.records(), pk=pk) if pk is not None else None
        if record is not None and record.is_voided:
            messages.error(request, self.message("edit", "already void"))
            return redirect(self.url("history", record.pk))
        forms = self.bound_forms(request, record)
        conflict = None
        if request.method == "POST":
            try:
                with transaction.atomic():
                    self.lock()
                    if record is not None and not claim(
                        record, forms["form"].opened_version()
                    ):
                        record, forms, conflict = self._conflict(forms, record)
                    elif _all_valid(forms):
                        return self._saved(request, forms, adding=record is None)
            except IntegrityError:
                if not self.explain_refusal(forms):
                    raise
        if conflict and record.is_voided:
            message = self.message("edit", "voided meanwhile", who=conflict.who)
            messages.error(request, message)
            return redirect(self.url("history", record.pk))
        template = self.form_template.format(
            app=self.model._meta.app_label, url_stem=self.url_stem
        )
        return render(request, template, self._form_context(forms, record, conflict))

    def void(self, request, pk: int) -> HttpResponse:
        """Void the record with a reason: it stays listed and in its history, but counts
        in no figure."""
        return self._step(request, pk, VOID)

    def restore(self, request, pk: int) -> HttpResponse:
        """Count a voided record again, with a reason."""
        return self._step(request, pk, RESTORE)

    def history(self, request, pk: int) -> HttpResponse:
        record = get_object_or_404(self.records(), pk=pk)
        return history_page(
            request,
            record,
            title=self.history_title.format(record=record),
            back_url=self.url("list"),
            back_label=self.back_label.format(
                plural=self.model._meta.verbose_name_plural
            ),
            found=self.history_versions(record),
            links=self.history_links(record),
            restore_url=self.url("restore", pk),
        )

    # --- The flows' steps ------------------------------------------------------------------

    def _conflict(self, submitted: dict, record) -> tuple[models.Model, dict, Conflict]:
        """Someone saved the record since this form was opened: keep their save, show
        what differs, and start again from the saved record."""
        saved = self.records().get(pk=record.pk)
        fresh = self.forms(None, saved)
        return saved, fresh, edit_conflict(saved, self.changes(submitted, fresh, saved))

    def _saved(self, request, forms: dict, adding: bool) -> HttpResponse:
        record = self.save(request, forms)
        message = self.added if adding else self.changed
        messages.success(request, message.format(record=record))
        return redirect(self.url("list"))

    def _form_context(self, forms: dict, record, conflict: Conflict | None) -> dict:
        context = {
            **forms,
            "record": record,
            "conflict": conflict,
            "noun": self.noun,
            "cancel_url": self.cancel_url(record),
        }
        if record is not None:
            context["history_url"] = self.url("history", record.pk)
            context["void_url"] = self.url("void", record.pk)
        return context

    def _step(self, request, pk: int, step: Step) -> HttpResponse:
        record = get_object_or_404(self.records(), pk=pk)
        if record.is_voided != step.voided_before:
            messages.info(request, self.message(step.name, "already"))
            return redirect(self.url("history", pk))
        form = step.form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                record = self.locked(pk)
                problems = self._take(
                    step, record, form.cleaned_data["reason"], request
                )
            for problem in problems:
                form.add_error(
                    None, self.message(step.name, "refused", problem=problem)
                )
            if not problems:
                done = self.message(step.name, "done", record=record)
                messages.success(request, done)
                return redirect(self.url(step.then, pk))
        return render(
            request,
            f"audit/{step.name}_form.html",
            {
                "form": form,
                "record": record,
                "noun": self.noun,
                "counts_in": self.counts_in,
                "history_url": self.url("history", pk),
                "cancel_url": self.url(step.then, pk),
            },
        )

    def _take(self, step: Step, record, reason: str, request) -> list[str]:
        """Take `step` unless a rule forbids it (the problems, returned). A record
        already there (another editor took the step meanwhile) is left as it is."""
        if record.is_voided != step.voided_before:
            return []
        problems = self.problems(step, record)
        if not problems:
            if step is VOID:
                record.void(reason, request.user)
            else:
                record.restore(reason)
        return problems
