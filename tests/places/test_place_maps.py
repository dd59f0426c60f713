"""The SVG maps (places/maps.py): the choropleth's classes, colours and legend, the places
left off, escaping of names, and the point map's dots."""

import re
import xml.etree.ElementTree as ET

import pytest

from places import maps
from places.maps import PALETTE, class_ranges

SVG = "{http://www.w3.org/2000/svg}"


def square(west: float, south: float, size: float = 0.01) -> dict:
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def shape(number: int, value, name: str | None = None, boundary=True) -> dict:
    """Place `number`, a square in a row of squares, with its figure."""
    return {
        "code": str(number),
        "name": name or f"District {number}",
        "web_boundary": square(-75.95 + 0.01 * number, 42.1) if boundary else None,
        "value": value,
        "label": "no data" if value is None else f"{value:,}",
    }


def parsed(svg: str) -> ET.Element:
    """The SVG as XML: it fails on anything not escaped."""
    return ET.fromstring(str(svg))


def fills(svg: str) -> dict[str, str]:
    """Each drawn place's name (its tooltip, before the colon) -> its fill."""
    root = parsed(svg)
    return {
        path.find(f"{SVG}title").text.split(":")[0]: path.get("fill")
        for path in root.iter(f"{SVG}path")
    }


def legend(svg: str) -> list[tuple[str, str]]:
    """(swatch fill, words) of each legend row, after its heading."""
    group = next(
        g for g in parsed(svg).iter(f"{SVG}g") if g.get("class") == "map-legend"
    )
    texts = [t.text for t in group.iter(f"{SVG}text")]
    swatches = [r.get("fill") for r in group.iter(f"{SVG}rect")]
    return [("heading", texts[0]), *zip(swatches, texts[1:], strict=True)]


@pytest.mark.parametrize(
    ("values", "ranges"),
    [
        ([], []),
        ([4, 4, 4], [(4, 4)]),
        ([3, 1, 2], [(1, 1), (2, 2), (3, 3)]),
        (list(range(1, 11)), [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]),
        # Many zeros: the quantiles repeat, so fewer classes, none empty.
        ([0] * 8 + [1, 2, 3, 4, 50], [(0, 0), (1, 3), (4, 50)]),
        ([0, 0, 0, 1, 2, 3, 10], [(0, 0), (1, 1), (2, 2), (3, 3), (10, 10)]),
    ],
)
def test_class_ranges_are_quantiles_or_each_distinct_value(values, ranges):
    assert class_ranges(values) == ranges


def test_the_choropleth_shades_each_place_by_its_class_and_hatches_missing_ones():
    shapes = [shape(n, n) for n in range(1, 11)] + [shape(11, None)]
    svg = maps.choropleth(shapes, title="Shootings by district", unit="Shootings, 2024")
    found = fills(svg)
    hatch = re.search(r'<pattern id="(map-[0-9a-f]{8})-hatch"', svg).group(1)
    assert found["District 1"] == found["District 2"] == PALETTE[0]
    assert found["District 5"] == PALETTE[2]
    assert found["District 10"] == PALETTE[4]
    assert found["District 11"] == f"url(#{hatch}-hatch)"
    assert legend(svg) == [
        ("heading", "Shootings, 2024"),
        (PALETTE[0], "1–2"),
        (PALETTE[1], "3–4"),
        (PALETTE[2], "5–6"),
        (PALETTE[3], "7–8"),
        (PALETTE[4], "9–10"),
        (f"url(#{hatch}-hatch)", "no data"),
    ]
    assert parsed(svg).find(f"{SVG}desc").text == (
        "11 places shaded by shootings, 2024, darker for more, in 5 classes from 1 "
        "to 10. 1 hatched: no data. Each place's figure is in the table with the map."
    )


def test_two_classes_take_the_palettes_ends_and_thousands_get_commas():
    svg = maps.choropleth(
        [shape(1, 1200), shape(2, 35_000)], title="Residents", unit="Residents"
    )
    assert legend(svg)[1:] == [(PALETTE[0], "1,200"), (PALETTE[4], "35,000")]
    assert "<title>District 2: 35,000</title>" in svg


