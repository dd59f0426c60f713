"""The list filter every voidable record's list offers."""

import django_filters


def _filter_voided(queryset, name, value):
    if value == "hide":
        return queryset.filter(voided_at__isnull=True)
    if value == "only":
        return queryset.filter(voided_at__isnull=False)
    return queryset


def voided_filter(label: str) -> django_filters.ChoiceFilter:
    """A list filter: voided rows shown and marked (default), hidden, or alone."""
    return django_filters.ChoiceFilter(
        label=label,
        choices=[("hide", "Hide voided"), ("only", "Only voided")],
        empty_label="Show, marked Voided",
        method=_filter_voided,
    )
