import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .models import FirearmRecovery, Incident

NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}


def _links(record, what: str, *names: tuple[str, str]):
    """Links named (url name, text), each with the record's name for screen readers."""
    return format_html_join(
        " · ",
        '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
        ((reverse(url_name, args=[record.pk]), text, what) for url_name, text in names),
    )


def _with_badge(text: str, record):
    if record.illustrative:
        text = format_html('{} <span class="badge">Illustrative</span>', text)
    if record.voided_at:
        text = format_html('{} <span class="badge voided">Voided</span>', text)
    return text


def hidden_header(text: str) -> str:
    """A column heading for screen readers only: the links below it say the rest."""
    return format_html('<span class="visually-hidden">{}</span>', text)


def _row_class(record) -> str:
    return "voided" if record.voided_at else ""


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
    history = tables.Column(
        empty_values=(), orderable=False, verbose_name=hidden_header("History")
    )
    edit = tables.Column(
        empty_values=(), orderable=False, verbose_name=hidden_header("Actions")
    )

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
        sequence = (*fields, "history", "edit")
        order_by = ("-date", "-time")
        attrs = {"class": "ledger"}
        row_attrs = {"class": _row_class}

    def __init__(self, *args, can_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_edit:
            self.columns.hide("edit")

    def render_status(self, record):
        return _with_badge(record.get_status_display(), record)

    def render_history(self, record):
        return _links(
            record, record.case_number, ("incidents:incident_history", "History")
        )

    def render_edit(self, record):
        if record.voided_at:
            return ""
        return _links(
            record,
            record.case_number,
            ("incidents:incident_edit", "Edit"),
            ("incidents:incident_void", "Void"),
        )


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
    history = tables.Column(
        empty_values=(), orderable=False, verbose_name=hidden_header("History")
    )
    edit = tables.Column(
        empty_values=(), orderable=False, verbose_name=hidden_header("Actions")
    )

    class Meta:
        model = FirearmRecovery
        # The exact address is staff only, like this list (viewers and editors).
        fields = (
            "date",
            "reference",
            "count",
            "weapon_type",
            "location",
            "address",
            "incident",
        )
        sequence = (*fields, "history", "edit")
        order_by = ("-date",)
        attrs = {"class": "ledger"}
        row_attrs = {"class": _row_class}

    def __init__(self, *args, can_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_edit:
            self.columns.hide("edit")

    def render_reference(self, record):
        return _with_badge(record.reference, record)

    def render_incident(self, record):
        return record.incident.case_number

    def render_history(self, record):
        return _links(
            record, record.reference, ("incidents:recovery_history", "History")
        )

    def render_edit(self, record):
        if record.voided_at:
            return ""
        return _links(
            record,
            record.reference,
            ("incidents:recovery_edit", "Edit"),
            ("incidents:recovery_void", "Void"),
        )
