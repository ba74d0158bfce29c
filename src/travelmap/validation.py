"""The rules a trips CSV must follow, each reported as a located `Problem`.

Checks never stop at the first fault: a journalist fixing a spreadsheet wants the whole list.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import date
from urllib.parse import urlsplit

import pycountry

from travelmap.errors import Problem
from travelmap.model import (
    FILE_COLUMN,
    ROW_COLUMN,
    SOURCE_FIELDS,
    SOURCE_LIST_SEPARATOR,
    SOURCES_COLUMN,
    STOP_FIELDS,
    VOCABULARIES,
    Field,
    Source,
    is_country_code,
    safe_url,
)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INLINE_SOURCE_COLUMNS = ("source_outlet", "source_title", "source_url", "source_published")
# A CSV row at most this long is shown in messages; longer values are cut.
SHOWN_VALUE_CHARS = 60
# No tour has this many stops; larger numbers are typos (and would overflow a 64-bit column).
MAX_STOP_ORDER = 10_000


def shown(value: str) -> str:
    """A cell value quoted for a message, cut short so garbage does not flood the terminal."""
    if len(value) > SHOWN_VALUE_CHARS:
        value = value[:SHOWN_VALUE_CHARS] + "…"
    return repr(value)


def parse_iso_date(value: str) -> tuple[date | None, str | None]:
    """(date, None) or (None, what is wrong): 2023-02-30 is impossible, 30/02/2023 unparseable."""
    if not ISO_DATE.match(value):
        return None, f"{shown(value)} is not a date; expected YYYY-MM-DD (ISO 8601)"
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None, f"{shown(value)} is an impossible date"
    if not 1677 < parsed.year < 2262:  # the span pandas' nanosecond timestamps can hold
        return None, f"{shown(value)} is out of range; expected a year between 1678 and 2261"
    return parsed, None


def is_http_url(value: str) -> bool:
    return safe_url(value) == value


# Characters that change how text displays without being seen: explicit direction overrides and
# isolates (a "Trojan Source" place name reads one way and sorts, searches and renders another,
# differently in each output) and zero-width spaces. Joiners (U+200C/U+200D) are left alone:
# Persian and Indic names need them.
HIDDEN_CHARACTERS = re.compile("[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def hidden_character_problem(raw: str) -> str | None:
    """Why `raw` is refused, when it holds a character that hides how it displays."""
    found = HIDDEN_CHARACTERS.search(raw)
    if found is None:
        return None
    return (f"contains the invisible character U+{ord(found.group()):04X}, which changes how the "
            "text displays; remove it (right-to-left names need no such character)")


def withdrawn_code_hint(code: str) -> str | None:
    """What to do with a dissolved state's code (ISO 3166-3: SUN, YUG, CSK, DDR...), if it is one:
    maps and outlines are of today's countries, so the host is the state where the place lies
    today, and the host of the time goes in the note (`travelmap import` does exactly that)."""
    historic = pycountry.historic_countries.get(alpha_3=code)
    if historic is None:
        return None
    withdrawn = getattr(historic, "withdrawal_date", "") or "?"
    return (f"{code!r} is the withdrawn code of {historic.name} (ISO 3166-3, withdrawn "
            f"{withdrawn}): use the present-day country where the place lies (e.g. UKR for Kyiv "
            "in the USSR) and write the host of the time in the note column")


class RowCheck:
    """Checks the cells of stop rows of one file, collecting problems as it goes."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def _fault(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, message))

    def _value(self, row: int, field: Field, raw: str) -> object:
        """The typed value of one cell, or None after recording what is wrong."""
        if raw == "":
            if field.value_required:
                self._fault(row, field.name, f"is empty; expected {field.description}")
            return None
        hidden = hidden_character_problem(raw)
        if hidden:
            self._fault(row, field.name, hidden)
            return None
        if field.type == "integer":
            if not re.fullmatch(r"\d{1,9}", raw) or not 1 <= int(raw) <= MAX_STOP_ORDER:
                self._fault(row, field.name,
                            f"{shown(raw)} is not a whole number from 1 to {MAX_STOP_ORDER}")
                return None
            return int(raw)
        if field.type == "number":
            try:
                number = float(raw)
            except ValueError:
                self._fault(row, field.name, f"{shown(raw)} is not a number")
                return None
            if not math.isfinite(number):
                self._fault(row, field.name, f"{shown(raw)} is not a finite number")
                return None
            return number
        if field.type == "date":
            parsed, error = parse_iso_date(raw)
            if error:
                self._fault(row, field.name, error)
            return parsed
        if field.type == "iso3":
            code = raw.upper()
            if not is_country_code(code):
                self._fault(row, field.name, withdrawn_code_hint(code) or
                            f"{shown(raw)} is not an ISO 3166-1 alpha-3 country code "
                            "(e.g. RUS, PRK, VNM)")
                return None
            return code
        if field.type in VOCABULARIES:
            kind, known = raw.lower(), VOCABULARIES[field.type]
            if kind not in known:
                what = field.type.replace("_", " ")
                self._fault(row, field.name, f"{shown(raw)} is not a known {what}; expected "
                            f"one of: {', '.join(known)}")
                return None
            return kind
        return raw

    def stop(self, row: int, cells: dict[str, str]) -> dict[str, object] | None:
        """A typed record for one stop row, or None when any cell is wrong."""
        before = len(self.problems)
        record: dict[str, object] = {FILE_COLUMN: self.file, ROW_COLUMN: row}
        for field in STOP_FIELDS:
            record[field.name] = self._value(row, field, cells.get(field.name, ""))
        lat, lon = record["lat"], record["lon"]
        lat_given, lon_given = cells.get("lat", "") != "", cells.get("lon", "") != ""
        if lat_given != lon_given:
            missing = "lon" if lat_given else "lat"
            self._fault(row, missing, "is empty but its pair is given; give both lat and lon "
                        "or neither")
        if isinstance(lat, float) and not -90 <= lat <= 90:
            self._fault(row, "lat", f"{lat} is out of range; expected -90 to 90")
        if isinstance(lon, float) and not -180 <= lon <= 180:
            self._fault(row, "lon", f"{lon} is out of range; expected -180 to 180")
        start, end = record["start_date"], record["end_date"]
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self._fault(row, "end_date", f"{end.isoformat()} is before start_date "
                        f"{start.isoformat()}")
        return record if len(self.problems) == before else None

    def inline_source(self, row: int, cells: dict[str, str],
                      sources_by_trip: dict[str, list[Source]],
                      source_rows: dict[str, tuple[str, int]]) -> None:
        """Sources given on the stop rows themselves (a one-file upload)."""
        if not any(cells.get(c, "") for c in INLINE_SOURCE_COLUMNS):
            return
        renamed = {f.name: cells.get(f"source_{f.name}", "") for f in SOURCE_FIELDS}
        renamed["trip_id"] = cells.get("trip_id", "")
        column_names = {f.name: f"source_{f.name}" for f in SOURCE_FIELDS}
        column_names["trip_id"] = "trip_id"
        source = _check_source_row(self.file, row, renamed, self.problems, column_names)
        if source is not None:
            trip_sources = sources_by_trip.setdefault(renamed["trip_id"], [])
            if source not in trip_sources:
                trip_sources.append(source)
            source_rows.setdefault(renamed["trip_id"], (self.file, row))

    def listed_sources(self, row: int, cells: dict[str, str],
                       sources_by_trip: dict[str, list[Source]],
                       source_rows: dict[str, tuple[str, int]]) -> None:
        """The `sources` cell of a CSV that travelmap exported: URLs joined by ' | '. Each URL
        becomes a source whose outlet is its web site, so an exported file loads back."""
        listed = cells.get(SOURCES_COLUMN, "").removeprefix("'")  # the export's formula guard
        trip = cells.get("trip_id", "")
        for url in (part.strip() for part in listed.split(SOURCE_LIST_SEPARATOR.strip())):
            if not url:
                continue
            if not is_http_url(url):
                self._fault(row, SOURCES_COLUMN, f"{shown(url)} is not an http(s) URL; expected "
                            f"URLs separated by '{SOURCE_LIST_SEPARATOR.strip()}'")
                continue
            site = urlsplit(url).hostname or url
            source = Source(site.removeprefix("www."), url, url, None)
            trip_sources = sources_by_trip.setdefault(trip, [])
            if source not in trip_sources:
                trip_sources.append(source)
            source_rows.setdefault(trip, (self.file, row))


