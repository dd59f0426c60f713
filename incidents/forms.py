"""The staff forms of the incident records: incidents with their victims, firearm
recoveries, the data-complete date and the import of a file (the stored import formats'
forms are in format_forms.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.html import format_html

from audit.conflicts import VersionedModelForm
from binghamton_safety.parameters import DateInput

from . import upload_formats
from .imports import formats
from .imports.mapping import FormatError
from .locations import generalise
from .models import (
    DataCompleteness,
    FirearmRecovery,
    Incident,
    Victim,
    WeaponType,
    date_problems,
    max_victims_per_incident,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
LOCATION_HELP = (
    "Shown to the public, block level only: a house number becomes its block "
    '("255 Oak St" is shown as "200 block of Oak St", "23 Tremont Ave" as '
    '"unit block of Tremont Ave") and the exact address is kept in the staff-only '
    'address field. Intersections ("Mygatt St & Meadows St") are shown as typed.'
)


def show_public_location(form: forms.ModelForm) -> None:
    """Say in the location's help what the public will see of it as typed (or as saved)."""
    # The bound field keeps the help text it was made with: set both.
    location = form["location"]
    public, _ = generalise(str(location.value() or ""))
    help_text = format_html("{}", LOCATION_HELP)
    if public:
        help_text = format_html("{} The public sees: “{}”.", help_text, public)
    form.fields["location"].help_text = location.help_text = help_text


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class IncidentForm(VersionedModelForm):
    class Meta:
        model = Incident
        fields = [
            "case_number",
            "date",
            "time",
            "location",
            "shots_fired_confirmed",
            "status",
            "address",
            "latitude",
            "longitude",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_public_location(self)


class VictimForm(forms.ModelForm):
    class Meta:
        model = Victim
        fields = ["outcome"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The empty choice leaves the row out: no one to add.
        self.fields["outcome"].choices = [("", "No one"), *Victim.Outcome.choices]


class BaseVictimFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        victims = [
            form
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("outcome")
            and not form.cleaned_data.get("DELETE")
        ]
        if victims and not self.instance.shots_fired_confirmed:
            raise ValidationError(
                "Someone was shot, so the discharge of a firearm is confirmed: tick "
                '"Discharge of a firearm confirmed" or remove the victims.'
            )
        if len(victims) > (most := max_victims_per_incident()):
            raise ValidationError(
                f"An incident may have at most {most:,} victims; this one would have "
                f"{len(victims):,}."
            )


# Without JavaScript, three empty rows let an editor add up to three victims per save.
VictimFormSet = inlineformset_factory(
    Incident,
    Victim,
    form=VictimForm,
    formset=BaseVictimFormSet,
    extra=3,
    can_delete=True,
)


class FirearmRecoveryForm(VersionedModelForm):
    case_number = forms.CharField(
        label="Linked incident (case number)",
        required=False,
        max_length=50,
        help_text="Optional: the case number of the incident these firearms belong to.",
    )

    class Meta:
        model = FirearmRecovery
        fields = [
            "reference",
            "date",
            "count",
            "source",
            "weapon_type",
            "location",
            "address",
        ]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_public_location(self)
        # A post without it (a page loaded before the field existed) keeps the saved
        # source, or seized for a new recovery: the model's default.
        self.fields["source"].required = False
        self.fields["weapon_type"].choices = [
            ("", "Not stated (mixed or unknown)"),
            *WeaponType.choices,
        ]
        if self.instance.incident_id:
            self.initial["case_number"] = self.instance.incident.case_number

    def clean_case_number(self) -> str:
        case_number = self.cleaned_data["case_number"].strip()
        incident = None
        if case_number:
            incident = Incident.objects.filter(case_number=case_number).first()
            if incident is None:
                raise ValidationError(f"No incident has the case number {case_number}.")
        self.instance.incident = incident
        return case_number


class DataCompletenessForm(forms.ModelForm):
    class Meta:
        model = DataCompleteness
        fields = ["complete_through"]
        widgets = {"complete_through": DateInput()}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="UTF-8, with a header row; see the formats below."
    )
    format = forms.ChoiceField(
        initial=formats.CANONICAL,
        help_text="A stored format is read as it stands now; editing it later does not "
        "change a preview already shown.",
    )
    complete_through = forms.DateField(
        label="Data complete through (optional)",
        required=False,
        widget=DateInput(),
        help_text="Set once the import succeeds, if this file completes the records "
        "up to that date.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = upload_formats.choices()

    def clean_format(self) -> dict:
        """The chosen format as the session keeps it (`upload_formats.described`)."""
        found = upload_formats.described(self.cleaned_data["format"])
        if found is None:  # a stored format removed since the page was loaded
            raise ValidationError("That format no longer exists; choose another.")
        try:
            upload_formats.reader(found)
        except FormatError as error:  # stored under rules since made stricter
            raise ValidationError(f"That format cannot be used: {error}") from None
        return found

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is {upload.size:,} bytes; the limit is {MAX_UPLOAD_BYTES:,}."
            )
        return upload

    def clean_complete_through(self):
        day = self.cleaned_data["complete_through"]
        if problems := date_problems(day, "The date"):
            raise ValidationError(problems)
        return day
