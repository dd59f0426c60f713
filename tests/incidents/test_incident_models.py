"""Invariants held by the database as named constraints, mirrored in clean()."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim

DAY = datetime.date(2022, 3, 1)


def incident(**fields) -> Incident:
    return Incident(
        **{"case_number": "C-1", "date": DAY, "location": "Main St", **fields}
    )


def recovery(**fields) -> FirearmRecovery:
    return FirearmRecovery(
        **{"reference": "R-1", "date": DAY, "count": 1, "location": "Oak St", **fields}
    )


@pytest.mark.parametrize(
    ("record", "constraint"),
    [
        (lambda: incident(case_number=""), "incident_case_number_not_blank"),
        (lambda: incident(location=""), "incident_location_not_blank"),
        (lambda: incident(status="closed"), "incident_status_valid"),
        (lambda: incident(latitude=Decimal("42.1")), "incident_coordinates_paired"),
        (
            lambda: incident(latitude=Decimal("91"), longitude=Decimal("0")),
            "incident_latitude_in_range",
        ),
        (
            lambda: incident(latitude=Decimal("0"), longitude=Decimal("-181")),
            "incident_longitude_in_range",
        ),
        (lambda: recovery(count=0), "firearm_recovery_count_at_least_one"),
        (lambda: recovery(reference=""), "firearm_recovery_reference_not_blank"),
        (lambda: recovery(weapon_type="16"), "firearm_recovery_weapon_type_valid"),
        (
            lambda: DataCompleteness(id=2, complete_through=DAY),
            "data_completeness_one_row",
        ),
    ],
)
def test_the_database_refuses_a_record_that_breaks_a_named_constraint(
    db, record, constraint
):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        record().save()


@pytest.mark.parametrize(
    ("make", "column"),
    [
        (lambda: incident(case_number="C-1"), "case_number"),
        (lambda: recovery(reference="R-1"), "reference"),
    ],
)
def test_case_numbers_and_references_are_unique_in_the_database(db, make, column):
    make().save()
    with pytest.raises(IntegrityError, match=f"unique|{column}"), transaction.atomic():
        make().save()


def test_a_victim_outcome_is_checked_by_the_database(db):
    saved = incident()
    saved.save()
    with (
        pytest.raises(IntegrityError, match="victim_outcome_valid"),
        transaction.atomic(),
    ):
        Victim.objects.create(incident=saved, outcome="unknown")


@pytest.mark.parametrize(
    ("record", "errors"),
    [
        (
            lambda: incident(latitude=Decimal("42.1")),
            {"longitude": ["Give both latitude and longitude, or neither."]},
        ),
        (
            lambda: incident(location="   "),
            {"location": ["Enter a block-level location."]},
        ),
        (
            lambda: incident(status="closed"),
            {"status": ["Value 'closed' is not a valid choice."]},
        ),
        (
            lambda: recovery(count=0),
            {"count": ["Ensure this value is greater than or equal to 1."]},
        ),
        (
            lambda: recovery(weapon_type="16"),
            {"weapon_type": ["Value '16' is not a valid choice."]},
        ),
    ],
)
def test_clean_mirrors_the_constraints_with_friendly_errors(db, record, errors):
    with pytest.raises(ValidationError) as raised:
        record().full_clean()
    assert raised.value.message_dict == errors


def test_a_duplicate_case_number_is_a_field_error(db):
    incident().save()
    with pytest.raises(ValidationError) as raised:
        incident().full_clean()
    assert raised.value.message_dict == {
        "case_number": ["An incident with this case number already exists."]
    }


@pytest.mark.parametrize("model", [incident, recovery])
def test_records_cannot_be_dated_in_the_future(db, model):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as raised:
        model(date=tomorrow).full_clean()
    assert list(raised.value.message_dict) == ["date"]


def test_victims_hold_no_identifying_detail_by_design():
    names = {field.name for field in Victim._meta.get_fields()}
    assert names == {"id", "incident", "outcome", "created_at", "updated_at"}


def test_data_complete_through_has_one_row_and_reads_none_until_set(db):
    assert DataCompleteness.current() is None
    DataCompleteness.set(datetime.date(2022, 5, 4))
    DataCompleteness.set(datetime.date(2022, 5, 6))
    assert DataCompleteness.objects.count() == 1
    assert DataCompleteness.current() == datetime.date(2022, 5, 6)
