import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.sample_data import pdf

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a document")
    return buffer.getvalue()


CONTENT = {
    "pdf": lambda: pdf(["A test resolution"]),
    "docx": docx,
    "xlsx": xlsx,
    "png": lambda: PNG,
    "jpeg": lambda: JPEG,
    "zip": plain_zip,
    "exe": lambda: b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
}


@pytest.fixture
def upload():
    def make(name: str, content: str | bytes = "pdf") -> SimpleUploadedFile:
        data = CONTENT[content]() if isinstance(content, str) else content
        return SimpleUploadedFile(name, data)

    return make


@pytest.fixture
def post_document(editor_client, budget):
    """Send the add form (or an edit form, with `pk` and `version`) for a document
    attached to the budget entry; the response."""

    def post(file=None, pk=None, **fields):
        data = {
            "title": "Council resolution 22-45",
            "kind": "resolution",
            "dated": "2022-05-16",
            "description": "",
            "public": "on",
            "budget_entries": [budget.pk],
            **fields,
        }
        if file is not None:
            data["file"] = file
        url = f"/documents/{pk}/edit/" if pk else "/documents/new/"
        return editor_client.post(url, data)

    return post
