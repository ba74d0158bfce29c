"""The JSON the page draws from: stops as compact columns, tours with routes, the legend.

Shared by the exported map and the dashboard. Built column by column (no per-row pandas work), so
100,000 stops cost well under a second. Every text from the data stays a JSON string here; the
page's JS shows it with `textContent`, never as HTML or template. Dates travel as day numbers
(days since 1970-01-01, negative before), so 1959 works like 2024.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from travelmap.errors import TravelmapError
from travelmap.mapping.palette import assign_colours
from travelmap.mapping.routes import (
    ROUTE_LEG_LIMIT,
    home_capital,
    leg_computer,
    leg_days,
    leg_pairs,
    step_for,
    tour_points,
)
from travelmap.model import SOURCES_COLUMN, VISIT_TYPES, Source, country_name, safe_url

PAYLOAD_VERSION = 2
EPOCH = date(1970, 1, 1)

# payload["stops"] holds one list per field, all of the same length (index = stop); a text field
# whose values repeat a lot comes as {"table": [distinct values], "codes": [index per stop]}.
STOP_FIELDS: tuple[str, ...] = (
    "lat", "lon", "start", "end", "traveller", "visitType", "tour", "host", "place",
    "counterpart", "outcome", "note", "slot", "slots",
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
    """Days since 1970-01-01 (negative before)."""
    return (day - EPOCH).days


def from_day_number(days: int) -> date:
    return EPOCH + timedelta(days=days)


def _day_numbers(series: pd.Series) -> np.ndarray:
    values = pd.to_datetime(series).to_numpy().astype("datetime64[D]")
    return values.astype("int64")


def _texts(series: pd.Series) -> list[str | None] | dict[str, list[Any]]:
    """Strings, with <NA>/NaN/blank cells as None; as a table + codes when values repeat a lot
    (counterparts, outcomes, places of big data sets), which keeps the page small."""
    text = series.astype("string")
    blank = text.isna() | (text.str.strip() == "")
    values = text.astype(object).where(~blank.fillna(True), None)
    codes, table = pd.factorize(values, use_na_sentinel=False)
    if len(values) < 64 or len(table) > len(values) // 2:
        return values.tolist()
    return {"table": [None if pd.isna(v) else str(v) for v in table], "codes": codes.tolist()}


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def _source_rows(sources: object) -> list[list[str | None]]:
    """[outlet, title, url (http(s) only, else None), published] per source."""
    rows: list[list[str | None]] = []
    if not isinstance(sources, tuple | list):
        return rows
    for source in sources:
        if isinstance(source, Source):
            fields = (source.outlet, source.title, source.url, source.published)
        elif isinstance(source, Mapping):
            fields = (source.get("outlet"), source.get("title"), source.get("url"),
                      source.get("published"))
        else:
            continue
        rows.append([_optional(fields[0]), _optional(fields[1]), safe_url(fields[2]),
                     _optional(fields[3])])
    return rows


def _with_coordinates(stops: pd.DataFrame) -> pd.DataFrame:
    missing = stops["lat"].isna() | stops["lon"].isna()
    if not missing.any():
        return stops
    try:
        from travelmap.geocoding import with_coordinates
    except ImportError:  # pragma: no cover - geocoding is part of the package
        return stops
    # Offline lookups only; what stays unresolved is left out and counted ("unlocated"), and
    # the page says so, rather than no map at all. Callers wanting an error geocode first.
    return with_coordinates(stops, strict=False)


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
    shapes = list(VISIT_TYPES)
    return {
        "travellers": [{"name": name, "colour": colours[name]} for name in travellers],
        "visitTypes": [{"key": key, "label": VISIT_TYPE_LABELS.get(key, key),
                        "shape": shapes.index(key) if key in shapes else len(shapes) - 1}
                       for key in visit_types],
    }


def _codes(series: pd.Series, order: list[str]) -> list[int]:
    """Positions of each value of `series` in `order` (a small vocabulary)."""
    index = {value: i for i, value in enumerate(order)}
    if isinstance(series.dtype, pd.CategoricalDtype):
        lookup = np.array([index.get(str(c), -1) for c in series.cat.categories], dtype="int64")
        return lookup[series.cat.codes.to_numpy()].tolist()
    return [index[value] for value in series.astype(str).tolist()]


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
    travellers = sorted(set(frame["traveller"].astype(str)))
    palette = dict(assign_colours(travellers))
    if colours:
        palette.update({str(k): str(v) for k, v in colours.items() if str(k) in palette})
    types_present = set(frame["visit_type"].astype(str))
    visit_types = [k for k in VISIT_TYPES if k in types_present] + sorted(
        types_present - set(VISIT_TYPES))
    hosts = sorted(set(frame["host_country"].astype(str)))

    lat = frame["lat"].astype("float64").to_numpy().round(4)
    lon = frame["lon"].astype("float64").to_numpy().round(4)
    start = _day_numbers(frame["start_date"])
    end = np.maximum(_day_numbers(frame["end_date"]), start)
    tour_codes, tour_ids = pd.factorize(frame["trip_id"].astype(str), sort=False)

    tours = _tours(frame, tour_codes=tour_codes, tour_ids=list(tour_ids), start=start, end=end,
                   travellers=travellers, routes=routes)

    # same place = same coordinates to ~10 m; an integer key is 6x faster than strings
    place_key = pd.Series((np.round(lat * 1e4).astype("int64") + 900_000) * 3_600_001
                          + (np.round(lon * 1e4).astype("int64") + 1_800_000))
    slot = place_key.groupby(place_key, sort=False).cumcount().to_numpy()
    slots = place_key.map(place_key.value_counts()).to_numpy()

    columns: dict[str, list[Any]] = {
        "lat": lat.tolist(),
        "lon": lon.tolist(),
        "start": start.tolist(),
        "end": end.tolist(),
        "traveller": _codes(frame["traveller"], travellers),
        "visitType": _codes(frame["visit_type"], visit_types),
        "tour": tour_codes.tolist(),
        "host": _codes(frame["host_country"], hosts),
        "slot": slot.tolist(),
        "slots": slots.tolist(),
    }
    for column in TEXT_COLUMNS:
        columns[column] = _texts(frame[column]) if column in frame.columns else [None] * len(frame)

    return {
        "version": PAYLOAD_VERSION,
        "stopCount": len(frame),
        "stops": {field: columns[field] for field in STOP_FIELDS},
        "hosts": [[iso3, country_name(iso3)] for iso3 in hosts],
        "tours": tours["tours"],
        "routesDrawn": tours["routesDrawn"],
        "legCount": tours["legCount"],
        "legend": _legend(travellers, palette, visit_types),
        "dateRange": [int(start.min()), int(end.max())] if len(frame) else None,
        "bounds": _bounds(lat, lon, tours["homes"]),
        "unlocated": unlocated,
    }


def stop_records(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The payload's stops as one dict each (tests, notebooks; the page reads the columns)."""
    columns = {name: ([column["table"][code] for code in column["codes"]]
                      if isinstance(column, dict) else column)
               for name, column in payload["stops"].items()}
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(),
                                                                      strict=True)]


