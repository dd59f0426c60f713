"""Documents attached to the money's records: council resolutions, contracts, Treasury
reports and program reports, each on one or more budget entries, or on an award, a
Treasury project or a reporting period.

A document is public (listed on the area pages and the open-data page, and downloadable
by anyone) or for staff only. Its file is kept through Django's storage API (the local
file system, or an S3-compatible bucket: settings.py); which files are accepted is
`files.py`. Replacing the file keeps the earlier one: every version of the record is in
its history, each with the file it had, and no stored file is ever overwritten or deleted.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from audit.models import Voidable, void_constraint, voidable_managers
from binghamton_safety.models import TimeStamped
from funding.models import (
    Award,
    BudgetEntry,
    ReportingPeriod,
    TreasuryProject,
    no_control_characters,
)

from .files import FileKind, storage_name


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", "Council resolution"
    CONTRACT = "contract", "Contract or agreement"
    TREASURY_REPORT = "treasury_report", "Treasury report"
    PROGRAM_REPORT = "program_report", "Program report"
    OTHER = "other", "Other document"


# What the document's date is, in the public list: "adopted May 16, 2022".
DATE_VERBS = {
    DocumentKind.RESOLUTION: "adopted",
    DocumentKind.CONTRACT: "signed",
    DocumentKind.TREASURY_REPORT: "submitted",
    DocumentKind.PROGRAM_REPORT: "published",
    DocumentKind.OTHER: "dated",
}


class DocumentQuerySet(models.QuerySet):
    def public(self) -> "DocumentQuerySet":
        """The documents anyone may see: marked public and not voided."""
        return self.filter(public=True, voided_at__isnull=True)

    def of_area(self, area) -> "DocumentQuerySet":
        """Those attached to one of `area`'s budget entries, awards or projects."""
        return self.filter(
            Q(budget_entries__area=area) | Q(award__area=area) | Q(project__area=area)
        ).distinct()


class Document(TimeStamped, Voidable):
    """One document and its current file; its earlier files are in its history."""

    Kind = DocumentKind

    title = models.CharField(
        max_length=200,
        validators=[no_control_characters],
        help_text='As residents should read it: "Council resolution 22-45".',
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    dated = models.DateField(
        "date", help_text="The date the document bears: adopted, signed or submitted."
    )
    description = models.TextField(blank=True, validators=[no_control_characters])
    public = models.BooleanField(
        default=False,
        help_text="Public documents are listed on the area pages and anyone may "
        "download them. Leave unticked for contracts with personal details.",
    )
    budget_entries = models.ManyToManyField(
        BudgetEntry, blank=True, related_name="documents"
    )
    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    project = models.ForeignKey(
        TreasuryProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="reporting period",
    )
    file = models.FileField(upload_to=storage_name, max_length=200)
    file_kind = models.CharField(
        "file type", max_length=10, choices=FileKind.choices, editable=False
    )
    file_name = models.CharField(
        "uploaded as", max_length=200, editable=False, help_text="The file's own name."
    )
    file_size = models.PositiveBigIntegerField("size in bytes", editable=False)
    file_sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )

    all_objects, objects = voidable_managers(DocumentQuerySet)
    history = HistoricalRecords()

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["-dated", "title"]
        constraints = [void_constraint("document_void_has_reason")]

    def __str__(self) -> str:
        return self.title

    @property
    def date_phrase(self) -> str:
        """ "adopted May 16, 2022" """
        return (
            f"{DATE_VERBS[self.kind]} {self.dated:%B} {self.dated.day}, {self.dated:%Y}"
        )

    def clean(self) -> None:
        if (
            self.award_id
            and self.project_id
            and self.award.project_id != self.project_id
        ):
            raise ValidationError(
                {"award": "This award is under another project than the one chosen."}
            )
