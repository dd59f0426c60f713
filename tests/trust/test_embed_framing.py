"""Embeddable charts: framed only by the origins of EMBED_ALLOWED_ORIGINS (CSP
frame-ancestors, on the embeds only, cached with them); bad parameters a 400, an unknown
chart a 404; every other page keeps frame-ancestors 'none' and X-Frame-Options DENY."""

import html

import pytest
from django.core.exceptions import ImproperlyConfigured

from binghamton_safety.settings import embed_origins
from pages.embed import CHARTS

pytestmark = pytest.mark.django_db

ALLOWED = ["https://news.example.org", "http://127.0.0.1:8001"]


def frame_ancestors(response) -> list[str]:
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        if name == "frame-ancestors":
            return values
    raise AssertionError("no frame-ancestors")


@pytest.fixture
def site(area, budget, make_incident, complete_through):
    make_incident("2022-03-01")
    complete_through("2022-04-30")


@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_an_embed_lists_exactly_the_allowed_origins(client, site, settings, chart):
    settings.EMBED_ALLOWED_ORIGINS = ALLOWED
    for cache in ("miss", "hit"):
        response = client.get(f"/embed/{chart}/")
        assert response.status_code == 200
        assert response["X-Cache"] == cache
        assert frame_ancestors(response) == ALLOWED
        assert "X-Frame-Options" not in response


def test_with_no_origin_allowed_an_embed_says_none(client, site, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    response = client.get("/embed/long-run-trend/")
    assert frame_ancestors(response) == ["'none'"]


@pytest.mark.parametrize("path", ["/", "/methodology/", "/corrections/", "/data/"])
def test_other_pages_keep_none_and_deny(client, site, settings, path):
    settings.EMBED_ALLOWED_ORIGINS = ALLOWED
    for _ in ("miss", "hit"):
        response = client.get(path)
        assert frame_ancestors(response) == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"


def test_an_embed_shows_its_chart_sentence_table_and_source(client, site):
    body = client.get("/embed/shots-fired-by-month/").content.decode()
    assert '<h1 id="' in body and 'class="chart-summary"' in body
    assert "<caption>" in body and 'class="chart-plot"' in body
    assert 'href="/"' in body and 'href="/methodology/"' in body
    assert "figures as of April 30, 2022" in body


@pytest.mark.parametrize(
    "query, message",
    [
        ("?as_of=2022-04-02", "2022-04-02 is none of these"),
        ("?as_of=yesterday", "as_of"),
        ("?compare=1700", "compare must be"),
        ("?size=big", "Unknown parameter 'size'"),
        ("?as_of=2022-03-31&as_of=2022-02-28", "Give as_of once."),
    ],
)
def test_a_bad_parameter_is_a_400_that_says_why(client, site, query, message):
    response = client.get(f"/embed/people-shot-by-month/{query}")
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())


def test_money_takes_the_funding_apis_parameters(client, site):
    assert client.get("/embed/money-by-area/?as_of=2022-06-30").status_code == 200
    response = client.get("/embed/money-by-area/?compare=2021")
    assert response.status_code == 400


def test_an_unknown_chart_is_a_404(client, site):
    assert client.get("/embed/pie-of-everything/").status_code == 404


@pytest.mark.parametrize(
    "raw",
    ["https://news.example.org/charts", "news.example.org", "ftp://x.example"]
    + ["https://user@x.example", "https://x.example:80/", "*"],
)
def test_a_bad_origin_in_the_setting_stops_the_start(raw):
    with pytest.raises(ImproperlyConfigured, match="EMBED_ALLOWED_ORIGINS"):
        embed_origins(f"https://fine.example, {raw}")


def test_good_origins_are_read_comma_separated():
    assert embed_origins(" https://a.example ,http://b.example:8080,") == [
        "https://a.example",
        "http://b.example:8080",
    ]
    assert embed_origins("") == []
