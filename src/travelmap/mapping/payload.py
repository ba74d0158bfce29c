"""The JSON the page draws from: stops as one compact array, tours with routes, the legend.

Shared by the exported map and the dashboard. Built column by column (no per-row pandas work), so
100,000 stops cost well under a second. Every text from the data stays a JSON string here; the
page's JS shows it with `textContent`, never as HTML or template.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from travelmap.errors import TravelmapError
from travelmap.mapping.humandates import format_span
from travelmap.mapping.palette import assign_colours
from travelmap.mapping.routes import (
    COARSE_STEP_KM,
    ROUTE_LEG_LIMIT,
    STEP_KM,
    home_capital,
    leg_computer,
    legs_of,
    tour_points,
)
from travelmap.model import SOURCES_COLUMN, VISIT_TYPES

PAYLOAD_VERSION = 1
EPOCH = date(1970, 1, 1)

# The order of the values in each row of payload["stops"]; the page reads them by these names.
STOP_FIELDS: tuple[str, ...] = (
    "lat", "lon", "start", "end", "traveller", "visitType", "tour", "place", "host",
    "hostName", "counterpart", "outcome", "note", "dates", "slot", "slots",
)
TEXT_COLUMNS: tuple[str, ...] = ("place", "counterpart", "outcome", "note")

VISIT_TYPE_LABELS: dict[str, str] = {
    "state": "State visit",
    "official": "Official visit",
    "working": "Working visit",
    "summit": "Summit",
    "multilateral": "Multilateral meeting",
    "private": "Private visit",
    "transit": "Transit",
    "other": "Other",
}

REQUIRED_COLUMNS: tuple[str, ...] = (
    "trip_id", "stop_order", "traveller", "traveller_country", "host_country", "place",
    "start_date", "end_date", "visit_type", "lat", "lon",
)


def day_number(day: date) -> int:
    """Days since 1970-01-01 (negative before): the page's date unit, so 1959 works like 2024."""
    return (day - EPOCH).days


def from_day_number(days: int) -> date:
    return EPOCH + timedelta(days=days)


def _day_numbers(series: pd.Series) -> np.ndarray:
    values = pd.to_datetime(series).to_numpy().astype("datetime64[D]")
    return values.astype("int64")


def _texts(series: pd.Series) -> list[str | None]:
    """Strings, with <NA>/NaN/blank as None."""
    out: list[str | None] = []
    for value in series.astype(object).tolist():
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            out.append(None)
        else:
            text = str(value)
            out.append(text if text.strip() else None)
    return out


@cache
def country_name(iso3: str) -> str:
    """The common English name of an ISO alpha-3 code, or the code itself when unknown."""
    try:
        import pycountry

        found = pycountry.countries.get(alpha_3=iso3)
    except (ImportError, LookupError, KeyError):
        found = None
    if found is None:
        return iso3
    return str(getattr(found, "common_name", None) or found.name)


def _safe_url(url: object) -> str | None:
    text = str(url).strip() if url is not None else ""
    return text if text.lower().startswith(("http://", "https://")) else None


def _source_rows(sources: object) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    if not isinstance(sources, tuple | list):
        return rows
    for source in sources:
        get = source.get if isinstance(source, Mapping) else lambda k, s=source: getattr(s, k, None)
        rows.append([
            None if get("outlet") is None else str(get("outlet")),
            None if get("title") is None else str(get("title")),
            _safe_url(get("url")),
            None if get("published") is None else str(get("published")),
        ])
    return rows


def _with_coordinates(stops: pd.DataFrame) -> pd.DataFrame:
    missing = stops["lat"].isna() | stops["lon"].isna()
    if not missing.any():
        return stops
    try:
        from travelmap.geocoding import with_coordinates
    except ImportError:  # pragma: no cover - geocoding is part of the package
        return stops
    return with_coordinates(stops)


