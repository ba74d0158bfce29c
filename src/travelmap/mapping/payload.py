"""The JSON the page draws from: stops as compact columns, tours with routes, the legend.

Shared by the exported map and the dashboard. Built column by column (no per-row pandas work), so
100,000 stops cost well under a second. Every text from the data stays a JSON string here; the
page's JS shows it with `textContent`, never as HTML or template. Dates travel as day numbers
(days since 1970-01-01, negative before), so 1959 works like 2024.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from travelmap.days import EPOCH, day_number, day_numbers, from_day_number
from travelmap.errors import TravelmapError
from travelmap.mapping.palette import colours_for
from travelmap.model import SOURCES_COLUMN, VISIT_TYPES, Source, country_name, safe_url
from travelmap.tours import Tours, build_tours, has_position

PAYLOAD_VERSION = 3

# payload["stops"] holds one list per field, all of the same length (index = stop); a text field
# whose values repeat a lot comes as {"table": [distinct values], "codes": [index per stop]}.
STOP_FIELDS: tuple[str, ...] = (
    "lat", "lon", "start", "end", "traveller", "visitType", "tour", "host", "place",
    "counterpart", "outcome", "note", "slot", "slots",
)
__all__ = ["EPOCH", "STOP_FIELDS", "day_number", "from_day_number", "stop_records",
           "stops_payload"]
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


def _prepare(stops: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Checked, deterministically ordered stops with a position, and how many had none.

    Never geocodes: callers place the stops first (`travelmap.geocoding.locate_stops`), and what
    is still without coordinates is counted here, so the page can say how many it leaves out.
    """
    absent = [c for c in REQUIRED_COLUMNS if c not in stops.columns]
    if absent:
        raise TravelmapError(f"the stops table lacks the column(s): {', '.join(absent)}")
    positioned = has_position(stops)
    frame = stops[positioned].copy()
    frame["_row"] = np.flatnonzero(positioned.to_numpy())
    frame["_order"] = pd.to_numeric(frame["stop_order"], errors="coerce").fillna(0)
    frame = frame.sort_values(["start_date", "trip_id", "_order"], kind="stable")
    return frame.reset_index(drop=True), int((~positioned).sum())


def payload_rows(stops: pd.DataFrame) -> np.ndarray:
    """For each stop of the payload, in its order, the row of `stops` it came from: what maps
    a row-anchored thing (an annotation) onto the page's stop index."""
    return _prepare(stops)[0]["_row"].to_numpy()


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
    row_ids: bool = False,
) -> dict[str, Any]:
    """The map's data as plain JSON-ready values.

    `colours` maps traveller -> colour (`palette.colours_for`: a dataset's, kept by a subset);
    `routes` True/False forces the tour routes on/off, None draws them up to ROUTE_LEG_LIMIT legs.
    `row_ids` adds each stop's position in `stops` (field "row"): the dashboard selects by it.
    """
    frame, unlocated = _prepare(stops)
    travellers = sorted(set(frame["traveller"].astype(str)))
    palette = colours_for(travellers, colours)
    types_present = set(frame["visit_type"].astype(str))
    visit_types = [k for k in VISIT_TYPES if k in types_present] + sorted(
        types_present - set(VISIT_TYPES))
    hosts = sorted(set(frame["host_country"].astype(str)))

    lat = frame["lat"].astype("float64").to_numpy().round(4)
    lon = frame["lon"].astype("float64").to_numpy().round(4)
    start = day_numbers(frame["start_date"])
    end = np.maximum(day_numbers(frame["end_date"]), start)
    tours = build_tours(frame, routes=routes)
    tour_of_stop = np.zeros(len(frame), dtype="int64")
    for code, tour in enumerate(tours.tours):
        tour_of_stop[list(tour.rows)] = code

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
        "tour": tour_of_stop.tolist(),
        "host": _codes(frame["host_country"], hosts),
        "slot": slot.tolist(),
        "slots": slots.tolist(),
    }
    if row_ids:
        columns["row"] = frame["_row"].tolist()
    for column in TEXT_COLUMNS:
        columns[column] = _texts(frame[column]) if column in frame.columns else [None] * len(frame)

    return {
        "version": PAYLOAD_VERSION,
        "stopCount": len(frame),
        "stops": {field: columns[field] for field in (*STOP_FIELDS, "row") if field in columns},
        "hosts": [[iso3, country_name(iso3)] for iso3 in hosts],
        "tours": _tours(frame, tours=tours, travellers=travellers,
                        start=pd.Series(start).groupby(tour_of_stop).min().to_numpy(),
                        end=pd.Series(end).groupby(tour_of_stop).max().to_numpy()),
        "routesDrawn": "too-many" if tours.too_many else tours.drawn,
        "legCount": tours.leg_count,
        "legend": _legend(travellers, palette, visit_types),
        "dateRange": [int(start.min()), int(end.max())] if len(frame) else None,
        "bounds": _bounds(lat, lon, [(h[1], h[2]) for h in tours.homes]),
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


def _tours(frame: pd.DataFrame, *, tours: Tours, start: np.ndarray, end: np.ndarray,
           travellers: list[str]) -> list[dict[str, Any]]:
    """One entry per tour (`start`/`end`: its first and last day, by tour): id, traveller, span,
    sources, home, and its legs with their days and
    the stops at their ends (HOME = -1), so a page can draw only the legs of the stops shown."""
    traveller_index = {name: i for i, name in enumerate(travellers)}
    sources = (frame[SOURCES_COLUMN].to_numpy() if SOURCES_COLUMN in frame.columns
               else np.full(len(frame), None))
    entries: list[dict[str, Any]] = []
    for code, tour in enumerate(tours.tours):
        home = tour.home
        entries.append({
            "id": tour.trip_id,
            "traveller": traveller_index[tour.traveller],
            "start": int(start[code]),
            "end": int(end[code]),
            "sources": _source_rows(sources[tour.rows[0]]),
            "home": None if home is None else [home[0], round(home[1], 4), round(home[2], 4)],
            "legs": [[[list(point) for point in piece] for piece in leg] for leg in tour.legs],
            "legDays": list(tour.leg_days),
            "legEnds": [list(ends) for ends in tour.leg_ends],
        })
    return entries
