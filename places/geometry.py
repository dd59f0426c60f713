"""Boundaries as shapes: reading GeoJSON safely, the copy for the web, and finding the
place a point lies in.

Boundaries are GeoJSON Polygons or MultiPolygons in WGS84 longitude/latitude. They come
from uploads and files that may be huge or hostile, so `read_geometry` checks the
structure, the bounds and the number of vertices before shapely builds anything.
"""

import math
from collections.abc import Iterable

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

MAX_VERTICES = 200_000
# About 20 m: the 77 NYC precincts come to about 190 KB of JSON, each still its shape.
WEB_TOLERANCE = 0.0002
WEB_DIGITS = 5  # about 1 m
POLYGONAL = ("Polygon", "MultiPolygon")
# Square kilometres in a square degree at the equator (a degree is 111.32 km).
KM2_PER_SQUARE_DEGREE = 111.32**2


class GeometryError(ValueError):
    """A boundary that cannot be used; the message says what is wrong with it."""


def read_geometry(data: dict) -> Polygon | MultiPolygon:
    """A valid polygonal shape from a GeoJSON Polygon or MultiPolygon, or a Feature
    holding one. Anything else, positions outside longitude -180..180 / latitude
    -90..90, more than MAX_VERTICES vertices, an empty shape, or one that stays
    invalid (not polygonal, no area) after shapely's make_valid: GeometryError."""
    geometry = _unwrap(data)
    kind = geometry.get("type")
    if kind not in POLYGONAL:
        raise GeometryError(
            f"The geometry is a {_name(kind)}; a boundary must be a Polygon or a "
            "MultiPolygon."
        )
    polygons = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [polygons]
    flat = _checked_polygons(polygons)
    return _valid(shape({"type": "MultiPolygon", "coordinates": flat}))


def _name(kind) -> str:
    return kind if isinstance(kind, str) and len(kind) < 40 else "geometry of no type"


def _unwrap(data) -> dict:
    if not isinstance(data, dict):
        raise GeometryError("The boundary must be a GeoJSON object ({...}).")
    if data.get("type") == "FeatureCollection":
        raise GeometryError(
            "This is a FeatureCollection (many places); give the geometry of one "
            "place, or import the collection with `manage.py import_places`."
        )
    if data.get("type") == "Feature":
        data = data.get("geometry")
        if not isinstance(data, dict):
            raise GeometryError("The Feature has no geometry.")
    return data


def _checked_polygons(polygons) -> list:
    """The polygons' rings as [longitude, latitude] lists, checked before shapely
    reads them: the nesting and every position. The vertices are counted as they come,
    so a huge shape costs at most MAX_VERTICES steps."""
    if not isinstance(polygons, list) or not all(
        isinstance(rings, list) for rings in polygons
    ):
        raise GeometryError("The coordinates must be lists of rings.")
    if not any(polygons):
        raise GeometryError("The boundary is empty: it has no coordinates.")
    vertices = 0
    result = []
    for p, rings in enumerate(polygons, start=1):
        if not rings:
            raise GeometryError(f"Polygon {p} has no rings.")
        result.append([])
        for r, ring in enumerate(rings, start=1):
            where = f"Polygon {p}, ring {r}"
            if not isinstance(ring, list) or len(ring) < 4:
                raise GeometryError(
                    f"{where}: a ring is a list of at least 4 positions (the first "
                    "repeated as the last)."
                )
            vertices += len(ring)
            if vertices > MAX_VERTICES:
                raise GeometryError(
                    f"The boundary has more than {MAX_VERTICES:,} vertices; simplify "
                    "it first."
                )
            result[-1].append(
                [
                    _position(xy, f"{where}, position {n}")
                    for n, xy in enumerate(ring, 1)
                ]
            )
    return result


