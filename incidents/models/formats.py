"""Import formats stored by editors, with every earlier version."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from binghamton_safety.models import TimeStamped

# A format file of a few dozen lines is a few kilobytes; this bounds a pasted one.
MAX_FORMAT_CHARACTERS = 20_000


class ImportFormat(TimeStamped):
    """An import format stored by an editor: the TOML text of `imports.mapping`, read
    afresh at every use. Every earlier version is kept in its history."""

    class Record(models.TextChoices):
        INCIDENT = "incident", "Incidents"
        RECOVERY = "recovery", "Firearm recoveries"

    name = models.CharField(
        max_length=200,
        unique=True,
        error_messages={"unique": "A format with this name already exists."},
    )
    record = models.CharField(
        max_length=20,
        choices=Record.choices,
        editable=False,
        help_text="From the text.",
    )
    text = models.TextField(
        "format (TOML)",
        max_length=MAX_FORMAT_CHARACTERS,
        validators=[MaxLengthValidator(MAX_FORMAT_CHARACTERS)],
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""), name="import_format_name_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(record__in=["incident", "recovery"]),
                name="import_format_record_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def mapping(self):
        """The format the text describes (`imports.mapping.Mapping`), by this name."""
        # The imports package reads this module's models: import it at use.
        from ..imports.mapping import from_toml

        return from_toml(self.text, default_name=self.name)

    def clean(self) -> None:
        from ..imports.mapping import FormatError

        if not self.text:
            return  # the field's own check says it is required
        try:
            found = self.mapping()
        except FormatError as error:
            raise ValidationError({"text": str(error)}) from None
        if found.name != self.name:
            raise ValidationError(
                {
                    "name": f"The text names the format {found.name!r} (its name key): "
                    "give the same name here, or remove the name key."
                }
            )
        self.record = found.record
