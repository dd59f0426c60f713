"""Maps drawn on the server as SVG: no JavaScript, no tiles, nothing loaded from the
internet, so they work offline and print.

- `choropleth`: places shaded by a figure in up to five classes (a sequential,
  colour-blind-safe palette); places without a figure are hatched. The legend gives each
  class's range, every place's shape has a tooltip with its name and figure, and the
  page shows the same figures as a table: colour is never the only signal.
- `points`: the boundaries in outline with a dot per (longitude, latitude) point.

Both name, in their description, the places they leave off for want of a boundary.

A shape is an object or dict with `code`, `name`, `web_boundary` (GeoJSON Polygon or
MultiPolygon), and for the choropleth `value` (int or None) and `label` (the figure as
the page words it: "12", "fewer than 3", "no data").

The projection is equirectangular, longitude scaled by the cosine of the mean latitude:
at a city's size it is indistinguishable from a proper one.
"""

import math
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 480  # the viewBox's units; the page scales the map to its column
MAX_MAP_HEIGHT = 560
PAD = 6
FONT_SIZE = 15
ROW = 24  # a legend row
# ColorBrewer's YlGnBu, five classes: colour-blind safe, and light to dark in grey print.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
INK = "#1a1a1a"
EDGE = "#4a4a4a"
POINT_COLOUR = "#d55e00"  # Okabe-Ito vermillion, on the pale outline fill
POINT_RADIUS = 3.5  # about 5 px across on a phone, where the map is 350 px wide
OUTLINE_FILL = "#f3f5f8"
MAX_POINTS = 10_000
MAX_NAMES = 20  # of the places left off a map, named in its description
# Points drawn without boundaries get this margin (degrees, about 500 m) around them.
POINTS_MARGIN = 0.005


def _field(shape, name: str):
    return shape.get(name) if isinstance(shape, dict) else getattr(shape, name, None)


def _polygons(geometry) -> list:
    """The polygons (lists of rings) of a GeoJSON Polygon or MultiPolygon, else []."""
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates") or []]
    if geometry.get("type") == "MultiPolygon":
        return geometry.get("coordinates") or []
    return []


@dataclass(frozen=True)
class Frame:
    """Longitude/latitude to the map's units, fitted to WIDTH and at most
    MAX_MAP_HEIGHT (plus padding)."""

    west: float
    north: float
    x_scale: float
    y_scale: float
    width: int
    height: int

    @classmethod
    def fit(cls, geometries: Iterable) -> "Frame":
        lons, lats = [], []
        for geometry in geometries:
            for rings in _polygons(geometry):
                for ring in rings:
                    lons += [position[0] for position in ring]
                    lats += [position[1] for position in ring]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        shrink = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * shrink, 1e-9)
        span_y = max(north - south, 1e-9)
        scale = min((WIDTH - 2 * PAD) / span_x, (MAX_MAP_HEIGHT - 2 * PAD) / span_y)
        height = math.ceil(span_y * scale + 2 * PAD)
        return cls(west, north, scale * shrink, scale, WIDTH, height)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            PAD + (lon - self.west) * self.x_scale,
            PAD + (self.north - lat) * self.y_scale,
        )

    def contains(self, x: float, y: float) -> bool:
        return 0 <= x <= self.width and 0 <= y <= self.height

    def path(self, geometry) -> str:
        """SVG path data for the geometry: a subpath per ring, to a tenth of a unit,
        repeated points left out."""
        parts = []
        for rings in _polygons(geometry):
            for ring in rings:
                points = []
                for lon, lat, *_ in ring:
                    x, y = self.xy(lon, lat)
                    point = f"{x:.1f} {y:.1f}"
                    if not points or points[-1] != point:
                        points.append(point)
                if len(points) > 2:
                    parts.append("M" + "L".join(points) + "Z")
        return "".join(parts)


def _key(title: str, body: str) -> str:
    """The map's id prefix, from its content: two maps on one page differ, and the
    same map is drawn the same every time."""
    return f"map-{zlib.crc32((title + body).encode()):08x}"


def _svg(key: str, size: tuple[int, int], title: str, description: str, body) -> str:
    width, height = size
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="place-map-svg" '
        'viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-labelledby="{}-title {}-desc" font-family="sans-serif" '
        'font-size="{}"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        "{}</svg>",
        width,
        height,
        width,
        height,
        key,
        key,
        FONT_SIZE,
        key,
        title,
        key,
        description,
        body,
    )


