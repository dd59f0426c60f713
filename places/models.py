"""Places: council districts, police precincts or sectors, neighborhoods, hot-spot areas.

A place has a kind, a code unique within its kind, a name, optionally a boundary (a
GeoJSON Polygon or MultiPolygon in WGS84 longitude/latitude, with a copy simplified for
the web) and optionally a population with its year and source. Incidents and firearm
recoveries may belong to one place of each kind (`incidents.models`).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from binghamton_safety.models import TimeStamped

from . import geometry

# "75", "75.0" and "075.00" are one code (spreadsheets write numbers as floats).
NUMERIC_CODE = re.compile(r"0*(\d+)(?:\.0*)?")


def normal_code(value) -> str:
    """A place's code as stored: trimmed, and a whole number without its ".0"."""
    text = str(value).strip()
    if match := NUMERIC_CODE.fullmatch(text):
        return match.group(1).lstrip("0") or "0"
    return text


def code_order(place) -> tuple:
    """Numeric codes in number order ("2" before "10"), then the others."""
    code = place.code
    return (0, int(code), "") if code.isdigit() else (1, 0, code)


class PlaceKind(models.TextChoices):
    CITY = "city", "City"  # the whole city: its population gives the city-wide rate
    COUNCIL_DISTRICT = "council_district", "Council district"
    PRECINCT = "precinct", "Police precinct"
    SECTOR = "sector", "Police sector"
    NEIGHBORHOOD = "neighborhood", "Neighborhood"
    HOT_SPOT = "hot_spot", "Hot-spot area"

    @classmethod
    def of_records(cls) -> list["PlaceKind"]:
        """The kinds a record belongs to one place of (the city holds them all)."""
        return [kind for kind in cls if kind != cls.CITY]

    @property
    def plural_label(self) -> str:
        """ "Council districts", "Cities"."""
        label = str(self.label)
        return f"{label[:-1]}ies" if label.endswith("y") else f"{label}s"


class Place(TimeStamped):
    kind = models.CharField(max_length=30, choices=PlaceKind.choices)
    code = models.CharField(
        max_length=30, help_text='Unique within its kind, e.g. "3" or "75".'
    )
    name = models.CharField(max_length=100)
    boundary = models.JSONField(
        null=True,
        blank=True,
        help_text="GeoJSON Polygon or MultiPolygon, WGS84 longitude/latitude.",
    )
    web_boundary = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The boundary simplified for the web map (made from `boundary`).",
    )
    boundary_summary = models.CharField(
        "boundary",
        max_length=100,
        blank=True,
        editable=False,
        help_text="Its parts, points and area, so the history shows boundary changes.",
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    population_source = models.CharField(max_length=200, blank=True)
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real place's record."
    )

    history = HistoricalRecords(excluded_fields=["boundary", "web_boundary"])

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="place_kind_code")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}: {self.name}"

    def short_name(self) -> str:
        """Its name, with its code unless the name holds it: "Police precinct 75",
        "3: Riverside"."""
        if self.code in self.name.split():
            return self.name
        return f"{self.code}: {self.name}"

    def clean(self) -> None:
        if self.population is not None and self.population_year is None:
            raise ValidationError(
                {"population_year": "Give the year the population figure is for."}
            )

    def set_boundary(self, data: dict | None) -> None:
        """Store the GeoJSON `data` (a Polygon or MultiPolygon, or a Feature holding
        one) as the boundary, made valid, with its web copy and summary; None removes
        the boundary. Raises geometry.GeometryError, saying what is wrong."""
        if data is None:
            self.boundary = self.web_boundary = None
            self.boundary_summary = ""
            return
        shape = geometry.read_geometry(data)
        self.boundary = geometry.as_geojson(shape)
        self.web_boundary = geometry.web_geometry(shape)
        self.boundary_summary = geometry.summary(shape)
