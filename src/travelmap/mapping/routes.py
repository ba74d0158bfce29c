"""Tour routes for the map: home capital, the stops in travel order, home again, as geodesic legs.

The geodesy (great circles, the split at ±180°) is `travelmap.geometry`'s; this module only orders
the points, caches legs that repeat (Moscow -> Beijing in many tours) and keeps the payload small.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from functools import cache

import numpy as np

from travelmap.errors import TravelmapError

LatLon = tuple[float, float]
Leg = list[list[list[float]]]  # the pieces of one leg, each a list of [lat, lon]

# Past this many legs the routes are a hairball that costs seconds to compute (geodesy in pure
# Python) and to read; the map then shows the stops only and says so (filter to see the routes).
ROUTE_LEG_LIMIT = 1_500
STEP_KM = 100.0
# At most about this many route points in all: many legs get a coarser step along the same
# great circles (10 points a leg still draw a smooth curve), so the cost of routes stays bounded.
POINT_BUDGET = 15_000
EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


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


def step_for(pairs: Iterable[tuple[LatLon, LatLon]], *, budget: int = POINT_BUDGET) -> float:
    """The sampling step (km) that keeps the distinct legs within `budget` points in all.

    A spherical (haversine) estimate of their lengths is plenty for a budget and costs nothing
    next to the ellipsoidal geodesics it budgets for. The step is a whole multiple of 50 km, so
    selections of similar size share cached legs.
    """
    distinct = np.array(sorted(set(pairs)), dtype=float).reshape(-1, 4)  # sorted: same sum
    if not len(distinct):
        return STEP_KM
    lat1, lon1, lat2, lon2 = np.radians(distinct).T
    h = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    total = float((2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))).sum())
    return max(STEP_KM, 50.0 * math.ceil(total / budget / 50.0))


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


def _distinct_legs(points: Sequence[LatLon]) -> list[tuple[int, LatLon, LatLon]]:
    """(position, start, end) of each leg between consecutive distinct points, rounded to ~10 m
    so repeated legs share a cache entry; the position lets per-leg facts follow the legs kept."""
    rounded = [(round(p[0], 4), round(p[1], 4)) for p in points]
    return [(i, a, b) for i, (a, b) in enumerate(zip(rounded, rounded[1:], strict=False))
            if a != b]


def leg_pairs(points: Sequence[LatLon]) -> list[tuple[LatLon, LatLon]]:
    """Consecutive distinct points, rounded to ~10 m so repeated legs share a cache entry."""
    return [(a, b) for _, a, b in _distinct_legs(points)]


def leg_days(framed: Sequence[LatLon], starts: Sequence[int], ends: Sequence[int], *,
             from_home: bool) -> list[int]:
    """The day each leg of `leg_pairs(framed)` is travelled, so a timeline shows a tour growing
    leg by leg: a leg on the day it arrives at its stop, the way home on the day the last stop
    ends. `framed` is `tour_points(...)` (`from_home` when a capital frames it); `starts`/`ends`
    are the stops' days, in travel order."""
    days = [*starts, ends[-1]] if from_home else list(starts[1:])
    return [days[i] for i, _, _ in _distinct_legs(framed)]
