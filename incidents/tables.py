import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import FirearmRecovery, Incident

NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}


def _edit_link(url_name: str, record, what: str):
    return format_html(
        '<a href="{}">Edit<span class="visually-hidden"> {}</span></a>',
        reverse(url_name, args=[record.pk]),
        what,
    )


def _with_badge(text: str, record):
    if record.illustrative:
        return format_html('{} <span class="badge">Illustrative</span>', text)
    return text


class IncidentTable(tables.Table):
    case_number = tables.Column(linkify=("incidents:incident_detail", [tables.A("pk")]))
    # Dates and times are fixed-width: keep them on one line.
    date = tables.DateColumn("Y-m-d", attrs=NUMERIC)
    time = tables.TimeColumn("H:i", verbose_name="Time", attrs=NUMERIC)
    shots_fired_confirmed = tables.BooleanColumn(
        verbose_name="Shots fired confirmed", yesno="Yes,No"
    )
    victim_count = tables.Column(
        verbose_name="People shot",
        attrs=NUMERIC,
    )
    killed_count = tables.Column(verbose_name="Killed", attrs=NUMERIC)
    edit = tables.Column(empty_values=(), orderable=False, verbose_name="")

    class Meta:
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
        sequence = (*fields, "edit")
        order_by = ("-date", "-time")
        attrs = {"class": "ledger"}

    def __init__(self, *args, can_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_edit:
            self.columns.hide("edit")

    def render_status(self, record):
        return _with_badge(record.get_status_display(), record)

    def render_edit(self, record):
        return _edit_link("incidents:incident_edit", record, record.case_number)


class FirearmRecoveryTable(tables.Table):
    date = tables.DateColumn("Y-m-d", attrs=NUMERIC)
    count = tables.Column(verbose_name="Firearms", attrs=NUMERIC)
    incident = tables.Column(
        verbose_name="Incident",
        order_by=("incident__case_number",),
        linkify=lambda record: reverse(
            "incidents:incident_detail", args=[record.incident_id]
        ),
    )
    edit = tables.Column(empty_values=(), orderable=False, verbose_name="")

    class Meta:
        model = FirearmRecovery
        fields = ("date", "reference", "count", "weapon_type", "location", "incident")
        sequence = (*fields, "edit")
        order_by = ("-date",)
        attrs = {"class": "ledger"}

    def __init__(self, *args, can_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_edit:
            self.columns.hide("edit")

    def render_reference(self, record):
        return _with_badge(record.reference, record)

    def render_incident(self, record):
        return record.incident.case_number

    def render_edit(self, record):
        return _edit_link("incidents:recovery_edit", record, record.reference)