def class_ranges(values: Sequence[int], count: int = 5) -> list[tuple[int, int]]:
    """Up to `count` classes (lowest, highest value in each) by quantiles of `values`;
    each distinct value is its own class when there are no more than `count`."""
    ordered = sorted(values)
    if not ordered:
        return []
    distinct = sorted(set(ordered))
    if len(distinct) <= count:
        return [(value, value) for value in distinct]
    uppers = sorted(
        {ordered[math.ceil(k * len(ordered) / count) - 1] for k in range(1, count + 1)}
    )
    ranges, previous = [], None
    for upper in uppers:
        lowest = next(v for v in distinct if previous is None or v > previous)
        ranges.append((lowest, upper))
        previous = upper
    return ranges


def _colours(count: int) -> list[str]:
    """`count` colours of the palette, spread from light to dark."""
    if count == 1:
        return [PALETTE[2]]
    last = len(PALETTE) - 1
    return [PALETTE[round(i * last / (count - 1))] for i in range(count)]


def _range_text(low: int, high: int) -> str:
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def _legend(top: float, heading: str, entries: list[tuple[str, str]]) -> str:
    """A heading, then a swatch (a fill) and its words per entry."""
    rows = [
        format_html(
            '<text x="{}" y="{}" font-weight="bold" fill="{}">{}</text>',
            PAD,
            top + FONT_SIZE,
            INK,
            heading,
        )
    ]
    for n, (fill, words) in enumerate(entries, start=1):
        y = top + n * ROW
        rows.append(
            format_html(
                '<rect x="{}" y="{}" width="28" height="16" fill="{}" stroke="{}"/>'
                '<text x="{}" y="{}" fill="{}">{}</text>',
                PAD,
                y,
                fill,
                EDGE,
                PAD + 36,
                y + 13,
                INK,
                words,
            )
        )
    return format_html('<g class="map-legend">{}</g>', mark_safe("".join(rows)))  # noqa: S308


def _hatch(key: str) -> str:
    return format_html(
        '<defs><pattern id="{}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#eeeeee"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#8a8a8a" stroke-width="2"/>'
        "</pattern></defs>",
        key,
    )


def _shaded(shape, frame: Frame, fill: str) -> str:
    tooltip = f"{_field(shape, 'name')}: {_field(shape, 'label')}"
    return format_html(
        '<path d="{}" fill="{}"><title>{}</title></path>',
        frame.path(_field(shape, "web_boundary")),
        fill,
        tooltip,
    )


def _with_boundary(shapes: Sequence) -> list:
    return [shape for shape in shapes if _polygons(_field(shape, "web_boundary"))]


def without_boundary(shapes: Sequence) -> list[str]:
    """The names of the shapes a map leaves off: those without a boundary."""
    return [
        str(_field(shape, "name"))
        for shape in shapes
        if not _polygons(_field(shape, "web_boundary"))
    ]


def _left_off(shapes: Sequence) -> str:
    """ " Not on the map, without a boundary: A, B." (the first MAX_NAMES), or ""."""
    names = without_boundary(shapes)
    if not names:
        return ""
    shown = ", ".join(names[:MAX_NAMES])
    if len(names) > MAX_NAMES:
        shown += f" and {len(names) - MAX_NAMES:,} more"
    return f" Not on the map, without a boundary: {shown}."


def choropleth(
    shapes: Sequence,
    *,
    title: str,
    unit: str,
    missing_label: str = "no data",
) -> SafeString:
    """The places in `shapes` shaded by their `value`, with a legend of the class
    ranges headed by `unit` ("Shootings, 2024") and an entry, in `missing_label`'s
    words, for the hatched places without a value; the description names the places
    without a boundary. "" if no shape has a boundary."""
    missing_label = missing_label or "no data"
    drawn = _with_boundary(shapes)
    if not drawn:
        return mark_safe("")
    frame = Frame.fit(_field(shape, "web_boundary") for shape in drawn)
    values = [_field(s, "value") for s in drawn if _field(s, "value") is not None]
    ranges = class_ranges(values)
    colours = _colours(len(ranges))
    key = _key(title, "".join(_field(s, "label") or "" for s in drawn))
    hatch = f"url(#{key}-hatch)"

    def fill(value) -> str:
        if value is None:
            return hatch
        for (_, high), colour in zip(ranges, colours, strict=True):
            if value <= high:
                return colour
        return colours[-1]

    paths = "".join(_shaded(s, frame, fill(_field(s, "value"))) for s in drawn)
    entries = [(c, _range_text(*r)) for r, c in zip(ranges, colours, strict=True)]
    missing = len(drawn) - len(values)
    if missing:
        entries.append((hatch, missing_label))
    body = format_html(
        '{}<g stroke="{}" stroke-width="0.6" stroke-linejoin="round" '
        'fill-rule="evenodd">{}</g>{}',
        _hatch(key),
        EDGE,
        mark_safe(paths),  # noqa: S308 - each path is escaped in _shaded
        _legend(frame.height + 8, unit, entries),
    )
    height = math.ceil(frame.height + 8 + (len(entries) + 1) * ROW)
    description = _describe(len(drawn), unit, ranges, missing, missing_label)
    return _svg(
        key, (frame.width, height), title, description + _left_off(shapes), body
    )


