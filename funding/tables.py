"""The tables of the ledger and the budget entries."""

import django_tables2 as tables

from audit.tables import RecordTable, with_voided_badge
from binghamton_safety.money import money

from .models import BudgetEntry, SpendingEntry

ONE_LINE = {"td": {"class": "nowrap"}}  # a date split over two lines reads as two


class MoneyColumn(tables.Column):
    attrs = {"td": {"class": "num"}, "th": {"class": "num"}}

    def render(self, value):
        return money(value)


class LedgerEntryTable(RecordTable):
    """Columns shared by the spending and budget tables."""

    amount = MoneyColumn()
    area = tables.Column(order_by=("area__position",))
    project = tables.Column(order_by=("project__identifier",), verbose_name="Project")
    edit_label = "Correct"

    def name_of(self, record) -> str:
        return f"entry {record.pk}"

    def render_project(self, record):
        return record.project.identifier

    def kind_label(self, record, label: str):
        if record.illustrative:
            label = f"{label} (illustrative)"
        return with_voided_badge(label, record)


class SpendingEntryTable(LedgerEntryTable):
    occurred_on = tables.DateColumn("Y-m-d", verbose_name="Date", attrs=ONE_LINE)

    class Meta(RecordTable.Meta):
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
        order_by = ("-occurred_on",)

    def render_kind(self, record):
        label = record.get_kind_display()
        if record.adjustment:
            label = f"{label} (revision adjustment)"
        return self.kind_label(record, label)


class BudgetEntryTable(LedgerEntryTable):
    effective_on = tables.DateColumn("Y-m-d", verbose_name="Effective", attrs=ONE_LINE)

    class Meta(RecordTable.Meta):
        model = BudgetEntry
        fields = ("effective_on", "kind", "area", "project", "reference", "amount")
        order_by = ("effective_on",)

    def render_kind(self, record):
        return self.kind_label(record, record.get_kind_display())
