"""The places' staff pages: the list by kind, adding and editing a place (with its
boundary), its history, and a kind's boundaries on a map. Viewers read; editors change."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from audit.history import history_rows, versions
from audit.lifecycle import history_page
from binghamton_safety.roles import editor_required, viewer_required

from . import maps
from .forms import PlaceForm
from .models import Place, PlaceKind, code_order

# The list needs neither boundary: a place's boundary_summary says whether it has one.
LIST_FIELDS = (
    "kind",
    "code",
    "name",
    "population",
    "population_year",
    "boundary_summary",
    "illustrative",
)


@viewer_required
def place_list(request):
    places = sorted(Place.objects.only(*LIST_FIELDS), key=code_order)
    kinds = [
        {
            "kind": kind.value,
            "label": kind.label,
            "plural": kind.plural_label,
            "places": [place for place in places if place.kind == kind],
        }
        for kind in PlaceKind
    ]
    return render(
        request,
        "places/place_list.html",
        {"kinds": [k for k in kinds if k["places"]], "count": len(places)},
    )


@editor_required
def place_add(request):
    return _edit(request, Place())


@editor_required
def place_edit(request, pk: int):
    return _edit(request, get_object_or_404(Place, pk=pk))


def _edit(request, place: Place):
    """The form; a valid one is saved in the transaction its lost-update check ran in."""
    form = PlaceForm(request.POST or None, request.FILES or None, instance=place)
    if request.method == "POST":
        try:
            with transaction.atomic():
                if form.is_valid():
                    saved = form.save()
                    messages.success(request, f"Saved {saved}.")
                    return redirect("places:place_list")
        except IntegrityError:  # another editor saved the same kind and code just now
            form.add_error(
                "code", "A place of this kind with this code was just saved."
            )
    return render(request, "places/place_form.html", {"form": form, "place": place})


@viewer_required
def place_history(request, pk: int):
    place = get_object_or_404(Place.objects.only(*LIST_FIELDS), pk=pk)
    found = versions(
        Place,
        history_rows(Place, id=place.pk),
        hidden={
            "boundary",
            "web_boundary",
        },  # kept out of the history (its summary is in)
    )
    return history_page(
        request,
        place,
        title=f"History of {place.get_kind_display().lower()} {place.code}",
        back_url=reverse("places:place_list"),
        back_label="Back to the places",
        found=found,
    )


@viewer_required
def kind_map(request, kind: str):
    """A kind's boundaries in outline, with the list of its places beside."""
    if kind not in PlaceKind.values:
        raise Http404("No such kind of place.")
    kind = PlaceKind(kind)
    places = sorted(
        Place.objects.filter(kind=kind).only("code", "name", "web_boundary"),
        key=code_order,
    )
    outline = maps.points(places, [], title=f"Boundaries: {kind.plural_label.lower()}")
    return render(
        request,
        "places/place_map.html",
        {
            "kind_label": kind.label,
            "kind_plural": kind.plural_label,
            "places": places,
            "map": outline,
        },
    )
