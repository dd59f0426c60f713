"""Shared fixtures: personas, and the real-browser setup (Debian chromium)."""

import datetime
import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

# playwright's sync API runs an event loop; Django must allow ORM calls beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
_browser_home = tempfile.mkdtemp(prefix="chromium-home-")
os.environ.setdefault("XDG_CONFIG_HOME", _browser_home)
os.environ.setdefault("XDG_CACHE_HOME", _browser_home)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-results"


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _static_files_as_in_production():
    """Let whitenoise serve /static/ in live_server, from STATIC_ROOT with hashed names.

    live_server would otherwise answer /static/ itself from the finders, which know only
    the unhashed names: pages would lose their styles and scripts.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    StaticFilesHandler._should_handle = lambda self, path: False
    return


@pytest.fixture(scope="session", autouse=True)
def _documents_in_a_scratch_folder(tmp_path_factory):
    """Documents' files (the sample's too) go to a folder of the run, not ./media."""
    from django.conf import settings
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("media")
    local = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": folder},
    }
    with override_settings(
        MEDIA_ROOT=folder, STORAGES={**settings.STORAGES, "default": local}
    ):
        yield folder


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is slow by design; tests only need it to round-trip."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test renders its public pages afresh (data shared by a whole session keep
    one data version, so a page cached by one test would reach the next)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def artifacts() -> Path:
    """Folder for screenshots and PDFs that people look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _user_in(group_name: str, username: str, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, password="pass-" + username)
    # get_or_create: transactional (browser) tests flush what the data migration made.
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


@pytest.fixture
def editor(db, django_user_model):
    """City staff: records and corrects money and incidents."""
    return _user_in("Editors", "editor", django_user_model)


@pytest.fixture
def viewer(db, django_user_model):
    """Council member: reads dashboards and staff-only detail, changes nothing."""
    return _user_in("Viewers", "viewer", django_user_model)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


# --- Funding ledger: a small hand-made program -------------------------------------------


@pytest.fixture
def program(db):
    from funding.models import Program

    return Program.objects.create(
        name="Test Safety Program",
        total=Decimal("1000000.00"),
        announced_on=datetime.date(2022, 5, 4),
        presented_to_council_on=datetime.date(2022, 5, 16),
    )


@pytest.fixture
def area(program):
    from funding.models import FundingArea

    return FundingArea.objects.create(
        program=program,
        position=1,
        slug="gun-buyback",
        name="Gun Buyback Programs",
        description="Buybacks.",
    )


@pytest.fixture
def other_area(program):
    from funding.models import FundingArea

    return FundingArea.objects.create(
        program=program, position=2, slug="cpted", name="CPTED", description="Places."
    )


@pytest.fixture
def project(area):
    from funding.categories import ExpenditureCategory
    from funding.models import TreasuryProject

    return TreasuryProject.objects.create(
        area=area,
        identifier="BGM-01",
        name="Buybacks",
        expenditure_category=ExpenditureCategory.EC_1_11,
        category_rationale="Removing guns is a community violence intervention.",
    )


@pytest.fixture
def budget(area, project):
    """$10,000.00 adopted for the area's project on 2022-05-16."""
    from funding.models import BudgetEntry

    return BudgetEntry.objects.create(
        area=area,
        project=project,
        amount=Decimal("10000.00"),
        effective_on=datetime.date(2022, 5, 16),
        reference="R-2022-1",
    )


@pytest.fixture
def make_spending(area, project):
    """Save a spending entry after the same checks a form runs."""
    from funding.models import SpendingEntry

    def make(kind, day, amount, **fields):
        entry = SpendingEntry(
            area=fields.pop("area", area),
            project=fields.pop("project", project),
            kind=kind,
            occurred_on=day,
            amount=Decimal(amount),
            payee=fields.pop("payee", "Acme Events"),
            description=fields.pop("description", "Event costs"),
            **fields,
        )
        entry.full_clean()
        entry.save()
        return entry

    return make


# --- Incidents: small hand-made records ------------------------------------------------


@pytest.fixture
def make_incident(db):
    """Save an incident on `day` with the given victim outcomes, after the model's checks."""
    from simple_history.utils import bulk_create_with_history

    from incidents.models import Incident, Victim

    numbers = iter(range(1, 1_000_000))

    def make(day, *outcomes, confirmed=True, **fields):
        incident = Incident(
            case_number=fields.pop("case_number", f"T-{next(numbers):05d}"),
            date=datetime.date.fromisoformat(day) if isinstance(day, str) else day,
            location=fields.pop("location", "100 block of Main St"),
            shots_fired_confirmed=confirmed,
            **fields,
        )
        incident.full_clean()
        incident.save()
        bulk_create_with_history(
            [Victim(incident=incident, outcome=outcome) for outcome in outcomes], Victim
        )
        return incident

    return make


@pytest.fixture
def make_recovery(db):
    from incidents.models import FirearmRecovery

    numbers = iter(range(1, 1_000_000))

    def make(day, count=1, **fields):
        recovery = FirearmRecovery(
            reference=fields.pop("reference", f"R-{next(numbers):05d}"),
            date=datetime.date.fromisoformat(day) if isinstance(day, str) else day,
            count=count,
            location=fields.pop("location", "100 block of Oak St"),
            **fields,
        )
        recovery.full_clean()
        recovery.save()
        return recovery

    return make


@pytest.fixture
def complete_through(db):
    """Set "data complete through" to a date given as YYYY-MM-DD."""
    from incidents.models import DataCompleteness

    def set_to(day: str):
        return DataCompleteness.set(datetime.date.fromisoformat(day))

    return set_to


# --- Places: three council districts with shootings (tests/incidents, tests/public) ------


@pytest.fixture
def districts(db):
    """Three council districts (the third with 20,000 residents) and the city."""
    from places.models import Place, PlaceKind

    Place.objects.create(
        kind=PlaceKind.CITY, code="city", name="City", population=50_000,
        population_year=2020,
    )  # fmt: skip
    return {
        code: Place.objects.create(
            kind=PlaceKind.COUNCIL_DISTRICT,
            code=code,
            name=f"District {code}",
            population=20_000 if code == "3" else None,
            population_year=2020 if code == "3" else None,
        )
        for code in ("1", "2", "3")
    }


@pytest.fixture
def shootings(districts, make_incident, complete_through):
    """2024 to June 30: district 1 one person shot, district 2 four (one killed),
    district 3 five, one shooting of no district; 2023: district 3 two."""
    from incidents.models import Victim

    def shot(day, place, *outcomes):
        incident = make_incident(day, *outcomes)
        if place:
            incident.places.add(districts[place])

    shot("2024-02-01", "1", Victim.Outcome.INJURED)
    shot(
        "2024-03-01",
        "2",
        Victim.Outcome.INJURED,
        Victim.Outcome.INJURED,
        Victim.Outcome.KILLED,
    )
    shot("2024-04-01", "2", Victim.Outcome.INJURED)
    for day in ("2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05"):
        shot(day, "3", Victim.Outcome.INJURED)
    shot(
        "2024-06-01",
        None,
        Victim.Outcome.INJURED,
        Victim.Outcome.INJURED,
        Victim.Outcome.INJURED,
    )
    shot("2024-07-01", "3", Victim.Outcome.INJURED)  # after the as-of date
    shot("2023-01-10", "3", Victim.Outcome.INJURED, Victim.Outcome.INJURED)
    complete_through("2024-06-30")
    return districts
