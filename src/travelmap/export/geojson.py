"""The GeoJSON export (RFC 7946): stops as Points, each trip's route as a (Multi)LineString.

RFC 7946 wants [longitude, latitude] order, WGS84 without a `crs` member, and lines that cross the
antimeridian cut in two (section 3.1.9); routes come pre-split from the tour model
(`travelmap.tours`), the same routes every other output draws.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from travelmap.model import COORD_SOURCE_COLUMN, SOURCES_COLUMN, STOP_COLUMNS
from travelmap.tours import Piece, Tour, build_tours

PRECISION = 6  # decimal places: ~0.1 m, RFC 7946 section 11.2
INDENT_UP_TO = 2_000  # features
SKIPPED = frozenset({"lat", "lon", SOURCES_COLUMN})


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO strings, missing values as null."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def _position(lat: float, lon: float) -> list[float]:
    return [round(float(lon), PRECISION), round(float(lat), PRECISION)]


def _sources(value: Any) -> list[dict[str, str | None]]:
    return [source.as_dict() for source in (value or ())]


def stop_feature(record: dict[str, Any]) -> dict[str, Any]:
    """A stop as a Point feature; a stop without coordinates keeps a null geometry (RFC 3.2)."""
    properties = {c: _plain(record.get(c)) for c in STOP_COLUMNS if c not in SKIPPED}
    if COORD_SOURCE_COLUMN in record:
        properties[COORD_SOURCE_COLUMN] = _plain(record[COORD_SOURCE_COLUMN])
    properties["kind"] = "stop"
    properties["sources"] = _sources(record.get(SOURCES_COLUMN))
    lat, lon = _plain(record.get("lat")), _plain(record.get("lon"))
    geometry = None if lat is None or lon is None else {
        "type": "Point", "coordinates": _position(lat, lon)}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _line_geometry(segments: list[Piece]) -> dict[str, Any]:
    lines = [[_position(lat, lon) for lat, lon in segment] for segment in segments]
    if len(lines) == 1:
        return {"type": "LineString", "coordinates": lines[0]}
    return {"type": "MultiLineString", "coordinates": lines}


def route_feature(stops: pd.DataFrame, tour: Tour) -> dict[str, Any]:
    """A trip's route from the home capital through its stops and back, as one feature."""
    rows = stops.iloc[list(tour.rows)]
    sources = rows[SOURCES_COLUMN].iloc[0] if SOURCES_COLUMN in rows.columns else ()
    properties = {
        "kind": "route",
        "trip_id": tour.trip_id,
        "traveller": tour.traveller,
        "traveller_country": tour.traveller_country,
        "home": tour.home[0] if tour.home else None,
        "places": [str(p) for p in rows["place"]],
        "host_countries": list(dict.fromkeys(str(c) for c in rows["host_country"])),
        "start_date": _plain(rows["start_date"].min()),
        "end_date": _plain(rows["end_date"].max()),
        "sources": _sources(sources),
        # how each leg was travelled (home first, home last), null where the sources do not say
        "travel_modes": [mode or None for mode in tour.leg_modes],
    }
    return {"type": "Feature", "geometry": _line_geometry(tour.pieces), "properties": properties}


def stops_geojson(stops: pd.DataFrame, *, routes: bool = True) -> dict[str, Any]:
    """A FeatureCollection of the stops and their trips' routes; reused by the dashboard.

    Stops without coordinates keep a null geometry (RFC 7946 section 3.2); nothing is geocoded
    here. Every trip's route is included, however many: the maps' leg limit (ROUTE_LEG_LIMIT)
    keeps a browser fast, but a GeoJSON file is data for GIS tools, and a route left out of it
    would be lost silently. The tour model samples routes to a fixed point budget, so the file
    stays bounded. `routes=False` leaves them out.

    >>> collection = stops_geojson(load_trips())          # doctest: +SKIP
    >>> collection["features"][0]["geometry"]["coordinates"]  # [lon, lat]  # doctest: +SKIP
    [116.4074, 39.9042]
    """
    features = [stop_feature(record) for record in stops.to_dict(orient="records")]
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if routes:
        tours = build_tours(stops, routes=True)
        features += [route_feature(stops, tour) for tour in tours.tours if tour.legs]
    return collection


def render_geojson(stops: pd.DataFrame, **_: object) -> str:
    """Writer used by `travelmap.export.export`: UTF-8 JSON, keys in a stable order; indented
    (diffable) for small selections, compact for big ones."""
    collection = stops_geojson(stops)
    if len(collection["features"]) <= INDENT_UP_TO:
        return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
