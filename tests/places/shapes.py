"""Small made-up boundaries for the places tests (tests/places is on the tests' path)."""


def square(west: float, south: float, side: float = 0.01) -> dict:
    """A GeoJSON Polygon: the square of `side` degrees from its south-west corner."""
    east, north = west + side, south + side
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}
