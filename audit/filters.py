"""The filters of the staff lists: voided records shown, hidden or alone; date ranges."""

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


class DateRangeWidget(django_filters.widgets.RangeWidget):
    """Two date inputs, each with its own label for screen readers."""

    def __init__(self):
        super().__init__(attrs={"type": "date"})
        self.widgets[0].attrs["aria-label"] = "From date"
        self.widgets[1].attrs["aria-label"] = "To date"


def date_range_filter(label: str = "Date") -> django_filters.DateFromToRangeFilter:
    """A list filter: records dated from one day, to one day, or between the two."""
    return django_filters.DateFromToRangeFilter(label=label, widget=DateRangeWidget())
