"""The illustrative sample: the reported figures, the named events, and safe to load twice."""

import datetime
import io

from incidents import sample_data, ytd
from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim


def test_the_sample_gives_the_figures_reported_on_may_4_2022(sample_incidents):
    result = ytd.compare(datetime.date(2022, 5, 4))
    figures = {key: (m.current, m.previous) for key, m in result.metrics.items()}
    assert figures["shots_fired_confirmed"] == (18, 10)
    assert figures["shooting_victims"] == (6, 3)
    assert figures["victims_killed"][0] == 1
    assert figures["firearms_recovered"][0] == 28
    assert result.metrics["shots_fired_confirmed"].change_pct == 80
    assert result.metrics["shooting_victims"].change_pct == 100


def test_the_sample_includes_the_three_reported_events(sample_incidents):
    shootout = Incident.objects.get(date="2022-05-03")
    assert shootout.location == "Mygatt St & Meadows St"
    assert list(shootout.firearm_recoveries.values_list("location", flat=True)) == [
        "Oak St"
    ]
    tremont = Incident.objects.get(location__contains="Tremont Ave")
    assert list(tremont.victims.values_list("outcome", flat=True)) == ["injured"]
    fatal = Victim.objects.filter(outcome="killed", incident__date__year=2022)
    assert fatal.count() == 1


def test_every_sample_record_is_flagged_illustrative_and_block_level(sample_incidents):
    assert Incident.objects.filter(illustrative=False).count() == 0
    assert FirearmRecovery.objects.filter(illustrative=False).count() == 0
    assert Incident.objects.exclude(address="").count() == 0
    assert Incident.objects.exclude(latitude=None).count() == 0
    locations = Incident.objects.values_list("location", flat=True)
    assert all(" block of " in place or " & " in place for place in locations)
    span = Incident.objects.order_by("date").values_list("date", flat=True)
    assert (span.first(), span.last()) == (
        datetime.date(2021, 1, 9),
        datetime.date(2022, 5, 4),
    )


def test_the_sample_has_a_whole_comparison_year_for_charts(sample_incidents):
    months = Incident.objects.filter(date__year=2021).dates("date", "month")
    assert len(months) == 12


def test_loading_the_sample_twice_changes_nothing(sample_incidents):
    counts = (Incident.objects.count(), Victim.objects.count())
    out = io.StringIO()
    sample_data.load(out)
    assert (Incident.objects.count(), Victim.objects.count()) == counts
    assert out.getvalue() == (
        "Incidents: added 0 illustrative incidents and 0 firearm recoveries; data "
        "complete through 2022-05-04."
    )


def test_the_sample_sets_data_complete_through_only_when_unset(db):
    DataCompleteness.set(datetime.date(2022, 6, 30))
    sample_data.load(io.StringIO())
    assert DataCompleteness.current() == datetime.date(2022, 6, 30)
