"""The methodology page: each metric's definition, the small-count threshold and the
licence from the settings; every public page and JSON answer links to it."""

import html

import pytest
from django.core.cache import cache
from django.urls import reverse

from incidents import ytd
from pages.embed import CHARTS

pytestmark = pytest.mark.django_db


def test_the_page_gives_every_metric_definition(client, text_of):
    text = html.unescape(text_of(client.get("/methodology/")))
    for metric in ytd.METRICS.values():
        assert metric.label in text
        assert metric.definition in text
    assert "|z| is 3 or more" in text
    assert "36 months of the 3 calendar years" in text
    assert "February 29" in text


def test_the_small_count_threshold_comes_from_the_setting(client, settings, text_of):
    assert "below 3 are hidden" in text_of(client.get("/methodology/"))
    settings.SMALL_COUNT_THRESHOLD = 5
    cache.clear()  # a new setting comes with a restart, which starts a new cache
    text = html.unescape(text_of(client.get("/methodology/")))
    assert "below 5 are hidden" in text
    assert 'from 1 to 4 of a place are shown as "fewer than 5"' in text


def test_the_licence_comes_from_the_settings(client, settings):
    body = client.get("/methodology/").content.decode()
    assert "Open Data Commons Public Domain Dedication and License" in body
    assert 'href="https://opendatacommons.org/licenses/pddl/1-0/"' in body
    settings.OPEN_DATA_LICENCE = "Creative Commons Attribution 4.0"
    settings.OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
    cache.clear()
    for url in ("/methodology/", "/data/"):
        assert "Creative Commons Attribution 4.0" in client.get(url).content.decode()
    body = client.get("/methodology/").content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in body


def test_it_links_the_glossary_and_the_glossary_links_it(client):
    assert 'href="/glossary/"' in client.get("/methodology/").content.decode()
    assert 'href="/methodology/"' in client.get("/glossary/").content.decode()


@pytest.fixture
def site(area, budget, make_incident, complete_through):
    make_incident("2022-03-01")
    complete_through("2022-04-30")


def public_pages() -> list[str]:
    """Every public HTML page of the site (the area's, of the `area` fixture)."""
    pages = ["/", "/areas/gun-buyback/", "/areas/gun-buyback/results/", "/data/"]
    pages += ["/glossary/", "/by-place/", "/methodology/", "/corrections/"]
    return pages + [reverse("embed", args=[name]) for name in CHARTS]


@pytest.mark.parametrize("path", public_pages())
def test_every_public_page_links_the_methodology(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    assert 'href="/methodology/"' in response.content.decode()


def test_every_download_on_the_open_data_page_has_the_link_beside_it(client, site):
    body = client.get("/data/").content.decode()
    for section in body.split('<section aria-labelledby="dataset-')[1:]:
        assert 'href="/methodology/"' in section.split("</section>")[0]


@pytest.mark.parametrize(
    "url",
    ["/api/ytd.json", "/api/trends.json", "/api/places.json", "/api/funding.json"]
    + ["/api/programs.json"],
)
def test_every_json_answer_gives_the_methodology(client, site, districts, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.json()["methodology"] == "/methodology/"
