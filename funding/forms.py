import datetime

from django import forms

from .models import BudgetEntry, SpendingEntry, TreasuryProject


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AsOfForm(forms.Form):
    as_of = forms.DateField(label="As of", widget=DateInput(), required=False)

    def as_of_or(self, default: datetime.date) -> datetime.date:
        if self.is_valid() and self.cleaned_data["as_of"]:
            return self.cleaned_data["as_of"]
        return default


class LedgerEntryForm(forms.ModelForm):
    """Shared by spending and budget entries; the model's clean() checks the ledger."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = TreasuryProject.objects.select_related("area")
        self.fields["project"].required = False
        self.fields["reason"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields[
            "reason"
        ].help_text = (
            "Required for a negative amount (a de-obligation, refund or reduction)."
        )
        self.fields[
            "amount"
        ].help_text = "In dollars and cents; negative for an adjustment."


class SpendingEntryForm(LedgerEntryForm):
    class Meta:
        model = SpendingEntry
        fields = [
            "kind",
            "area",
            "project",
            "occurred_on",
            "amount",
            "payee",
            "description",
            "reference",
            "reason",
        ]
        widgets = {"occurred_on": DateInput()}
        help_texts = {"reference": "Purchase order or invoice number."}


class BudgetEntryForm(LedgerEntryForm):
    class Meta:
        model = BudgetEntry
        fields = [
            "kind",
            "area",
            "project",
            "effective_on",
            "amount",
            "reference",
            "reason",
        ]
        widgets = {"effective_on": DateInput()}
        help_texts = {"reference": "For example the council resolution number."}