def _position(position, where: str) -> list:
    """[longitude, latitude] of a GeoJSON position (an altitude is dropped)."""
    if not (
        isinstance(position, list)
        and 2 <= len(position) <= 3
        and all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in position
        )
    ):
        raise GeometryError(f"{where}: a position is [longitude, latitude].")
    lon, lat = position[0], position[1]
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise GeometryError(f"{where}: longitude {lon} is outside -180 to 180.")
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise GeometryError(
            f"{where}: latitude {lat} is outside -90 to 90 (is it longitude and "
            "latitude, in WGS84 degrees?)."
        )
    return [lon, lat]


def _valid(geom) -> Polygon | MultiPolygon:
    """`geom` made valid, keeping only its polygonal parts."""
    reason = shapely.is_valid_reason(geom)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    parts = [
        part
        for part in shapely.get_parts(geom)
        if isinstance(part, Polygon | MultiPolygon)
    ]
    polygons = [p for part in parts for p in shapely.get_parts(part) if p.area > 0]
    if not polygons:
        raise GeometryError(f"The boundary encloses no area ({reason}).")
    if len(polygons) == 1:
        return polygons[0]
    return MultiPolygon(polygons)


def as_geojson(geom, digits: int | None = None) -> dict:
    """The GeoJSON dict of `geom` (lists, not tuples), coordinates rounded to `digits`."""
    found = mapping(geom)
    return {"type": found["type"], "coordinates": _lists(found["coordinates"], digits)}


def _lists(value, digits: int | None):
    if isinstance(value, float | int):
        return value if digits is None else round(value, digits)
    return [_lists(item, digits) for item in value]


def web_geometry(geom) -> dict:
    """`geom` simplified for maps (about 20 m, its topology kept), as GeoJSON with
    coordinates rounded to 5 decimals (about 1 m)."""
    simpler = geom.simplify(WEB_TOLERANCE, preserve_topology=True)
    return as_geojson(simpler, WEB_DIGITS)


def summary(geom) -> str:
    """One line a person reads in the history: "MultiPolygon: 3 parts, 1,234 points,
    about 4.2 km²" (the area on a flat projection at the shape's latitude)."""
    parts = len(shapely.get_parts(geom))
    points = shapely.get_num_coordinates(geom)
    latitude = math.radians(geom.centroid.y)
    area = geom.area * KM2_PER_SQUARE_DEGREE * math.cos(latitude)
    return (
        f"{geom.geom_type}: {parts} part{'s' if parts != 1 else ''}, "
        f"{points:,} points, about {area:,.1f} km²"
    )


class Locator:
    """Finds the place a point lies in, among places of one kind (objects with `pk`
    and a GeoJSON `boundary`; those without a boundary are left out).

    A point on an edge two places share goes to the one with the smaller pk."""

    def __init__(self, places: Iterable):
        found = sorted((p for p in places if p.boundary), key=lambda place: place.pk)
        kinds = {getattr(p, "kind", None) for p in found}
        if len(kinds) > 1:
            raise ValueError(
                f"A Locator takes places of one kind, not {sorted(kinds)}."
            )
        self._pks = np.array([p.pk for p in found] + [None], dtype=object)
        self._shapes = np.array([shape(p.boundary) for p in found], dtype=object)
        shapely.prepare(self._shapes)  # once, for every query

    def locate(self, lon: float, lat: float):
        """The pk of the place the point lies in, or None."""
        return self.locate_many([(lon, lat)])[0]

    def locate_many(self, points: list[tuple[float, float]]) -> list:
        """The pk of the place each (lon, lat) point lies in, or None, in one
        vectorised query (points that are not finite numbers get None)."""
        if not points:
            return []
        coordinates = np.asarray(points, dtype=float).reshape(len(points), 2)
        best = np.full(len(points), len(self._pks) - 1)  # the None at the end
        # A tree of the points queried with the (prepared) places: ten times faster
        # than a tree of the places queried with each point.
        tree = shapely.STRtree(shapely.points(coordinates))
        place_index, point_index = tree.query(self._shapes, predicate="intersects")
        # The places are in pk order: the smallest index wins on a shared edge.
        np.minimum.at(best, point_index, place_index)
        return self._pks[best].tolist()
