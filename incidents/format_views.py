"""The staff pages of the import formats: the list (shipped formats, read-only, and the
stored ones), adding or editing a stored format with its versions, and the builder, which
writes a format from a sample of a file (kept in the session between its two steps, never
in a table)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from audit.history import history_rows
from binghamton_safety.roles import editor_required

from . import upload_formats
from .format_builder import Sample, SampleError, format_toml, read_sample
from .format_forms import BuilderForm, FormatForm, FormatUploadForm, SampleForm
from .models import ImportFormat

SAMPLE_SESSION_KEY = "incidents_format_sample"


@editor_required
def format_list(request):
    """The shipped formats and the stored ones."""
    stored = ImportFormat.objects.select_related("saved_by")
    return render(
        request,
        "incidents/format_list.html",
        {"shipped": upload_formats.shipped(), "stored": stored},
    )


def _toml_response(text: str, name: str, download: bool) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    if download:
        filename = f"{slugify(name) or 'format'}.toml"  # no quote or path in it
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@editor_required
def shipped_format(request, name: str):
    """A shipped format's TOML, as a page, or as a file with ?download."""
    found = upload_formats.shipped_named(name)
    if found is None:
        raise Http404("No shipped format has that name.")
    if "download" in request.GET:
        return _toml_response(found.text, found.name, download=True)
    return render(request, "incidents/format_shipped.html", {"format": found})


@editor_required
def format_download(request, pk: int):
    """A stored format's TOML, as a file."""
    stored = get_object_or_404(ImportFormat, pk=pk)
    return _toml_response(stored.text, stored.name, download=True)


def _save(request, form: FormatForm, done: str) -> ImportFormat:
    stored = form.save(commit=False)
    stored.saved_by = request.user
    stored.save()
    messages.success(request, done.format(name=stored.name))
    return stored


@editor_required
def format_add(request):
    """A stored format, pasted or uploaded."""
    form = FormatUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        stored = _save(request, form, "Saved the format {name}.")
        return redirect("incidents:format_edit", stored.pk)
    return render(request, "incidents/format_form.html", {"form": form})


@editor_required
def format_edit(request, pk: int):
    """A stored format and its versions; a save keeps the one before in the history."""
    stored = get_object_or_404(ImportFormat, pk=pk)
    form = FormatUploadForm(
        request.POST or None, request.FILES or None, instance=stored
    )
    if request.method == "POST" and form.is_valid():
        _save(request, form, "Saved the format {name}; its earlier version is kept.")
        return redirect("incidents:format_edit", stored.pk)
    versions = list(history_rows(ImportFormat, id=stored.pk))
    versions.reverse()  # newest first
    return render(
        request,
        "incidents/format_form.html",
        {"form": form, "record": stored, "versions": versions},
    )


# --- The builder: a sample of the file, then a column for each field ----------------


@editor_required
def builder_sample(request):
    """Step 1: a sample of the file; its header and first rows go to the session."""
    form = SampleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sample = read_sample(form.cleaned_data["file"])
        except SampleError as error:
            form.add_error("file", str(error))
        else:
            request.session[SAMPLE_SESSION_KEY] = sample.as_dict()
            return redirect("incidents:format_builder")
    return render(request, "incidents/format_builder_sample.html", {"form": form})


@editor_required
def builder(request):
    """Step 2: the sample's first rows beside a column choice for each product field.
    "Write the format" writes the TOML into the review box; "Save the format" checks the
    box's text against the sample's header and stores it."""
    sample = Sample.from_dict(request.session.get(SAMPLE_SESSION_KEY))
    if sample is None:
        messages.error(request, "Upload a sample of the file first.")
        return redirect("incidents:format_builder_sample")
    data = request.POST.copy() if request.method == "POST" else None
    choices = BuilderForm(data, sample=sample)
    review = FormatForm(data, header=sample.header)  # reads `data`, the text written in
    writing = data is not None and "save" not in data
    if writing and choices.is_valid():
        data["text"] = format_toml(choices.cleaned_data)
        review.is_valid()  # what the written text lacks shows at once
    elif data is not None and not writing and review.is_valid():
        stored = _save(request, review, "Saved the format {name}.")
        del request.session[SAMPLE_SESSION_KEY]
        return redirect("incidents:format_edit", stored.pk)
    return render(
        request,
        "incidents/format_builder.html",
        {
            "sample": sample,
            "choices": choices,
            "review": review,
            "summarised": choices if writing and choices.errors else review,
        },
    )
