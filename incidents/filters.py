import django_filters
from django import forms

from audit.filters import voided_filter

from .models import FirearmRecovery, Incident


class IncidentFilter(django_filters.FilterSet):
    date = django_filters.DateFromToRangeFilter(
        label="Date",
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )
    status = django_filters.ChoiceFilter(
        choices=Incident.Status.choices, empty_label="Any status"
    )
    victims = django_filters.ChoiceFilter(
        label="Victims",
        choices=[("with", "With victims"), ("without", "Without victims")],
        empty_label="With or without",
        method="filter_victims",
    )
    case_number = django_filters.CharFilter(
        lookup_expr="icontains", label="Case number contains"
    )
    voided = voided_filter("Voided records")

    class Meta:
        model = Incident
        fields = ["date", "status", "victims", "case_number", "voided"]

    def filter_victims(self, queryset, name, value):
        with_victims = queryset.filter(victims__isnull=False).values("pk")
        if value == "with":
            return queryset.filter(pk__in=with_victims)
        return queryset.exclude(pk__in=with_victims)

    @property
    def form(self) -> forms.Form:
        form = super().form
        # The range widget renders two inputs; name them so each has its own label.
        form.fields["date"].widget.widgets[0].attrs["aria-label"] = "From date"
        form.fields["date"].widget.widgets[1].attrs["aria-label"] = "To date"
        return form


class FirearmRecoveryFilter(django_filters.FilterSet):
    voided = voided_filter("Voided records")

    class Meta:
        model = FirearmRecovery
        fields = ["voided"]