def _prepare(stops: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Checked, located, deterministically ordered stops, and how many had no position."""
    absent = [c for c in REQUIRED_COLUMNS if c not in stops.columns]
    if absent:
        raise TravelmapError(f"the stops table lacks the column(s): {', '.join(absent)}")
    located = _with_coordinates(stops)
    has_position = located["lat"].notna() & located["lon"].notna()
    frame = located[has_position].copy()
    frame["_order"] = pd.to_numeric(frame["stop_order"], errors="coerce").fillna(0)
    frame = frame.sort_values(["start_date", "trip_id", "_order"], kind="stable")
    return frame.reset_index(drop=True), int((~has_position).sum())


def _legend(travellers: list[str], colours: Mapping[str, str],
            visit_types: list[str]) -> dict[str, Any]:
    return {
        "travellers": [{"name": name, "colour": colours[name]} for name in travellers],
        "visitTypes": [{"key": key, "label": VISIT_TYPE_LABELS.get(key, key),
                        "shape": list(VISIT_TYPES).index(key) if key in VISIT_TYPES else 7}
                       for key in visit_types],
    }


def stops_payload(
    stops: pd.DataFrame,
    *,
    colours: Mapping[str, str] | None = None,
    routes: bool | None = None,
) -> dict[str, Any]:
    """The map's data as plain JSON-ready values.

    `colours` maps traveller -> colour (default: `assign_colours` over the travellers present);
    `routes` True/False forces the tour routes on/off, None draws them up to ROUTE_LEG_LIMIT legs.
    """
    frame, unlocated = _prepare(stops)
    travellers = sorted({str(t) for t in frame["traveller"].astype(object)})
    palette = dict(assign_colours(travellers))
    if colours:
        palette.update({str(k): str(v) for k, v in colours.items()})
    types_present = {str(v) for v in frame["visit_type"].astype(object)}
    visit_types = [k for k in VISIT_TYPES if k in types_present] + sorted(
        types_present - set(VISIT_TYPES))
    traveller_index = {name: i for i, name in enumerate(travellers)}
    type_index = {key: i for i, key in enumerate(visit_types)}

    lat = frame["lat"].astype("float64").round(5).to_numpy()
    lon = frame["lon"].astype("float64").round(5).to_numpy()
    start = _day_numbers(frame["start_date"])
    end = np.maximum(_day_numbers(frame["end_date"]), start)
    tour_codes, tour_ids = pd.factorize(frame["trip_id"].astype(str), sort=False)

    tours = _tours(frame, tour_codes=tour_codes, tour_ids=list(tour_ids), start=start, end=end,
                   traveller_index=traveller_index, routes=routes)

    place_key = pd.Series(np.round(lat, 3)).astype(str) + "," + pd.Series(np.round(lon, 3)).astype(
        str)
    slot = place_key.groupby(place_key, sort=False).cumcount().to_numpy()
    slots = place_key.map(place_key.value_counts()).to_numpy()

    hosts = [str(h) for h in frame["host_country"].astype(object)]
    date_cache: dict[tuple[int, int], str] = {}

    def dates(a: int, b: int) -> str:
        key = (a, b)
        if key not in date_cache:
            date_cache[key] = format_span(start=from_day_number(a), end=from_day_number(b))
        return date_cache[key]

    columns: dict[str, list[Any]] = {
        "lat": lat.tolist(),
        "lon": lon.tolist(),
        "start": start.tolist(),
        "end": end.tolist(),
        "traveller": [traveller_index[str(t)] for t in frame["traveller"].astype(object)],
        "visitType": [type_index[str(v)] for v in frame["visit_type"].astype(object)],
        "tour": tour_codes.tolist(),
        "host": hosts,
        "hostName": [country_name(h) for h in hosts],
        "dates": [dates(a, b) for a, b in zip(start.tolist(), end.tolist(), strict=True)],
        "slot": slot.tolist(),
        "slots": slots.tolist(),
    }
    for column in TEXT_COLUMNS:
        columns[column] = _texts(frame[column]) if column in frame.columns else [None] * len(frame)
    rows = [list(row) for row in zip(*(columns[f] for f in STOP_FIELDS), strict=True)]

    return {
        "version": PAYLOAD_VERSION,
        "stopFields": list(STOP_FIELDS),
        "stops": rows,
        "tours": tours["tours"],
        "routesDrawn": tours["routesDrawn"],
        "legCount": tours["legCount"],
        "legend": _legend(travellers, palette, visit_types),
        "dateRange": [int(start.min()), int(end.max())] if len(frame) else None,
        "bounds": _bounds(lat, lon, tours["homes"]),
        "unlocated": unlocated,
    }


def _bounds(lat: np.ndarray, lon: np.ndarray,
            homes: list[tuple[float, float]]) -> list[list[float]] | None:
    lats = [*lat.tolist(), *(h[0] for h in homes)]
    lons = [*lon.tolist(), *(h[1] for h in homes)]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _tours(frame: pd.DataFrame, *, tour_codes: np.ndarray, tour_ids: list[str], start: np.ndarray,
           end: np.ndarray, traveller_index: Mapping[str, int],
           routes: bool | None) -> dict[str, Any]:
    """One entry per tour: id, traveller, span, sources, and the legs of its route."""
    count = len(tour_ids)
    first_rows = np.full(count, -1, dtype="int64")
    if count:
        _, firsts = np.unique(tour_codes, return_index=True)
        first_rows[: len(firsts)] = firsts
    tour_start = pd.Series(start).groupby(tour_codes).min().to_numpy() if count else []
    tour_end = pd.Series(end).groupby(tour_codes).max().to_numpy() if count else []
    traveller = frame["traveller"].astype(object).tolist()
    home_country = frame["traveller_country"].astype(object).tolist()
    sources = (frame[SOURCES_COLUMN].tolist() if SOURCES_COLUMN in frame.columns
               else [()] * len(frame))

    homes = [home_capital(str(home_country[row])) for row in first_rows]
    leg_count = int(len(frame) + sum(1 if h else -1 for h in homes))
    draw = routes if routes is not None else leg_count <= ROUTE_LEG_LIMIT

    points: list[list[tuple[float, float]]] = [[] for _ in range(count)]
    if draw:
        order = np.lexsort((frame["_order"].to_numpy(), tour_codes))
        lat = frame["lat"].astype("float64").to_numpy()
        lon = frame["lon"].astype("float64").to_numpy()
        for row in order.tolist():
            points[tour_codes[row]].append((float(lat[row]), float(lon[row])))
        leg = leg_computer(step_km=STEP_KM if leg_count <= 1_000 else COARSE_STEP_KM)

    tours: list[dict[str, Any]] = []
    for code in range(count):
        row = int(first_rows[code])
        home = homes[code]
        entry: dict[str, Any] = {
            "id": tour_ids[code],
            "traveller": traveller_index[str(traveller[row])],
            "start": int(tour_start[code]),
            "end": int(tour_end[code]),
            "sources": _source_rows(sources[row]),
            "home": None if home is None else [home[0], round(home[1], 4), round(home[2], 4)],
            "legs": [],
        }
        if draw:
            entry["legs"] = legs_of(tour_points(points[code], home=home), leg=leg)
        tours.append(entry)
    used_homes = [(h[1], h[2]) for h in homes if h is not None] if draw else []
    if draw and not tours:
        draw = False
    if draw is False and routes is None and leg_count > ROUTE_LEG_LIMIT:
        drawn_state: bool | str = "too-many"
    else:
        drawn_state = bool(draw)
    return {"tours": tours, "routesDrawn": drawn_state, "legCount": leg_count, "homes": used_homes}
