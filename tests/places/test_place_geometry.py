"""Reading boundaries (places/geometry.py): what is refused and why, made-valid shapes,
and the web copy of the 77 NYC precincts."""

import json

import pytest
import shapely
from nyc_precincts import features, needs_precincts, precinct_shapes

from places import geometry
from places.geometry import GeometryError, read_geometry, web_geometry

SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def polygon(*rings) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def test_it_reads_a_polygon():
    shape = read_geometry(polygon(SQUARE))
    assert shape.geom_type == "Polygon"
    assert shape.area == 1.0


def test_it_reads_the_geometry_of_a_feature_and_drops_altitudes():
    ring = [[0, 0, 5], [1, 0, 5], [1, 1, 5], [0, 1, 5], [0, 0, 5]]
    shape = read_geometry(
        {"type": "Feature", "properties": {}, "geometry": polygon(ring)}
    )
    assert not shape.has_z
    assert shape.bounds == (0.0, 0.0, 1.0, 1.0)


def test_a_self_intersecting_bowtie_is_made_valid_as_two_triangles():
    bowtie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]
    shape = read_geometry(polygon(bowtie))
    assert shape.geom_type == "MultiPolygon"
    assert shape.is_valid
    assert len(shape.geoms) == 2
    assert shape.area == 0.5


def test_overlapping_parts_of_a_multipolygon_are_merged():
    other = [[0.5, 0], [1.5, 0], [1.5, 1], [0.5, 1], [0.5, 0]]
    shape = read_geometry({"type": "MultiPolygon", "coordinates": [[SQUARE], [other]]})
    assert shape.is_valid
    assert shape.area == 1.5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "must be a GeoJSON object"),
        ({"type": "Point", "coordinates": [1, 2]}, "is a Point; a boundary must be"),
        ({"coordinates": [SQUARE]}, "is a geometry of no type"),
        ({"type": "FeatureCollection", "features": []}, "This is a FeatureCollection"),
        ({"type": "Feature", "geometry": None}, "The Feature has no geometry."),
        (polygon(), "The boundary is empty"),
        ({"type": "MultiPolygon", "coordinates": []}, "The boundary is empty"),
        ({"type": "Polygon", "coordinates": "0 0 1 1"}, "must be lists of rings"),
        (
            {"type": "MultiPolygon", "coordinates": [[], [SQUARE]]},
            "Polygon 1 has no rings",
        ),
        (polygon(SQUARE[:3]), "Polygon 1, ring 1: a ring is a list of at least 4"),
        (
            polygon([[0, 0], [1, 0], [1, "x"], [0, 1], [0, 0]]),
            "position 3: a position is",
        ),
        (
            polygon([[0, 0], [1, 0], [1, True], [0, 1], [0, 0]]),
            "position 3: a position is",
        ),
        (
            polygon([[0, 0], [181, 0], [1, 1], [0, 1], [0, 0]]),
            "position 2: longitude 181 is outside -180 to 180",
        ),
        (
            polygon(SQUARE, [[0, 0], [0, 91], [1, 1], [0, 0]]),
            "Polygon 1, ring 2, position 2: latitude 91 is outside -90 to 90",
        ),
        (
            polygon([[0, 0], [float("nan"), 0], [1, 1], [0, 0]]),
            "longitude nan is outside",
        ),
        (polygon([[0, 0], [1, 0], [2, 0], [0, 0]]), "The boundary encloses no area"),
    ],
)
def test_it_refuses_what_is_not_a_usable_boundary(data, message):
    with pytest.raises(GeometryError, match=message.replace("(", r"\(")):
        read_geometry(data)


def test_it_refuses_more_than_max_vertices_before_reading_them(monkeypatch):
    monkeypatch.setattr(geometry, "MAX_VERTICES", 9)
    ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    read_geometry(polygon(ring))  # 5
    with pytest.raises(GeometryError, match="more than 9 vertices"):
        read_geometry(
            polygon(ring, [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2], [0.2, 0.2]])
        )


def test_the_web_copy_is_rounded_to_five_decimals():
    ring = [[0.123456789, 0], [1, 0], [1, 1.987654321], [0, 1], [0.123456789, 0]]
    web = web_geometry(read_geometry(polygon(ring)))
    assert web["type"] == "Polygon"
    flat = [x for position in web["coordinates"][0] for x in position]
    assert 0.12346 in flat
    assert 1.98765 in flat
    assert all(round(x, 5) == x for x in flat)


def test_the_summary_gives_parts_points_and_area():
    # A 0.01-degree square at the equator is 1.1132 km on a side.
    ring = [[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]
    assert geometry.summary(read_geometry(polygon(ring))) == (
        "Polygon: 1 part, 5 points, about 1.2 km²"
    )


@needs_precincts
def test_two_invalid_precincts_of_the_real_file_are_made_valid():
    # Precincts 61 and 113 have a ring of too few points in the published file.
    raw = {f["properties"]["precinct"]: f["geometry"] for f in features()}
    assert not shapely.geometry.shape(raw["61"]).is_valid
    made = {p.code: p.shape for p in precinct_shapes()}
    assert made["61"].is_valid
    assert made["113"].is_valid
    assert all(
        shape.geom_type in ("Polygon", "MultiPolygon") for shape in made.values()
    )


@needs_precincts
def test_the_web_copies_of_the_77_precincts_are_well_under_300_kb():
    shapes = precinct_shapes()
    sizes = [len(json.dumps(p.web_boundary, separators=(",", ":"))) for p in shapes]
    assert len(sizes) == 77
    assert sum(sizes) < 200_000
    for place in shapes:
        simple = shapely.geometry.shape(place.web_boundary)
        # Still recognisable: its area within 2% of the real one, inside 50 m of it.
        assert simple.area == pytest.approx(place.shape.area, rel=0.02)
        assert simple.hausdorff_distance(place.shape) < 0.0005
