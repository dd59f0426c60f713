"""The illustrative sample incidents for the incidents tests."""

import pytest


@pytest.fixture
def sample_incidents(db):
    """The whole illustrative sample, as `load_sample_data` loads it: incidents and
    recoveries 2017-01-01 to 2026-11-30 (18 vs 10 shots fired as of 2022-05-04), the
    council districts, and the announcement's packet, whose date anyone may ask."""
    import io

    from django.core.management import call_command

    call_command("load_sample_data", stdout=io.StringIO())


@pytest.fixture
def precincts(db):
    """Precincts 1 and 2, squares side by side (2 east of 1), and 10, with no boundary."""
    from shapes import square

    from places.models import Place, PlaceKind

    found = {}
    for code, boundary in (
        ("1", square(-75.92, 42.1)),
        ("2", square(-75.91, 42.1)),
        ("10", None),
    ):
        place = Place(kind=PlaceKind.PRECINCT, code=code, name=f"Precinct {code}")
        place.set_boundary(boundary)
        place.save()
        found[code] = place
    return found
