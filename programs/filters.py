import django_filters

from audit.filters import voided_filter

from .models import Measure, MeasureValue, Source


class MeasureValueFilter(django_filters.FilterSet):
    measure = django_filters.ModelChoiceFilter(
        queryset=Measure.objects.filter(source=Source.ENTERED),
        empty_label="Every measure",
    )
    voided = voided_filter("Voided values")

    class Meta:
        model = MeasureValue
        fields = ["measure", "voided"]
