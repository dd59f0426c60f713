"""The public "By place" page: this year's figures of every place of a kind against the
same days of last year, on a map drawn on the server (no tiles, nothing from the
internet) and in a table; small counts of people hidden from the public
(`incidents.place_figures.disclosed`). Staff signed in see exact counts."""

from django import forms
from django.shortcuts import render
from django.utils import timezone

from binghamton_safety.cache import PAGE, cached_figures, public_cache
from binghamton_safety.roles import is_viewer
from incidents import place_figures
from incidents.models import DataCompleteness
from incidents.ytd import METRICS
from places import maps
from places.models import Place, PlaceKind

MAP_METRICS = (
    "shooting_victims",
    "shots_fired_confirmed",
    "victims_killed",
    "firearms_recovered",
)


class PlaceChoices(forms.Form):
    """The page's controls: the kind of place (of those with places) and the metric."""

    kind = forms.ChoiceField(label="Places", required=False)
    metric = forms.ChoiceField(
        label="Figure",
        required=False,
        choices=[(key, METRICS[key].label) for key in MAP_METRICS],
    )

    def __init__(self, data, kinds: list[str]):
        super().__init__(data)
        self.fields["kind"].choices = [(k, PlaceKind(k).label + "s") for k in kinds]

    def chosen(self, kinds: list[str]) -> tuple[str | None, str]:
        """(kind, metric) asked, or the defaults where a value is missing or wrong."""
        valid = self.is_valid()
        kind = self.cleaned_data.get("kind") if valid else None
        metric = self.cleaned_data.get("metric") if valid else None
        return kind or (kinds[0] if kinds else None), metric or MAP_METRICS[0]


@public_cache(PAGE)
def by_place(request):
    kinds = place_figures.kinds_with_places()
    form = PlaceChoices(request.GET or None, kinds)
    kind, metric = form.chosen(kinds)
    context = {"form": form, "kinds": kinds, "metric": METRICS[metric]}
    if kind:
        as_of = DataCompleteness.current() or timezone.localdate()
        figures = cached_figures("places", place_figures.compute, kind, as_of, None)
        staff = is_viewer(request.user)
        if not staff:
            figures = place_figures.disclosed(figures)
        context.update(place_context(figures, metric, staff))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "public/by_place.html", context, status=status)


def place_context(
    figures: place_figures.PlaceFigures, metric: str, staff: bool
) -> dict:
    """The figures, the map and the sentence that answers the page."""
    label = METRICS[metric].label
    shapes = [
        {
            "code": row.code,
            "name": row.name,
            "web_boundary": boundary,
            "value": None if count.hidden else count.current,
            "label": shown_count(count),
        }
        for row, boundary in zip(figures.places, _boundaries(figures), strict=True)
        for count in [row.metrics[metric]]
    ]
    place_map = maps.choropleth(
        shapes,
        title=f"{label} by {figures.kind_label.lower()}, {figures.as_of.year} to date",
        unit=f"{label}, {figures.as_of.year}",
        missing_label=f"fewer than {figures.threshold}" if figures.threshold else "",
    )
    return {
        "figures": figures,
        "city_population": f"{figures.city.population or 0:,}",
        "place_map": place_map,
        "table": place_table(figures, metric),
        "answer": answer(figures, metric),
        "rule": place_figures.rule(figures.threshold) if figures.threshold else "",
        "exact": staff,
    }


def _boundaries(figures: place_figures.PlaceFigures) -> list:
    """Each place's web boundary, in the figures' order (one query)."""
    found = dict(
        Place.objects.filter(
            pk__in=[row.place_id for row in figures.places]
        ).values_list("pk", "web_boundary")
    )
    return [found.get(row.place_id) for row in figures.places]


def shown_count(count: place_figures.PlaceCount, window: str = "current") -> str:
    """A count as the page words it."""
    hidden = count.hidden if window == "current" else count.hidden_previous
    if hidden == "small":
        return f"fewer than {place_figures.small_count_threshold()}"
    if hidden:
        return "withheld"
    value = getattr(count, window)
    return "no data" if value is None else f"{value:,}"


def place_table(figures: place_figures.PlaceFigures, metric: str) -> dict:
    """One metric of every place, and the city's, as the table shows them."""

    def row(place: place_figures.PlaceRow) -> dict:
        count = place.metrics[metric]
        return {
            "name": place.name,
            "current": shown_count(count),
            "previous": shown_count(count, "previous"),
            "change": count.change,
            "signal": count.signal,
            "rate": count.rate_per_100k,
        }

    label, kind = METRICS[metric].label, figures.kind_label
    return {
        "caption": f"{label} by {kind.lower()}, January 1 to "
        f"{figures.as_of:%B} {figures.as_of.day}, {figures.current.year} and "
        f"{figures.previous.year}",
        "label": label,
        "kind_label": kind,
        "current_year": figures.current.year,
        "previous_year": figures.previous.year,
        "has_population": any(place.population for place in figures.rows)
        or bool(figures.city.population),
        "rows": [row(place) for place in figures.rows],
        "total": row(figures.city),
    }


def answer(figures: place_figures.PlaceFigures, metric: str) -> str:
    """The page's answer in one sentence: the city's figure and the place with most."""
    label = METRICS[metric].label.lower()
    city = figures.city.metrics[metric].current
    if city is None:
        return f"There are no {label} figures for {figures.as_of.year} yet."
    text = (
        f"{label.capitalize()} in Binghamton from January 1 to "
        f"{figures.as_of:%B} {figures.as_of.day}, {figures.as_of.year}: {city:,}."
    )
    most, names = most_in_one_place(figures, metric)
    if names:
        where = names[0] if len(names) == 1 else f"{len(names)} places"
        text += f" The most in one {figures.kind_label.lower()}: {most:,}, in {where}."
    return text


def most_in_one_place(
    figures: place_figures.PlaceFigures, metric: str
) -> tuple[int, list[str]]:
    """The largest count of `metric` shown in one place, and the places that have it
    (none when no place's count is shown, or every count is 0)."""
    shown = [
        (row.metrics[metric].current, row.name)
        for row in figures.places
        if not row.metrics[metric].hidden and row.metrics[metric].current
    ]
    most = max((count for count, _ in shown), default=0)
    return most, [name for count, name in shown if count == most and most]


def dashboard_places(as_of, compare_year: int, kind: str | None) -> dict:
    """The dashboard's tables by place (exact counts: the dashboard is for staff) of
    `kind` (the dashboard's setting; None when no kind has places): people shot and
    confirmed shots fired."""
    if not kind:
        return {}
    figures = cached_figures("places", place_figures.compute, kind, as_of, compare_year)
    tables = [
        place_table(figures, key)
        for key in ("shooting_victims", "shots_fired_confirmed")
    ]
    return {
        "place_figures": figures,
        "place_tables": tables,
        "places_side_by_side": side_by_side(tables),
    }


def side_by_side(tables: list[dict]) -> list[dict]:
    """The rows of `tables` (place_table's, of one kind of place) place by place, the
    city last: each place's name and its row of each table, for one table of them all."""
    rows = zip(*([*table["rows"], table["total"]] for table in tables), strict=True)
    return [{"name": group[0]["name"], "cells": group} for group in rows]
