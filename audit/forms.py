"""The reasons an editor gives for voiding and restoring a record."""

from django import forms


def _reason(label: str, example: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"For example: {example}. Kept in the history.",
        error_messages={"required": required},
    )


class VoidForm(forms.Form):
    reason = _reason(
        "Why is this record void?",
        "entered twice, or not a real incident",
        "Give the reason for voiding the record.",
    )


class RestoreForm(forms.Form):
    reason = _reason(
        "Why should this record count again?",
        "voided by mistake",
        "Give the reason for restoring the record.",
    )
