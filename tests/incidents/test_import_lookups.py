"""`incidents.imports.lookups.existing`: which keys a saved row has, whatever the keys
hold (on PostgreSQL they travel as one text the server splits, or as an array when a key
holds the separator)."""

from incidents.imports.lookups import SEPARATOR, existing
from incidents.models import Incident

ODD_KEYS = ["A,1", 'B"2', "C{3}", "D\\4", "E 5", "F'6", "G" + SEPARATOR + "7"]


def test_the_saved_keys_are_found_among_many(make_incident):
    for key in ODD_KEYS[:-1]:
        make_incident("2022-03-01", case_number=key)
    asked = [f"N-{n}" for n in range(60_000)] + ODD_KEYS  # two queries
    assert sorted(existing(Incident, "case_number", asked)) == sorted(ODD_KEYS[:-1])


def test_a_key_holding_the_separator_is_still_found(make_incident):
    Incident.objects.filter(pk=make_incident("2022-03-01").pk).update(
        case_number=ODD_KEYS[-1]
    )
    found = existing(Incident, "case_number", ["A", ODD_KEYS[-1], "G", "7"])
    assert found == [ODD_KEYS[-1]]
