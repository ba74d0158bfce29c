"""The columnar fast path: a whole valid trips file checked with Arrow compute, not cell by cell.

The row path (`loading.read_table` + `validation.RowCheck`) is the definition of what is valid
and of every message; this module only answers "valid, and here is the identical frame" or "not
sure". It says "not sure" (returns None) whenever a check fails or the input has anything it
does not model exactly (blank lines, multi-line cells, odd quoting, hidden characters, non-ASCII
digits, ...), and the caller then runs the row path on the whole load. So problems are reported
at row-path speed, and a file the fast path accepts yields the frame the row path would build.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from travelmap.model import (
    CATEGORICAL_COLUMNS,
    FILE_COLUMN,
    ROW_COLUMN,
    SOURCE_FIELDS,
    SOURCE_LIST_SEPARATOR,
    SOURCES_COLUMN,
    STOP_COLUMNS,
    STOP_FIELDS,
    VISIT_TYPES,
    Source,
    is_country_code,
)
from travelmap.validation import INLINE_SOURCE_COLUMNS, MAX_STOP_ORDER, is_http_url

Columns = dict[str, pa.ChunkedArray]  # normalised column name -> stripped cell text

# What str.strip() removes (str.isspace): Arrow's own whitespace trim uses another definition.
PY_WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
# The row path's rules, narrowed to plain ASCII: anything else goes to the row path to decide.
_WHOLE = "^[0-9]{1,9}$"
_NUMBER = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_NOT_SPACE = "[^" + "".join(f"\\x{{{ord(c):x}}}" for c in PY_WHITESPACE)
_HTTP = f"^[hH][tT][tT][pP][sS]?://{_NOT_SPACE}/$.?#]{_NOT_SPACE}]*$"  # model.safe_url, narrowed
# validation.HIDDEN_CHARACTERS as UTF-8 bytes: a file without any needs no per-cell search.
_HIDDEN_BYTES = re.compile(rb"\xe2(?:\x80[\x8b\xaa-\xae]|\x81[\xa0\xa6-\xa9])")
_HIDDEN = "[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]"
_FIRST_YEAR, _LAST_YEAR = 1678, 2261  # validation.parse_iso_date


class NotSure(Exception):
    """The fast path cannot vouch for this input; the row path decides."""


@dataclass
class TextTable:
    """One input file as stripped text columns; data row i is spreadsheet row i + 2."""

    file: str
    columns: Columns
    rows: int


def _require(condition: object) -> None:
    if not condition:
        raise NotSure


def _byte_table(positions: slice) -> np.ndarray:
    """Which bytes can begin (slice(0, 1)) or end (slice(-1, None)) a whitespace character."""
    table = np.zeros(256, dtype=bool)
    for character in PY_WHITESPACE:
        table[character.encode()[positions][0]] = True
    return table


_MAY_START_SPACE, _MAY_END_SPACE = _byte_table(slice(0, 1)), _byte_table(slice(-1, None))


def _may_need_strip(chunk: pa.Array) -> bool:
    """Whether a cell might begin or end with whitespace, judged from its first and last byte
    alone (no copy); a false alarm only costs a trim."""
    if chunk.null_count or len(chunk) == 0:
        return bool(len(chunk))
    _, offsets, data = chunk.buffers()
    if data is None:
        return False
    bounds = np.frombuffer(offsets, dtype=np.int32)[chunk.offset: chunk.offset + len(chunk) + 1]
    starts, ends = bounds[:-1], bounds[1:]
    filled = ends > starts
    content = np.frombuffer(data, dtype=np.uint8)
    return bool(_MAY_START_SPACE[content[starts[filled]]].any()
                or _MAY_END_SPACE[content[ends[filled] - 1]].any())


def strip(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """str.strip() for a whole column; copies only when a cell may have whitespace at an end."""
    if column.type != pa.string() or not any(_may_need_strip(c) for c in column.chunks):
        return column
    return pc.utf8_trim(column, characters=PY_WHITESPACE)


# -- CSV bytes -> text columns --------------------------------------------------------------------

def csv_text_table(raw: bytes, file: str, *, max_field_chars: int, max_columns: int) -> TextTable:
    """Parse CSV bytes with pyarrow when the csv module would read them identically, one record
    per physical line; raise NotSure otherwise."""
    from travelmap.loading import column_key, delimiter_of  # loading imports this module lazily

    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    _require(not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), start))
    _require(b"\x00" not in raw)
    _require(b"\r" not in raw or raw.count(b"\r") == raw.count(b"\r\n"))  # no lone CR ends
    _require(_HIDDEN_BYTES.search(raw, start) is None and raw.find(codecs.BOM_UTF8, start) < 0)
    end = raw.find(b"\n", start)
    line = raw[start:] if end < 0 else raw[start:end]
    _require(len(line) < max_field_chars)
    text = line.decode("utf-8")  # UnicodeDecodeError: the row path says where
    _require(text.strip())  # leading blank lines shift every row: the row path counts them
    delimiter = delimiter_of(text)
    _require(text.count(delimiter) < max_columns)
    header = next(csv.reader([text], strict=True, delimiter=delimiter))
    names = [column_key(cell) for cell in header]
    named = [n for n in names if n]
    _require(len(set(named)) == len(named))
    _require(_quotes_are_plain(raw, start, delimiter))
    generated = [f"c{i}" for i in range(len(names))]
    table = pacsv.read_csv(
        pa.BufferReader(pa.py_buffer(raw).slice(start)),
        read_options=pacsv.ReadOptions(column_names=generated, skip_rows=1),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                         escape_char=False, newlines_in_values=True,
                                         ignore_empty_lines=True),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(generated, pa.string()),
                                             strings_can_be_null=False,
                                             quoted_strings_can_be_null=False, null_values=[]))
    lines = raw.count(b"\n", start) + (0 if raw.endswith(b"\n") or len(raw) == start else 1)
    _require(lines == table.num_rows + 1)  # no blank line, no multi-line cell: row = index + 2
    columns: Columns = {}
    for name, generated_name in zip(names, generated, strict=True):
        column = table.column(generated_name)
        if len(column) and name:
            _require(pc.max(pc.binary_length(column)).as_py() < max_field_chars)
        if name:
            columns[name] = column
    return TextTable(file, columns, table.num_rows)


def _quotes_are_plain(raw: bytes, start: int, delimiter: str) -> bool:
    """No quoted cell has text after its closing quote (the csv module refuses that in strict
    mode, pyarrow joins it on). A false alarm only costs speed."""
    mark = re.escape(delimiter.encode())
    # from each quote that opens a cell (the lookbehind), unrolled so the scan stays in C
    closed_then_text = b'[^"\\n]*(?:""[^"\\n]*)*"[^' + mark + b'\\r\\n"]'
    if re.compile(b'"(?<=[\\n' + mark + b']")' + closed_then_text).search(raw, start):
        return False
    return re.compile(b'"' + closed_then_text).match(raw, start) is None


# -- text columns -> checked, typed frame ----------------------------------------------------------

def _text(columns: Columns, name: str, rows: int) -> pa.ChunkedArray:
    """A column's stripped text, or empty cells where the file has no such column."""
    if name in columns:
        return columns[name]
    return pa.chunked_array([pa.nulls(rows, pa.string()).fill_null("")])


