import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from binghamton_safety.money import money

from .models import BudgetEntry, SpendingEntry

ONE_LINE = {"td": {"class": "nowrap"}}  # a date split over two lines reads as two


class MoneyColumn(tables.Column):
    attrs = {"td": {"class": "num"}, "th": {"class": "num"}}

    def render(self, value):
        return money(value)


def hidden_header(text: str) -> str:
    """A column heading for screen readers only: the links below it say the rest."""
    return format_html('<span class="visually-hidden">{}</span>', text)


def _row_class(record) -> str:
    return "voided" if record.voided_at else ""


def _links(*links) -> str:
    """Action links, each with the entry number for screen readers."""
    return format_html_join(
        " · ",
        '<a href="{}">{}<span class="visually-hidden"> entry {}</span></a>',
        links,
    )


class LedgerEntryTable(tables.Table):
    """Columns shared by the spending and budget tables: a Voided mark and the links."""

    history = tables.Column(
        empty_values=(), orderable=False, verbose_name=hidden_header("History")
    )
    edit = tables.Column(
        empty_values=(), orderable=False, verbose_name=hidden_header("Actions")
    )

    url_names = {"correct": "", "void": "", "history": ""}

    def __init__(self, *args, can_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_edit:
            self.columns.hide("edit")

    def render_project(self, record):
        return record.project.identifier

    def render_history(self, record):
        url = reverse(self.url_names["history"], args=[record.pk])
        return _links((url, "History", record.pk))

    def render_edit(self, record):
        if record.voided_at:
            return ""
        return _links(
            (
                reverse(self.url_names["correct"], args=[record.pk]),
                "Correct",
                record.pk,
            ),
            (reverse(self.url_names["void"], args=[record.pk]), "Void", record.pk),
        )

    def kind_label(self, record, label: str):
        if record.illustrative:
            label = f"{label} (illustrative)"
        if record.voided_at:
            return format_html('{} <span class="badge voided">Voided</span>', label)
        return label


class SpendingEntryTable(LedgerEntryTable):
    occurred_on = tables.DateColumn("Y-m-d", verbose_name="Date", attrs=ONE_LINE)
    amount = MoneyColumn()
    area = tables.Column(order_by=("area__position",))
    project = tables.Column(order_by=("project__identifier",), verbose_name="Project")

    url_names = {
        "correct": "funding:correct_entry",
        "void": "funding:void_entry",
        "history": "funding:entry_history",
    }

    class Meta:
        model = SpendingEntry
        fields = (
            "occurred_on",
            "kind",
            "area",
            "project",
            "payee",
            "description",
            "reference",
            "amount",
        )
        sequence = (*fields, "history", "edit")
        order_by = ("-occurred_on",)
        attrs = {"class": "ledger"}
        row_attrs = {"class": _row_class}

    def render_kind(self, record):
        label = record.get_kind_display()
        if record.adjustment:
            label = f"{label} (revision adjustment)"
        return self.kind_label(record, label)


class BudgetEntryTable(LedgerEntryTable):
    effective_on = tables.DateColumn("Y-m-d", verbose_name="Effective", attrs=ONE_LINE)
    amount = MoneyColumn()
    area = tables.Column(order_by=("area__position",))
    project = tables.Column(order_by=("project__identifier",), verbose_name="Project")

    url_names = {
        "correct": "funding:correct_budget",
        "void": "funding:void_budget",
        "history": "funding:budget_history",
    }

    class Meta:
        model = BudgetEntry
        fields = ("effective_on", "kind", "area", "project", "reference", "amount")
        sequence = (*fields, "history", "edit")
        order_by = ("effective_on",)
        attrs = {"class": "ledger"}
        row_attrs = {"class": _row_class}

    def render_kind(self, record):
        return self.kind_label(record, record.get_kind_display())
