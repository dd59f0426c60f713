import django_filters

from audit.filters import voided_filter

from .models import Document, DocumentKind


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=DocumentKind.choices, empty_label="Every kind"
    )
    public = django_filters.BooleanFilter(label="Public")
    voided = voided_filter("Voided documents")

    class Meta:
        model = Document
        fields = ["kind", "public", "voided"]
