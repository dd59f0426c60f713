import django_filters

from audit.filters import voided_filter

from .models import Document, DocumentKind


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=DocumentKind.choices, empty_label="Every kind"
    )
    public = django_filters.ChoiceFilter(
        label="Who sees it",
        choices=[("true", "Public"), ("false", "Staff only")],
        empty_label="Public and staff only",
        method=lambda queryset, name, value: queryset.filter(public=value == "true"),
    )
    voided = voided_filter("Voided documents")

    class Meta:
        model = Document
        fields = ["kind", "public", "voided"]
