"""The form that adds or edits a place, its boundary uploaded as a file or pasted."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

from audit.admin import OpenedAtForm

from .geometry import GeometryError
from .models import Place, PlaceKind, normal_code

MAX_BOUNDARY_FILE_BYTES = 5 * 1024 * 1024
# Pasted text travels as a form field, which the site bounds at 3 MB (settings).
MAX_BOUNDARY_TEXT_CHARS = 2_000_000
FIRST_YEAR, LAST_YEAR = 1790, 2100


def parse_boundary(text: str) -> dict:
    """The GeoJSON object in `text`; a FeatureCollection of one feature is that
    feature (what geojson.io and QGIS save for a single shape)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValidationError(f"This is not valid JSON ({error}).") from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if isinstance(features, list) and len(features) == 1:
            return features[0]
        count = len(features) if isinstance(features, list) else 0
        raise ValidationError(
            f"This FeatureCollection holds {count} features; a place has one "
            "boundary. Import a whole collection with `manage.py import_places`."
        )
    return data


class PlaceForm(OpenedAtForm):
    """A place: the save is refused if someone saved it since the form opened."""

    boundary_file = forms.FileField(
        label="Boundary file (optional)",
        required=False,
        validators=[FileExtensionValidator(["geojson", "json"])],
        help_text="A .geojson or .json file of at most 5 MB: a Polygon or "
        "MultiPolygon in longitude/latitude (WGS84), or a Feature holding one. "
        "Leave empty to keep the boundary as it is.",
    )
    boundary_text = forms.CharField(
        label="Or paste the boundary (optional)",
        required=False,
        max_length=MAX_BOUNDARY_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text="The same GeoJSON as text, instead of a file.",
    )

    class Meta:
        model = Place
        fields = [
            "kind",
            "code",
            "name",
            "population",
            "population_year",
            "population_source",
        ]
        labels = {"population_year": "Population year"}
        help_texts = {"population_source": "Where the population figure comes from."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["population_year"].widget.attrs.update(
            min=FIRST_YEAR, max=LAST_YEAR
        )

    def clean_code(self) -> str:
        return normal_code(self.cleaned_data["code"])

    def clean_population_year(self):
        year = self.cleaned_data["population_year"]
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(f"Give a year from {FIRST_YEAR} to {LAST_YEAR}.")
        return year

    def clean_boundary_file(self) -> dict | None:
        upload = self.cleaned_data["boundary_file"]
        if not upload:
            return None
        if upload.size > MAX_BOUNDARY_FILE_BYTES:
            raise ValidationError(
                f"The file is {upload.size:,} bytes; the limit is "
                f"{MAX_BOUNDARY_FILE_BYTES:,}. Simplify the boundary first."
            )
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file is not UTF-8 text.") from None
        return parse_boundary(text)

    def clean_boundary_text(self) -> dict | None:
        text = self.cleaned_data["boundary_text"].strip()
        return parse_boundary(text) if text else None

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_code_is_free(cleaned)
        given = [
            name
            for name in ("boundary_file", "boundary_text")
            if cleaned.get(name) is not None
        ]
        if len(given) > 1:
            self.add_error(
                "boundary_text", "Give the boundary as a file or as text, not both."
            )
        elif given:
            try:
                self.instance.set_boundary(cleaned[given[0]])
            except GeometryError as error:
                self.add_error(given[0], str(error))
        return cleaned

    def _check_code_is_free(self, cleaned: dict) -> None:
        kind, code = cleaned.get("kind"), cleaned.get("code")
        if not kind or not code:
            return
        other = (
            Place.objects.filter(kind=kind, code=code)
            .exclude(pk=self.instance.pk)
            .only("name")
            .first()
        )
        if other is not None:
            self.add_error(
                "code",
                f"There is already a {PlaceKind(kind).label.lower()} with the code "
                f"{code}: {other.name}.",
            )
