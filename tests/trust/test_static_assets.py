"""plotly's partial bundle: pinned, the plotly.js version the plotly wheel draws for, and
served by whitenoise from the collected static files, compressed with brotli."""

import gzip
import hashlib
import json
import re
from pathlib import Path

import brotli
import pytest
from django.core.management import call_command
from django.test import override_settings
from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = "vendor/plotly-basic-4.1.1.min.js"
SOURCE = ROOT / "static" / BUNDLE


def test_the_bundle_is_the_plotly_js_the_plotly_wheel_draws_for():
    header = SOURCE.read_text()[:200]
    assert f"* plotly.js (basic - minified) v{get_plotlyjs_version()}\n" in header
    assert f"plotly-basic-{get_plotlyjs_version()}.min.js" == SOURCE.name


def test_the_bundle_is_the_file_make_vendor_checks():
    pinned = re.search(
        r"^PLOTLY_BASIC_SHA256 := ([0-9a-f]{64})$",
        (ROOT / "Makefile").read_text(),
        re.MULTILINE,
    )[1]
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == pinned


@pytest.mark.parametrize("trace", ["bar", "scatter"])
def test_the_bundle_has_the_traces_the_charts_draw(trace):
    assert f'moduleType:"trace",name:"{trace}"' in SOURCE.read_text()


def test_the_bundle_leaves_out_traces_no_chart_draws():
    traces = re.findall(r'moduleType:"trace",name:"(\w+)"', SOURCE.read_text())
    assert sorted(traces) == ["bar", "pie", "scatter"]


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """A fresh collectstatic, as each release runs it."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


def test_collectstatic_writes_a_brotli_copy_of_the_bundle(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())
    hashed = collected / manifest["paths"][BUNDLE]
    compressed = hashed.with_name(hashed.name + ".br")
    assert brotli.decompress(compressed.read_bytes()) == SOURCE.read_bytes()


@pytest.fixture
def production_client(collected, settings, client, db):
    """Django's test client through whitenoise's middleware, DEBUG off (no finders)."""
    settings.DEBUG = False
    settings.STATIC_ROOT = collected
    return client


def bundle_url(client) -> str:
    html = client.get("/").content.decode()
    (url,) = re.findall(r'<script src="([^"]*plotly[^"]*)"', html)
    return url


@pytest.mark.parametrize(
    ("accept_encoding", "content_encoding", "decode"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
    ],
)
def test_whitenoise_sends_the_smallest_encoding_the_browser_reads(
    production_client, accept_encoding, content_encoding, decode
):
    response = production_client.get(
        bundle_url(production_client), HTTP_ACCEPT_ENCODING=accept_encoding
    )
    assert response.status_code == 200
    assert response["Content-Encoding"] == content_encoding
    assert response["Vary"] == "Accept-Encoding"
    assert decode(b"".join(response.streaming_content)) == SOURCE.read_bytes()


def test_the_bundle_is_cached_for_good_under_its_hashed_name(production_client):
    url = bundle_url(production_client)
    assert re.fullmatch(
        r"/static/vendor/plotly-basic-4\.1\.1\.min\.[0-9a-f]{12}\.js", url
    )
    response = production_client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
