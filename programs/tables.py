"""The staff list of entered measure values."""

import django_tables2 as tables

from audit.tables import RecordTable

from .models import MeasureValue

NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}


class MeasureValueTable(RecordTable):
    area = tables.Column(accessor="measure__area__name", verbose_name="Area")
    month = tables.DateColumn("Y-m", attrs=NUMERIC)
    value = tables.Column(attrs=NUMERIC)

    class Meta(RecordTable.Meta):
        model = MeasureValue
        fields = ("area", "measure", "month", "value", "note", "recorded_by")

    def name_of(self, record) -> str:
        return f"{record.measure} {record.month:%Y-%m}"

    def render_value(self, value) -> str:
        return f"{value.normalize():f}"
