"""The illustrative places: Binghamton's seven council districts, without boundaries
(the city's district map can be imported with `import_places`) or populations."""

from django.db import transaction

from .models import Place, PlaceKind

DISTRICTS = 7


@transaction.atomic
def load(stdout) -> None:
    """Add the districts that are missing; existing places are left alone."""
    for number in range(1, DISTRICTS + 1):
        Place.objects.get_or_create(
            kind=PlaceKind.COUNCIL_DISTRICT,
            code=str(number),
            defaults={"name": f"Council District {number}", "illustrative": True},
        )
    stdout.write(
        f"Places: {Place.objects.filter(kind=PlaceKind.COUNCIL_DISTRICT).count()} "
        "council districts (illustrative, no boundaries)."
    )
