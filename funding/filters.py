import django_filters
from django import forms

from audit.filters import voided_filter

from .models import BudgetEntry, FundingArea, SpendingEntry


class SpendingEntryFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        queryset=FundingArea.objects.all(), empty_label="All areas"
    )
    kind = django_filters.ChoiceFilter(
        choices=SpendingEntry.Kind.choices, empty_label="All kinds"
    )
    occurred_on = django_filters.DateFromToRangeFilter(
        label="Date",
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )
    payee = django_filters.CharFilter(lookup_expr="icontains", label="Payee contains")
    voided = voided_filter("Voided entries")

    class Meta:
        model = SpendingEntry
        fields = ["area", "kind", "occurred_on", "payee", "voided"]

    @property
    def form(self) -> forms.Form:
        form = super().form
        # The range widget renders two inputs; name them so each has its own label.
        form.fields["occurred_on"].widget.widgets[0].attrs["aria-label"] = "From date"
        form.fields["occurred_on"].widget.widgets[1].attrs["aria-label"] = "To date"
        return form


class BudgetEntryFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        queryset=FundingArea.objects.all(), empty_label="All areas"
    )
    voided = voided_filter("Voided entries")

    class Meta:
        model = BudgetEntry
        fields = ["area", "voided"]
