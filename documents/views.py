"""Staff pages of the documents (audit.lifecycle: add, edit or replace the file, void,
restore, history) and the downloads: a public document's file for anyone, every other
file, earlier versions included, for staff only."""

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify

from audit.lifecycle import Lifecycle
from audit.views import RecordListView
from binghamton_safety.roles import is_viewer, viewer_required

from .files import CONTENT_TYPES, SHOWN_INLINE, FileKind
from .filters import DocumentFilter
from .forms import DocumentForm
from .models import Document
from .tables import DocumentTable


class DocumentListView(RecordListView):
    """Every document, newest first, voided ones marked."""

    queryset = (
        Document.all_objects.select_related("award", "project", "period", "uploaded_by")
        .prefetch_related("budget_entries__area")
        .order_by("-dated", "title")
    )
    table_class = DocumentTable
    filterset_class = DocumentFilter
    template_name = "documents/document_list.html"


class Documents(Lifecycle):
    """The url names are document_list, document_add, document_edit, document_void,
    document_restore and document_history."""

    model = Document
    noun = "document"
    counts_in = "the area pages and the open-data page (a public document is no longer listed or downloadable)"
    form_class = DocumentForm
    url_stem = "document"
    related = ("award", "project", "period")
    history_title = "History of the document {record}"
    back_label = "Back to the documents"

    def bound_forms(self, request, record) -> dict:
        if request.method != "POST":
            return self.forms(None, record)
        return {"form": self.form_class(request.POST, request.FILES, instance=record)}

    def save(self, request, forms: dict) -> Document:
        form = forms["form"]
        form.save_file_details(request.user)
        return form.save()

    def history_links(self, record) -> list[tuple[str, str]]:
        """A download link for each file the document has had, newest first."""
        links, seen = [], set()
        for row in record.history.order_by("-history_date", "-history_id"):
            if row.file in seen:
                continue
            seen.add(row.file)
            url = reverse("documents:version_file", args=[record.pk, row.history_id])
            when = f"{row.history_date:%Y-%m-%d}"
            links.append((url, f"Download {row.file_name} (uploaded {when})"))
        return links


DOCUMENTS = Documents()


def _file_response(name: str, kind: str, title: str) -> FileResponse:
    storage = Document._meta.get_field("file").storage
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404("This document's file is missing from storage.") from missing
    return FileResponse(
        handle,
        content_type=CONTENT_TYPES[FileKind(kind)],
        as_attachment=kind not in SHOWN_INLINE,
        filename=f"{slugify(title)[:80] or 'document'}.{kind}",
    )


def document_file(request, pk: int):
    """The document's current file: anyone's when it is public and not void, else staff
    only (an anonymous visitor is sent to log in, as on every staff page)."""
    document = get_object_or_404(Document.all_objects, pk=pk)
    shown = document.public and not document.is_voided
    if not shown and not is_viewer(request.user):
        if request.user.is_authenticated:
            raise Http404("No such document.")
        return redirect_to_login(request.get_full_path())
    return _file_response(document.file.name, document.file_kind, document.title)


@viewer_required
def version_file(request, pk: int, history_id: int):
    """A file the document had at one version of its history (staff only)."""
    row = get_object_or_404(Document.history, id=pk, history_id=history_id)
    return _file_response(row.file, row.file_kind, row.title)
