"""The staff forms of the incident records: incidents with their victims and places,
firearm recoveries, the data-complete date, the import of a file (the stored import
formats' forms are in format_forms.py) and the incident map's controls."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.html import format_html

from audit.conflicts import VersionedModelForm
from binghamton_safety.parameters import DateInput
from places.geometry import Locator
from places.models import Place, PlaceKind, code_order

from . import upload_formats
from .imports import formats
from .imports.mapping import FormatError
from .locations import generalise
from .models import (
    FIRST_INCIDENT_DATE,
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


def place_at(kind: str, longitude, latitude) -> Place | None:
    """The place of `kind` whose boundary holds the point, if one does."""
    places = list(
        Place.objects.filter(kind=kind)
        .exclude(boundary_summary="")
        .only("kind", "boundary")
    )
    found = Locator(places).locate(float(longitude), float(latitude))
    return next((place for place in places if place.pk == found), None)


class PlaceChoiceField(forms.ChoiceField):
    """A select of one kind's places; it cleans to the place chosen, or None."""

    def __init__(self, kind: PlaceKind, places: list[Place], located: bool):
        self.places = {str(place.pk): place for place in places}
        name = kind.label.lower()
        help_text = "Optional."
        if located:
            help_text = (
                "Optional. Left at “None” when the record has coordinates, it is "
                f"filled in on saving: the {name} whose boundary holds the point."
            )
        super().__init__(
            label=kind.label,
            required=False,
            choices=[("", "None")]
            + [(pk, place.short_name()) for pk, place in self.places.items()],
            help_text=help_text,
            error_messages={
                "invalid_choice": f"That is not a {name}: choose one from the list."
            },
        )

    def clean(self, value) -> Place | None:
        return self.places.get(super().clean(value))


class RecordPlacesForm(VersionedModelForm):
    """A record's places: a select per kind of place that has any, after the field
    `places_after`, saved to the record's `places` (at most one of each kind, replacing
    the one it had). Where the record `locates` by its `point()`, a kind with
    boundaries left at "None" gets the place whose boundary holds the point."""

    places_after = ""
    locates = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place_kinds: list[tuple[PlaceKind, bool]] = []  # (kind, located)
        names = [self._add_place_field(kind, places) for kind, places in self._places()]
        if self.instance.pk:
            for place in self.instance.places.only("kind"):
                self.initial[f"place_{place.kind}"] = str(place.pk)
        order = list(self.fields)
        after = order.index(self.places_after) + 1 if self.places_after else len(order)
        self.order_fields([*order[:after], *names])

    def _places(self) -> list[tuple[PlaceKind, list[Place]]]:
        """Each kind of place a record belongs to, with its places, if it has any."""
        found = Place.objects.filter(kind__in=PlaceKind.of_records())
        places = sorted(
            found.only("kind", "code", "name", "boundary_summary"), key=code_order
        )
        return [
            (kind, of_kind)
            for kind in PlaceKind.of_records()
            if (of_kind := [place for place in places if place.kind == kind])
        ]

    def _add_place_field(self, kind: PlaceKind, places: list[Place]) -> str:
        name = f"place_{kind}"
        located = self.locates and any(place.boundary_summary for place in places)
        self.fields[name] = PlaceChoiceField(kind, places, located)
        self.place_kinds.append((kind, located))
        return name

    def point(self) -> tuple | None:
        """The record's (longitude, latitude), if it has them."""
        return None

    def _save_m2m(self) -> None:
        super()._save_m2m()
        point = self.point()
        chosen = []
        for kind, located in self.place_kinds:
            place = self.cleaned_data.get(f"place_{kind}")
            if place is None and located and point is not None:
                place = place_at(kind, *point)
            if place is not None:
                chosen.append(place)
        on_form = {kind for kind, _ in self.place_kinds}
        kept = [p for p in self.instance.places.all() if p.kind not in on_form]
        self.instance.places.set(kept + chosen)


class IncidentForm(RecordPlacesForm):
    places_after = "longitude"
    locates = True  # by its coordinates

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

    def point(self) -> tuple | None:
        incident = self.instance
        if incident.longitude is None or incident.latitude is None:
            return None
        return (incident.longitude, incident.latitude)


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


class FirearmRecoveryForm(RecordPlacesForm):
    places_after = "address"
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


class IncidentMapForm(forms.Form):
    """The incident map's controls, each bounded: a year from the first the tracker
    takes to this one, and a kind of place whose boundaries are drawn. A value left out
    takes its default."""

    year = forms.TypedChoiceField(coerce=int)
    kind = forms.ChoiceField(
        label="Boundaries",
        choices=[(kind.value, kind.plural_label) for kind in PlaceKind.of_records()],
        error_messages={"invalid_choice": "Choose a kind of place from the list."},
    )

    def __init__(self, params, *, year: int, kind: str):
        given = {name: params[name] for name in ("year", "kind") if name in params}
        super().__init__({"year": year, "kind": kind, **given})
        first, last = FIRST_INCIDENT_DATE.year, timezone.localdate().year
        self.fields["year"].choices = [(y, y) for y in range(last, first - 1, -1)]
        self.fields["year"].error_messages["invalid_choice"] = (
            f"Choose a year from {first} to {last}."
        )
