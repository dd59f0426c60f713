"""The illustrative sample: the reported figures, the named events, ten years around them
in the seven council districts, and safe to load twice."""

import datetime
import io
import re
from collections import defaultdict

from django.core.management import call_command

from incidents import sample_data, sample_history, trends, ytd
from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim
from incidents.models.records import WeaponType
from places.models import Place, PlaceKind

D = datetime.date.fromisoformat


def test_the_sample_gives_the_figures_reported_on_may_4_2022(sample_incidents):
    result = ytd.compare(D("2022-05-04"), 2021)
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
    tremont = Incident.objects.get(case_number="S22-0014")
    assert tremont.location == "100 block of Tremont Ave"
    assert list(tremont.victims.values_list("outcome", flat=True)) == ["injured"]
    to_may_4 = Victim.objects.filter(incident__date__range=("2022-01-01", "2022-05-04"))
    assert list(
        to_may_4.filter(outcome="killed").values_list("incident__case_number")
    ) == [("S22-0011",)]


def test_the_oak_street_recovery_holds_the_six_firearms_by_type(sample_incidents):
    shootout = Incident.objects.get(case_number="S22-0019")
    oak_street = shootout.firearm_recoveries.order_by("reference")
    assert list(
        oak_street.values_list("reference", "date", "count", "weapon_type", "source")
    ) == [
        ("SR22-0011-1", D("2022-05-03"), 3, WeaponType.HANDGUN, "seized"),
        ("SR22-0011-2", D("2022-05-03"), 2, WeaponType.RIFLE, "seized"),
        ("SR22-0011-3", D("2022-05-03"), 1, WeaponType.SHOTGUN, "seized"),
    ]
    # block level, no exact address
    assert {(r.location, r.address) for r in oak_street} == {
        ("200 block of Oak St", "")
    }
    assert (
        ytd.compare(D("2022-05-04"), 2021).metrics["firearms_recovered"].current == 28
    )


def test_every_sample_record_is_illustrative_and_block_level(sample_incidents):
    assert Incident.objects.filter(illustrative=False).count() == 0
    assert FirearmRecovery.objects.filter(illustrative=False).count() == 0
    assert Incident.objects.exclude(address="").count() == 0
    assert FirearmRecovery.objects.exclude(address="").count() == 0
    assert Incident.objects.exclude(latitude=None).count() == 0
    locations = [
        *Incident.objects.values_list("location", flat=True),
        *FirearmRecovery.objects.values_list("location", flat=True),
    ]
    block = re.compile(
        r"(unit|[1-9]\d*00) block of [A-Z][\w ]+|[A-Z][\w ]+ & [A-Z][\w ]+"
    )
    assert [place for place in locations if not block.fullmatch(place)] == []


def test_the_sample_runs_from_2017_to_november_30_2026(sample_incidents):
    assert DataCompleteness.current() == D("2026-11-30")
    for model in (Incident, FirearmRecovery):
        dates = model.objects.order_by("date").values_list("date", flat=True)
        assert D("2017-01-01") <= dates.first() <= D("2017-01-31")
        assert D("2026-11-01") <= dates.last() <= D("2026-11-30")
    assert (Incident.objects.count(), Victim.objects.count()) == (336, 149)
    assert FirearmRecovery.objects.count() == 446


def test_the_generated_years_leave_the_hand_written_periods_alone(sample_incidents):
    def cases(start: str, end: str) -> list[str]:
        rows = Incident.objects.in_period(D(start), D(end)).order_by("case_number")
        return list(rows.values_list("case_number", flat=True))

    assert cases("2021-01-01", "2021-12-31") == [f"S21-{n:04d}" for n in range(1, 28)]
    assert cases("2022-01-01", "2022-05-04") == [f"S22-{n:04d}" for n in range(1, 21)]
    hand_written = {row[0] for row in sample_data.RECOVERIES + sample_data.NOT_SEIZED}
    recovered = FirearmRecovery.objects.in_period(D("2022-01-01"), D("2022-05-04"))
    assert set(recovered.values_list("reference", flat=True)) == hand_written


def test_every_record_is_in_exactly_one_council_district(sample_incidents):
    districts = Place.objects.filter(kind=PlaceKind.COUNCIL_DISTRICT)
    assert sorted(districts.values_list("code", flat=True)) == list("1234567")
    assert not districts.filter(illustrative=False).exists()
    for model in (Incident, FirearmRecovery):
        placed = model.places.through.objects.filter(place__in=districts)
        assert placed.count() == model.objects.count()
        source = f"{model.places.field.m2m_field_name()}_id"
        assert placed.values(source).distinct().count() == model.objects.count()


