"""Annotations: callout texts tied to a stop or a place, from a small CSV a reporter edits.

A map that tells a story points at things: "Treaty signed here", "First visit since 2000". Each
row gives the text and what it points at, in this order of precedence: a stop (`trip_id` and
`stop_order`), a place named in the trips (`place`, optionally `host_country`: its first
located stop), or a position (`lat`, `lon`). The HTML map shows a callout tied to its stop
while that stop is shown; the static map draws it with a leader line. Every problem is reported
with file, row and column, like the trips.

    text,trip_id,stop_order,place,host_country,lat,lon
    "Treaty signed",putin-2024-06-dprk-vietnam,1,,,,
    "Summit",,,Vladivostok,RUS,,
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from travelmap.errors import Problem, ValidationError
from travelmap.validation import hidden_character_problem

ANNOTATION_COLUMNS = ("text", "trip_id", "stop_order", "place", "host_country", "lat", "lon")
MAX_ANNOTATIONS = 200
MAX_TEXT_CHARS = 200  # a callout, not an article: longer texts belong in the caption or story


@dataclass(frozen=True)
class Annotation:
    """A callout: its text, where it points, and the stop it belongs to (its row in the stops
    it was resolved against), if any."""

    text: str
    lat: float
    lon: float
    stop: int | None = None


def load_annotations(path: str | Path, *, stops: pd.DataFrame) -> list[Annotation]:
    """The annotations of a CSV, anchored in `stops` (placed: lat/lon filled where known).
    Raises `ValidationError` listing every problem with file, row and column."""
    from travelmap.loading import read_side_table

    table, problems = read_side_table(path, required="text", max_rows=MAX_ANNOTATIONS,
                                      too_many=f"at most {MAX_ANNOTATIONS} annotations per map")
    file = table.file
    index = _StopIndex(stops)
    found: list[Annotation] = []
    for row, cells in table.rows:
        before = len(problems)

        def fault(column: str, message: str, row: int = row) -> None:
            problems.append(Problem(file, row, column, message))

        text = cells.get("text", "")
        if not text:
            fault("text", "is empty; every annotation needs a text")
        elif len(text) > MAX_TEXT_CHARS:
            fault("text", f"has {len(text)} characters; a callout has at most "
                          f"{MAX_TEXT_CHARS} (longer texts go in the caption or a story)")
        for column in ("text", "place"):
            hidden = hidden_character_problem(cells.get(column, ""))
            if hidden:
                fault(column, hidden)
        anchor = index.anchor(cells)
        if isinstance(anchor, tuple) and isinstance(anchor[0], str):
            fault(anchor[0], anchor[1])  # type: ignore[arg-type]
        if len(problems) > before:
            continue
        lat, lon, stop = anchor  # type: ignore[misc]
        found.append(Annotation(text, lat, lon, stop))
    if not table.rows:
        problems.append(Problem(file, 2, None, "the file has no annotations"))
    if problems:
        raise ValidationError(problems)
    return found


class _StopIndex:
    """Finds the stop (or place) an annotation row names."""

    def __init__(self, stops: pd.DataFrame) -> None:
        self.stops = stops.reset_index(drop=True)
        self.trips = self.stops["trip_id"].astype(str)
        self.orders = pd.to_numeric(self.stops["stop_order"], errors="coerce")
        self.places = self.stops["place"].astype(str).str.casefold().str.strip()
        self.hosts = self.stops["host_country"].astype(str).str.upper()
        self.located = self.stops["lat"].notna() & self.stops["lon"].notna()

    def anchor(self, cells: dict[str, str]) -> tuple[float, float, int | None] | tuple[str, str]:
        """(lat, lon, stop row or None), or (column, what is wrong)."""
        trip, order = cells.get("trip_id", ""), cells.get("stop_order", "")
        if trip or order:
            return self._stop(trip, order)
        place = cells.get("place", "")
        if place:
            return self._place(place, cells.get("host_country", ""))
        lat_text, lon_text = cells.get("lat", ""), cells.get("lon", "")
        if lat_text or lon_text:
            return _position(lat_text, lon_text)
        return ("text", "points at nothing: give trip_id and stop_order, a place, or lat and lon")

    def _stop(self, trip: str, order: str) -> tuple[float, float, int] | tuple[str, str]:
        if not trip:
            return ("trip_id", "is empty but stop_order is given; give both")
        if not order.isdigit():
            return ("stop_order", f"{order!r} is not a stop number (1, 2, 3...)")
        rows = self.stops.index[(self.trips == trip) & (self.orders == int(order))]
        if not len(rows):
            return ("stop_order", f"trip {trip!r} has no stop {order} in the trips shown")
        return self._located(int(rows[0]), "stop_order")

    def _place(self, place: str, host: str) -> tuple[float, float, int] | tuple[str, str]:
        named = self.places == place.casefold().strip()
        match = named & (self.hosts == host.upper()) if host else named
        rows = self.stops.index[match & self.located]
        if not len(rows):
            where = f" in {host.upper()}" if host else ""
            column = "host_country" if host and named.any() else "place"
            return (column, f"no located stop at {place!r}{where} in the trips shown")
        return self._located(int(rows[0]), "place")

    def _located(self, row: int, column: str) -> tuple[float, float, int] | tuple[str, str]:
        if not bool(self.located.iloc[row]):
            return (column, "that stop has no position yet: run travelmap geocode first")
        return float(self.stops["lat"].iloc[row]), float(self.stops["lon"].iloc[row]), row


def _position(lat_text: str, lon_text: str) -> tuple[float, float, None] | tuple[str, str]:
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        column = "lat" if not _is_number(lat_text) else "lon"
        return (column, "give lat and lon as numbers in degrees")
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        return ("lat", f"{lat_text!r} is out of range; expected -90 to 90")
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        return ("lon", f"{lon_text!r} is out of range; expected -180 to 180")
    return lat, lon, None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def annotations_payload(annotations: list[Annotation],
                        payload_rows: Sequence[int]) -> list[dict[str, Any]]:
    """As the page reads them: position, text and the stop as an index into the page's stops
    (`payload_rows[i]` is the row of payload stop i), or null for a free position."""
    index = {int(row): i for i, row in enumerate(payload_rows)}
    return [{"lat": round(a.lat, 5), "lon": round(a.lon, 5), "text": a.text,
             "stop": None if a.stop is None else index.get(a.stop)} for a in annotations]