def _check_source_row(file: str, row: int, cells: dict[str, str], problems: list[Problem],
                      column_names: dict[str, str] | None = None) -> Source | None:
    before = len(problems)
    names = column_names or {f.name: f.name for f in SOURCE_FIELDS}
    for field in SOURCE_FIELDS:
        if field.value_required and not cells.get(field.name, ""):
            problems.append(Problem(file, row, names[field.name],
                                    f"is empty; expected {field.description}"))
    for name in ("outlet", "title"):
        hidden = hidden_character_problem(cells.get(name, ""))
        if hidden:
            problems.append(Problem(file, row, names[name], hidden))
    url = cells.get("url", "")
    if url and not is_http_url(url):
        problems.append(Problem(file, row, names["url"],
                                f"{shown(url)} is not an http(s) URL"))
    published = cells.get("published", "")
    if published:
        _, error = parse_iso_date(published)
        if error:
            problems.append(Problem(file, row, names["published"], error))
    if len(problems) != before:
        return None
    return Source(cells["outlet"], cells["title"], url, published or None)


def check_sources(file: str, columns: list[str], rows: list[tuple[int, dict[str, str]]],
                  sources_by_trip: dict[str, list[Source]],
                  source_rows: dict[str, tuple[str, int]]) -> list[Problem]:
    """Check a sources CSV and collect its sources by trip id."""
    problems: list[Problem] = []
    missing = [f.name for f in SOURCE_FIELDS if f.column_required and f.name not in columns]
    for name in missing:
        problems.append(Problem(file, 1, name, "required column is missing"))
    if missing:
        return problems
    for row, cells in rows:
        source = _check_source_row(file, row, cells, problems)
        if source is not None:
            sources_by_trip.setdefault(cells["trip_id"], []).append(source)
            source_rows.setdefault(cells["trip_id"], (file, row))
    return problems


