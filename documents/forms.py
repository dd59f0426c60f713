"""The staff form of a document: what it is, what it is attached to, and its file."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from audit.conflicts import VersionedModelForm
from binghamton_safety.parameters import DateInput
from funding.models import Award, BudgetEntry, ReportingPeriod, TreasuryProject

from . import files
from .models import Document

ATTACHED_TO = ("budget_entries", "award", "project", "period")


class DocumentForm(VersionedModelForm):
    file = forms.FileField(
        widget=forms.FileInput(
            attrs={
                "accept": ",".join(
                    sorted({*files.NAMED, *files.CONTENT_TYPES.values()})
                )
            }
        ),
        help_text=f"{files.ACCEPTED}, at most the size given below. Its content is "
        "checked: a file whose content is not what its name says is refused.",
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "kind",
            "dated",
            "description",
            "public",
            *ATTACHED_TO,
            "file",
        ]
        widgets = {
            "dated": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "budget_entries": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "budget_entries": "The budget entries it adopts or amends, if any "
            "(hold Ctrl or Cmd to choose several).",
            "award": "The contract or grant it belongs to, if any.",
            "period": "The reporting period of a Treasury report, if it is one.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_entries"].queryset = BudgetEntry.objects.select_related(
            "area"
        )
        self.fields["award"].queryset = Award.objects.select_related("area")
        self.fields["project"].queryset = TreasuryProject.objects.select_related("area")
        self.fields["period"].queryset = ReportingPeriod.objects.order_by("-ends_on")
        for name in ("award", "project", "period"):
            self.fields[name].empty_label = "None"
        self.fields["kind"].choices = [("", "Choose a kind"), *Document.Kind.choices]
        upload = self.fields["file"]
        upload.help_text += f" Limit: {filesizeformat(settings.DOCUMENT_MAX_BYTES)}."
        if self.instance.pk:
            upload.required = False
            upload.label = "Replace the file"
            upload.help_text = (
                f"Now: {self.instance.file_name}. A new file replaces it on the "
                "document's pages; the earlier one stays in its history. "
                + upload.help_text
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            self.file_details = files.file_details(upload)
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ATTACHED_TO):
            raise ValidationError(
                "Attach the document to at least one budget entry, award, project or "
                "reporting period."
            )
        return cleaned

    def save_file_details(self, user) -> None:
        """Before the save: the new file's kind, name, size and digest, and who sent it."""
        if "file" not in self.changed_data:
            return
        for name, value in self.file_details.items():
            setattr(self.instance, name, value)
        self.instance.uploaded_by = user
