"""The staff forms of the money: the as-of date, the period and program of a report, the
import of a period report (checked, previewed, confirmed) and the ledger entries."""

import datetime

from django import forms
from django.core import signing

from audit.admin import OpenedAtForm
from audit.conflicts import VersionedModelForm
from binghamton_safety.money import money
from binghamton_safety.parameters import AsOfField, DateInput, RecordedAtField

from .models import (
    Award,
    BudgetEntry,
    Program,
    ReportingPeriod,
    SpendingEntry,
    TreasuryProject,
)

MAX_IMPORT_BYTES = 2 * 1024 * 1024
IMPORT_SALT = "funding.import-period-report"
IMPORT_PREVIEW_SECONDS = 60 * 60


class AsOfForm(forms.Form):
    as_of = AsOfField(label="As of")

    def as_of_or(self, default: datetime.date) -> datetime.date:
        if self.is_valid() and self.cleaned_data["as_of"]:
            return self.cleaned_data["as_of"]
        return default


class OverviewForm(AsOfForm):
    program = forms.ModelChoiceField(
        queryset=Program.objects.order_by("pk"), required=False, empty_label=None
    )
    recorded_at = RecordedAtField()

    def recorded_at_or_none(self) -> datetime.datetime | None:
        if self.is_valid():
            return self.cleaned_data["recorded_at"]
        return None

    def program_or_none(self) -> Program | None:
        """The chosen program; None means the default, the first one."""
        if self.is_valid():
            return self.cleaned_data["program"]
        return None


