"""Uploading documents: what is accepted, what is refused (by content, not by name, and
with the reason next to the field), replacing a file, and the history."""

import hashlib

import pytest

from documents.models import Document
from documents.sample_data import pdf


def stored_files(folder) -> list:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_an_editor_attaches_a_resolution_to_a_budget_entry(
    post_document, upload, budget, editor, _documents_in_a_scratch_folder
):
    before = set(stored_files(_documents_in_a_scratch_folder))
    content = pdf(["A test resolution"])
    response = post_document(upload("Res 22-45.PDF", content))
    assert response.status_code == 302
    document = Document.objects.get()
    assert list(document.budget_entries.all()) == [budget]
    assert (document.file_kind, document.file_name) == ("pdf", "Res 22-45.PDF")
    assert document.file_size == len(content)
    assert document.file_sha256 == hashlib.sha256(content).hexdigest()
    assert document.uploaded_by == editor
    # Stored under a name of our own making: documents/<year>/<32 hex>.pdf.
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith(".pdf") and "Res" not in document.file.name
    new = set(stored_files(_documents_in_a_scratch_folder)) - before
    assert [p.read_bytes() for p in new] == [content]
    assert document.history.get().history_user == editor


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("minutes.docx", "docx", "docx"),
        ("figures.xlsx", "xlsx", "xlsx"),
        ("flyer.png", "png", "png"),
        ("photo.jpg", "jpeg", "jpeg"),
        ("photo.JPEG", "jpeg", "jpeg"),
    ],
)
def test_each_accepted_kind_is_kept_as_what_its_content_is(
    post_document, upload, name, content, kind
):
    assert post_document(upload(name, content)).status_code == 302
    assert Document.objects.get().file_kind == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "resolution.pdf",
            "png",
            "This file is named .pdf but its content is a PNG image: upload the PDF "
            "itself, or give the file the name of what it is.",
        ),
        (
            "contract.docx",
            "pdf",
            "This file is named .docx but its content is a PDF: upload the Word "
            "document (DOCX) itself, or give the file the name of what it is.",
        ),
        (
            "report.pdf",
            "exe",
            "This file is named .pdf but its content is of type "
            "application/x-msdownload, not a PDF. Only PDF, DOCX, XLSX, PNG or JPEG "
            "files are accepted.",
        ),
        (
            "minutes.docx",
            "zip",
            "This file is named .docx but its content is of type application/zip, "
            "not a Word document (DOCX). Only PDF, DOCX, XLSX, PNG or JPEG files are "
            "accepted.",
        ),
        (
            "notes.pdf",
            b"just some text, not a PDF at all",
            "This file is named .pdf but its content is of no type we recognise, not "
            "a PDF. Only PDF, DOCX, XLSX, PNG or JPEG files are accepted.",
        ),
        (
            "script.html",
            "pdf",
            "A document must be a PDF, DOCX, XLSX, PNG or JPEG file; this file's name "
            "ends in .html.",
        ),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_next_to_the_field(
    post_document, upload, name, content, message, _documents_in_a_scratch_folder
):
    before = stored_files(_documents_in_a_scratch_folder)
    response = post_document(upload(name, content))
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert Document.all_objects.count() == 0
    assert stored_files(_documents_in_a_scratch_folder) == before


def test_a_file_over_the_limit_is_refused(post_document, upload, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = post_document(upload("big.pdf", b"%PDF-1.4\n".ljust(2048, b"0")))
    assert response.context["form"].errors == {
        "file": ["This file is 2.0\xa0KB; a document may be at most 1.0\xa0KB."]
    }
    assert Document.all_objects.count() == 0


def test_a_document_must_be_attached_to_something(post_document, upload):
    response = post_document(upload("r.pdf"), budget_entries=[])
    assert response.context["form"].non_field_errors() == [
        "Attach the document to at least one budget entry, award, project or "
        "reporting period."
    ]
    assert Document.all_objects.count() == 0


def test_a_replaced_file_keeps_its_earlier_version(
    post_document, upload, editor_client
):
    first, second = pdf(["First text"]), pdf(["Corrected text"])
    post_document(upload("r.pdf", first))
    document = Document.objects.get()
    old_name = document.file.name
    response = post_document(
        upload("r-corrected.pdf", second), pk=document.pk, version=document.version
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file_name == "r-corrected.pdf"
    assert document.file.name != old_name
    assert b"".join(editor_client.get(f"/documents/{document.pk}/file/")) == second
    rows = document.history.order_by("history_date")
    assert [row.file_name for row in rows] == ["r.pdf", "r-corrected.pdf"]
    earlier = f"/documents/{document.pk}/versions/{rows[0].history_id}/file/"
    assert b"".join(editor_client.get(earlier).streaming_content) == first
    page = editor_client.get(f"/documents/{document.pk}/history/").content.decode()
    assert "Download r-corrected.pdf" in page and "Download r.pdf" in page
    assert f'href="{earlier}"' in page


def test_an_edit_without_a_new_file_keeps_the_file(post_document, upload):
    post_document(upload("r.pdf"))
    document = Document.objects.get()
    response = post_document(
        pk=document.pk, version=document.version, title="Resolution 22-45 (signed)"
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.file_name) == (
        "Resolution 22-45 (signed)",
        "r.pdf",
    )
    assert document.history.count() == 2
