"""How the public year-to-date figures change if an import is saved (the preview and the
dry run): exact figures before and after, worked out by a write that is rolled back."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_recovery_formats import DAILY_FORMAT

from binghamton_safety.models import DataVersion
from incidents.imports import plan, save
from incidents.imports.effect import SAVED_MEANWHILE, figures_if_saved
from incidents.imports.mapping import from_toml
from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim

HEADER = (
    "case_number,date,time,location,shots_fired_confirmed,victims_injured,"
    "victims_killed,status"
)
CANONICAL_ROWS = [
    "B-1,2022-01-10,,100 block of Main St,yes,2,1,final",  # saved: one more killed
    "B-2,2022-03-01,,100 block of Court St,yes,1,0,final",
    "B-3,2022-04-15,,100 block of Court St,yes,1,0,final",  # after March 31
    "B-4,2022-03-05,,100 block of Court St,yes,0,0,preliminary",
    "B-9,2022-02-01,,100 block of Main St,yes,3,0,final",  # saved and voided
]
CANONICAL_LINE = (
    "Public year-to-date figures as of March 31, 2022 (vs 2021) if saved: "
    "confirmed shots fired 1 → 3 (+2); shootings with someone hit 1 → 2 (+1); "
    "people shot 2 → 4 (+2); people shot and killed 0 → 1 (+1); "
    "firearms recovered no data, unchanged; firearms bought back no data, unchanged."
)
NYPD_HEADER = "INCIDENT_KEY,OCCUR_DATE,OCCUR_TIME,BORO,PRECINCT,STATISTICAL_MURDER_FLAG"
NYPD_ROWS = [
    "100,01/20/2022,10:00:00,BROOKLYN,75,false",  # saved with one victim: now two
    "100,01/20/2022,10:00:00,BROOKLYN,75,true",
    "200,02/14/2022,22:15:00,QUEENS,103,false",
    "201,03/30/2022,01:30:00,BRONX,40,true",
    "201,03/30/2022,01:30:00,BRONX,40,false",
    "300,06/01/2021,12:00:00,MANHATTAN,14,false",  # after the 2021 window
]
NO_INCIDENTS = (
    "confirmed shots fired no data, unchanged; shootings with someone hit no data, "
    "unchanged; people shot no data, unchanged; people shot and killed no data, "
    "unchanged; "
)
RECOVERY_HEADER = "reference,date,count,weapon_type,location,case_number,source"
RECOVERY_ROWS = [
    "R-10,2022-03-01,2,,100 block of Oak St,,",
    "R-11,2022-03-02,4,,100 block of Oak St,,bought_back",
    "R-12,2022-03-03,5,,100 block of Oak St,,surrendered",
]
RECOVERY_LINE = (
    "Public year-to-date figures as of March 31, 2022 (vs 2021) if saved: "
    f"{NO_INCIDENTS}firearms recovered 3 → 5 (+2); firearms bought back 0 → 4 (+4)."
)
DAILY_ROWS = [
    "CollectionDate,CrimeGunsRecovered,GunsRecoveredSafeguard,BuybackGunsRecovered",
    "2022-03-10,3,2,",  # surrendered firearms count in no figure
    "2022-03-11,,,6",
    "2021-03-11,1,,",  # in the comparison window
]
DAILY_COMPARED = (
    f"Compared with the same days of 2021, if saved: {NO_INCIDENTS}firearms recovered "
    "2 → 3 (+1); firearms bought back 1, unchanged."
)
NO_CHANGE = (
    "If saved: no change to the public year-to-date figures, "
    "as of March 31, 2022 (vs 2021)."
)


def csv_text(header: str, rows: list[str]) -> str:
    return "\n".join([header, *rows]) + "\n"


def effect_of(text: str, fmt="canonical", complete_through=None) -> list[str]:
    result = plan.plan(text, fmt)
    assert result.ok, list(result.errors)
    lines = figures_if_saved(result, complete_through)
    assert result.effect == lines
    return lines


def database_state() -> dict:
    """Every count and value an import could change, and the data version."""
    return {
        "incidents": Incident.all_objects.count(),
        "victims": Victim.all_objects.count(),
        "recoveries": FirearmRecovery.all_objects.count(),
        "incident history": Incident.history.count(),
        "victim history": Victim.history.count(),
        "recovery history": FirearmRecovery.history.count(),
        "completeness history": DataCompleteness.history.count(),
        "complete through": DataCompleteness.current(),
        "victims of B-1": sorted(
            Victim.all_objects.filter(incident__case_number="B-1").values_list(
                "outcome", flat=True
            )
        ),
        "data version": list(DataVersion.objects.values_list("version", flat=True)),
    }


@pytest.fixture
def canonical_setting(make_incident, complete_through):
    """Saved: B-1 with two injured, a voided B-9, and one 2021 shooting; complete
    through March 31, 2022."""
    make_incident("2022-01-10", "injured", "injured", case_number="B-1")
    make_incident("2022-02-01", "killed", case_number="B-9").void("Duplicate", None)
    make_incident("2021-02-01", "injured")
    complete_through("2022-03-31")


# --- Exact figures ------------------------------------------------------------------------


def test_the_upload_preview_says_how_the_public_figures_change(
    canonical_setting, editor_client
):
    upload = SimpleUploadedFile(
        "incidents.csv", csv_text(HEADER, CANONICAL_ROWS).encode(), "text/csv"
    )
    before = database_state()
    response = editor_client.post(
        reverse("incidents:import"), {"file": upload, "format": "canonical"}
    )
    assert response.context["plan"].effect == [CANONICAL_LINE]
    page = response.content.decode()
    heading = page.index("<h2>How the public figures will change</h2>")
    assert page.index(f"<li>{CANONICAL_LINE}</li>") > heading
    # The answer comes before the records and the confirm button.
    assert heading < page.index("records as they will be saved")
    assert database_state() == before


def test_a_canonical_file_new_updated_voided_and_outside(canonical_setting):
    text = csv_text(HEADER, CANONICAL_ROWS)
    assert effect_of(text) == [CANONICAL_LINE]


def test_the_figures_are_those_the_public_summary_shows_once_saved(
    canonical_setting, client
):
    text = csv_text(HEADER, CANONICAL_ROWS)
    effect_of(text)
    save.apply(text, "canonical")
    home = client.get(reverse("home")).context
    assert (home["as_of"], home["compare_year"]) == (datetime.date(2022, 3, 31), 2021)
    shown = {key: m.current for key, m in home["comparison"].metrics.items()}
    assert shown == {
        "shots_fired_confirmed": 3,
        "shooting_incidents_with_injury": 2,
        "shooting_victims": 4,
        "victims_killed": 1,
        "firearms_recovered": None,
    }


def test_an_nypd_file_new_inside_one_outside_one_updated(
    make_incident, complete_through
):
    make_incident("2022-01-20", "injured", case_number="NYPD-100")
    make_incident("2020-05-01", "injured")  # 2021 has data: its window counts 0
    complete_through("2022-03-31")
    assert effect_of(csv_text(NYPD_HEADER, NYPD_ROWS), "nypd") == [
        "Public year-to-date figures as of March 31, 2022 (vs 2021) if saved: "
        "confirmed shots fired 1 → 3 (+2); shootings with someone hit 1 → 3 (+2); "
        "people shot 1 → 5 (+4); people shot and killed 0 → 2 (+2); "
        "firearms recovered no data, unchanged; firearms bought back no data, "
        "unchanged."
    ]


def test_an_update_that_removes_victims_counts_down(make_incident, complete_through):
    make_incident("2022-02-01", "killed", "injured", "injured", case_number="B-1")
    complete_through("2022-03-31")
    rows = ["B-1,2022-02-01,,100 block of Main St,yes,1,0,final"]
    assert effect_of(csv_text(HEADER, rows))[0].startswith(
        "Public year-to-date figures as of March 31, 2022 (vs 2021) if saved: "
        "confirmed shots fired 1, unchanged; shootings with someone hit 1, unchanged; "
        "people shot 3 → 1 (\u22122); people shot and killed 1 → 0 (\u22121);"
    )


def test_an_import_outside_the_windows_changes_nothing(canonical_setting):
    rows = [
        "C-1,2022-06-01,,100 block of Main St,yes,1,0,final",
        "C-2,2021-07-01,,100 block of Main St,yes,0,1,final",
    ]
    assert effect_of(csv_text(HEADER, rows)) == [NO_CHANGE]


def test_an_unchanged_re_import_says_no_change_without_writing(canonical_setting):
    text = csv_text(HEADER, CANONICAL_ROWS)
    save.apply(text, "canonical")
    result = plan.plan(text, "canonical")
    assert not (result.new or result.changed)
    with CaptureQueriesContext(connection) as queries:
        assert figures_if_saved(result) == [NO_CHANGE]
    statements = [q["sql"].split()[0].upper() for q in queries]
    assert set(statements) == {"SELECT"}


def test_a_refused_file_says_no_change_without_writing(canonical_setting):
    result = plan.plan(
        csv_text(HEADER, ["B-5,2022-02-30,,x,yes,1,0,final"]), "canonical"
    )
    assert not result.ok
    with CaptureQueriesContext(connection) as queries:
        lines = figures_if_saved(result, datetime.date(2022, 4, 30))
    assert lines == [NO_CHANGE]
    assert {q["sql"].split()[0].upper() for q in queries} == {"SELECT"}


# --- The completeness date moves the as-of date -------------------------------------------


@pytest.fixture
def april_setting(make_incident, complete_through):
    make_incident("2022-03-10", "injured")
    make_incident("2022-04-10", "injured", "killed")
    make_incident("2021-03-01", "injured")
    make_incident("2021-04-15", "killed")
    complete_through("2022-03-31")


def test_complete_through_moves_the_as_of_date(april_setting):
    rows = ["D-1,2022-04-20,,100 block of Main St,yes,1,0,final"]
    lines = effect_of(
        csv_text(HEADER, rows), complete_through=datetime.date(2022, 4, 30)
    )
    assert lines == [
        "Public year-to-date figures as of April 30, 2022 (vs 2021) if saved, instead "
        "of as of March 31, 2022 (vs 2021): confirmed shots fired 1 → 3 (+2); "
        "shootings with someone hit 1 → 3 (+2); people shot 1 → 4 (+3); "
        "people shot and killed 0 → 1 (+1); firearms recovered no data, unchanged; "
        "firearms bought back no data, unchanged.",
        "Compared with the same days of 2021, if saved: confirmed shots fired 1 → 2 "
        "(+1); shootings with someone hit 1 → 2 (+1); people shot 1 → 2 (+1); "
        "people shot and killed 0 → 1 (+1); firearms recovered no data, unchanged; "
        "firearms bought back no data, unchanged.",
    ]
    assert DataCompleteness.current() == datetime.date(2022, 3, 31)


def test_complete_through_alone_moves_the_figures_without_writing(april_setting):
    rows = ["D-1,2022-04-20,,100 block of Main St,yes,1,0,final"]
    save.apply(csv_text(HEADER, rows), "canonical")
    result = plan.plan(csv_text(HEADER, rows), "canonical")
    with CaptureQueriesContext(connection) as queries:
        lines = figures_if_saved(result, datetime.date(2022, 4, 30))
    assert {q["sql"].split()[0].upper() for q in queries} == {"SELECT"}
    assert lines[0] == (
        "Public year-to-date figures as of April 30, 2022 (vs 2021) if saved, instead "
        "of as of March 31, 2022 (vs 2021): confirmed shots fired 1 → 3 (+2); "
        "shootings with someone hit 1 → 3 (+2); people shot 1 → 4 (+3); "
        "people shot and killed 0 → 1 (+1); firearms recovered no data, unchanged; "
        "firearms bought back no data, unchanged."
    )


def test_a_new_year_changes_the_comparison_year(make_incident, complete_through):
    make_incident("2021-12-20", "injured")
    make_incident("2020-12-20", "killed")
    complete_through("2021-12-31")
    rows = ["E-1,2022-01-02,,100 block of Main St,yes,1,0,final"]
    lines = effect_of(
        csv_text(HEADER, rows), complete_through=datetime.date(2022, 1, 5)
    )
    assert lines[0].startswith(
        "Public year-to-date figures as of January 5, 2022 (vs 2021) if saved, instead "
        "of as of December 31, 2021 (vs 2020): confirmed shots fired 1, unchanged; "
        "shootings with someone hit 1, unchanged; people shot 1, unchanged; "
        "people shot and killed 0, unchanged;"
    )
    assert lines[1].startswith(
        "Compared with the same days of 2021 (instead of 2020), if saved: "
        "confirmed shots fired 1 → 0 (\u22121);"
    )


# --- Firearm recoveries -------------------------------------------------------------------


@pytest.fixture
def recovery_setting(make_recovery, complete_through):
    make_recovery("2022-02-01", 3)
    make_recovery("2021-02-01", 2)
    make_recovery("2021-02-02", 1, source=FirearmRecovery.Source.BOUGHT_BACK)
    complete_through("2022-03-31")


def test_a_recoveries_file_changes_firearms_recovered_and_bought_back(recovery_setting):
    text = csv_text(RECOVERY_HEADER, RECOVERY_ROWS)
    assert effect_of(text, "recoveries") == [RECOVERY_LINE]


def test_a_daily_counts_file_changes_both_years(recovery_setting):
    text = "\n".join(DAILY_ROWS) + "\n"
    assert effect_of(text, from_toml(DAILY_FORMAT, "daily.toml")) == [
        "Public year-to-date figures as of March 31, 2022 (vs 2021) if saved: "
        f"{NO_INCIDENTS}firearms recovered 3 → 6 (+3); firearms bought back 0 → 6 (+6).",
        DAILY_COMPARED,
    ]


# --- Nothing is kept ----------------------------------------------------------------------


def test_the_database_and_the_data_version_are_unchanged(canonical_setting, client):
    assert client.get(reverse("home"))["X-Cache"] == "miss"
    cached = list(cache._cache)
    before = database_state()
    text = csv_text(HEADER, CANONICAL_ROWS)
    assert effect_of(text, complete_through=datetime.date(2022, 4, 30))
    assert database_state() == before
    assert before["data version"]  # the saves of the setting bumped it
    again = client.get(reverse("home"))
    assert again["X-Cache"] == "hit"  # same data version: the page cached before
    assert list(cache._cache) == cached  # the local-memory cache: nothing added


@pytest.mark.django_db(transaction=True)
def test_outside_any_transaction_too(make_incident, complete_through):
    make_incident("2022-01-10", "injured", "injured", case_number="B-1")
    complete_through("2022-03-31")
    before = database_state()
    lines = effect_of(csv_text(HEADER, CANONICAL_ROWS[:2]))
    assert lines[0].startswith(
        "Public year-to-date figures as of March 31, 2022 (vs 2021) if saved: "
        "confirmed shots fired 1 → 2 (+1); shootings with someone hit 1 → 2 (+1); "
        "people shot 2 → 4 (+2); people shot and killed 0 → 1 (+1);"
    )
    assert database_state() == before


def test_a_plan_overtaken_by_a_save_says_so(canonical_setting):
    text = csv_text(HEADER, CANONICAL_ROWS)
    stale = plan.plan(text, "canonical")
    save.apply(text, "canonical")
    before = database_state()
    assert figures_if_saved(stale) == [SAVED_MEANWHILE]
    assert database_state() == before


# --- The dry run --------------------------------------------------------------------------


def dry_run(tmp_path, command: str, text: str, *args) -> str:
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command(command, str(path), "--dry-run", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_dry_run_prints_the_effect(tmp_path, make_incident, complete_through):
    make_incident("2022-01-10", "injured", "injured", case_number="B-1")
    make_incident("2022-02-01", "killed", case_number="B-9").void("Duplicate", None)
    make_incident("2021-02-01", "injured")
    complete_through("2022-03-31")
    before = database_state()
    text = csv_text(HEADER, CANONICAL_ROWS)
    out = dry_run(tmp_path, "import_incidents", text)
    lines = out.splitlines()
    effect = lines.index(CANONICAL_LINE)
    assert lines[0].startswith("Data-quality report")
    assert lines[effect + 1] == plan.plan(text, "canonical").summary()
    assert "Dry run: nothing was saved." in out
    assert database_state() == before


def test_the_dry_run_of_recoveries_and_of_a_format_file(tmp_path, recovery_setting):
    out = dry_run(
        tmp_path, "import_firearm_recoveries", csv_text(RECOVERY_HEADER, RECOVERY_ROWS)
    )
    assert RECOVERY_LINE in out.splitlines()
    (tmp_path / "daily.toml").write_text(DAILY_FORMAT, encoding="utf-8")
    text = "\n".join(DAILY_ROWS) + "\n"
    out = dry_run(
        tmp_path,
        "import_firearm_recoveries",
        text,
        "--mapping",
        str(tmp_path / "daily.toml"),
        "--complete-through",
        "2022-03-31",
    )
    lines = out.splitlines()
    effect = lines.index(DAILY_COMPARED)
    assert lines.index('Data-quality report (format "Daily counts"):') < effect - 1
    assert lines[effect - 1].endswith("firearms bought back 0 → 6 (+6).")
    assert lines.index("Dry run: nothing was saved.") > effect
    assert FirearmRecovery.all_objects.count() == 3
