"""Small hand-made incidents and recoveries for the incidents tests."""

import datetime

import pytest

from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim


@pytest.fixture
def make_incident(db):
    """Save an incident on `day` with the given victim outcomes, after the model's checks."""
    numbers = iter(range(1, 1_000_000))

    def make(day, *outcomes, confirmed=True, **fields):
        incident = Incident(
            case_number=fields.pop("case_number", f"T-{next(numbers):05d}"),
            date=datetime.date.fromisoformat(day) if isinstance(day, str) else day,
            location=fields.pop("location", "100 block of Main St"),
            shots_fired_confirmed=confirmed,
            **fields,
        )
        incident.full_clean()
        incident.save()
        Victim.objects.bulk_create(
            [Victim(incident=incident, outcome=outcome) for outcome in outcomes]
        )
        return incident

    return make


@pytest.fixture
def make_recovery(db):
    numbers = iter(range(1, 1_000_000))

    def make(day, count=1, **fields):
        recovery = FirearmRecovery(
            reference=fields.pop("reference", f"R-{next(numbers):05d}"),
            date=datetime.date.fromisoformat(day) if isinstance(day, str) else day,
            count=count,
            location=fields.pop("location", "100 block of Oak St"),
            **fields,
        )
        recovery.full_clean()
        recovery.save()
        return recovery

    return make


@pytest.fixture
def complete_through(db):
    """Set "data complete through" to a date given as YYYY-MM-DD."""

    def set_to(day: str):
        return DataCompleteness.set(datetime.date.fromisoformat(day))

    return set_to


@pytest.fixture
def sample_incidents(db):
    """The illustrative Binghamton sample: 18 vs 10 shots fired as of 2022-05-04."""
    import io

    from incidents import sample_data

    sample_data.load(io.StringIO())
