"""The JSON the page draws from: stops and tours as typed-array columns, one string table, the
legend and (when drawn) the routes.

Shared by the exported map and the dashboard. Built column by column (no per-row Python over the
stops), so a million stops cost seconds and about 30 bytes each: numbers travel as base64 typed
arrays, every distinct text once in `strings` (front-coded), each distinct position once, and a
tour's facts (id, sources, home) once per
tour, referenced by index from its stops. Every text from the data stays a JSON string; the
page's JS shows it with `textContent`, never as HTML or template. Dates travel as day numbers
(days since 1970-01-01, negative before), so 1959 works like 2024.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from travelmap.days import EPOCH, day_number, day_numbers, from_day_number
from travelmap.errors import TravelmapError
from travelmap.mapping.columns import StringTable, decode_int_column, decode_strings, int_column
from travelmap.mapping.palette import colours_for
from travelmap.mapping.tourtable import TourIndex, home_order, tour_index, tour_sources
from travelmap.model import SOURCES_COLUMN, VISIT_TYPES, country_name
from travelmap.tours import Tours, build_tours, has_position

PAYLOAD_VERSION = 4

# payload["stops"] holds one typed-array column per field (`columns.int_column`), each
# stopCount long (index = stop); a text field holds indices into payload["strings"] (-1: none);
# "position" indexes payload["positions"] (each distinct place name and lat/lon once, with its
# lat, lon and place: stops repeat cities).
STOP_FIELDS: tuple[str, ...] = (
    "position", "start", "end", "traveller", "visitType", "tour", "host",
    "counterpart", "outcome", "note",
)
__all__ = ["EPOCH", "STOP_FIELDS", "day_number", "from_day_number", "stop_records",
           "stops_payload", "tour_records"]
TEXT_COLUMNS: tuple[str, ...] = ("counterpart", "outcome", "note")  # and "place", by position

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


def _prepare(stops: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Checked, deterministically ordered stops with a position, and how many had none.

    Never geocodes: callers place the stops first (`travelmap.geocoding.locate_stops`), and what
    is still without coordinates is counted here, so the page can say how many it leaves out.
    """
    absent = [c for c in REQUIRED_COLUMNS if c not in stops.columns]
    if absent:
        raise TravelmapError(f"the stops table lacks the column(s): {', '.join(absent)}")
    positioned = has_position(stops).to_numpy()
    rows = np.flatnonzero(positioned)
    # by start day, trip id and stop order, as sort_values would (NaT last), on integer keys:
    # sorting a million id strings by themselves costs a second; one copy of the rows, sorted
    order = pd.to_numeric(stops["stop_order"], errors="coerce").fillna(0).to_numpy()[rows]
    days = pd.to_datetime(stops["start_date"]).to_numpy().astype("datetime64[ns]").view("i8")
    days = np.where(days == np.iinfo(np.int64).min, np.iinfo(np.int64).max, days)[rows]
    if not _in_order(days, stops["trip_id"], rows, order):
        trips = pd.factorize(stops["trip_id"], sort=True, use_na_sentinel=False)[0][rows]
        rows = rows[np.lexsort((order, trips, days))]
    # the loader's frame is in this order already: then no copy at all when every stop is placed
    frame = (stops.reset_index(drop=True) if len(rows) == len(stops)
             and np.array_equal(rows, np.arange(len(stops)))
             else stops.take(rows).reset_index(drop=True))
    frame["_row"] = rows
    return frame, int((~positioned).sum())


