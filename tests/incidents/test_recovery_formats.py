"""Firearm recovery formats: one row per recovery, or a day's counts by source."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from incidents import ytd
from incidents.imports import mapping
from incidents.imports.mapping import FormatError, from_toml
from incidents.models import FirearmRecovery

RECOVERY_FORMAT = """
name = "Property room"
record = "recovery"
rows = "recovery"
key = "receipt"
key_prefix = "PR-"
[columns]
date = "day"
count = "guns"
location = "where"
[values.source]
column = "how"
seized = ["arrest"]
surrendered = ["safekeeping"]
bought_back = ["buyback"]
"""
RECOVERY_ROWS = [
    "receipt,day,guns,where,how,officer",
    "1,2023-01-05,2,255 Oak St,arrest,Smith",
    "1,2023-01-05,2,255 Oak St,arrest,Smith",  # an exact repeat
    "2,2023-01-06,3,Main St & Front St,buyback,Jones",
]
DAILY_FORMAT = """
name = "Daily counts"
record = "recovery"
rows = "daily counts"
key_prefix = "DC-"
[columns]
date = "CollectionDate"
[counts]
seized = "CrimeGunsRecovered"
surrendered = "GunsRecoveredSafeguard"
bought_back = "BuybackGunsRecovered"
"""
DAILY_ROWS = [
    "CollectionDate,CrimeGunsRecovered,GunsRecoveredSafeguard,BuybackGunsRecovered,Unit",
    "2023-01-02,3,,,North",
    "2023-01-03,1,2,0,North",
    "2023-01-04,,,40,South",
]


def run(tmp_path, fmt: str, rows: list[str], *args, err=None, out=None) -> str:
    """The command's output on `rows` by format `fmt`; its problems go to `err`."""
    (tmp_path / "format.toml").write_text(fmt, encoding="utf-8")
    (tmp_path / "rows.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = out or io.StringIO()
    call_command(
        "import_firearm_recoveries",
        str(tmp_path / "rows.csv"),
        "--mapping",
        str(tmp_path / "format.toml"),
        *args,
        stdout=out,
        quiet=True,
        stderr=err or io.StringIO(),
    )
    return out.getvalue()


def problems(tmp_path, fmt: str, rows: list[str]) -> str:
    """The problems of a refused import, which saved nothing."""
    err = io.StringIO()
    with pytest.raises(CommandError):
        run(tmp_path, fmt, rows, err=err)
    assert FirearmRecovery.all_objects.count() == 0
    return err.getvalue()


def saved() -> list[tuple]:
    return list(
        FirearmRecovery.objects.order_by("reference").values_list(
            "reference", "date", "count", "source", "location"
        )
    )


def test_one_row_per_recovery_with_source_rules(db, tmp_path):
    out = run(tmp_path, RECOVERY_FORMAT, RECOVERY_ROWS)
    assert out.splitlines()[0] == (
        "Read 3 rows: 2 firearm recoveries (5 firearms); 2 new, 0 to update, 0 unchanged."
    )
    assert saved() == [
        ("PR-1", datetime.date(2023, 1, 5), 2, "seized", "200 block of Oak St"),
        ("PR-2", datetime.date(2023, 1, 6), 3, "bought_back", "Main St & Front St"),
    ]
    assert FirearmRecovery.objects.get(reference="PR-1").address == "255 Oak St"


def test_a_constant_source_and_the_default_count_and_location(db, tmp_path):
    fmt = """
name = "Buyback"
record = "recovery"
rows = "recovery"
key = "tag"
[columns]
date = "day"
[values.source]
constant = "bought_back"
"""
    run(tmp_path, fmt, ["tag,day", "B7,2023-03-01"])
    assert saved() == [
        ("B7", datetime.date(2023, 3, 1), 1, "bought_back", "Location not given")
    ]


def test_an_import_updates_only_the_fields_its_format_maps(db, tmp_path):
    run(tmp_path, RECOVERY_FORMAT, RECOVERY_ROWS)
    FirearmRecovery.objects.filter(reference="PR-2").update(weapon_type="12")
    fmt = RECOVERY_FORMAT.replace('count = "guns"\n', "")
    out = run(tmp_path, fmt, [RECOVERY_ROWS[0], "2,2023-01-07,9,Main St,buyback,J"])
    assert "0 new, 1 to update, 0 unchanged." in out
    recovery = FirearmRecovery.objects.get(reference="PR-2")
    assert (recovery.date, recovery.count, recovery.weapon_type) == (
        datetime.date(2023, 1, 7),
        3,
        "12",
    )


def test_daily_counts_imported_twice_change_nothing_the_second_time(db, tmp_path):
    first = run(tmp_path, DAILY_FORMAT, DAILY_ROWS)
    assert first.splitlines()[0] == (
        "Read 3 rows: 4 firearm recoveries (46 firearms); 4 new, 0 to update, "
        "0 unchanged."
    )
    day = datetime.date
    assert saved() == [
        ("DC-2023-01-02-seized", day(2023, 1, 2), 3, "seized", "Location not given"),
        ("DC-2023-01-03-seized", day(2023, 1, 3), 1, "seized", "Location not given"),
        (
            "DC-2023-01-03-surrendered",
            day(2023, 1, 3),
            2,
            "surrendered",
            "Location not given",
        ),
        (
            "DC-2023-01-04-bought_back",
            day(2023, 1, 4),
            40,
            "bought_back",
            "Location not given",
        ),
    ]
    versions = list(FirearmRecovery.objects.values_list("version", flat=True))
    second = run(tmp_path, DAILY_FORMAT, DAILY_ROWS)
    assert "0 new, 0 to update, 4 unchanged." in second
    assert list(FirearmRecovery.objects.values_list("version", flat=True)) == versions
    assert FirearmRecovery.history.count() == 4


def test_the_year_to_date_figures_count_seized_and_bought_back_apart(db, tmp_path):
    run(tmp_path, DAILY_FORMAT, DAILY_ROWS)
    figures = ytd.compare(as_of=datetime.date(2023, 1, 31))
    assert figures.metrics["firearms_recovered"].current == 4
    assert figures.metrics["firearms_bought_back"].current == 40


def test_the_dry_run_reports_the_files_quality_and_saves_nothing(db, tmp_path):
    rows = [*DAILY_ROWS, DAILY_ROWS[1], *(f"2023-01-{d},1,,,N" for d in range(10, 30))]
    rows.append("someday,1,,,N")
    with pytest.raises(CommandError):
        run(tmp_path, DAILY_FORMAT, rows, "--dry-run")
    out = run(tmp_path, DAILY_FORMAT, rows[:-1], "--dry-run")
    assert out.splitlines()[:10] == [
        'Data-quality report (format "Daily counts"):',
        "  Rows read: 24",
        "  Rows skipped by rule: 0",
        "  Exact repeats skipped: 1: row 5 (as row 2)",
        "  Repeated keys that differ (refused): none",
        "  Unreadable or missing dates: none",
        "  Dates apart from the rest of the file (more than a year from its main "
        "span): none",
        "  Locations generalised to the block: none",
        "  Days far above the file's usual (more than 10 times the median day, and at "
        "least 10): 1: 2023-01-04 (40 firearms)",
        "  Columns the format ignores (never read or stored): Unit",
    ]
    assert out.splitlines()[-1] == "Dry run: nothing was saved."
    assert FirearmRecovery.all_objects.count() == 0


def test_an_unreadable_date_is_counted_in_the_report(db, tmp_path):
    out, err, rows = io.StringIO(), io.StringIO(), [*DAILY_ROWS, "someday,1,,,N"]
    with pytest.raises(CommandError, match="1 problem in rows.csv; nothing was saved."):
        run(tmp_path, DAILY_FORMAT, rows, "--dry-run", err=err, out=out)
    assert "  Unreadable or missing dates: 1: row 5" in out.getvalue().splitlines()
    assert "Row 5" in err.getvalue() and "CollectionDate" in err.getvalue()


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            [DAILY_ROWS[0], "2023-01-02,x,,,N"],
            "CrimeGunsRecovered",
        ),
        (
            [DAILY_ROWS[0], "2023-01-02,1,,,N", "2023-01-02,2,,,N"],
            "2023-01-02 is also on row 2, with other counts.",
        ),
        (
            [
                "CollectionDate,CrimeGunsRecovered,GunsRecoveredSafeguard",
                "2023-01-02,1,",
            ],
            "The format's counts.bought_back is 'BuybackGunsRecovered', a column the "
            "file lacks.",
        ),
    ],
)
def test_bad_daily_rows_are_refused_whole(db, tmp_path, rows, message):
    assert message in problems(tmp_path, DAILY_FORMAT, rows)


