"""Settings come from the environment, and production refuses an unsafe start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import binghamton_safety.settings as s; print(s.SECRET_KEY[:12], s.DEBUG)",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_uses_a_development_key_only_while_debug_is_on():
    result = _load_settings(DEBUG="1")
    assert result.returncode == 0
    assert result.stdout.strip() == "development- True"


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("postgres://app:app@127.0.0.1:5432/app", "django.db.backends.postgresql"),
        ("sqlite:////tmp/x.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_database_comes_from_database_url(url, engine):
    script = "import binghamton_safety.settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "x"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == engine


def test_time_zone_is_binghamtons():
    assert settings.TIME_ZONE == "America/New_York"
