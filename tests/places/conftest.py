"""Fixtures of the places tests."""

import pytest
from django.db import transaction
from nyc_precincts import POPULATION_OPTIONS, import_precincts


@pytest.fixture(scope="module")
def imported_precincts(django_db_setup, django_db_blocker):
    """The 77 precincts with their 2017 populations, imported once for the module
    (and rolled back after it); the value is the import's output."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = import_precincts(*POPULATION_OPTIONS)
        yield output
        transaction.set_rollback(True)
