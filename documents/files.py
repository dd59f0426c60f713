"""Which files a document may be, and how one is kept.

A file is accepted when its content is a PDF, a Word document (DOCX), an Excel workbook
(XLSX), or a PNG or JPEG image, the name says the same, and it is no larger than
settings.DOCUMENT_MAX_BYTES. The content decides (`filetype` reads its first bytes): a
program renamed to .pdf, or a PNG named .pdf, is refused with the reason next to the field.

The stored name is made here, never taken from the upload: documents/<year>/<random>.<kind>.
"""

import hashlib
import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

# filetype's needs: enough bytes for the parts list at the start of a DOCX or XLSX.
HEAD_BYTES = 8192


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document (DOCX)"
    XLSX = "xlsx", "Excel workbook (XLSX)"
    PNG = "png", "PNG image"
    JPEG = "jpeg", "JPEG image"


CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument"
    ".wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
}
# What a browser may show in the page rather than save (the others are downloaded).
SHOWN_INLINE = {FileKind.PDF, FileKind.PNG, FileKind.JPEG}
NAMED = {
    ".pdf": FileKind.PDF,
    ".docx": FileKind.DOCX,
    ".xlsx": FileKind.XLSX,
    ".png": FileKind.PNG,
    ".jpg": FileKind.JPEG,
    ".jpeg": FileKind.JPEG,
}
# filetype's name of each kind accepted.
DETECTED = {
    "pdf": FileKind.PDF,
    "docx": FileKind.DOCX,
    "xlsx": FileKind.XLSX,
    "png": FileKind.PNG,
    "jpg": FileKind.JPEG,
}
ACCEPTED = "PDF, DOCX, XLSX, PNG or JPEG"


def checked_kind(upload: UploadedFile) -> FileKind:
    """The kind of an uploaded file, or a ValidationError saying why it is refused."""
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; a document may be at most "
            f"{filesizeformat(settings.DOCUMENT_MAX_BYTES)}."
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    named = NAMED.get(suffix)
    if named is None:
        raise ValidationError(
            f"A document must be a {ACCEPTED} file; this file's name ends in "
            f"{suffix or 'no extension'}."
        )
    upload.seek(0)
    guess = filetype.guess(upload.read(HEAD_BYTES))
    upload.seek(0)
    found = DETECTED.get(guess.extension) if guess else None
    if found is None:
        what = f"of type {guess.mime}" if guess else "of no type we recognise"
        raise ValidationError(
            f"This file is named {suffix} but its content is {what}, not a "
            f"{FileKind(named).label}. Only {ACCEPTED} files are accepted."
        )
    if found != named:
        raise ValidationError(
            f"This file is named {suffix} but its content is a "
            f"{FileKind(found).label}: upload the {FileKind(named).label} itself, or "
            "give the file the name of what it is."
        )
    return found


def sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


CONTROL = dict.fromkeys(range(32))


def file_details(upload: UploadedFile) -> dict:
    """A checked upload's kind, own name, size and digest: the document's file_ fields
    (a ValidationError if it is refused)."""
    return {
        "file_kind": checked_kind(upload),
        "file_name": upload.name.translate(CONTROL)[-200:],
        "file_size": upload.size,
        "file_sha256": sha256(upload),
    }


def storage_name(document, filename: str) -> str:
    """Where a document's new file is stored: a new name each time, so that no file is
    ever overwritten and every earlier version stays where its history says."""
    return f"documents/{timezone.now():%Y}/{uuid.uuid4().hex}.{document.file_kind}"
