"""Each area's measures as of a date, on a hand-made case: values to date (entered and
derived), the target of the shortest period that holds the date, and the cost per unit."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from programs import results
from programs.models import Direction, Measure, Source

D = datetime.date.fromisoformat
AS_OF = D("2022-08-31")
BOUGHT_BACK = "bought_back"


@pytest.fixture
def spent(budget, make_spending):
    """$2,700.00 spent to 2022-08-31, $500.00 more after it."""
    make_spending("obligation", D("2022-06-01"), "6000.00")
    make_spending("expenditure", D("2022-06-30"), "1500.00")
    make_spending("expenditure", D("2022-08-15"), "1200.00")
    make_spending("expenditure", D("2022-09-01"), "500.00")


@pytest.fixture
def patrol(make_measure, value_of, target_of):
    measure = make_measure("Patrol hours")
    value_of(measure, "2022-05-01", "99")  # before its first day's month
    value_of(measure, "2022-06-01", "10.5")
    value_of(measure, "2022-07-01", "20")
    voided = value_of(measure, "2022-08-01", "30")
    voided.voided_at, voided.void_reason = timezone.now(), "Entered twice"
    voided.save()
    value_of(measure, "2022-08-01", "0")
    value_of(measure, "2022-09-01", "40")  # after the as-of date
    target_of(measure, "2022", "200")
    target_of(measure, "2022-Q3", "60")
    target_of(measure, "2022-Q2", "5")
    return measure


@pytest.fixture
def buybacks(make_recovery):
    make_recovery("2022-05-20", 4, source=BOUGHT_BACK)  # before the first day
    make_recovery("2022-06-11", 3, source=BOUGHT_BACK)
    make_recovery("2022-06-11", 1, source=BOUGHT_BACK)
    make_recovery("2022-07-01", 9)  # seized: counted elsewhere
    make_recovery("2022-08-31", 2, source=BOUGHT_BACK)
    make_recovery("2022-09-01", 5, source=BOUGHT_BACK)  # after the as-of date


def figures_of(area) -> dict[str, results.MeasureFigures]:
    (found,) = [a for a in results.program_results(AS_OF) if a.area == area]
    return {row.measure.name: row for row in found.measures}


def test_an_entered_measure_sums_its_counted_months_to_the_as_of_date(
    area, spent, patrol
):
    row = figures_of(area)["Patrol hours"]
    assert row.value == Decimal("30.50")
    assert row.target == Decimal("60")
    assert row.period.name == "2022-Q3"  # the quarter, not the year that holds it too
    assert row.progress_pct == Decimal("50.8")
    assert row.met is False
    assert row.cost_per_unit == Decimal("88.52")  # 2,700.00 / 30.5 = 88.5245...


def test_derived_measures_count_the_recoveries_bought_back_in_their_span(
    area, spent, buybacks, make_measure
):
    make_measure("Firearms", Source.FIREARMS_BOUGHT_BACK, counted_from="2022-06-01")
    make_measure("Events", Source.BUYBACK_DAYS, counted_from="2022-06-01")
    rows = figures_of(area)
    assert rows["Firearms"].value == 6
    assert rows["Firearms"].cost_per_unit == Decimal("450.00")
    assert rows["Events"].value == 2  # two days, one with two recoveries
    assert rows["Events"].cost_per_unit == Decimal("1350.00")
    assert (rows["Firearms"].target, rows["Firearms"].met) == (None, None)


def test_a_share_in_places_is_the_percentage_of_confirmed_shots_fired(
    area, districts, make_incident, make_measure
):
    measure = make_measure(
        "Share", Source.SHARE_IN_PLACES, unit="%", direction=Direction.LESS
    )
    measure.places.add(districts["1"])
    for day, district, confirmed in [
        ("2022-06-09", "1", True),  # before the first day
        ("2022-06-15", "1", True),
        ("2022-07-01", "2", True),
        ("2022-07-02", "1", True),
        ("2022-07-03", "1", False),  # no confirmed discharge
        ("2022-08-01", None, True),
        ("2022-09-02", "1", True),  # after the as-of date
    ]:
        incident = make_incident(day, confirmed=confirmed)
        if district:
            incident.places.add(districts[district])
    row = figures_of(area)["Share"]
    assert row.value == Decimal("50.0")  # 2 of the 4 counted (one in no district)
    assert row.cost_per_unit is None
    assert row.progress_pct is None


def test_a_share_is_none_and_a_count_zero_before_anything_to_count(
    area, spent, make_measure
):
    make_measure("Share", Source.SHARE_IN_PLACES, unit="%")
    make_measure("Hours")
    make_measure("Later", counted_from="2023-01-01")
    rows = figures_of(area)
    assert rows["Share"].value is None
    assert (rows["Hours"].value, rows["Hours"].cost_per_unit) == (Decimal("0.00"), None)
    assert rows["Later"].value == Decimal("0.00")


def test_less_is_better_meets_its_target_at_or_below_it(
    area, make_measure, value_of, target_of
):
    measure = make_measure("Complaints", direction=Direction.LESS)
    value_of(measure, "2022-07-01", "4")
    target_of(measure, "2022-Q3", "4")
    assert figures_of(area)["Complaints"].met is True
    value_of(measure, "2022-08-01", "1")
    assert figures_of(area)["Complaints"].met is False


def test_every_area_is_listed_with_its_spending_and_queries_stay_fixed(
    area,
    other_area,
    spent,
    patrol,
    buybacks,
    make_measure,
    django_assert_max_num_queries,
):
    make_measure("Events", Source.BUYBACK_DAYS)
    make_measure("Elsewhere", area=other_area)
    with django_assert_max_num_queries(12) as captured:
        found = results.program_results(AS_OF)
    small = len(captured.captured_queries)
    assert [(a.area.slug, a.spent) for a in found] == [
        ("gun-buyback", Decimal("2700.00")),
        ("cpted", Decimal("0.00")),
    ]
    assert [m.measure.name for m in found[1].measures] == ["Elsewhere"]
    for number in range(5):
        make_measure(f"More {number}")
        make_measure(f"Derived {number}", Source.BUYBACK_DAYS)
    with django_assert_max_num_queries(small):
        results.program_results(AS_OF)
    assert Measure.objects.count() == 13
