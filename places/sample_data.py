"""The places of the sample data: the city, with its population at the 2020 census
(a fact), and its seven council districts, illustrative, without boundaries (the city's
district map can be imported with `import_places`) or populations."""

from django.db import transaction

from .models import Place, PlaceKind

DISTRICTS = 7
CITY = {
    "name": "City of Binghamton",
    "population": 47_969,
    "population_year": 2020,
    "population_source": "US Census Bureau, 2020 decennial census",
}


@transaction.atomic
def load(stdout) -> None:
    """Add the places that are missing; existing places are left alone."""
    Place.objects.get_or_create(kind=PlaceKind.CITY, code="binghamton", defaults=CITY)
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