def _all(mask: pa.ChunkedArray | pa.Array) -> bool:
    return len(mask) == 0 or bool(pc.all(mask).as_py())


def _any(mask: pa.ChunkedArray | pa.Array) -> bool:
    return len(mask) > 0 and bool(pc.any(mask).as_py())


def _matches(column: pa.ChunkedArray, pattern: str) -> pa.ChunkedArray:
    return pc.match_substring_regex(column, pattern)


def _dates(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """ISO dates the row path accepts (real, years 1678-2261) as date32; else NotSure."""
    _require(_all(_matches(column, _DATE)))
    years = pc.cast(pc.utf8_slice_codeunits(column, 0, 4), pa.int32())
    _require(_all(pc.and_(pc.greater_equal(years, _FIRST_YEAR),
                          pc.less_equal(years, _LAST_YEAR))))
    return pc.cast(column, pa.date32())  # raises on 2023-02-30: caught as "not sure"


def _optional_dates(column: pa.ChunkedArray) -> pa.ChunkedArray:
    given = pc.not_equal(column, "")
    _dates(pc.filter(column, given))
    return column


def _vocabulary(column: pa.ChunkedArray, accept: dict[str, str | None]) -> pa.ChunkedArray:
    """Each distinct cell mapped through the row path's own rule (few distinct values, so the
    Python check runs once per value, not per row); NotSure if any value is refused."""
    encoded = column.combine_chunks().dictionary_encode() if len(column) else None
    if encoded is None:
        return column
    mapped = [accept.get(value) for value in encoded.dictionary.to_pylist()]
    _require(all(value is not None for value in mapped))
    return pa.chunked_array([pc.take(pa.array(mapped, pa.string()), encoded.indices)])


def _country_codes(column: pa.ChunkedArray) -> pa.ChunkedArray:
    distinct = pc.unique(column).to_pylist()
    return _vocabulary(column, {v: v.upper() if is_country_code(v.upper()) else None
                                for v in distinct})


def _visit_types(column: pa.ChunkedArray) -> pa.ChunkedArray:
    distinct = pc.unique(column).to_pylist()
    return _vocabulary(column, {v: v.lower() if v.lower() in VISIT_TYPES else None
                                for v in distinct})


def _coordinates(lat: pa.ChunkedArray, lon: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray,
                                                                      np.ndarray]:
    """(lat, lon, missing) as float64 with a mask; both given or neither, finite, in range."""
    lat_given, lon_given = pc.not_equal(lat, ""), pc.not_equal(lon, "")
    _require(_all(pc.equal(lat_given, lon_given)))
    given = lat_given
    values = []
    for column, limit in ((lat, 90.0), (lon, 180.0)):
        text = pc.filter(column, given)
        _require(_all(_matches(text, _NUMBER)))
        numbers = pc.cast(text, pa.float64()).to_numpy()
        _require(np.isfinite(numbers).all() and (np.abs(numbers) <= limit).all())
        full = np.zeros(len(column))
        full[given.to_numpy(zero_copy_only=False)] = numbers
        values.append(full)
    missing = ~given.to_numpy(zero_copy_only=False) if len(given) else np.zeros(0, bool)
    return values[0], values[1], missing


@dataclass
class _Stops:
    """The checked, typed columns of one trips table."""

    file: str
    rows: int
    text: dict[str, pa.ChunkedArray]  # string and vocabulary columns, empty optional -> ""
    stop_order: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    no_coordinates: np.ndarray
    start: np.ndarray  # datetime64[D]
    end: np.ndarray


def _check_stops(table: TextTable) -> _Stops:
    columns, rows = table.columns, table.rows
    _require(all(f.name in columns for f in STOP_FIELDS if f.column_required))
    text: dict[str, pa.ChunkedArray] = {}
    for field in STOP_FIELDS:
        column = _text(columns, field.name, rows)
        if field.value_required:
            _require(_all(pc.not_equal(column, "")))
        if field.type == "iso3":
            column = _country_codes(column)
        elif field.type == "visit_type":
            column = _visit_types(column)
        text[field.name] = column
    order_text = text.pop("stop_order")
    _require(_all(_matches(order_text, _WHOLE)))
    order = pc.cast(order_text, pa.int64()).to_numpy() if rows else np.zeros(0, np.int64)
    _require(rows == 0 or (order.min() >= 1 and order.max() <= MAX_STOP_ORDER))
    lat, lon, missing = _coordinates(text.pop("lat"), text.pop("lon"))
    start = _dates(text.pop("start_date")).to_numpy() if rows else np.zeros(0, "datetime64[D]")
    end = _dates(text.pop("end_date")).to_numpy() if rows else np.zeros(0, "datetime64[D]")
    _require(rows == 0 or (end >= start).all())
    return _Stops(table.file, rows, text, order, lat, lon, missing,
                  start.astype("datetime64[D]"), end.astype("datetime64[D]"))


def _check_source_cells(outlet: pa.ChunkedArray, title: pa.ChunkedArray, url: pa.ChunkedArray,
                        published: pa.ChunkedArray) -> None:
    """validation._check_source_row for whole columns (hidden characters are checked before)."""
    for column in (outlet, title, url):
        _require(_all(pc.not_equal(column, "")))
    _require(_all(_matches(url, _HTTP)))
    _optional_dates(published)


def _sources_from_file(table: TextTable) -> list[tuple[str, Source]]:
    """(trip, source) for every row of a sources CSV, in order (duplicates kept, as the row
    path keeps them)."""
    columns, rows = table.columns, table.rows
    _require(all(f.name in columns for f in SOURCE_FIELDS if f.column_required))
    trip, outlet, title, url, published = (_text(columns, f.name, rows) for f in SOURCE_FIELDS)
    _require(_all(pc.not_equal(trip, "")))
    _check_source_cells(outlet, title, url, published)
    return _sources(trip, outlet, title, url, published)


def _sources(trip: pa.ChunkedArray, outlet: pa.ChunkedArray, title: pa.ChunkedArray,
             url: pa.ChunkedArray, published: pa.ChunkedArray) -> list[tuple[str, Source]]:
    dated = pc.if_else(pc.equal(published, ""), pa.scalar(None, pa.string()), published)
    made = map(Source, outlet.to_pylist(), title.to_pylist(), url.to_pylist(), dated.to_pylist())
    return list(zip(trip.to_pylist(), made, strict=True))


def _inline_sources(table: TextTable) -> list[tuple[str, Source]]:
    """Sources written on the stop rows (source_outlet, ...), first occurrence of each."""
    columns, rows = table.columns, table.rows
    cells = [_text(columns, name, rows) for name in INLINE_SOURCE_COLUMNS]
    given = pc.or_(pc.or_(pc.not_equal(cells[0], ""), pc.not_equal(cells[1], "")),
                   pc.or_(pc.not_equal(cells[2], ""), pc.not_equal(cells[3], "")))
    trip = pc.filter(_text(columns, "trip_id", rows), given)
    outlet, title, url, published = (pc.filter(c, given) for c in cells)
    _check_source_cells(outlet, title, url, published)
    distinct = pa.table({"t": trip, "o": outlet, "ti": title, "u": url, "p": published})
    frame = distinct.to_pandas().drop_duplicates()  # first occurrences, in row order
    return _sources(*(pa.chunked_array([pa.array(frame[c].tolist(), pa.string())], pa.string())
                      for c in ("t", "o", "ti", "u", "p")))


def _listed_sources(table: TextTable) -> list[tuple[str, Source]]:
    """The `sources` cell of an exported CSV (URLs joined by ' | '), as the row path reads it."""
    from urllib.parse import urlsplit

    trip = _text(table.columns, "trip_id", table.rows).to_pylist()
    listed = _text(table.columns, SOURCES_COLUMN, table.rows).to_pylist()
    found: list[tuple[str, Source]] = []
    for trip_id, cell in dict.fromkeys(zip(trip, listed, strict=True)):
        for url in (part.strip() for part in
                    cell.removeprefix("'").split(SOURCE_LIST_SEPARATOR.strip())):
            if not url:
                continue
            _require(is_http_url(url))
            site = urlsplit(url).hostname or url
            found.append((trip_id, Source(site.removeprefix("www."), url, url, None)))
    return found


def frame_of(tables: Sequence[TextTable], source_tables: Sequence[TextTable]) -> pd.DataFrame:
    """The row path's frame for valid tables; NotSure when anything might be a problem."""
    sources_by_trip: dict[str, list[Source]] = {}
    file_trips: set[str] = set()
    for table in source_tables:
        for trip, source in _sources_from_file(table):
            sources_by_trip.setdefault(trip, []).append(source)
            file_trips.add(trip)
    stops = []
    for table in tables:
        checked = _check_stops(table)
        stops.append(checked)
        inline = all(c in table.columns for c in INLINE_SOURCE_COLUMNS[:3])
        listed = not inline and not source_tables and SOURCES_COLUMN in table.columns
        if inline or listed:
            for trip, source in (_inline_sources(table) if inline else _listed_sources(table)):
                known = sources_by_trip.setdefault(trip, [])
                if source not in known:
                    known.append(source)
    # no stops: the row path's empty frame has its own dtypes, and costs nothing to build
    _require(sum(s.rows for s in stops))
    trip = pa.chunked_array([c for s in stops for c in s.text["trip_id"].chunks], pa.string())
    encoded = trip.combine_chunks().dictionary_encode()
    trip_ids: list[str] = encoded.dictionary.to_pylist()
    trip_codes = encoded.indices.to_numpy(zero_copy_only=False)
    _require(all(sources_by_trip.get(t) for t in trip_ids))  # every trip has a source
    _require(not trip_ids or file_trips <= set(trip_ids))  # every source belongs to a trip
    order = np.concatenate([s.stop_order for s in stops])
    start = np.concatenate([s.start for s in stops])
    _check_order(trip_codes, order, start)
    frame = _assemble(stops, trip)
    attached = np.empty(len(trip_ids), dtype=object)
    attached[:] = [tuple(sources_by_trip[t]) for t in trip_ids]
    frame[SOURCES_COLUMN] = attached[trip_codes]
    # the row path's sort_values(["start_date", "trip_id", "stop_order"], kind="stable")
    rank = np.empty(len(trip_ids), dtype=np.int64)
    rank[pc.array_sort_indices(encoded.dictionary).to_numpy()] = np.arange(len(trip_ids))
    sorted_rows = np.lexsort((order, rank[trip_codes], start))
    return frame.take(sorted_rows).reset_index(drop=True)


def _check_order(trips: np.ndarray, order: np.ndarray, start: np.ndarray) -> None:
    """validation.check_unique_stops and check_stop_order_dates, vectorised: no two stops of a
    trip share a number, and no stop starts before the one numbered before it."""
    by_trip = np.lexsort((order, trips))
    trips, order, start = trips[by_trip], order[by_trip], start[by_trip]
    same_trip = trips[1:] == trips[:-1]
    _require(not (same_trip & (order[1:] == order[:-1])).any())
    _require(not (same_trip & (start[1:] < start[:-1])).any())


def _categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """astype("category") of the text: categories sorted, as pandas sorts them."""
    encoded = column.combine_chunks().dictionary_encode()
    by_text = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(by_text), dtype=np.int64)
    rank[by_text] = np.arange(len(by_text))
    categories = pd.Index(pc.take(encoded.dictionary, pa.array(by_text)).to_pylist(),
                          dtype="str")
    codes = rank[encoded.indices.to_numpy(zero_copy_only=False)] if len(column) else []
    return pd.Categorical.from_codes(codes, categories=categories)


