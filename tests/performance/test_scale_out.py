"""Two application servers, one PostgreSQL: a change made through one is seen through the
other on its very next request, although each keeps its own local-memory cache.

Persona: `editor` (city staff) changes "data complete through" on server A; an anonymous
resident reads the public API on server B.
"""

import datetime
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from incidents.models import DataCompleteness, Incident

ROOT = Path(__file__).resolve().parents[2]
YTD = "/api/ytd.json"
PASSWORD = "scale-out-pass"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"], safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Server:
    """One gunicorn process with one worker, and its own local-memory cache."""

    def __init__(self, env: dict):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                "1",
                "binghamton_safety.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        cookies = http.cookiejar.CookieJar()
        self.browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(cookies)
        )

    def wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"gunicorn on port {self.port} did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)

    def get(self, path: str):
        return self.browser.open(self.url + path, timeout=30)

    def ytd(self) -> tuple[str, dict]:
        with self.get(YTD) as response:
            return response.headers["X-Cache"], json.load(response)

    def submit(self, path: str, **values: str) -> str:
        """Fill the form at `path` as a browser would, change `values`, post it."""
        with self.get(path) as response:
            fields = _FormFields()
            fields.feed(response.read().decode())
        body = urllib.parse.urlencode({**fields.values, **values}).encode()
        request = urllib.request.Request(
            self.url + path, data=body, headers={"Referer": self.url + path}
        )
        with self.browser.open(request, timeout=30) as response:
            return response.url


class _FormFields(HTMLParser):
    """Name and value of every input of the page's form (the last form wins)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.values = {}
        elif tag == "input" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""


@pytest.fixture
def two_servers(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite is one process's file")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": "locmem://",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "scale-out-test-only",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    servers = [Server(env), Server(env)]
    try:
        for server in servers:
            server.wait()
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def editor_on_the_servers(editor):
    """The editor, with a password the servers' own hashers can check (the tests'
    process hashes with MD5, which production settings do not accept)."""
    hasher = PBKDF2PasswordHasher()
    editor.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    editor.save()
    return editor


def test_a_change_through_one_server_is_seen_through_the_other(
    editor_on_the_servers, two_servers
):
    DataCompleteness.set(datetime.date(2022, 5, 4))
    Incident.objects.create(
        case_number="S-1",
        date=datetime.date(2022, 5, 6),
        location="100 block of Main St",
        shots_fired_confirmed=True,
    )
    a, b = two_servers
    for server in (a, b):
        server.ytd()
        cache, data = server.ytd()
        assert cache == "hit"
        assert data["data_complete_through"] == "2022-05-04"
        assert data["metrics"]["shots_fired_confirmed"]["current"] == 0

    login = a.submit("/accounts/login/", username="editor", password=PASSWORD, next="/")
    assert login == f"{a.url}/"
    a.submit("/incidents/complete-through/", complete_through="2022-05-10")

    cache, data = b.ytd()
    assert cache == "miss"
    assert data["data_complete_through"] == "2022-05-10"
    assert data["metrics"]["shots_fired_confirmed"]["current"] == 1
    assert b.ytd()[0] == "hit"
