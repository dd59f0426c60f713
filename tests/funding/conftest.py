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


@pytest.fixture
def make_award(area, project):
    """Save an award of the area's project after the model's checks."""
    from funding.models import Award

    def make(number, amount, **fields):
        award = Award(
            number=number,
            kind=fields.pop("kind", Award.Kind.CONTRACT),
            recipient_kind=fields.pop(
                "recipient_kind", Award.RecipientKind.ORGANIZATION
            ),
            recipient=fields.pop("recipient", "Bright Streets LLC"),
            amount=Decimal(amount),
            starts_on=fields.pop("starts_on", datetime.date(2022, 6, 1)),
            ends_on=fields.pop("ends_on", datetime.date(2023, 6, 30)),
            purpose=fields.pop("purpose", "Street lighting."),
            area=fields.pop("area", area),
            project=fields.pop("project", project),
            **fields,
        )
        award.full_clean()
        award.save()
        return award

    return make
