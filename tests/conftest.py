"""Shared fixtures: personas, and the real-browser setup (Debian chromium)."""

import os
import shutil
import tempfile
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


@pytest.fixture
def artifacts() -> Path:
    """Folder for screenshots and PDFs that people look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _user_in(group_name: str, username: str, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, password="pass-" + username)
    user.groups.add(Group.objects.get(name=group_name))
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
