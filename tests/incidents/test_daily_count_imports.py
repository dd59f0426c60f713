"""The daily counts after every import path: new incidents (staged, then INSERT ...
SELECT; COPY on PostgreSQL), a re-import that changes nothing, updates that move records
to other days, NYPD's rows per victim, a format file mapping some fields only, the
recoveries CSV and a recoveries daily-counts format, the upload's preview (written and
rolled back) and its confirmation."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_daily_counts import ONE_HURT, table
from test_recovery_formats import DAILY_FORMAT

from incidents import daily
from incidents.imports import formats, plan, save
from incidents.imports.effect import figures_if_saved
from incidents.imports.mapping import from_toml
from incidents.models import DailyCount

HEADER = (
    "case_number,date,time,location,shots_fired_confirmed,victims_injured,"
    "victims_killed,status"
)
ROWS = [
    "B-1,2022-01-10,,100 block of Main St,yes,2,1,final",
    "B-2,2022-01-10,,100 block of Court St,no,0,0,preliminary",
    "B-3,2022-01-12,,100 block of Court St,yes,1,0,final",
]
JAN_10 = {
    "incidents": 2,
    "shots_fired_confirmed": 1,
    "preliminary": 1,
    "shooting_victims": 3,
    "victims_killed": 1,
    "shooting_incidents_with_injury": 1,
}
JAN_12 = ONE_HURT


def csv_text(header: str, rows: list[str]) -> str:
    return "\n".join([header, *rows]) + "\n"


def imported(rows: list[str], fmt=formats.CANONICAL, header: str = HEADER):
    result = save.apply(csv_text(header, rows), fmt)
    assert list(result.errors) == []
    return result


def test_new_incidents_count_on_their_days(db):
    imported(ROWS)
    assert table() == {"2022-01-10": JAN_10, "2022-01-12": JAN_12}


def test_a_re_import_that_changes_nothing_writes_nothing_to_the_table(db):
    imported(ROWS)
    with CaptureQueriesContext(connection) as queries:
        result = imported(ROWS)
    assert (len(result.new), len(result.changed)) == (0, 0)
    assert [q["sql"] for q in queries if "dailycount" in q["sql"]] == []
    assert table() == {"2022-01-10": JAN_10, "2022-01-12": JAN_12}


def test_an_update_recounts_the_days_records_leave_and_reach(db):
    imported(ROWS)
    imported(
        [
            "B-1,2022-01-11,,100 block of Main St,yes,1,0,final",  # moved, one fewer
            "B-2,2022-01-10,,100 block of Court St,yes,0,0,final",
            "B-4,2022-01-12,,100 block of Court St,yes,0,1,preliminary",
        ]
    )
    assert table() == {
        "2022-01-10": {"incidents": 1, "shots_fired_confirmed": 1},
        "2022-01-11": JAN_12,
        "2022-01-12": {
            "incidents": 2,
            "shots_fired_confirmed": 2,
            "preliminary": 1,
            "shooting_victims": 2,
            "victims_killed": 1,
            "shooting_incidents_with_injury": 2,
        },
    }


def test_nypd_rows_per_victim_and_a_second_import_with_one_more(db):
    header = "INCIDENT_KEY,OCCUR_DATE,OCCUR_TIME,BORO,PRECINCT,STATISTICAL_MURDER_FLAG"
    rows = [
        "100,01/20/2022,10:00:00,BROOKLYN,75,false",
        "200,02/14/2022,22:15:00,QUEENS,103,true",
    ]
    imported(rows, formats.NYPD, header)
    imported([*rows, "200,02/14/2022,22:15:00,QUEENS,103,false"], formats.NYPD, header)
    one = {"incidents": 1, "shots_fired_confirmed": 1, "shooting_victims": 1}
    assert table() == {
        "2022-01-20": {**one, "shooting_incidents_with_injury": 1},
        "2022-02-14": {
            **one,
            "shooting_victims": 2,
            "victims_killed": 1,
            "shooting_incidents_with_injury": 1,
        },
    }


def test_a_format_without_victims_moves_an_incident_with_its_saved_victims(db):
    imported(ROWS)
    fmt = from_toml(
        'name = "Dates"\nrecord = "incident"\nrows = "incident"\nkey = "case"\n'
        '[columns]\ndate = "day"\nlocation = "place"\n'
    )
    result = save.apply(csv_text("case,day,place", ["B-3,2022-01-10,Court St"]), fmt)
    assert (list(result.errors), len(result.changed)) == ([], 1)
    assert table() == {
        "2022-01-10": {
            **JAN_10,
            "incidents": 3,
            "shots_fired_confirmed": 2,
            "shooting_victims": 4,
            "shooting_incidents_with_injury": 2,
        }
    }


def test_recoveries_by_source_and_an_update_that_moves_one(db):
    header = "reference,date,count,weapon_type,location,case_number,source"
    imported(
        [
            "R-1,2022-03-01,2,,100 block of Oak St,,",
            "R-2,2022-03-02,4,,100 block of Oak St,,bought_back",
            "R-3,2022-03-02,5,,100 block of Oak St,,surrendered",
        ],
        formats.RECOVERIES,
        header,
    )
    assert table() == {
        "2022-03-01": {"recoveries": 1, "firearms_recovered": 2},
        "2022-03-02": {"recoveries": 2, "firearms_bought_back": 4},
    }
    imported(["R-1,2022-03-03,3,,100 block of Oak St,,"], formats.RECOVERIES, header)
    assert table() == {
        "2022-03-02": {"recoveries": 2, "firearms_bought_back": 4},
        "2022-03-03": {"recoveries": 1, "firearms_recovered": 3},
    }


def test_a_daily_counts_format_of_recoveries(db):
    rows = [
        "CollectionDate,CrimeGunsRecovered,GunsRecoveredSafeguard,BuybackGunsRecovered",
        "2023-01-02,3,,",
        "2023-01-03,1,2,0",
    ]
    save.apply("\n".join(rows) + "\n", from_toml(DAILY_FORMAT))
    assert table() == {
        "2023-01-02": {"recoveries": 1, "firearms_recovered": 3},
        "2023-01-03": {"recoveries": 2, "firearms_recovered": 1},
    }


def test_an_import_of_many_days_is_recounted_as_one_span(db):
    first = datetime.date(2020, 1, 1)
    days = [
        first + datetime.timedelta(days=2 * n) for n in range(daily.LISTED_DAYS + 1)
    ]
    rows = [
        f"M-{n},{day.isoformat()},,Main St,yes,{n % 3},{n % 2},final"
        for n, day in enumerate(days)
    ]
    DailyCount.objects.create(date=first + datetime.timedelta(days=1), incidents=5)
    with CaptureQueriesContext(connection) as queries:
        imported(rows)
    written = [q["sql"] for q in queries if 'INTO "incidents_dailycount"' in q["sql"]]
    assert len(written) == 1
    assert len(table()) == len(days)  # the stray day inside the span is gone
    assert daily.differences() == []
    assert table()[days[5].isoformat()] == {
        "incidents": 1,
        "shots_fired_confirmed": 1,
        "shooting_victims": 3,
        "victims_killed": 1,
        "shooting_incidents_with_injury": 1,
    }


def test_the_preview_of_an_import_leaves_the_table_as_it_was(db):
    imported(ROWS)
    before = table()
    result = plan.plan(
        csv_text(HEADER, ["B-1,2022-01-11,,Main St,yes,0,0,final"]), "canonical"
    )
    lines = figures_if_saved(result)
    assert lines != []
    assert table() == before


def test_an_upload_confirmed_on_the_page_is_counted(editor_client):
    text = csv_text(HEADER, ROWS)
    file = SimpleUploadedFile("incidents.csv", text.encode(), content_type="text/csv")
    response = editor_client.post(
        reverse("incidents:import"), {"file": file, "format": "canonical"}
    )
    assert table() == {}  # the preview saved nothing
    digest = response.context["stored"]["digest"]
    editor_client.post(reverse("incidents:import_confirm"), {"digest": digest})
    assert table() == {"2022-01-10": JAN_10, "2022-01-12": JAN_12}
