"""The staff list of documents."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from audit.tables import RecordTable, with_voided_badge

from .models import Document


class DocumentTable(RecordTable):
    title = tables.Column()
    dated = tables.DateColumn(
        "Y-m-d", verbose_name="Date", attrs={"td": {"class": "nowrap"}}
    )
    attached = tables.Column(
        empty_values=(), orderable=False, verbose_name="Attached to"
    )
    public = tables.BooleanColumn(yesno="Public,Staff only", verbose_name="Who sees it")

    class Meta(RecordTable.Meta):
        model = Document
        fields = ("title", "kind", "dated", "attached", "public", "file_kind")

    def name_of(self, record) -> str:
        return record.title

    def render_title(self, value, record):
        url = reverse("documents:file", args=[record.pk])
        return with_voided_badge(format_html('<a href="{}">{}</a>', url, value), record)

    def render_attached(self, record) -> str:
        names = [str(entry) for entry in record.budget_entries.all()]
        names += [str(x) for x in (record.award, record.project, record.period) if x]
        return "; ".join(names)
