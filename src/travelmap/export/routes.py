"""The route of each trip, shared by the static map and the GeoJSON: home capital, stops, home.

The same tour logic as the interactive map (`travelmap.mapping.routes`), so every export draws
the routes the HTML map draws; great circles and the split at ±180° are `travelmap.geometry`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

LatLon = tuple[float, float]
STEP_KM = 100.0  # one point per 100 km: smooth at print sizes, small in GeoJSON


@dataclass(frozen=True)
class TripRoute:
    """One tour: who, where from, the stops in order, and its path split at the antimeridian."""

    trip_id: str
    traveller: str
    traveller_country: str
    home: tuple[str, float, float] | None  # capital name, lat, lon
    stops: pd.DataFrame  # this trip's stops with coordinates, in stop_order
    segments: list[list[LatLon]]  # (lat, lon) pieces; none crosses ±180°


def has_position(stops: pd.DataFrame) -> pd.Series:
    """Rows that carry both a latitude and a longitude."""
    return stops["lat"].notna() & stops["lon"].notna()


def trip_routes(stops: pd.DataFrame, *, step_km: float = STEP_KM) -> list[TripRoute]:
    """A route per trip among `stops`, in data order (stops without coordinates are left out)."""
    from travelmap.mapping.routes import home_capital, leg_computer, legs_of, tour_points

    leg = leg_computer(step_km=step_km)
    located = stops[has_position(stops)]
    routes: list[TripRoute] = []
    for trip_id, trip in located.groupby("trip_id", sort=False, observed=True):
        trip = trip.sort_values("stop_order", kind="stable")
        first = trip.iloc[0]
        country = str(first["traveller_country"])
        home = home_capital(country)
        points = tour_points([(float(lat), float(lon)) for lat, lon in
                              zip(trip["lat"], trip["lon"], strict=True)], home=home)
        segments = [[(float(lat), float(lon)) for lat, lon in piece]
                    for pieces in legs_of(points, leg=leg) for piece in pieces if len(piece) > 1]
        routes.append(TripRoute(str(trip_id), str(first["traveller"]), country, home, trip,
                                segments))
    return routes
