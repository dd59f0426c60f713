"""The filters of the ledger and the budget entries."""

import django_filters

from audit.filters import date_range_filter, voided_filter

from .models import BudgetEntry, FundingArea, SpendingEntry


class BudgetEntryFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        queryset=FundingArea.objects.all(), empty_label="All areas"
    )
    voided = voided_filter("Voided entries")

    class Meta:
        model = BudgetEntry
        fields = ["area", "voided"]


class SpendingEntryFilter(BudgetEntryFilter):
    kind = django_filters.ChoiceFilter(
        choices=SpendingEntry.Kind.choices, empty_label="All kinds"
    )
    occurred_on = date_range_filter()
    payee = django_filters.CharFilter(lookup_expr="icontains", label="Payee contains")

    class Meta:
        model = SpendingEntry
        fields = ["area", "kind", "occurred_on", "payee", "voided"]
