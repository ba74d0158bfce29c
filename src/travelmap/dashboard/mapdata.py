"""The compact JSON the dashboard map draws from: one small array per stop, sent once per dataset.

A slider move then only sends the ids of the visible stops (the DataFrame's positional index), so
the browser never receives or parses the stops again; see `frontend/trip_map.js`.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import pandas as pd


def traveller_colours(travellers: list[str]) -> dict[str, str]:
    """Each traveller's colour: the exported map's palette, for the dashboard map, legend, charts.

    Given every traveller of the dataset (not only the visible ones), so filters never recolour.
    """
    from travelmap.mapping.palette import assign_colours

    return assign_colours(travellers)


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else round(number, 5)


def stop_labels(stops: pd.DataFrame) -> list[str]:
    """'Pyongyang, 18–19 Jun 2024 · Vladimir Putin': each stop's tooltip, as plain text."""
    start, end = stops["start_date"], stops["end_date"]
    same_day = start == end
    same_month = (start.dt.year == end.dt.year) & (start.dt.month == end.dt.month)
    end_text = end.dt.day.astype(str) + end.dt.strftime(" %b %Y")
    start_text = start.dt.day.astype(str) + start.dt.strftime(" %b %Y")
    when = (start_text + " – " + end_text).where(~same_month,
                                                  start.dt.day.astype(str) + "–" + end_text)
    when = when.where(~same_day, start_text)
    return (stops["place"].astype(str) + ", " + when + " · "
            + stops["traveller"].astype(str)).tolist()


def map_dataset(stops: pd.DataFrame) -> dict[str, Any]:
    """Every stop as [lat, lon, trip index, traveller index, label, stop order], by position.

    `stops` must have a RangeIndex (0..n-1): ids sent to and from the browser are positions.
    """
    trips = list(dict.fromkeys(stops["trip_id"].astype(str)))
    travellers = sorted(dict.fromkeys(stops["traveller"].astype(str)))
    trip_index = {trip: i for i, trip in enumerate(trips)}
    traveller_index = {name: i for i, name in enumerate(travellers)}
    rows = [
        [_number(lat), _number(lon), trip_index[str(trip)], traveller_index[str(who)],
         label, int(order)]
        for lat, lon, trip, who, label, order in zip(
            stops["lat"], stops["lon"], stops["trip_id"], stops["traveller"],
            stop_labels(stops), stops["stop_order"], strict=True)
    ]
    colours = traveller_colours(travellers)
    return {"version": 1, "trips": trips, "travellers": travellers,
            "colours": [colours[name] for name in travellers], "stops": rows,
            "homes": trip_homes(stops, trips)}


def trip_homes(stops: pd.DataFrame, trips: list[str]) -> list[list[float] | None]:
    """[lat, lon] of each trip's home capital (None when unknown), so the dashboard frames a tour
    as the exported map does: from home, through the stops, back home."""
    from travelmap.tours import home_capital

    country_of = dict(zip(stops["trip_id"].astype(str), stops["traveller_country"].astype(str),
                          strict=True))
    homes: list[list[float] | None] = []
    for trip in trips:
        home = home_capital(country_of[trip])
        homes.append(None if home is None else [round(home[1], 5), round(home[2], 5)])
    return homes


def encode_dataset(dataset: dict[str, Any]) -> tuple[str, bytes]:
    """The dataset as JSON bytes and a short content hash, used as its file name."""
    data = json.dumps(dataset, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16], data


def visible_ids(shown: pd.DataFrame) -> list[int]:
    """Positions of the stops left after filtering, as plain ints for JSON."""
    return [int(i) for i in shown.index]
