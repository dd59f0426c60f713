"""Names that staff write reach the charts as plain text: plotly reads a subset of HTML
in labels and hover text, so a name must not become a link or markup."""

import json
import re

import pytest

from funding.models import FundingArea

NAME = 'Violence <a href="http://x">x</a> & <b>more</b>'
# Wrapped at 24 characters, then escaped; the <br> between lines is ours.
LABEL = (
    'Violence &lt;a<br>href="http://x"&gt;x&lt;/a&gt; &amp;<br>&lt;b&gt;more&lt;/b&gt;'
)
FIGURE = re.compile(
    r'<script id="figure-[\w-]+-data" type="application/json">(.*?)</script>', re.S
)


@pytest.fixture
def hostile_area(sample_data):
    area = FundingArea.objects.get(slug="gun-buyback")
    area.name = NAME
    area.save()
    return area


def figures_on(response) -> list[dict]:
    figures = [json.loads(text) for text in FIGURE.findall(response.content.decode())]
    assert figures
    return figures


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


@pytest.mark.parametrize("url", ["/", "/dashboard/"])
def test_no_chart_text_holds_markup_from_a_name(viewer_client, hostile_area, url):
    for figure in figures_on(viewer_client.get(url)):
        texts = list(strings_in(figure))
        assert [text for text in texts if "<a" in text or "<b>" in text] == []


def test_the_money_chart_labels_the_area_with_its_name_as_plain_text(
    client, hostile_area
):
    (figure,) = [
        figure
        for figure in figures_on(client.get("/embed/money-by-area/"))
        if figure["data"][0]["name"] == "Budget"
    ]
    assert {tuple(trace["y"]).count(LABEL) for trace in figure["data"]} == {1}
    assert [trace["hovertemplate"] for trace in figure["data"]] == [
        "%{y}<br>Budget: $%{x:,.2f}<extra></extra>",
        "%{y}<br>Obligated: $%{x:,.2f}<extra></extra>",
        "%{y}<br>Spent: $%{x:,.2f}<extra></extra>",
    ]
