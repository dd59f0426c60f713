"""The filters of the incident and firearm recovery lists."""

import django_filters

from audit.filters import date_range_filter, voided_filter

from .models import FirearmRecovery, Incident


class IncidentFilter(django_filters.FilterSet):
    date = date_range_filter()
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


class FirearmRecoveryFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(
        choices=FirearmRecovery.Source.choices, empty_label="Any source"
    )
    voided = voided_filter("Voided records")

    class Meta:
        model = FirearmRecovery
        fields = ["source", "voided"]