def _assemble(stops: list[_Stops], trip: pa.ChunkedArray) -> pd.DataFrame:
    """The columns `loading._to_frame` builds, in its dtypes, rows in file then row order."""
    def joined(name: str) -> pa.ChunkedArray:
        if name == "trip_id":
            return trip
        return pa.chunked_array([c for s in stops for c in s.text[name].chunks], pa.string())

    data: dict[str, object] = {}
    for field in STOP_FIELDS:
        name = field.name
        if field.type == "integer":
            data[name] = pd.array(np.concatenate([s.stop_order for s in stops]), dtype="Int64")
        elif field.type == "number":
            values = np.concatenate([getattr(s, name) for s in stops])
            missing = np.concatenate([s.no_coordinates for s in stops])
            data[name] = pd.arrays.FloatingArray(values, missing)
        elif field.type == "date":
            days = np.concatenate([s.start if name == "start_date" else s.end for s in stops])
            data[name] = days.astype("datetime64[ns]")
        elif name in CATEGORICAL_COLUMNS:
            data[name] = _categorical(joined(name))
        else:
            column = joined(name)
            column = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
            data[name] = pd.arrays.ArrowStringArray(pc.cast(column, pa.large_string()))
    files = pa.chunked_array([pa.nulls(s.rows, pa.large_string()).fill_null(s.file)
                              for s in stops], pa.large_string())
    data[FILE_COLUMN] = pd.arrays.ArrowStringArray(files, dtype=pd.StringDtype("pyarrow",
                                                                               na_value=np.nan))
    data[ROW_COLUMN] = np.concatenate([np.arange(2, s.rows + 2, dtype="int64") for s in stops])
    return pd.DataFrame(data, columns=[*STOP_COLUMNS, FILE_COLUMN, ROW_COLUMN])


