"""The reasons an editor gives for voiding and restoring a record."""

from django import forms


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="Why is this record void?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: entered twice, or not a real incident. Kept in the history.",
        error_messages={"required": "Give the reason for voiding the record."},
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(
        label="Why should this record count again?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: voided by mistake. Kept in the history.",
        error_messages={"required": "Give the reason for restoring the record."},
    )
