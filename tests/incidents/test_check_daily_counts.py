"""`manage.py check_daily_counts`: the recount that proves the daily counts right, run
here after the sample data load (CI runs the test suite, not the load itself)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from incidents.models import DailyCount, FirearmRecovery, Incident

D = datetime.date.fromisoformat


def check(*args) -> str:
    out = io.StringIO()
    call_command("check_daily_counts", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> tuple[str, CommandError]:
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("check_daily_counts", *args, stdout=out)
    return out.getvalue(), error.value


def test_the_counts_match_after_the_sample_data_load(db):
    call_command("load_sample_data", stdout=io.StringIO())
    days = {
        *Incident.objects.dates("date", "day"),
        *FirearmRecovery.objects.dates("date", "day"),
    }
    assert len(days) == DailyCount.objects.count() == 683
    assert check() == "Daily counts match the records (683 days).\n"


def test_a_tampered_row_is_reported_and_fixed(make_incident, make_recovery):
    make_incident("2022-02-01", "injured", "killed", status="final")
    make_recovery("2022-02-03", 2)
    DailyCount.objects.filter(date=D("2022-02-01")).update(shooting_victims=5)
    out, error = refused()
    assert out == "2022-02-01 shooting_victims: kept 5, recounted 2\n"
    assert (str(error), error.returncode) == (
        "1 differences between the daily counts and the records: run "
        "check_daily_counts --fix to rewrite them.",
        1,
    )
    assert check("--fix") == (
        "2022-02-01 shooting_victims: kept 5, recounted 2\n"
        "Rewrote the daily counts from the records (2 days).\n"
    )
    assert DailyCount.objects.get(date=D("2022-02-01")).shooting_victims == 2
    assert check() == "Daily counts match the records (2 days).\n"


def test_a_missing_row_and_a_row_without_records_are_reported(make_incident):
    make_incident("2022-02-01", confirmed=False, status="final")
    DailyCount.objects.all().delete()
    DailyCount.objects.create(date=D("2021-05-01"), recoveries=1)
    out, error = refused()
    assert out.splitlines() == [
        "2021-05-01 incidents: kept 0, recounted no records",
        "2021-05-01 shots_fired_confirmed: kept 0, recounted no records",
        "2021-05-01 preliminary: kept 0, recounted no records",
        "2021-05-01 illustrative: kept 0, recounted no records",
        "2021-05-01 shooting_victims: kept 0, recounted no records",
        "2021-05-01 victims_killed: kept 0, recounted no records",
        "2021-05-01 shooting_incidents_with_injury: kept 0, recounted no records",
        "2021-05-01 recoveries: kept 1, recounted no records",
        "2021-05-01 firearms_recovered: kept 0, recounted no records",
        "2021-05-01 firearms_bought_back: kept 0, recounted no records",
        "2021-05-01 illustrative_recoveries: kept 0, recounted no records",
        "2022-02-01 incidents: kept no row, recounted 1",
        "2022-02-01 shots_fired_confirmed: kept no row, recounted 0",
        "2022-02-01 preliminary: kept no row, recounted 0",
        "2022-02-01 illustrative: kept no row, recounted 0",
        "2022-02-01 shooting_victims: kept no row, recounted 0",
        "2022-02-01 victims_killed: kept no row, recounted 0",
        "2022-02-01 shooting_incidents_with_injury: kept no row, recounted 0",
        "2022-02-01 recoveries: kept no row, recounted 0",
        "2022-02-01 firearms_recovered: kept no row, recounted 0",
        "2022-02-01 firearms_bought_back: kept no row, recounted 0",
        "2022-02-01 illustrative_recoveries: kept no row, recounted 0",
    ]
    assert str(error).startswith("22 differences")
    check("--fix")
    assert list(DailyCount.objects.values_list("date", "incidents")) == [
        (D("2022-02-01"), 1)
    ]


def test_an_empty_database_matches(db):
    assert check() == "Daily counts match the records (0 days).\n"