def has_hidden_characters(columns: Columns) -> bool:
    """Whether any cell holds a character validation.HIDDEN_CHARACTERS refuses."""
    return any(_any(_matches(column, _HIDDEN)) for column in columns.values() if len(column))


def stripped(table: TextTable) -> TextTable:
    """The table with every cell stripped as the row path strips it."""
    return TextTable(table.file, {n: strip(c) for n, c in table.columns.items()}, table.rows)


def try_frame(trips: Sequence[tuple[str, bytes]], sources: Sequence[tuple[str, bytes]], *,
              max_field_chars: int, max_columns: int) -> pd.DataFrame | None:
    """The validated frame of these CSV inputs, or None: then the row path must decide.

    Any exception inside is treated as "not sure", so whatever an odd input does here, the user
    sees exactly what the row path says about it.
    """
    try:
        tables = [stripped(csv_text_table(raw, name, max_field_chars=max_field_chars,
                                          max_columns=max_columns)) for name, raw in trips]
        source_tables = [stripped(csv_text_table(raw, name, max_field_chars=max_field_chars,
                                                 max_columns=max_columns))
                         for name, raw in sources]
        return frame_of(tables, source_tables)
    except Exception:  # noqa: BLE001 - NotSure, or anything pyarrow raises: the row path decides
        return None