def test_a_street_is_in_the_same_district_or_two(sample_incidents):
    by_street, by_location = defaultdict(set), defaultdict(set)
    for model in (Incident, FirearmRecovery):
        for location, code in model.objects.values_list("location", "places__code"):
            by_location[location].add(code)
            for street in location.split(" & "):
                by_street[re.sub(r"^(unit|\d+) block of ", "", street)].add(code)
    assert {
        location for location, codes in by_location.items() if len(codes) > 1
    } == set()
    assert {
        street: codes for street, codes in by_street.items() if len(codes) > 2
    } == {}
    assert by_street["Main St"] == {"4", "7"}
    assert by_location["Mygatt St & Meadows St"] == {"2"}


def test_the_sample_is_plausible_for_a_city_of_48000(sample_incidents):
    years = trends.compute(D("2026-11-30")).years
    totals = {key: [year.count for year in years[key]] for key in years}
    # 2017 to 2026 (to November 30)
    assert totals["shots_fired_confirmed"] == [22, 31, 37, 33, 26, 58, 32, 31, 24, 22]
    assert totals["shooting_incidents_with_injury"] == [
        10,
        9,
        16,
        11,
        9,
        17,
        13,
        13,
        10,
        7,
    ]
    assert totals["victims_killed"] == [2, 5, 2, 4, 2, 4, 2, 3, 3, 1]
    assert totals["firearms_recovered"] == [46, 56, 47, 73, 62, 85, 57, 54, 42, 55]
    assert totals["firearms_bought_back"] == [0, 0, 0, 0, 0, 33, 23, 31, 20, 31]
    summer = Victim.objects.filter(incident__date__month__in=[6, 7, 8]).count()
    winter = Victim.objects.filter(incident__date__month__in=[12, 1, 2]).count()
    assert (summer, winter) == (68, 19)


def test_the_trend_flags_the_two_unusual_months(sample_incidents):
    months = trends.compute(D("2026-11-30")).months["shooting_victims"]
    flagged = [(m.month, m.count, m.flag) for m in months if m.flag]
    assert flagged == [
        (D("2020-07-01"), 9, trends.UNUSUALLY_HIGH),
        (D("2024-08-01"), 8, trends.UNUSUALLY_HIGH),
    ]


def test_the_generated_years_are_the_same_every_time():
    first = sample_history.generate()
    assert sample_history.generate() == first
    assert first[0][0] == (
        "S17-0001", "2017-01-17 19:25", "100 block of Clinton St", True, 2, 0, "final"
    )  # fmt: skip
    assert first[1][0] == (
        "SR17-0001", "2017-01-03", 2, "", "Court St & Water St", None, "seized"
    )  # fmt: skip


def test_every_record_has_its_history_and_the_daily_counts_match(sample_incidents):
    for model in (Incident, Victim, FirearmRecovery):
        assert model.history.filter(history_type="+").count() == model.objects.count()
    out = io.StringIO()
    call_command("check_daily_counts", stdout=out)
    assert out.getvalue() == "Daily counts match the records (683 days).\n"


def test_the_city_has_its_2020_census_population(sample_incidents):
    city = Place.objects.get(kind=PlaceKind.CITY)
    assert (city.population, city.population_year) == (47_969, 2020)


def test_loading_the_sample_twice_changes_nothing(sample_incidents):
    def counts() -> tuple:
        return tuple(
            model.objects.count()
            for model in (
                Incident,
                Victim,
                FirearmRecovery,
                Incident.places.through,
                FirearmRecovery.places.through,
                Incident.history.model,
                FirearmRecovery.history.model,
            )
        )

    before = counts()
    out = io.StringIO()
    sample_data.load(out)
    assert counts() == before
    assert out.getvalue() == (
        "Incidents: added 0 illustrative incidents and 0 firearm recoveries; data "
        "complete through 2026-11-30."
    )
    out = io.StringIO()
    call_command("check_daily_counts", stdout=out)
    assert out.getvalue() == "Daily counts match the records (683 days).\n"


def test_the_first_load_says_what_it_added(db):
    out = io.StringIO()
    sample_data.load(out)
    assert out.getvalue() == (
        "Incidents: added 336 illustrative incidents and 446 firearm recoveries; data "
        "complete through 2026-11-30."
    )


def test_the_sample_sets_data_complete_through_only_when_unset(db):
    DataCompleteness.set(D("2022-06-30"))
    sample_data.load(io.StringIO())
    assert DataCompleteness.current() == D("2022-06-30")