def _describe(count: int, unit: str, ranges, missing: int, missing_label: str) -> str:
    text = f"{count} places shaded by {unit.lower() or 'value'}, darker for more"
    if ranges:
        text += (
            f", in {len(ranges)} class{'es' if len(ranges) != 1 else ''} from "
            f"{ranges[0][0]:,} to {ranges[-1][1]:,}"
        )
    text += "."
    if missing:
        text += f" {missing} hatched: {missing_label}."
    return text + " Each place's figure is in the table with the map."


def points(shapes: Sequence, points: Iterable[tuple], *, title: str) -> SafeString:
    """The boundaries of `shapes` in outline, with a dot for each (lon, lat) or (lon,
    lat, label) point inside the map (the first MAX_POINTS of them); the description
    names the places without a boundary. With no boundary at all the map is fitted to
    the points alone; "" if there are neither."""
    points = list(points)
    drawn = _with_boundary(shapes)
    if drawn:
        frame = Frame.fit(_field(shape, "web_boundary") for shape in drawn)
    elif bounds := _points_box(points):
        frame = Frame.fit([bounds])
    else:
        return mark_safe("")
    outlines = "".join(
        format_html(
            '<path d="{}"><title>{}</title></path>',
            frame.path(_field(shape, "web_boundary")),
            _field(shape, "name"),
        )
        for shape in drawn
    )
    dots, given, outside = _dots(frame, points)
    body = format_html(
        '<g fill="{}" stroke="{}" stroke-width="0.6" fill-rule="evenodd">{}</g>'
        '<g fill="{}" stroke="#ffffff" stroke-width="0.5">{}</g>',
        OUTLINE_FILL,
        EDGE,
        mark_safe(outlines),  # noqa: S308 - escaped by format_html above
        POINT_COLOUR,
        mark_safe(dots),  # noqa: S308 - escaped in _dots
    )
    description = f"The boundaries of {len(drawn)} places" if drawn else "No boundaries"
    if given:
        description += f", with {given - outside:,} of {given:,} points drawn"
        if outside:
            description += f" ({outside:,} outside the map or past {MAX_POINTS:,})"
    description += "." + _left_off(shapes)
    key = _key(title, dots)
    return _svg(key, (frame.width, frame.height), title, description, body)


def _points_box(points: list[tuple]) -> dict | None:
    """A GeoJSON Polygon around the finite, in-range points (the first MAX_POINTS),
    with POINTS_MARGIN about them; None if there is none."""
    lons, lats = [], []
    for point in points[:MAX_POINTS]:
        lon, lat = float(point[0]), float(point[1])
        if abs(lon) <= 180 and abs(lat) <= 90:  # NaN fails both
            lons.append(lon)
            lats.append(lat)
    if not lons:
        return None
    west, east = min(lons) - POINTS_MARGIN, max(lons) + POINTS_MARGIN
    south, north = min(lats) - POINTS_MARGIN, max(lats) + POINTS_MARGIN
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _dots(frame: Frame, points: Iterable[tuple]) -> tuple[str, int, int]:
    """The circles, the number of points given and the number not drawn."""
    circles, given, outside = [], 0, 0
    for point in points:
        given += 1
        x, y = frame.xy(float(point[0]), float(point[1]))
        if len(circles) >= MAX_POINTS or not frame.contains(x, y):
            outside += 1
            continue
        label = point[2] if len(point) > 2 else ""
        tooltip = format_html("<title>{}</title>", label) if label else ""
        circles.append(
            format_html(
                '<circle cx="{}" cy="{}" r="{}">{}</circle>',
                f"{x:.1f}",
                f"{y:.1f}",
                POINT_RADIUS,
                tooltip,
            )
        )
    return "".join(circles), given, outside