class PeriodChoiceForm(forms.Form):
    """The reporting period (default: the current one) and optionally one program."""

    period = forms.ModelChoiceField(
        label="Reporting period",
        queryset=ReportingPeriod.objects.order_by("-ends_on", "kind"),
        to_field_name="name",
        required=False,
        empty_label=None,
    )
    program = forms.ModelChoiceField(
        queryset=Program.objects.order_by("name"),
        required=False,
        empty_label="All programs",
    )
    recorded_at = RecordedAtField(
        help_text="Optional: a past date and time, to report the figures as they had "
        "been recorded then, e.g. to reproduce a report already sent to Treasury."
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.default_period = ReportingPeriod.objects.current_or_latest()
        if self.default_period:
            self.fields["period"].initial = self.default_period.name

    def choice(self) -> tuple[ReportingPeriod | None, Program | None]:
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return data["period"] or self.default_period, data["program"]
        return self.default_period, None

    def recorded_at_or_none(self) -> datetime.datetime | None:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["recorded_at"]
        return None


class PeriodImportForm(forms.Form):
    file = forms.FileField(
        label="Report file (CSV)",
        help_text=(
            "One row per project and quarter with the columns year, quarter, project_id, "
            "budget, total_obligations, total_expenditures, current_obligations and "
            "current_expenditures."
        ),
    )
    program = forms.CharField(
        max_length=200,
        help_text="An existing program, or the name of a new one to create.",
    )
    area = forms.CharField(
        label="Funding area",
        max_length=200,
        help_text="New projects go into this area of the program; created when new.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Suggest the names already recorded (see the datalists in the template).
        self.fields["program"].widget.attrs["list"] = "program-names"
        self.fields["area"].widget.attrs["list"] = "area-names"

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB.")
        content = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError("The file is not text in UTF-8 or Windows-1252.")

    def preview_token(self, filename: str) -> str:
        """The checked upload, signed, for the form that confirms the preview."""
        data = self.cleaned_data
        return signing.dumps(
            {
                "text": data["file"],
                "filename": filename,
                "program": data["program"],
                "area": data["area"],
            },
            salt=IMPORT_SALT,
            compress=True,
        )


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)

    def clean_token(self) -> dict:
        try:
            return signing.loads(
                self.cleaned_data["token"],
                salt=IMPORT_SALT,
                max_age=IMPORT_PREVIEW_SECONDS,
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "The preview is more than an hour old: upload the file again."
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "The preview could not be read: upload the file again."
            ) from None


def name_empty_choice(field: forms.Field, label: str) -> None:
    """Say what the empty choice of a select means ("Choose an area", "All kinds"), in
    place of Django's "---------"."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = label
        return
    field.choices = [(v, label if v == "" else text) for v, text in field.choices]


class ProjectSelect(forms.Select):
    """Each project's option names its area (`data-area`), so that static/js/forms.js
    can list only the projects of the area chosen in the select the widget's
    `data-follows` attribute names."""

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        if value:
            option["attrs"]["data-area"] = value.instance.area_id
        return option


class LedgerEntryForm(VersionedModelForm):
    """Shared by spending and budget entries; the model's clean() checks the ledger,
    including that the project belongs to the area."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.fields["project"]
        project.widget = ProjectSelect(attrs={"data-follows": self["area"].auto_id})
        # Setting the queryset also gives the new widget its choices.
        project.queryset = TreasuryProject.objects.select_related("area")
        project.required = False
        name_empty_choice(self.fields["area"], "Choose an area")
        name_empty_choice(project, "No project: the area as a whole")
        name_empty_choice(self.fields["kind"], "Choose a kind")
        self.fields["reason"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields[
            "reason"
        ].help_text = (
            "Required for a negative amount (a de-obligation, refund or reduction)."
        )
        self.fields[
            "amount"
        ].help_text = "In dollars and cents; negative for an adjustment."


def ledger_fields(date: str, *details: str) -> list[str]:
    """The fields of a ledger entry's form, in the order shown: its kind, where the money
    goes, its `date` field, the amount, the `details`, the reference and the reason."""
    return ["kind", "area", "project", date, "amount", *details, "reference", "reason"]


class AwardSelect(forms.Select):
    """Each award's option names its project in `data-area`, so that static/js/forms.js
    lists only the awards of the project chosen (the select `data-follows` names), and
    none while no project is chosen (`data-follows-empty`)."""

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        if value:
            option["attrs"]["data-area"] = value.instance.project_id
        return option


class SpendingEntryForm(LedgerEntryForm):
    class Meta:
        model = SpendingEntry
        fields = [
            *ledger_fields("occurred_on", "payee", "description"),
            "award",
        ]
        widgets = {"occurred_on": DateInput()}
        help_texts = {"reference": "Purchase order or invoice number."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        award = self.fields["award"]
        award.widget = AwardSelect(
            attrs={
                "data-follows": self["project"].auto_id,
                "data-follows-empty": "none",
            }
        )
        award.queryset = Award.objects.select_related("project")
        name_empty_choice(award, "No award")
        award.help_text = (
            "The contract, grant or payment it is made under: an award of the entry's "
            "area and project."
        )


class AwardForm(VersionedModelForm):
    """An award's form; the model's clean() checks its rules, and once entries are
    recorded under it, its area and project stay theirs (the fields are then fixed). It
    sends back the version it was opened on (audit/lifecycle.py refuses a save over
    another editor's)."""

    class Meta:
        model = Award
        fields = [
            "number",
            "kind",
            "recipient_kind",
            "recipient",
            "amount",
            "starts_on",
            "ends_on",
            "purpose",
            "area",
            "project",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {
            "number": "As on the contract or grant agreement, e.g. C-2022-014.",
            "amount": "The whole amount awarded, in dollars and cents.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.fields["project"]
        project.widget = ProjectSelect(attrs={"data-follows": self["area"].auto_id})
        project.queryset = TreasuryProject.objects.select_related("area")
        self.fields["purpose"].widget = forms.Textarea(attrs={"rows": 3})
        for name, label in (
            ("kind", "Choose a type"),
            ("recipient_kind", "Organization or individual"),
            ("area", "Choose an area"),
            ("project", "Choose a project"),
        ):
            name_empty_choice(self.fields[name], label)
        if self.instance.pk and self.instance.entries.exists():
            for name in ("area", "project"):
                self.fields[name].disabled = True
                self.fields[
                    name
                ].help_text = "Fixed: entries are recorded under this award in it."


class ProjectEvidenceForm(OpenedAtForm):
    """What Treasury asks of a project's evidence: the money allocated to
    evidence-based interventions, the evidence, and whether it is being evaluated."""

    class Meta:
        model = TreasuryProject
        fields = ["evidence_based_amount", "evidence_rationale", "evaluation_under_way"]
        widgets = {"evidence_rationale": forms.Textarea(attrs={"rows": 4})}

    def clean_evidence_based_amount(self):
        amount = self.cleaned_data["evidence_based_amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(
                f"The amount cannot be negative ({money(amount)}); leave it empty "
                "when none is allocated."
            )
        return amount

    def clean(self) -> dict:
        cleaned = super().clean()
        amount = cleaned.get("evidence_based_amount")
        if amount and not cleaned.get("evidence_rationale", "").strip():
            self.add_error(
                "evidence_rationale",
                f"Say what evidence the {money(amount)} of evidence-based "
                "interventions follows.",
            )
        return cleaned


class BudgetEntryForm(LedgerEntryForm):
    class Meta:
        model = BudgetEntry
        fields = ledger_fields("effective_on")
        widgets = {"effective_on": DateInput()}
        help_texts = {"reference": "For example the council resolution number."}


class ExportForm(forms.Form):
    """A Treasury report download's query: one program (default all) and a past moment
    (default now)."""

    program = forms.ModelChoiceField(queryset=Program.objects.all(), required=False)
    recorded_at = RecordedAtField()