def _bounds(lat: np.ndarray, lon: np.ndarray,
            homes: list[tuple[float, float]]) -> list[list[float]] | None:
    lats = [*lat.tolist(), *(h[0] for h in homes)]
    lons = [*lon.tolist(), *(h[1] for h in homes)]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _tours(frame: pd.DataFrame, *, tour_codes: np.ndarray, tour_ids: list[str], start: np.ndarray,
           end: np.ndarray, travellers: list[str], routes: bool | None) -> dict[str, Any]:
    """One entry per tour: id, traveller, span, sources, home, and the legs of its route."""
    count = len(tour_ids)
    _, first_rows = np.unique(tour_codes, return_index=True)
    tour_start = pd.Series(start).groupby(tour_codes).min().to_numpy()
    tour_end = pd.Series(end).groupby(tour_codes).max().to_numpy()
    traveller_index = {name: i for i, name in enumerate(travellers)}
    traveller = frame["traveller"].astype(str).to_numpy()
    home_country = frame["traveller_country"].astype(str).to_numpy()
    sources = (frame[SOURCES_COLUMN].to_numpy() if SOURCES_COLUMN in frame.columns
               else np.full(len(frame), None))

    homes = [home_capital(str(home_country[row])) for row in first_rows]
    stops_per_tour = np.bincount(tour_codes, minlength=count) if count else np.array([])
    leg_count = int(sum(int(n) + (1 if h else -1) for n, h in zip(stops_per_tour, homes,
                                                                   strict=True)))
    draw = bool(count) and (routes if routes is not None else leg_count <= ROUTE_LEG_LIMIT)

    pairs: list[list[tuple[tuple[float, float], tuple[float, float]]]] = [[] for _ in range(count)]
    days: list[list[int]] = [[] for _ in range(count)]
    if draw:
        points: list[list[tuple[float, float]]] = [[] for _ in range(count)]
        starts: list[list[int]] = [[] for _ in range(count)]
        ends: list[list[int]] = [[] for _ in range(count)]
        order = np.lexsort((frame["_order"].to_numpy(), tour_codes))
        lat = frame["lat"].astype("float64").to_numpy()
        lon = frame["lon"].astype("float64").to_numpy()
        for row in order.tolist():
            points[tour_codes[row]].append((float(lat[row]), float(lon[row])))
            starts[tour_codes[row]].append(int(start[row]))
            ends[tour_codes[row]].append(int(end[row]))
        framed = [tour_points(points[code], home=homes[code]) for code in range(count)]
        pairs = [leg_pairs(tour) for tour in framed]
        days = [leg_days(framed[code], starts[code], ends[code], from_home=homes[code] is not None)
                for code in range(count)]
        leg = leg_computer(step_km=step_for([p for tour in pairs for p in tour]))

    tours: list[dict[str, Any]] = []
    for code in range(count):
        row = int(first_rows[code])
        home = homes[code]
        tours.append({
            "id": tour_ids[code],
            "traveller": traveller_index[traveller[row]],
            "start": int(tour_start[code]),
            "end": int(tour_end[code]),
            "sources": _source_rows(sources[row]),
            "home": None if home is None else [home[0], round(home[1], 4), round(home[2], 4)],
            "legs": [leg(a, b) for a, b in pairs[code]] if draw else [],
            "legDays": days[code],
        })
    too_many = routes is None and not draw and leg_count > ROUTE_LEG_LIMIT
    return {
        "tours": tours,
        "routesDrawn": "too-many" if too_many else draw,
        "legCount": leg_count,
        "homes": [(h[1], h[2]) for h in homes if h is not None] if draw else [],
    }
