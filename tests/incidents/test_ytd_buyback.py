"""Firearms by source in the year-to-date figures: "firearms recovered" are the seized ones
only, "firearms bought back" those of buyback events, in every window, now and as recorded
at a past moment, and in /api/ytd.json."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from incidents import ytd
from incidents.models import FirearmRecovery

D = datetime.date.fromisoformat
BOUGHT_BACK, SURRENDERED = "bought_back", "surrendered"


@pytest.fixture
def by_source(make_recovery, complete_through):
    """Each source in each window around 2022-05-04."""
    make_recovery("2019-06-01", 1)  # the first record: years from 2019 have data
    make_recovery("2020-03-01", 4, source=BOUGHT_BACK)
    make_recovery("2021-02-01", 2)
    make_recovery("2021-04-20", 9, source=BOUGHT_BACK)  # in 2021's last 28 days
    make_recovery("2021-05-05", 50, source=BOUGHT_BACK)  # after 2021's window
    make_recovery("2022-01-15", 3)
    make_recovery("2022-03-01", 6, source=SURRENDERED)  # in no figure
    make_recovery("2022-04-10", 25, source=BOUGHT_BACK)
    make_recovery("2022-04-30", 11, source=BOUGHT_BACK)
    make_recovery("2022-05-01", 2, source=SURRENDERED)
    make_recovery("2022-05-04", 1)
    make_recovery("2022-05-05", 8, source=BOUGHT_BACK)  # the day after
    complete_through("2022-05-04")


def test_firearms_recovered_counts_the_seized_ones_only(by_source):
    firearms = ytd.compare(D("2022-05-04")).metrics["firearms_recovered"]
    assert (firearms.current, firearms.previous, firearms.change) == (4, 2, 2)
    assert firearms.five_year_values == {
        2017: None,
        2018: None,
        2019: 0,
        2020: 0,
        2021: 2,
    }


def test_firearms_bought_back_has_every_window_and_statistic(by_source):
    result = ytd.compare(D("2022-05-04"))
    bought = result.metrics["firearms_bought_back"]
    assert bought.label == "Firearms bought back"
    assert (bought.current, bought.previous, bought.change) == (36, 9, 27)
    assert bought.change_pct == Decimal("300.0")
    assert bought.z == Decimal("6.00")  # 2 x (6 - 3)
    assert bought.signal == ytd.BEYOND
    assert bought.five_year_values == {
        2017: None,
        2018: None,
        2019: 0,
        2020: 4,
        2021: 9,
    }
    assert bought.five_year_average == Decimal("4.3")
    assert result.last_28_days.counts["firearms_bought_back"] == (36, 9)
    assert result.last_28_days.counts["firearms_recovered"] == (1, 0)


def test_firearms_bought_back_per_month(by_source):
    series = ytd.monthly_series([2021, 2022], through=D("2022-05-04"))
    assert series.counts["firearms_bought_back"] == {
        2021: [0, 0, 0, 9, 50, 0, 0, 0, 0, 0, 0, 0],
        2022: [0, 0, 0, 36, 0, *[None] * 7],
    }
    assert series.counts["firearms_recovered"][2022] == [3, 0, 0, 0, 1, *[None] * 7]


def test_without_any_recovery_there_is_no_buyback_figure(make_incident):
    make_incident("2022-02-01")
    bought = ytd.compare(D("2022-05-04")).metrics["firearms_bought_back"]
    assert (bought.current, bought.previous, bought.five_year_average) == (
        None,
        None,
        None,
    )


def test_only_surrendered_firearms_still_count_as_a_year_with_data(make_recovery):
    make_recovery("2022-02-01", 3, source=SURRENDERED)
    metrics = ytd.compare(D("2022-05-04")).metrics
    assert metrics["firearms_recovered"].current == 0
    assert metrics["firearms_bought_back"].current == 0


def test_surrendered_sample_records_alone_do_not_make_the_figures_illustrative(
    make_incident, make_recovery
):
    make_incident("2022-02-01")
    make_recovery("2022-02-01", 3, source=SURRENDERED, illustrative=True)
    assert ytd.compare(D("2022-05-04")).illustrative is False
    make_recovery("2022-02-02", 1, source=BOUGHT_BACK, illustrative=True)
    assert ytd.compare(D("2022-05-04")).illustrative is True


def test_the_figures_as_recorded_then_count_the_source_recorded_then(make_recovery):
    recovery = make_recovery("2022-04-01", 5)
    FirearmRecovery.history.update(
        history_date=F("history_date") - datetime.timedelta(hours=2)
    )
    moment = timezone.now() - datetime.timedelta(hours=1)
    recovery.source = BOUGHT_BACK
    recovery.save()

    def figures(records):
        metrics = ytd.compare(D("2022-05-04"), records=records).metrics
        return (
            metrics["firearms_recovered"].current,
            metrics["firearms_bought_back"].current,
        )

    assert figures(ytd.Records(moment)) == (5, 0)
    assert figures(ytd.Records()) == (0, 5)


def test_the_api_gives_firearms_bought_back_beside_the_seized(client, by_source):
    data = client.get(reverse("api_ytd"), {"as_of": "2022-05-04"}).json()
    assert list(data["metrics"]) == [*ytd.METRICS]
    assert list(data["metrics"])[-2:] == ["firearms_recovered", "firearms_bought_back"]
    assert data["metrics"]["firearms_bought_back"] == {
        "label": "Firearms bought back",
        "current": 36,
        "previous": 9,
        "change": 27,
        "change_pct": 300.0,
        "z": 6.0,
        "signal": "beyond normal variation",
        "five_year_average": 4.3,
    }
    assert data["metrics"]["firearms_recovered"]["current"] == 4
    assert data["last_28_days"]["metrics"]["firearms_bought_back"] == {
        "current": 36,
        "previous": 9,
    }


def test_the_sample_adds_bought_back_and_surrendered_firearms_to_28_seized(
    sample_incidents,
):
    metrics = ytd.compare(D("2022-05-04")).metrics
    assert metrics["firearms_recovered"].current == 28
    assert metrics["firearms_bought_back"].current == 12
    assert metrics["firearms_bought_back"].previous == 0  # no buyback event in 2021
    to_may_4 = FirearmRecovery.objects.in_period(D("2022-01-01"), D("2022-05-04"))
    counts = {
        source: sum(to_may_4.filter(source=source).values_list("count", flat=True))
        for source in FirearmRecovery.Source.values
    }
    assert counts == {"seized": 28, "surrendered": 3, "bought_back": 12}
    assert not FirearmRecovery.objects.filter(illustrative=False).exists()
