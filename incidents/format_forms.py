"""The forms of the stored import formats: a format's name and TOML text (pasted or
uploaded), the builder's sample upload, and the builder's choice of a column for each
product field."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from .format_builder import ALL_FIELDS, FIELDS, Sample
from .forms import MAX_UPLOAD_BYTES
from .imports.mapping import ROWS, SOURCES, FormatError, from_toml
from .models import MAX_FORMAT_CHARACTERS, ImportFormat

NOT_IN_FILE = "Not in this file"
EXAMPLE_LENGTH = 24  # of the sample value shown with each column's name
RECORD_OF_ROWS = {rows: record for record, kinds in ROWS.items() for rows in kinds}
ROWS_CHOICES = [
    ("victim", "One row per victim (incidents)"),
    ("incident", "One row per incident"),
    ("recovery", "One row per recovery"),
    ("daily counts", "One row per day, a count of each source (recoveries)"),
]
OUTCOME_VALUES = (
    "outcome_killed",
    "outcome_injured",
    "outcome_unknown",
    "outcome_blank_unknown",
)
FIELD_HELP = {
    "date": "Required. Its format is below.",
    "time": "A time of day, if the file has a column of its own for it.",
    "location": "Shown to the public at block level only.",
    "place": "A district or precinct, kept as given.",
    "latitude": "Staff only, never published; read for the data-quality report.",
    "longitude": "Staff only, never published; read for the data-quality report.",
    "victims_injured": "One row per incident only: a count.",
    "victims_killed": "One row per incident only: a count.",
    "shots_fired_confirmed": "yes or no.",
    "status": "preliminary or final.",
    "count": "The number of firearms.",
    "weapon_type": "A NIBRS code, 11 to 15.",
    "case_number": "The case number of a saved incident.",
    "source": "seized, surrendered or bought_back.",
}


class FormatForm(forms.ModelForm):
    """A stored format's name and TOML text; with `header`, the text must also name only
    columns of that header (the builder's sample)."""

    class Meta:
        model = ImportFormat
        fields = ["name", "text"]
        widgets = {
            "text": forms.Textarea(
                attrs={"rows": 18, "spellcheck": "false", "class": "code"}
            )
        }

    def __init__(self, *args, header: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.header = header
        self.fields["name"].required = False
        self.fields["name"].help_text = "As the upload page lists it."
        self.fields["text"].required = False
        self.fields["text"].strip = False  # kept as written, to its last line break

    def given_text(self) -> str:
        return self.cleaned_data.get("text") or ""

    def clean(self):
        data = super().clean()
        text = self.given_text()
        if "text" in self.errors or "file" in self.errors:
            return data
        if not text:
            self.add_error("text", "Paste the format's text or upload its file.")
            return data
        data["text"] = text
        try:
            found = from_toml(text, default_name=data.get("name") or "")
        except FormatError:
            return data  # the model's own check says why, on the text
        if not found.name:
            self.add_error("name", "Give the format a name, here or as its name key.")
        if not data.get("name"):
            data["name"] = found.name  # the model refuses a name that differs
        for _, problem in found.check_header(self.header) if self.header else ():
            self.add_error("text", f"{problem} (The sample's columns are the file's.)")
        return data


class FormatUploadForm(FormatForm):
    """A format pasted, or uploaded as a .toml file (which then replaces the text)."""

    file = forms.FileField(
        label="Or upload a format file (.toml)",
        required=False,
        help_text="UTF-8 text; it replaces what is pasted above.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = (
            "As the upload page lists it. Leave it empty to take the name key of the "
            "format's text."
        )

    def given_text(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return super().given_text()
        too_long = f"A format file has at most {MAX_FORMAT_CHARACTERS:,} characters."
        if upload.size > MAX_FORMAT_CHARACTERS * 4:  # 4 bytes: the longest character
            self.add_error("file", too_long)
            return ""
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error("file", "The file is not UTF-8 text; save it as UTF-8.")
            return ""
        if len(text) > MAX_FORMAT_CHARACTERS:
            self.add_error("file", too_long)
            return ""
        return text


class SampleForm(forms.Form):
    file = forms.FileField(
        label="A sample of the file (CSV)",
        help_text="UTF-8, with a header row. Only its header and first rows are read, "
        "and they are kept only until the format is saved.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is {upload.size:,} bytes; an import takes at most "
                f"{MAX_UPLOAD_BYTES:,}, so the builder does too."
            )
        return upload


def _column_choices(sample: Sample) -> list[tuple[str, str]]:
    """Each column of the sample, shown with its first value that is not blank: the
    file's rows beside each field's choice, e.g. "CallDate (01/05/2024)"."""
    found = []
    for name, cells in sample.columns:
        value = next((cell.strip() for cell in cells if cell.strip()), "")
        if len(value) > EXAMPLE_LENGTH:
            value = value[: EXAMPLE_LENGTH - 1] + "…"
        found.append((name, f"{name} ({value})" if value else f"{name} (blank)"))
    return found


def _column(label: str, choices: list, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, required=False, help_text=help_text
    )


class BuilderForm(forms.Form):
    """The builder's choices: the kind of rows, and the file's column of each field."""

    record = forms.ChoiceField(choices=ImportFormat.Record.choices)
    rows = forms.ChoiceField(label="Each row of the file is", choices=ROWS_CHOICES)
    key = forms.ChoiceField(
        label="Key column",
        required=False,
        help_text="The case number (recoveries: the reference). Not for daily counts.",
    )
    key_prefix = forms.CharField(
        required=False,
        max_length=20,
        help_text='Put before every key, so that two sources never collide: "PHL-".',
    )
    date_format = forms.CharField(
        required=False,
        max_length=100,
        help_text="As Python's strptime writes it: %Y-%m-%d (the default), %m/%d/%Y "
        "for 1/5/2019, %Y-%m-%d %H:%M:%S for a date with its time.",
    )
    outcome_killed = forms.CharField(
        label="Outcome values: killed",
        required=False,
        help_text="Separated by commas: 1, Fatal",
    )
    outcome_injured = forms.CharField(label="Outcome values: injured", required=False)
    outcome_unknown = forms.CharField(label="Outcome values: unknown", required=False)
    outcome_blank_unknown = forms.BooleanField(
        label="A blank outcome is unknown",
        required=False,
        initial=True,
        help_text="A victim of unknown outcome counts as a person shot, not as killed.",
    )

    def __init__(self, *args, sample: Sample, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", NOT_IN_FILE), *_column_choices(sample)]
        self.fields["key"].choices = choices
        for name in ALL_FIELDS:
            label = name.replace("_", " ").capitalize()
            self.fields[f"column_{name}"] = _column(
                label, choices, FIELD_HELP.get(name, "")
            )
        self.fields["outcome_column"] = _column(
            "Outcome column", choices, "One row per victim: each victim's outcome."
        )
        for source in SOURCES:
            label = f"Count {source.replace('_', ' ')}"
            self.fields[f"count_{source}"] = _column(label, choices, "Daily counts.")

    def clean(self):
        data = super().clean()
        rows, record = data.get("rows"), data.get("record")
        if not rows or not record:
            return data
        if RECORD_OF_ROWS[rows] != record:
            self.add_error("rows", "These rows are not of the record chosen above.")
            return data
        if rows != "daily counts" and not data["key"]:
            self.add_error("key", "Choose the column of the key.")
        if not data["column_date"]:
            self.add_error("column_date", "Choose the column of the date.")
        if rows == "victim" and not data["outcome_column"]:
            self.add_error("outcome_column", "One row per victim: choose the column.")
        self._refuse_unused(data, rows)
        return data

    def _refuse_unused(self, data: dict, rows: str) -> None:
        """A column chosen for a field these rows do not take: an error, not ignored."""
        unused = [f"column_{name}" for name in ALL_FIELDS if name not in FIELDS[rows]]
        if rows != "victim":
            unused.append("outcome_column")
        if rows != "daily counts":
            unused += [f"count_{source}" for source in SOURCES]
        for name in unused:
            if data.get(name):
                self.add_error(
                    name,
                    f"Not read from {dict(ROWS_CHOICES)[rows]}: "
                    f"choose “{NOT_IN_FILE}”.",
                )

    def groups(self) -> list["FieldGroup"]:
        """The fields by fieldset, as the page shows them."""
        return [
            FieldGroup.of(self, "The rows", ("record", "rows", "key", "key_prefix")),
            FieldGroup.of(
                self,
                "The column of each field",
                (
                    "column_date",
                    "date_format",
                    *(f"column_{name}" for name in ALL_FIELDS if name != "date"),
                ),
            ),
            FieldGroup.of(
                self,
                "One row per victim: the outcome",
                ("outcome_column", *OUTCOME_VALUES),
            ),
            FieldGroup.of(
                self, "Daily counts of recoveries", [f"count_{s}" for s in SOURCES]
            ),
        ]


@dataclass(frozen=True)
class FieldGroup:
    """Some fields of a form, shown as a form of their own by
    includes/form_fields.html (a fieldset of a long form)."""

    legend: str
    fields: tuple

    @classmethod
    def of(cls, form: forms.Form, legend: str, names) -> "FieldGroup":
        return cls(legend, tuple(form[name] for name in names))

    def visible_fields(self) -> tuple:
        return self.fields

    def hidden_fields(self) -> tuple:
        return ()

    def non_field_errors(self) -> tuple:
        return ()
