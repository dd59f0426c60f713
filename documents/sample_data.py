"""Illustrative documents for the sample money: the council resolution that adopted the
$1,000,000 (attached to the six adopted budgets), the one that amended it (attached to the
amendment's entries, if the sample has them), a contract kept for staff only, and a
Treasury report. Their numbers and text are invented and each says so."""

import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from funding.models import Award, BudgetEntry, ReportingPeriod

from . import files
from .models import Document, DocumentKind

NOTICE = "ILLUSTRATIVE SAMPLE - not a city record."


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines` of plain ASCII text."""
    safe = str.maketrans({"\\": None, "(": "[", ")": "]"})
    text = " ".join(f"({line.translate(safe)}) Tj T*" for line in lines)
    stream = f"BT /F1 12 Tf 16 TL 72 720 Td {text} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def workbook(rows: list[tuple]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _add(title: str, name: str, content: bytes, targets: dict, **fields) -> None:
    """The document `title`, unless it exists, with its file checked as an upload's."""
    if Document.all_objects.filter(title=title).exists():
        return
    upload = SimpleUploadedFile(name, content)
    document = Document(
        title=title, illustrative=True, **files.file_details(upload), **fields
    )
    document.file.save(name, upload, save=False)
    document.award, document.period = targets.get("award"), targets.get("period")
    document.full_clean(exclude=["file_kind", "file_name", "file_size", "file_sha256"])
    document.save()
    document.budget_entries.set(targets.get("budget_entries", []))


@transaction.atomic
def load(stdout) -> None:
    adopted = BudgetEntry.objects.filter(
        kind=BudgetEntry.Kind.ADOPTED, illustrative=True
    ).order_by("area__position")
    if not adopted:
        return
    adopted_on = adopted[0].effective_on
    _add(
        "Council resolution 22-45",
        "resolution-22-45.pdf",
        pdf(
            [
                NOTICE,
                "City of Binghamton Common Council - Resolution 22-45",
                f"Adopted {adopted_on:%B %d, %Y}",
                "Appropriates $1,000,000 of American Rescue Plan Act funds",
                "to six public-safety funding areas:",
                *(f"  {entry.area.name}: ${entry.amount:,.2f}" for entry in adopted),
            ]
        ),
        {"budget_entries": list(adopted)},
        kind=DocumentKind.RESOLUTION,
        dated=adopted_on,
        public=True,
        description="Adopts the $1,000,000 and its split between the six areas.",
    )
    _load_amendment()
    _load_contract_and_report()
    stdout.write(f"Documents: {Document.objects.count()} (illustrative).")


def _load_amendment() -> None:
    amendments = BudgetEntry.objects.filter(
        kind=BudgetEntry.Kind.AMENDMENT, illustrative=True
    ).order_by("effective_on", "pk")
    if not amendments:
        return
    day = amendments[0].effective_on
    moved = [entry for entry in amendments if entry.effective_on == day]
    # The entries' reference is the resolution's: SAMPLE-RES-2024-041 is resolution 24-41.
    tail = moved[0].reference.rsplit("-", 1)[-1]
    number = f"{day:%y}-{int(tail) if tail.isdigit() else 1}"
    _add(
        f"Council resolution {number}",
        f"resolution-{number}.pdf",
        pdf(
            [
                NOTICE,
                f"City of Binghamton Common Council - Resolution {number}",
                f"Adopted {day:%B %d, %Y}: amends Resolution 22-45",
                *(f"  {entry.area.name}: {entry.amount:+,.2f}" for entry in moved),
            ]
        ),
        {"budget_entries": moved},
        kind=DocumentKind.RESOLUTION,
        dated=day,
        public=True,
        description="Moves money between two areas; the $1,000,000 is unchanged.",
    )


def _load_contract_and_report() -> None:
    award = Award.objects.filter(number="C-2022-014").first()
    if award:
        _add(
            f"Contract {award.number}",
            f"contract-{award.number}.pdf",
            pdf(
                [
                    NOTICE,
                    f"Contract {award.number} with {award.recipient}",
                    award.purpose,
                ]
            ),
            {"award": award},
            kind=DocumentKind.CONTRACT,
            dated=award.starts_on,
            public=False,
            description="Signed contract; staff only (it names the contractor's staff).",
        )
    period = ReportingPeriod.objects.filter(name="2026-Q3").first()
    if period:
        _add(
            "Project and Expenditure report, July to September 2026",
            "pe-report-2026-Q3.xlsx",
            workbook([(NOTICE,), ("Period", period.name), ("Submitted", "2026-10-30")]),
            {"period": period},
            kind=DocumentKind.TREASURY_REPORT,
            dated=datetime.date(2026, 10, 30),
            public=True,
            description="The quarterly report to the US Treasury, as submitted.",
        )
