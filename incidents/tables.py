"""The tables of the incident and firearm recovery lists."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from audit.tables import RecordTable, with_voided_badge

from .models import FirearmRecovery, Incident

NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}


def _with_badges(text: str, record):
    if record.illustrative:
        text = format_html('{} <span class="badge">Illustrative</span>', text)
    return with_voided_badge(text, record)


class IncidentTable(RecordTable):
    case_number = tables.Column(linkify=("incidents:incident_detail", [tables.A("pk")]))
    # Dates and times are fixed-width: keep them on one line.
    date = tables.DateColumn("Y-m-d", attrs=NUMERIC)
    time = tables.TimeColumn("H:i", verbose_name="Time", attrs=NUMERIC)
    shots_fired_confirmed = tables.BooleanColumn(
        verbose_name="Shots fired confirmed", yesno="Yes,No"
    )
    victim_count = tables.Column(verbose_name="People shot", attrs=NUMERIC)
    killed_count = tables.Column(verbose_name="Killed", attrs=NUMERIC)

    class Meta(RecordTable.Meta):
        model = Incident
        fields = (
            "case_number",
            "date",
            "time",
            "location",
            "shots_fired_confirmed",
            "victim_count",
            "killed_count",
            "status",
        )
        order_by = ("-date", "-time")

    def name_of(self, record) -> str:
        return record.case_number

    def render_status(self, record):
        return _with_badges(record.get_status_display(), record)


class FirearmRecoveryTable(RecordTable):
    date = tables.DateColumn("Y-m-d", attrs=NUMERIC)
    count = tables.Column(verbose_name="Firearms", attrs=NUMERIC)
    incident = tables.Column(
        verbose_name="Incident",
        order_by=("incident__case_number",),
        linkify=lambda record: reverse(
            "incidents:incident_detail", args=[record.incident_id]
        ),
    )
    places = tables.ManyToManyColumn(
        verbose_name="Places",
        orderable=False,
        transform=lambda place: place.short_name(),
    )

    class Meta(RecordTable.Meta):
        model = FirearmRecovery
        # The exact address is staff only, like this list (viewers and editors).
        fields = (
            "date",
            "reference",
            "count",
            "source",
            "weapon_type",
            "location",
            "address",
            "places",
            "incident",
        )
        order_by = ("-date",)

    def name_of(self, record) -> str:
        return record.reference

    def render_reference(self, record):
        return _with_badges(record.reference, record)

    def render_incident(self, record):
        return record.incident.case_number
