"""The route of each trip, shared by the static map and the GeoJSON: home capital, stops, home.

The same tour as the interactive map draws: the framing (the traveller's capital, the stops in
order, back to the capital) and the sampling step are `travelmap.mapping.routes`'s, great circles
and the split at ±180° `travelmap.geometry`'s. Legs are cached: Moscow -> Beijing is computed once
per step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from travelmap.mapping.routes import home_capital, leg_pairs, step_for, tour_points
from travelmap.model import SOURCES_COLUMN

LatLon = tuple[float, float]
POINT_BUDGET = 30_000  # route points in all; many legs get a coarser step on the same circles


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
    """`stops` with lat/lon gaps filled offline (place cache, gazetteer), as the HTML map does.

    Places no offline source knows keep <NA>: the static map leaves them out and says how many,
    the GeoJSON gives them a null geometry (RFC 7946 section 3.2).
    """
    if has_position(stops).all():
        return stops
    from travelmap.geocoding import with_coordinates

    return with_coordinates(stops, strict=False)


@lru_cache(maxsize=50_000)
def _leg(start: LatLon, end: LatLon, step_km: float) -> tuple[tuple[LatLon, ...], ...]:
    """The great-circle pieces of one leg (cached across exports), split at ±180°."""
    from travelmap.geometry import great_circle

    return tuple(tuple((float(lat), float(lon)) for lat, lon in piece)
                 for piece in great_circle(start, end, step_km=step_km) if len(piece) > 1)


def _homes(trips: pd.DataFrame) -> dict[str, tuple[str, float, float] | None]:
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

    Route points are `step_km` apart; by default 100 km, or coarser when the legs together would
    pass POINT_BUDGET points, so the cost stays bounded for big selections.
    """
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
    tours = [leg_pairs(tour_points(list(zip(lat[a:b].tolist(), lon[a:b].tolist(), strict=True)),
                                   home=homes.get(str(column["traveller_country"][a]))))
             for a, b in zip(bounds, bounds[1:], strict=False)]
    if step_km is None:
        step_km = step_for((pair for tour in tours for pair in tour), budget=POINT_BUDGET)
    routes: list[TripRoute] = []
    for (first, last), tour in zip(zip(bounds, bounds[1:], strict=False), tours, strict=True):
        country = str(column["traveller_country"][first])
        home = homes.get(country)
        segments = [list(piece) for a, b in tour for piece in _leg(a, b, step_km)]
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