def _in_order(days: np.ndarray, trip_id: pd.Series, rows: np.ndarray, order: np.ndarray) -> bool:
    """Whether `rows` are already by day, trip id (text order) and stop order, so that the
    stable sort would keep them as they are (the loader sorts its frame so)."""
    if len(rows) < 2:
        return True
    step = np.diff(days)
    if (step < 0).any():
        return False
    try:
        ids = pa.array(trip_id, from_pandas=True).take(pa.array(rows, pa.int64()))
    except (pa.ArrowException, TypeError, ValueError):
        return False
    if ids.null_count or not pa.types.is_string(ids.type) and not pa.types.is_large_string(
            ids.type):
        return False
    before, after = ids.slice(0, len(ids) - 1), ids.slice(1)
    less = pc.less(before, after).to_numpy(zero_copy_only=False)
    same = pc.equal(before, after).to_numpy(zero_copy_only=False)
    return bool(((step > 0) | less | (same & (np.diff(order) >= 0))).all())


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


def _vocabulary(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(code per row, distinct values as text), factorised: each distinct value is turned into
    text once, not once per row (`astype(str)` walks a million Arrow strings for seconds)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    return codes, [str(value) for value in uniques]


def _stop_counts(codes: np.ndarray, uniques: list[str]) -> dict[str, int]:
    """Stops per value (the palette ranks travellers by them), from the factorised codes."""
    counts: dict[str, int] = {}
    for value, count in zip(uniques, np.bincount(codes, minlength=len(uniques)).tolist(),
                            strict=True):
        counts[value] = counts.get(value, 0) + count
    return counts


def _codes(codes: np.ndarray, uniques: list[str], order: list[str]) -> np.ndarray:
    """Each row's position in `order` (a small vocabulary), from its factorised code."""
    index = {value: i for i, value in enumerate(order)}
    return np.array([index[value] for value in uniques], dtype=np.int64)[codes]


def stops_payload(
    stops: pd.DataFrame,
    *,
    colours: Mapping[str, str] | None = None,
    routes: bool | None = None,
    row_ids: bool = False,
) -> dict[str, Any]:
    """The map's data as JSON-ready values (`stop_records` and `tour_records` read it back).

    `colours` maps traveller -> colour (`palette.colours_for`: a dataset's, kept by a subset);
    `routes` True/False forces the tour routes on/off, None draws them up to ROUTE_LEG_LIMIT legs.
    `row_ids` adds each stop's position in `stops` (field "row"): the dashboard selects by it.
    """
    frame, unlocated = _prepare(stops)
    traveller_codes, traveller_values = _vocabulary(frame["traveller"])
    travellers = sorted(set(traveller_values))
    palette = colours_for(_stop_counts(traveller_codes, traveller_values), colours)
    type_codes, type_values = _vocabulary(frame["visit_type"])
    types_present = set(type_values)
    visit_types = [k for k in VISIT_TYPES if k in types_present] + sorted(
        types_present - set(VISIT_TYPES))
    host_codes, host_values = _vocabulary(frame["host_country"])
    hosts = sorted(set(host_values))

    lat = np.round(frame["lat"].astype("float64").to_numpy() * 1e4).astype(np.int64)
    lon = np.round(frame["lon"].astype("float64").to_numpy() * 1e4).astype(np.int64)
    start = day_numbers(frame["start_date"])
    end = np.maximum(day_numbers(frame["end_date"]), start)
    tour_of_stop, tour_ids = pd.factorize(frame["trip_id"], use_na_sentinel=False)
    index = tour_index(frame, tour_of_stop, tour_ids)
    # routes only for few legs: then the Tour objects are few too
    tours = (build_tours(frame, routes=True) if index.draws_routes(routes)
             else Tours((), index.leg_count, drawn=False, too_many=routes is None))

    # same place = same coordinates to ~10 m; stops at one place are spread side by side on
    # the page (its slot of its place's slots, counted there from these positions)
    position, first = _positions(lat, lon, frame["place"])

    strings = StringTable()
    columns: dict[str, dict[str, Any]] = {
        "position": int_column(position),
        "start": int_column(start),
        "end": {**int_column(end - start), "plus": "start"},  # a stop's length in days
        "traveller": int_column(_codes(traveller_codes, traveller_values, travellers)),
        "visitType": int_column(_codes(type_codes, type_values, visit_types)),
        "tour": int_column(tour_of_stop),
        "host": int_column(_codes(host_codes, host_values, hosts)),
    }
    for column in TEXT_COLUMNS:
        columns[column] = strings.text_column(frame[column] if column in frame.columns
                                              else [None] * len(frame))
    if row_ids:
        columns["row"] = int_column(frame["_row"].to_numpy())
    home_list, home_of_tour = home_order(index)
    tour_table, sources = _tours(frame, index, home_of_tour, strings=strings,
                                 traveller=_codes(traveller_codes, traveller_values, travellers))

    return {
        "version": PAYLOAD_VERSION,
        "stopCount": len(frame),
        "stops": {field: columns[field] for field in (*STOP_FIELDS, "row") if field in columns},
        "hosts": [[iso3, country_name(iso3)] for iso3 in hosts],
        "tours": tour_table,
        "sources": sources,
        "homes": [list(home) for home in home_list],
        "routes": _routes(tours) if tours.drawn else None,
        "routesDrawn": "too-many" if tours.too_many else tours.drawn,
        "legCount": tours.leg_count,
        "legend": _legend(travellers, palette, visit_types),
        "dateRange": [int(start.min()), int(end.max())] if len(frame) else None,
        "positions": {"count": len(first), "lat": int_column(lat[first], scale=10_000),
                      "lon": int_column(lon[first], scale=10_000),
                      "place": strings.text_column(frame["place"].iloc[first])},
        "bounds": _bounds(lat / 1e4, lon / 1e4, [(h[1], h[2]) for h in tours.homes]),
        "unlocated": unlocated,
        "strings": strings.finish(),
    }


def _positions(lat: np.ndarray, lon: np.ndarray,
               place: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(each stop's position index, the first stop at each position): distinct (lat/lon, place
    name) pairs numbered in order of first appearance, on integer keys (6x faster than strings).
    """
    at = pd.factorize((lat + 900_000) * 3_600_001 + (lon + 1_800_000))[0]
    names = pd.factorize(place, use_na_sentinel=False)[0]
    codes = pd.factorize(at * (int(names.max(initial=0)) + 1) + names)[0]
    return codes, np.unique(codes, return_index=True)[1]


def _column(payload: dict[str, Any], column: dict[str, Any], count: int,
            decoded: dict[str, np.ndarray]) -> list[Any]:
    values = decode_int_column(column, count)
    if column.get("plus"):
        values = values + decoded[column["plus"]]
    if column.get("text"):
        return [None if code < 0 else payload["strings"][code] for code in values.tolist()]
    return values.tolist()


def stop_records(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The payload's stops as one dict each, as the page decodes them (tests, notebooks): with
    lat/lon, and slot/slots (its place among the stops at the same position)."""
    count = payload["stopCount"]
    payload = {**payload, "strings": decode_strings(payload["strings"])}
    decoded: dict[str, np.ndarray] = {}
    columns: dict[str, list[Any]] = {}
    stops = payload["stops"]
    for name in sorted(stops, key=lambda name: bool(stops[name].get("plus"))):  # bases first
        columns[name] = _column(payload, stops[name], count, decoded)
        decoded[name] = np.asarray(columns[name]) if not stops[name].get("text") else np.empty(0)
    columns = {name: columns[name] for name in stops}
    places = payload["positions"]
    position = decoded["position"].astype(np.int64)
    names = _column(payload, places["place"], places["count"], {})
    columns["place"] = [names[k] for k in position.tolist()]
    columns["lat"] = decode_int_column(places["lat"], places["count"])[position].tolist()
    columns["lon"] = decode_int_column(places["lon"], places["count"])[position].tolist()
    at = pd.Series(list(zip(columns["lat"], columns["lon"], strict=True)), dtype=object)
    columns["slot"] = at.groupby(at).cumcount().tolist()  # side by side at the same lat/lon
    columns["slots"] = at.map(at.value_counts()).tolist()
    return [dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)]


def tour_records(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The payload's tours as one dict each, as the page decodes them (tests, notebooks): id,
    traveller, start and end (its first and last day), sources, home, legs, legDays, legEnds."""
    stops = stop_records(payload)
    payload = {**payload, "strings": decode_strings(payload["strings"])}
    table, count = payload["tours"], payload["tours"]["count"]
    ids = _column(payload, table["id"], count, {})
    traveller = decode_int_column(table["traveller"], count).tolist()
    home = decode_int_column(table["home"], count).tolist()
    source_count = decode_int_column(table["sourceCount"], count).tolist()
    src = payload["sources"]
    fields = [_column(payload, src[name], src["count"], {})
              for name in ("outlet", "title", "url", "published")]
    rows = [list(row) for row in zip(*fields, strict=True)]
    first = {t: None for t in range(count)}
    last = dict(first)
    for stop in stops:
        t = stop["tour"]
        first[t] = stop["start"] if first[t] is None else min(first[t], stop["start"])
        last[t] = stop["end"] if last[t] is None else max(last[t], stop["end"])
    routes = payload["routes"] or [{"legs": [], "legDays": [], "legEnds": []}] * count
    records, offset = [], 0
    for t in range(count):
        records.append({
            "id": ids[t], "traveller": traveller[t], "start": first[t], "end": last[t],
            "sources": rows[offset:offset + source_count[t]],
            "home": None if home[t] < 0 else payload["homes"][home[t]], **routes[t]})
        offset += source_count[t]
    return records


def _bounds(lat: np.ndarray, lon: np.ndarray,
            homes: list[tuple[float, float]]) -> list[list[float]] | None:
    lats = [float(lat.min()), float(lat.max()), *(h[0] for h in homes)] if len(lat) else []
    lons = [float(lon.min()), float(lon.max()), *(h[1] for h in homes)] if len(lon) else []
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _routes(tours: Tours) -> list[dict[str, Any]]:
    """Per tour: its legs (pieces of [lat, lon] points), the day each is travelled and the stops
    at their ends (HOME = -1), so a page can draw only the legs of the stops shown. Only when
    the routes are drawn: up to ROUTE_LEG_LIMIT legs, never per stop of a big data set."""
    return [{"legs": [[[list(point) for point in piece] for piece in leg] for leg in tour.legs],
             "legDays": list(tour.leg_days),
             "legEnds": [list(ends) for ends in tour.leg_ends],
             # how each leg was travelled, only where the sources say for some leg
             **({"legModes": list(tour.leg_modes)} if any(tour.leg_modes) else {})}
            for tour in tours.tours]


def _tours(frame: pd.DataFrame, index: TourIndex, home_of_tour: np.ndarray, *,
           strings: StringTable, traveller: np.ndarray) -> tuple[dict[str, Any], dict[str, Any]]:
    """The tour table (id, traveller, home, how many sources) and the source table (outlet,
    title, url, published; each tour's sources in a run, tour by tour), as columns: a tour's
    facts are written once, however many stops it has, and come from its first stop. A tour's
    start and end the page takes from its stops. `traveller`: each stop's index in the legend."""
    cells = (frame[SOURCES_COLUMN].to_numpy()[index.firsts] if SOURCES_COLUMN in frame.columns
             else np.full(len(index.firsts), None))
    counts, fields = tour_sources(cells)
    table = {
        "count": len(index.firsts),
        "id": strings.text_column(index.ids),
        "traveller": int_column(traveller[index.firsts]),
        "home": int_column(home_of_tour),
        "sourceCount": int_column(counts),
    }
    source_table = {"count": len(fields[0]), **{
        name: strings.text_column(values)
        for name, values in zip(("outlet", "title", "url", "published"), fields, strict=True)}}
    return table, source_table