def check_unique_stops(records: list[dict[str, object]]) -> list[Problem]:
    """Two rows may not claim the same (trip, order): the route would be ambiguous."""
    seen: dict[tuple[object, object], dict[str, object]] = {}
    problems = []
    for record in records:
        key = (record["trip_id"], record["stop_order"])
        first = seen.setdefault(key, record)
        if first is not record:
            problems.append(Problem(
                str(record[FILE_COLUMN]), int(record[ROW_COLUMN]), "stop_order",  # type: ignore[call-overload]
                f"trip {shown(str(key[0]))} already has a stop {key[1]} "
                f"(row {first[ROW_COLUMN]} of {first[FILE_COLUMN]})"))
    return problems


def check_stop_order_dates(records: list[dict[str, object]]) -> list[Problem]:
    """Stops of a tour are numbered in travel order, so no stop may start before the one before."""
    by_trip: dict[object, list[dict[str, object]]] = defaultdict(list)
    for record in records:
        by_trip[record["trip_id"]].append(record)
    problems = []
    for stops in by_trip.values():
        stops.sort(key=lambda r: r["stop_order"])  # type: ignore[arg-type, return-value]
        for before, after in zip(stops, stops[1:], strict=False):
            if after["start_date"] < before["start_date"]:  # type: ignore[operator]
                problems.append(Problem(
                    str(after[FILE_COLUMN]), int(after[ROW_COLUMN]), "start_date",  # type: ignore[call-overload]
                    f"stop {after['stop_order']} starts {after['start_date']}, before stop "
                    f"{before['stop_order']} ({before['start_date']}, row {before[ROW_COLUMN]}): "
                    "stop_order must follow travel order"))
    return problems


def check_trip_sources(records: list[dict[str, object]],
                       sources_by_trip: dict[str, list[Source]],
                       source_rows: dict[str, tuple[str, int]],
                       *, has_source_file: bool,
                       trip_ids_in_rows: set[str],
                       has_source_columns: bool = False) -> list[Problem]:
    """Every trip needs a source; every source must belong to a trip."""
    problems = []
    first_row: dict[str, dict[str, object]] = {}
    for record in records:
        first_row.setdefault(str(record["trip_id"]), record)
    for trip_id, record in first_row.items():
        if not sources_by_trip.get(trip_id):
            if has_source_file:
                hint = ""
            elif has_source_columns:
                hint = " (its source columns on this row were refused: see above)"
            else:
                hint = (f" (no {SOURCE_FIELDS[0].name}-keyed sources.csv found next to the file, "
                        "and no source_url column)")
            problems.append(Problem(str(record[FILE_COLUMN]), int(record[ROW_COLUMN]),  # type: ignore[call-overload]
                                    "trip_id", f"trip {shown(trip_id)} has no source{hint}"))
    if trip_ids_in_rows:
        for trip_id, (file, row) in source_rows.items():
            if trip_id not in trip_ids_in_rows:
                problems.append(Problem(file, row, "trip_id",
                                        f"source for trip {shown(trip_id)}, which no stop row has"))
    return problems
