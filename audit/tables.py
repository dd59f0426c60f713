"""The table every staff list of voidable records starts from: voided rows marked, and
each row's links to its history and, for editors, to edit and void it."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join


def hidden_header(text: str) -> str:
    """A column heading for screen readers only: the links below it say the rest."""
    return format_html('<span class="visually-hidden">{}</span>', text)


def voided_row(record) -> str:
    return "voided" if record.voided_at else ""


def with_voided_badge(text, record):
    """`text`, followed by a Voided badge when the record is void."""
    if record.voided_at:
        return format_html('{} <span class="badge voided">Voided</span>', text)
    return text


class RecordTable(tables.Table):
    """Subclasses list the record's columns in their Meta's `fields`, in order, and
    their Meta inherits this one (`class Meta(RecordTable.Meta)`). The list view passes
    the record's `Lifecycle` (for the links) and `can_edit`."""

    history = tables.Column(
        empty_values=(), orderable=False, verbose_name=hidden_header("History")
    )
    edit = tables.Column(
        empty_values=(), orderable=False, verbose_name=hidden_header("Actions")
    )
    edit_label = "Edit"

    class Meta:
        attrs = {"class": "ledger"}
        row_attrs = {"class": voided_row}

    def __init__(self, *args, lifecycle, can_edit: bool = False, **kwargs):
        kwargs.setdefault("sequence", (*self._meta.fields, "history", "edit"))
        super().__init__(*args, **kwargs)
        self.lifecycle = lifecycle
        if not can_edit:
            self.columns.hide("edit")

    def name_of(self, record) -> str:
        """The record as each link names it to screen readers ("History BPD-1")."""
        return str(record.pk)

    def render_history(self, record):
        return self.links(record, ("history", "History"))

    def render_edit(self, record):
        if record.voided_at:
            return ""
        return self.links(record, ("edit", self.edit_label), ("void", "Void"))

    def links(self, record, *actions: tuple[str, str]):
        """Links to the record's pages, given as (action, text)."""
        name = self.name_of(record)
        return format_html_join(
            " · ",
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            (
                (self.lifecycle.url(action, record.pk), text, name)
                for action, text in actions
            ),
        )
