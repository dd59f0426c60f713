import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import SpendingEntry, money


class MoneyColumn(tables.Column):
    attrs = {"td": {"class": "num"}, "th": {"class": "num"}}

    def render(self, value):
        return money(value)


class SpendingEntryTable(tables.Table):
    occurred_on = tables.DateColumn("Y-m-d", verbose_name="Date")
    amount = MoneyColumn()
    area = tables.Column(order_by=("area__position",))
    project = tables.Column(order_by=("project__identifier",), verbose_name="Project")
    edit = tables.Column(empty_values=(), orderable=False, verbose_name="")

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
        sequence = (*fields, "edit")
        order_by = ("-occurred_on",)
        attrs = {"class": "ledger"}

    def __init__(self, *args, can_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_edit:
            self.columns.hide("edit")

    def render_project(self, record):
        return record.project.identifier

    def render_kind(self, record):
        label = record.get_kind_display()
        if record.adjustment:
            label = f"{label} (revision adjustment)"
        return f"{label} (illustrative)" if record.illustrative else label

    def render_edit(self, record):
        url = reverse("funding:correct_entry", args=[record.pk])
        return format_html(
            '<a href="{}">Correct<span class="visually-hidden"> entry {}</span></a>',
            url,
            record.pk,
        )
