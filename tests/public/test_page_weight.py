"""Only pages with charts load plotly, and they load its partial bundle, not the full one.

The bytes each page costs a browser are measured by `make bench` (bench/weight.py).
"""

import re

import pytest

BASIC_BUNDLE = r"/static/vendor/plotly-basic-4\.1\.1\.min\.[0-9a-f]{12}\.js"


def script_sources(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', response.content.decode())


def test_the_summary_loads_the_basic_bundle_and_not_the_full_one(client, sample_data):
    response = client.get("/")
    (plotly,) = [src for src in script_sources(response) if "plotly" in src]
    assert re.fullmatch(BASIC_BUNDLE, plotly)
    assert "plotly.min." not in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/areas/cpted/", "/dashboard/"])
def test_pages_with_charts_load_the_basic_bundle_once(viewer_client, sample_data, url):
    sources = script_sources(viewer_client.get(url))
    assert [bool(re.fullmatch(BASIC_BUNDLE, src)) for src in sources].count(True) == 1


@pytest.mark.parametrize("url", ["/data/", "/accounts/login/"])
def test_public_pages_without_charts_load_no_plotly(client, sample_data, url):
    sources = script_sources(client.get(url))
    assert [src for src in sources if "plotly" in src] == []


@pytest.mark.parametrize(
    "url", ["/funding/", "/funding/ledger/", "/funding/reports/", "/incidents/"]
)
def test_staff_pages_without_charts_load_no_plotly(viewer_client, sample_data, url):
    sources = script_sources(viewer_client.get(url))
    assert [src for src in sources if "plotly" in src] == []
