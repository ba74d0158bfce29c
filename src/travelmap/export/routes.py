"""The route of each trip, shared by the static map and the GeoJSON: home capital, stops, home.

The same tour logic as the interactive map (`travelmap.mapping.routes`), so every export draws
the routes the HTML map draws; great circles and the split at ±180° are `travelmap.geometry`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from travelmap.model import SOURCES_COLUMN

LatLon = tuple[float, float]
STEP_KM = 100.0  # one point per 100 km: smooth at print sizes, small in GeoJSON
COARSE_ABOVE_LEGS = 1_000  # past this many legs, fewer points per route (as the HTML map does)


@dataclass(frozen=True)
class TripRoute:
    """One tour: who, where from, its stops in order, and its path split at the antimeridian."""

    trip_id: str
    traveller: str
    traveller_country: str
    home: tuple[str, float, float] | None  # capital name, lat, lon
    places: list[str]  # the stops with coordinates, in stop_order
    host_countries: list[str]
    start_date: pd.Timestamp
    end_date: pd.Timestamp
    sources: tuple[Any, ...]  # the tour's sources (every stop carries them all)
    segments: list[list[LatLon]]  # (lat, lon) pieces; none crosses ±180°


def has_position(stops: pd.DataFrame) -> pd.Series:
    """Rows that carry both a latitude and a longitude."""
    return stops["lat"].notna() & stops["lon"].notna()


def located(stops: pd.DataFrame) -> pd.DataFrame:
    """`stops` with lat/lon gaps filled offline (place cache, gazetteer), as the HTML map does."""
    if has_position(stops).all():
        return stops
    from travelmap.geocoding import with_coordinates

    return with_coordinates(stops)


@cache
def _leg_computer(step_km: float) -> Callable[[LatLon, LatLon], Any]:
    """One cached leg function per step, kept across exports: Moscow -> Beijing is computed once."""
    from travelmap.mapping.routes import leg_computer

    return leg_computer(step_km=step_km)


def _homes(trips: pd.DataFrame) -> dict[str, tuple[str, float, float] | None]:
    from travelmap.mapping.routes import home_capital

    return {str(c): home_capital(str(c)) for c in trips["traveller_country"].dropna().unique()}


def leg_count(stops: pd.DataFrame) -> int:
    """How many legs the routes of `stops` have, counted the way the HTML map counts them."""
    positioned = stops[has_position(stops)]
    if positioned.empty:
        return 0
    firsts = positioned.drop_duplicates("trip_id")
    homes = _homes(firsts)
    return int(len(positioned) + sum(1 if homes.get(str(c)) else -1
                                     for c in firsts["traveller_country"]))


def trip_routes(stops: pd.DataFrame, *, step_km: float | None = None) -> list[TripRoute]:
    """A route per trip among `stops`, in data order (stops without coordinates are left out).

    The step between route points is 100 km, or 250 km past 1,000 legs (as on the HTML map).
    """
    from travelmap.mapping.routes import COARSE_STEP_KM, legs_of, tour_points

    if step_km is None:
        step_km = STEP_KM if leg_count(stops) <= COARSE_ABOVE_LEGS else COARSE_STEP_KM
    leg = _leg_computer(step_km)
    positioned = stops[has_position(stops)]
    if positioned.empty:
        return []
    homes = _homes(positioned)
    codes, _ = pd.factorize(positioned["trip_id"], sort=False)  # trips in data order
    order = pd.to_numeric(positioned["stop_order"], errors="coerce").fillna(0).to_numpy()
    rows = np.lexsort((order, codes))
    column = {name: positioned[name].to_numpy(dtype=object)[rows] for name in (
        "trip_id", "traveller", "traveller_country", "place", "host_country", "start_date",
        "end_date")}
    lat = positioned["lat"].to_numpy(dtype=float)[rows]
    lon = positioned["lon"].to_numpy(dtype=float)[rows]
    sources = (positioned[SOURCES_COLUMN].to_numpy(dtype=object)[rows]
               if SOURCES_COLUMN in positioned.columns else [()] * len(rows))
    bounds = [0, *(np.flatnonzero(np.diff(codes[rows])) + 1).tolist(), len(rows)]
    routes: list[TripRoute] = []
    for first, last in zip(bounds, bounds[1:], strict=False):
        country = str(column["traveller_country"][first])
        home = homes.get(country)
        points = tour_points(list(zip(lat[first:last].tolist(), lon[first:last].tolist(),
                                      strict=True)), home=home)
        segments = [[(float(a), float(b)) for a, b in piece]
                    for pieces in legs_of(points, leg=leg) for piece in pieces if len(piece) > 1]
        routes.append(TripRoute(
            trip_id=str(column["trip_id"][first]),
            traveller=str(column["traveller"][first]),
            traveller_country=country,
            home=home,
            places=[str(p) for p in column["place"][first:last]],
            host_countries=list(dict.fromkeys(str(c) for c in column["host_country"][first:last])),
            start_date=pd.Timestamp(min(column["start_date"][first:last])),
            end_date=pd.Timestamp(max(column["end_date"][first:last])),
            sources=tuple(sources[first] or ()),
            segments=segments,
        ))
    return routes
