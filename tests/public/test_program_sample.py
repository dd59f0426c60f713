"""The sample program results that `make run` shows: every area has its measures, with
values to date and the current quarter's target, all flagged illustrative."""

from programs.models import MeasureValue


def test_the_sample_data_give_every_area_measures_with_values_and_targets(
    client, sample_data
):
    answer = client.get("/api/programs.json?as_of=2026-11-30").json()
    assert len(answer["areas"]) == 6
    for area in answer["areas"]:
        assert len(area["measures"]) == 2, area["slug"]
        for measure in area["measures"]:
            assert measure["illustrative"] is True
            assert measure["target_period"] == "2026-Q4"
            assert measure["value"] is not None and measure["value"] > 0, measure
    buyback = next(a for a in answer["areas"] if a["slug"] == "gun-buyback")
    assert [m["derived"] for m in buyback["measures"]] == [True, True]
    assert (
        MeasureValue.objects.filter(voided_at__isnull=True).count() == 9 * 54
    )  # nine entered measures, June 2022 to November 2026


def test_the_sample_hot_spots_area_compares_its_districts_with_the_rest(
    client, sample_data
):
    from programs.models import AreaOutcome

    assert AreaOutcome.objects.count() == 7
    page = client.get("/areas/hot-spots-policing/results/")
    (result,) = page.context["outcomes"]
    assert [row.where for row in result.rows] == [
        "City-wide",
        "The targeted places",
        "The rest of the city",
    ]
    city, targeted, rest = result.rows
    assert city.previous == targeted.previous + rest.previous
    assert city.current == targeted.current + rest.current
    assert result.first_spent.isoformat() == "2022-07-28"
