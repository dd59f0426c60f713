import datetime
from decimal import Decimal

import pytest

from funding.models import ReportingPeriod, SpendingEntry


@pytest.fixture
def q3(db):
    """The reporting period named 2022-Q3, saved."""
    period = ReportingPeriod.named("2022-Q3")
    period.save()
    return period


@pytest.fixture
def entry(area):
    """Save a spending entry as it is given, without the ledger's checks."""

    def make(kind, day, amount, **fields):
        return SpendingEntry.objects.create(
            area=fields.pop("area", area),
            kind=kind,
            occurred_on=datetime.date.fromisoformat(day),
            amount=Decimal(amount),
            payee="Acme Events",
            description="Event costs",
            **fields,
        )

    return make
