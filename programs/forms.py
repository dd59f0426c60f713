"""The staff form of an entered measure's monthly value."""

import datetime

from django import forms

from audit.conflicts import VersionedModelForm

from .models import Measure, MeasureValue, Source


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A month as YYYY-MM (a browser's month picker), or any day of it: its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": "Give the month as YYYY-MM, e.g. 2022-06."}

    def to_python(self, value) -> datetime.date | None:
        day = super().to_python(value)
        return day.replace(day=1) if day else None


class MeasureValueForm(VersionedModelForm):
    month = MonthField(help_text="The month the value is for.")

    class Meta:
        model = MeasureValue
        fields = ["measure", "month", "value", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "value": "The month's total, e.g. patrol hours or people engaged.",
            "note": "Where the figure comes from, or what it leaves out.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entered = Measure.objects.filter(source=Source.ENTERED).select_related("area")
        field = self.fields["measure"]
        field.queryset = entered
        field.label_from_instance = lambda m: f"{m.area.name}: {m.name} ({m.unit})"

    def clean(self) -> dict:
        cleaned = super().clean()
        measure, month = cleaned.get("measure"), cleaned.get("month")
        taken = MeasureValue.objects.filter(measure=measure, month=month).exclude(
            pk=self.instance.pk
        )
        if measure and month and taken.exists():
            self.add_error(
                "month",
                f"{measure.name} already has a value for {month:%B %Y}: correct that "
                "one (Values recorded) instead of adding another.",
            )
        return cleaned
