import pytest

from funding.models import ReportingPeriod


@pytest.fixture
def q3(db):
    """The reporting period named 2022-Q3, saved."""
    period = ReportingPeriod.named("2022-Q3")
    period.save()
    return period
