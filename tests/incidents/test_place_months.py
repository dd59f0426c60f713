"""The per-place monthly counts (`incidents.place_months`): windows cut into whole months
and edge days, the months kept with the days, read by the per-place sums, and checked
by `check_daily_counts`."""

import datetime
import io
import random

import pytest
from django.core.management import CommandError, call_command

from incidents import daily_sums, place_months
from incidents.models import PlaceDailyCount, PlaceMonthlyCount
from incidents.windows import Window

D = datetime.date.fromisoformat


@pytest.mark.parametrize(
    ("start", "end", "months", "before", "after"),
    [
        # A year to date: January to October whole, November's days by day.
        ("2022-01-01", "2022-11-15", ("2022-01-01", "2022-10-01"), None, ("2022-11-01", "2022-11-15")),
        # Whole months only.
        ("2022-01-01", "2022-02-28", ("2022-01-01", "2022-02-01"), None, None),
        # Days on both sides of two whole months.
        ("2021-12-30", "2022-03-02", ("2022-01-01", "2022-02-01"), ("2021-12-30", "2021-12-31"), ("2022-03-01", "2022-03-02")),
        # Within one month: every day by day.
        ("2022-05-04", "2022-05-31", None, ("2022-05-04", "2022-05-31"), None),
        # Across a month's end with no whole month (a last 28 days).
        ("2022-02-20", "2022-03-19", None, ("2022-02-20", "2022-03-19"), None),
        # A leap February whole.
        ("2024-02-01", "2024-02-29", ("2024-02-01", "2024-02-01"), None, None),
    ],
)  # fmt: skip
def test_a_window_is_cut_into_whole_months_and_edge_days(
    start, end, months, before, after
):
    parts = place_months.split(D(start), D(end))
    whole = parts.first_month <= parts.last_month
    assert (
        (str(parts.first_month), str(parts.last_month)) if whole else None
    ) == months
    for got, wanted in ((parts.before, before), (parts.after, after)):
        empty = got[0] > got[1]
        assert (None if empty else tuple(map(str, got))) == wanted


def test_the_months_are_kept_with_the_days(make_incident, make_recovery, precincts):
    first = make_incident("2022-01-31", "injured", "killed")
    make_incident("2022-01-05", "injured").places.set([precincts["1"]])
    first.places.set([precincts["1"]])
    make_recovery("2022-02-01", 3).places.set([precincts["2"]])
    rows = PlaceMonthlyCount.objects.order_by("place__code", "month")
    assert list(
        rows.values_list(
            "place__code", "month", "shooting_victims", "firearms_recovered"
        )
    ) == [("1", D("2022-01-01"), 3, 0), ("2", D("2022-02-01"), 0, 3)]
    first.date = D("2022-02-01")
    first.save()
    assert list(rows.values_list("place__code", "month", "shooting_victims")) == [
        ("1", D("2022-01-01"), 1),
        ("1", D("2022-02-01"), 2),
        ("2", D("2022-02-01"), 0),
    ]
    first.void("Entered twice.", None)
    assert list(rows.values_list("place__code", "month")) == [
        ("1", D("2022-01-01")),
        ("2", D("2022-02-01")),
    ]


def test_the_place_sums_equal_the_sums_of_the_days(make_incident, precincts):
    rng = random.Random(7)
    start = D("2021-11-20")
    for _ in range(120):
        day = start + datetime.timedelta(days=rng.randrange(200))
        outcomes = ["injured"] * rng.randrange(3)
        incident = make_incident(day, *outcomes)
        incident.places.set([precincts[rng.choice(["1", "2", "10"])]])
    for _ in range(25):
        first = start + datetime.timedelta(days=rng.randrange(200))
        last = first + datetime.timedelta(days=rng.randrange(120))
        found = daily_sums.place_window_sums(
            {"w": Window(first, last)}, ["shooting_victims", "incidents"], "precinct"
        )
        for place in precincts.values():
            days = PlaceDailyCount.objects.filter(
                place=place, date__gte=first, date__lte=last
            )
            wanted = {
                "shooting_victims__w": sum(
                    days.values_list("shooting_victims", flat=True)
                ),
                "incidents__w": sum(days.values_list("incidents", flat=True)),
            }
            got = found.get(place.pk, {"shooting_victims__w": 0, "incidents__w": 0})
            assert got == wanted, (first, last, place.code)


def test_a_tampered_month_is_reported_and_fixed(make_incident, precincts):
    make_incident("2022-02-01", "injured").places.set([precincts["2"]])
    PlaceMonthlyCount.objects.update(shooting_victims=4)
    place = precincts["2"].pk
    with pytest.raises(CommandError):
        call_command("check_daily_counts", stdout=(out := io.StringIO()))
    assert out.getvalue() == (
        f"2022-02 (month) place {place} shooting_victims: kept 4, days' sum 1\n"
    )
    call_command("check_daily_counts", "--fix", stdout=io.StringIO())
    assert PlaceMonthlyCount.objects.get().shooting_victims == 1
