import datetime
from decimal import Decimal

import pytest

from funding.models import ReportingPeriod
from programs.models import Measure, MeasureTarget, MeasureValue, Source

D = datetime.date.fromisoformat


@pytest.fixture
def make_measure(area):
    positions = iter(range(1, 100))

    def make(name, source=Source.ENTERED, counted_from="2022-06-10", **fields):
        return Measure.objects.create(
            area=fields.pop("area", area),
            position=next(positions),
            name=name,
            unit=fields.pop("unit", "hours"),
            definition=fields.pop("definition", f"{name}, counted."),
            source=source,
            counted_from=D(counted_from),
            **fields,
        )

    return make


@pytest.fixture
def value_of():
    def record(measure, month, value, **fields):
        return MeasureValue.objects.create(
            measure=measure, month=D(month), value=Decimal(value), **fields
        )

    return record


@pytest.fixture
def target_of(db):
    def set_target(measure, period_name, value):
        period = ReportingPeriod.objects.filter(name=period_name).first()
        if period is None:
            period = ReportingPeriod.named(period_name)
            period.save()
        return MeasureTarget.objects.create(
            measure=measure, period=period, value=Decimal(value)
        )

    return set_target