def test_a_source_that_fits_no_rule_is_refused_naming_row_and_column(db, tmp_path):
    rows = [*RECOVERY_ROWS, "3,2023-01-07,1,Oak St,found,X"]
    err = problems(tmp_path, RECOVERY_FORMAT, rows)
    assert "Row 5" in err and "how" in err
    assert "'found' fits no rule of [values.source]" in err


@pytest.mark.parametrize(
    "text, message",
    [
        (DAILY_FORMAT + "colour = 1\n", "Unknown key counts.colour"),
        (DAILY_FORMAT.replace('key_prefix = "DC-"', 'key = "x"'), "takes no key"),
        (DAILY_FORMAT.split("[counts]")[0], 'rows = "daily counts" needs [counts]'),
        (RECOVERY_FORMAT.replace('key = "receipt"\n', ""), "lacks the key key."),
        (
            RECOVERY_FORMAT.replace('rows = "recovery"', 'rows = "victim"'),
            'rows = "victim" is for incidents: record must be "incident"',
        ),
        (
            RECOVERY_FORMAT.replace('rows = "recovery"', 'rows = "day"'),
            'rows must be "recovery" or "daily counts", not \'day\'.',
        ),
        (
            RECOVERY_FORMAT.replace('count = "guns"', 'victims_killed = "k"'),
            "Unknown key columns.victims_killed",
        ),
        (
            RECOVERY_FORMAT.replace('["buyback"]', '["arrest"]'),
            "values.source: 'arrest' is in both seized and bought_back.",
        ),
        (
            RECOVERY_FORMAT.replace('column = "how"', 'constant = "lost"'),
            "Unknown key values.source.bought_back; known keys: constant.",
        ),
        (
            RECOVERY_FORMAT.split("[values.source]")[0]
            + '[values.source]\nconstant = "lost"\n',
            "values.source.constant must be one of seized, surrendered, bought_back.",
        ),
        (
            RECOVERY_FORMAT.replace("[columns]", '[columns]\nsource = "s"'),
            "Give columns.source or [values.source], not both.",
        ),
        (
            RECOVERY_FORMAT + '[counts]\nseized = "x"\n',
            '[counts] applies to rows = "daily counts" only.',
        ),
        (
            DAILY_FORMAT.replace('key_prefix = "DC-"', 'duplicates = "first"'),
            'duplicates applies to rows = "recovery" only.',
        ),
    ],
)
def test_a_bad_recovery_format_is_refused_naming_the_key(text, message):
    with pytest.raises(FormatError) as refused:
        from_toml(text)
    assert message in str(refused.value)


def test_each_command_refuses_the_other_records_format(db, tmp_path):
    (tmp_path / "format.toml").write_text(DAILY_FORMAT, encoding="utf-8")
    (tmp_path / "rows.csv").write_text("\n".join(DAILY_ROWS) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="use import_firearm_recoveries"):
        call_command(
            "import_incidents",
            str(tmp_path / "rows.csv"),
            "--mapping",
            str(tmp_path / "format.toml"),
        )


def test_a_format_without_a_name_is_named_by_its_file(tmp_path):
    """The issue's daily-counts example has no `name`: the file's name stands in."""
    path = tmp_path / "daily.toml"
    path.write_text(
        'record = "recovery"\nrows = "daily counts"\n[columns]\ndate = "CollectionDate"\n'
        '[counts]\nseized = "CrimeGunsRecovered"\n'
    )
    assert mapping.load(path).name == "daily.toml"