def test_places_without_a_boundary_are_named_in_the_description():
    shapes = [shape(1, 3), shape(2, 5, boundary=False), shape(3, None, boundary=False)]
    svg = maps.choropleth(shapes, title="Shootings", unit="Shootings")
    assert list(fills(svg)) == ["District 1"]
    assert maps.without_boundary(shapes) == ["District 2", "District 3"]
    assert (
        parsed(svg)
        .find(f"{SVG}desc")
        .text.endswith("Not on the map, without a boundary: District 2, District 3.")
    )


def test_the_names_left_off_are_bounded(monkeypatch):
    monkeypatch.setattr(maps, "MAX_NAMES", 2)
    shapes = [shape(0, 1)] + [shape(n, 1, boundary=False) for n in range(1, 6)]
    svg = maps.points(shapes, [], title="Districts")
    assert parsed(svg).find(f"{SVG}desc").text == (
        "The boundaries of 1 places. Not on the map, without a boundary: District 1, "
        "District 2 and 3 more."
    )


def test_no_boundary_at_all_is_no_map():
    assert maps.choropleth([shape(1, 3, boundary=False)], title="t", unit="u") == ""
    assert maps.points([shape(1, 3, boundary=False)], [], title="t") == ""


HOSTILE = "<script>alert('x')</script> & \"Quoted\" {0} Ward"


def test_names_titles_and_units_are_escaped_in_the_choropleth():
    svg = maps.choropleth(
        [shape(1, 2, name=HOSTILE), shape(2, None, name=HOSTILE, boundary=False)],
        title=HOSTILE,
        unit=HOSTILE,
        missing_label=HOSTILE,
    )
    assert "<script>" not in svg
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Quoted&quot;"
        in svg
    )
    root = parsed(svg)
    assert root.find(f"{SVG}title").text == HOSTILE
    assert root.find(f".//{SVG}path/{SVG}title").text == f"{HOSTILE}: 2"
    assert legend(svg)[0] == ("heading", HOSTILE)
    assert root.find(f"{SVG}desc").text.endswith(
        f"Not on the map, without a boundary: {HOSTILE}."
    )


def test_names_and_point_labels_are_escaped_in_the_point_map():
    svg = maps.points(
        [shape(1, None, name=HOSTILE)], [(-75.935, 42.105, HOSTILE)], title=HOSTILE
    )
    assert "<script>" not in svg
    root = parsed(svg)
    assert root.find(f"{SVG}g/{SVG}path/{SVG}title").text == HOSTILE
    assert [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")] == [HOSTILE]


def test_the_point_map_draws_a_dot_per_point_inside_it():
    shapes = [shape(1, None), shape(2, None)]
    inside = [(-75.935, 42.105), (-75.925, 42.101, "BPD-1"), (-75.94, 42.11)]
    far_away = [(-73.9, 40.7)]
    svg = maps.points(shapes, iter(inside + far_away), title="Incidents, 2024")
    root = parsed(svg)
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    assert root.find(f"{SVG}desc").text == (
        "The boundaries of 2 places, with 3 of 4 points drawn (1 outside the map or "
        "past 10,000)."
    )
    # -75.925 is three quarters of the way across the map's 468 units (6 each side).
    assert '<circle cx="357.0" cy="' in svg


def test_the_point_map_draws_at_most_max_points(monkeypatch):
    monkeypatch.setattr(maps, "MAX_POINTS", 2)
    svg = maps.points([shape(1, None)], [(-75.935, 42.105)] * 5, title="Incidents")
    assert svg.count("<circle") == 2
    assert "with 2 of 5 points drawn (3 outside the map or past 2)" in svg


def test_without_boundaries_the_point_map_fits_the_points():
    points = [(-75.91, 42.1), (-75.9, 42.11), (float("nan"), 42.1)]
    svg = maps.points([shape(1, None, boundary=False)], points, title="Incidents")
    root = parsed(svg)
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    assert root.find(f"{SVG}desc").text == (
        "No boundaries, with 2 of 3 points drawn (1 outside the map or past 10,000). "
        "Not on the map, without a boundary: District 1."
    )
    assert maps.points([], [(float("nan"), 1.0)], title="Incidents") == ""
