"""Tour routes for the map: home capital, the stops in travel order, home again, as geodesic legs.

The geodesy (great circles, the split at ±180°) is `travelmap.geometry`'s; this module only orders
the points, caches legs that repeat (Moscow -> Beijing in many tours) and keeps the payload small.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from travelmap.errors import TravelmapError

LatLon = tuple[float, float]
Leg = list[list[list[float]]]  # the pieces of one leg, each a list of [lat, lon]

# Past this many legs the routes are a hairball that costs seconds to compute and draw; the map
# then shows the stops only and says so (filter the data to see the routes).
ROUTE_LEG_LIMIT = 5_000
STEP_KM = 100.0
COARSE_STEP_KM = 250.0  # for data with many legs: fewer points, same great circles


@cache
def home_capital(iso3: str) -> tuple[str, float, float] | None:
    """The capital a traveller of `iso3` sets out from, or None when the gazetteer has none."""
    try:
        from travelmap.geocoding import capital_of
    except ImportError:  # pragma: no cover - geocoding is part of the package
        return None
    try:
        found = capital_of(iso3)
    except (TravelmapError, LookupError, ValueError):
        return None
    if not found:
        return None
    name, lat, lon = found
    return str(name), float(lat), float(lon)


def _round(point: Sequence[float]) -> list[float]:
    return [round(float(point[0]), 4), round(float(point[1]), 4)]


def leg_computer(*, step_km: float) -> Callable[[LatLon, LatLon], Leg]:
    """A cached function giving the great-circle pieces of one leg, split at the antimeridian."""
    from travelmap.geometry import great_circle

    @cache
    def leg(start: LatLon, end: LatLon) -> Leg:
        pieces = great_circle(start, end, step_km=step_km)
        return [[_round(p) for p in piece] for piece in pieces if len(piece) > 1]

    return leg


def tour_points(
    points: Sequence[LatLon], *, home: tuple[str, float, float] | None
) -> list[LatLon]:
    """The stops in order, framed by the home capital when it is known."""
    ordered = list(points)
    if home is not None:
        capital = (home[1], home[2])
        ordered = [capital, *ordered, capital]
    return ordered


def legs_of(points: Sequence[LatLon], *, leg: Callable[[LatLon, LatLon], Leg]) -> list[Leg]:
    """One entry per consecutive pair of distinct points."""
    legs: list[Leg] = []
    for start, end in zip(points, points[1:], strict=False):
        a = (round(start[0], 4), round(start[1], 4))
        b = (round(end[0], 4), round(end[1], 4))
        if a != b:
            legs.append(leg(a, b))
    return legs
