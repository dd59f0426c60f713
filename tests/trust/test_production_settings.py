"""Production settings pass Django's deployment checks; every response carries the headers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-deploy-check-only-"
    + "x7Qp9Lm2Vr8Tn4Wb6Yc1Zd5Hf0Jg3Ks" * 2,
    "ALLOWED_HOSTS": "safety.binghamton-ny.gov",
    "HTTPS": "1",
}


def production_env() -> dict[str, str]:
    # The browser tests' async switch (set in conftest.py) never exists in production.
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {**inherited, **PRODUCTION}


def test_check_deploy_reports_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_https_settings_follow_the_https_switch():
    script = (
        "import binghamton_safety.settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True"]


@pytest.fixture
def home(client, db):
    return client.get("/")


def test_pages_send_the_security_headers(home):
    assert home["X-Content-Type-Options"] == "nosniff"
    assert home["Referrer-Policy"] == "same-origin"
    assert home["X-Frame-Options"] == "DENY"


def test_scripts_run_only_with_the_pages_nonce(home):
    policy = home["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    html = home.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    executable = [tag for tag in scripts if 'type="application/json"' not in tag]
    assert executable, "the public summary loads its chart scripts"
    assert all(f'nonce="{nonce}"' in tag for tag in executable)
    assert "frame-ancestors 'none'" in policy


def test_the_nonce_changes_with_every_response(client, db):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert (
        re.search(r"'nonce-[^']+'", first).group()
        != re.search(r"'nonce-[^']+'", second).group()
    )
