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
import gc
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache

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
    VOCABULARIES,
    Source,
    is_country_code,
)
from travelmap.parquet_input import is_parquet, text_columns
from travelmap.source_columns import SourceColumns, trip_views
from travelmap.validation import INLINE_SOURCE_COLUMNS, MAX_STOP_ORDER, is_http_url

Columns = dict[str, pa.ChunkedArray]  # normalised column name -> stripped cell text

# What str.strip() removes (str.isspace(), Unicode 15); Arrow's own whitespace trim uses another
# definition. Written out: finding them takes 0.2 s a process (a test checks the list).
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                 "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# The row path's rules, narrowed to plain ASCII: anything else goes to the row path to decide.
_WHOLE = "^[0-9]{1,9}$"
_NUMBER = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_NOT_SPACE = "[^" + "".join(f"\\x{{{ord(c):x}}}" for c in PY_WHITESPACE)
_HTTP = f"^[hH][tT][tT][pP][sS]?://{_NOT_SPACE}/$.?#]{_NOT_SPACE}]*$"  # model.safe_url, narrowed
# validation.HIDDEN_CHARACTERS as UTF-8 bytes: a file without any needs no per-cell search.
_HIDDEN_BYTES = re.compile(rb"\xe2(?:\x80[\x8b\xaa-\xae]|\x81[\xa0\xa6-\xa9])")
_HIDDEN = "[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]"
_WORKERS = min(4, os.cpu_count() or 1)  # threads for Arrow work that runs one column a thread
_FIRST_DAY, _LAST_DAY = date(1678, 1, 1), date(2261, 12, 31)  # validation.parse_iso_date


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
    alone (no copy); a false alarm only costs a trim. An empty cell's "first byte" is the next
    cell's and its "last" the one before's: a false alarm at most, and no mask to build (twice
    as fast, measured)."""
    if chunk.null_count or len(chunk) == 0:
        return bool(len(chunk))
    _, offsets, data = chunk.buffers()
    if data is None or data.size == 0:
        return False
    bounds = np.frombuffer(offsets, dtype=np.int32)[chunk.offset: chunk.offset + len(chunk) + 1]
    content = np.frombuffer(data, dtype=np.uint8)
    return bool(_MAY_START_SPACE[np.take(content, bounds[:-1], mode="clip")].any()
                or _MAY_END_SPACE[np.take(content, bounds[1:] - 1, mode="clip")].any())


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
    _require(not _has_hidden_bytes(raw, start))
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
    lines = _single_line_records(raw, start, delimiter)
    _require(lines is not None)
    generated = [f"c{i}" for i in range(len(names))]
    table = pacsv.read_csv(
        pa.BufferReader(pa.py_buffer(raw).slice(start)),
        read_options=pacsv.ReadOptions(column_names=generated, skip_rows=1),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                         escape_char=False, newlines_in_values=False,
                                         ignore_empty_lines=True),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(generated, pa.string()),
                                             strings_can_be_null=False,
                                             quoted_strings_can_be_null=False, null_values=[]))
    _require(lines == table.num_rows + 1)  # no blank line: row = index + 2
    columns: Columns = {}
    for name, generated_name in zip(names, generated, strict=True):
        column = table.column(generated_name)
        if len(column):  # every cell, blank-headed ones too: the csv module limits them all
            _require(pc.max(pc.binary_length(column)).as_py() < max_field_chars)
        if name:
            columns[name] = column
    return TextTable(file, columns, table.num_rows)


def _has_hidden_bytes(raw: bytes, start: int) -> bool:
    """Whether raw[start:] holds a character validation.HIDDEN_CHARACTERS refuses, or a byte
    order mark. Each is searched only when its lead byte occurs (a one-byte search is ~15x
    faster than the three-byte one), and not at all in plain ASCII."""
    if raw.isascii():
        return False
    if raw.find(b"\xe2", start) >= 0 and _HIDDEN_BYTES.search(raw, start) is not None:
        return True
    lead = raw.find(codecs.BOM_UTF8[:1], start)
    return lead >= 0 and raw.find(codecs.BOM_UTF8, lead) >= 0


_QUOTE, _NEWLINE, _RETURN = ord('"'), ord("\n"), ord("\r")
_CHUNK = 1 << 24  # bytes compared at a time: bounds the temporary mask


def _positions(data: np.ndarray, start: int, byte: int) -> np.ndarray:
    """Where `byte` occurs in data[start:], compared a chunk at a time."""
    found = [np.flatnonzero(data[i: i + _CHUNK] == byte) + i
             for i in range(start, len(data), _CHUNK)]
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def _single_line_records(raw: bytes, start: int, delimiter: str) -> int | None:
    """The number of lines in raw[start:] when the csv module (strict, doubled quotes) reads
    every quote without an error and no quoted cell spans a line end; else None.

    pyarrow reads bad quoting silently ('"ab"c' as 'abc'), so that must go to the row path. And
    pyarrow is told records never span lines (newlines_in_values=False: its blocks are then cut
    at any line end and parsed in parallel, 2.4x faster at 1M rows, measured), which is only true
    when no quoted cell holds a line end: checked here, as a cell split across blocks can be
    misread without an error.
    """
    data = np.frombuffer(raw, dtype=np.uint8)
    quotes = _positions(data, start, _QUOTE)
    if not len(quotes):
        return raw.count(b"\n", start) + (0 if raw.endswith(b"\n") or len(raw) == start else 1)
    spans = _quoted_spans(data, start, quotes, delimiter)
    if spans is None:
        return None
    line_ends = _positions(data, start, _NEWLINE)
    opened, closed = spans
    if (np.searchsorted(line_ends, opened) != np.searchsorted(line_ends, closed)).any():
        return None  # a line end inside quotes: a multi-line cell, the row path counts its rows
    return len(line_ends) + (0 if raw.endswith(b"\n") or len(raw) == start else 1)


def _quoted_spans(data: np.ndarray, start: int, positions: np.ndarray,
                  delimiter: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Where each quoted cell opens and closes (positions of its first and last quote run), or
    None when the csv module would refuse a quote: text after a closing quote, or a quote left
    open at the end.

    Works on runs of consecutive quotes (few, even in a big file) rather than on every byte: a
    run is either at the start of a cell (after a delimiter, a line end or the file start: it
    opens a quoted cell) or not (outside a quoted cell, csv keeps it as text). Inside a quoted
    cell, pairs are one quote each and an odd run closes the cell. So each run maps the state
    "inside a quoted cell?" by one of: identity (even runs), swap (odd runs at a cell start)
    or reset to outside (odd runs elsewhere), and the state before each run is the parity of the
    swaps since the last reset.
    """
    first = np.ones(len(positions), dtype=bool)
    np.not_equal(positions[1:], positions[:-1] + 1, out=first[1:])
    run_starts = positions[first]
    lengths = np.diff(np.append(np.flatnonzero(first), len(positions)))
    run_ends = run_starts + lengths
    odd = (lengths & 1).astype(bool)
    boundary = np.zeros(256, dtype=bool)  # bytes that end a cell: the delimiter, line ends
    boundary[[ord(delimiter), _NEWLINE, _RETURN]] = True
    before = data[run_starts - 1]  # run_starts >= 1 but for a quote at the very start:
    if run_starts[0] == start:
        before[0] = _NEWLINE  # the file start opens a cell
    after = np.take(data, run_ends, mode="clip")
    if run_ends[-1] == len(data):
        after[-1] = _NEWLINE  # the file end closes one
    cell_start, ends_cell = boundary[before], boundary[after]
    swap, reset = cell_start & odd, ~cell_start & odd
    swaps = np.cumsum(swap)
    index = np.arange(len(run_starts))
    last_reset = np.maximum.accumulate(np.where(reset, index, -1))
    reset_before = np.concatenate(([-1], last_reset[:-1]))
    swaps_before = np.concatenate(([0], swaps[:-1]))
    since_reset = swaps_before - np.where(reset_before >= 0, swaps[np.maximum(reset_before, 0)], 0)
    inside = since_reset % 2 == 1
    closing = (inside & odd) | (~inside & cell_start & ~odd)
    if (closing & ~ends_cell).any():
        return None
    inside_after = np.where(reset, False, inside != swap)
    if inside_after[-1]:
        return None  # open at the end
    # a cell opens where the state turns inside, closes where it turns outside: they alternate
    return run_starts[~inside & inside_after], run_starts[inside & ~inside_after]


def parquet_text_table(raw: bytes, file: str, *, max_columns: int) -> TextTable:
    """A Parquet file's cells as text (the row path reads the same text: parquet_input)."""
    from travelmap.loading import column_key

    names, columns = text_columns(raw, file)  # ValidationError: the row path says it
    _require(len(names) <= max_columns)
    keys = [column_key(name) for name in names]
    named = [k for k in keys if k]
    _require(len(set(named)) == len(named))
    table = dict(zip(keys, columns, strict=True))
    table.pop("", None)
    _require(not has_hidden_characters(table))
    return TextTable(file, table, len(columns[0]) if columns else 0)


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
    """ISO dates the row path accepts (real, years 1678-2261) as date32; else NotSure.

    Arrow's own YYYY-MM-DD parser does the shape check: it takes exactly ten bytes, ASCII
    digits and dashes in place, and refuses impossible days (a test holds it to the row path's
    rule); three times cheaper than a regex and a year slice first (measured at 1M rows)."""
    _require(_all(pc.equal(pc.binary_length(column), len("YYYY-MM-DD"))))
    days = pc.cast(column, pa.date32())  # raises on 2023-02-30 or 2024/01/01: "not sure"
    if len(days):
        bounds = pc.min_max(days).as_py()
        _require(_FIRST_DAY <= bounds["min"] and bounds["max"] <= _LAST_DAY)
    return days


def _optional_dates(column: pa.ChunkedArray) -> pa.ChunkedArray:
    given = pc.not_equal(column, "")
    _dates(pc.filter(column, given))
    return column


def _vocabulary(column: pa.ChunkedArray,
                rule: Callable[[str], str | None]) -> pa.ChunkedArray:
    """Each distinct cell mapped through the row path's own rule (few distinct values, so the
    Python check runs once per value, not per row); NotSure if any value is refused. Stays
    dictionary-encoded (codes and the mapped words, which may repeat): `_categorical` reads it."""
    if not len(column):
        return column
    encoded = column.dictionary_encode()  # one dictionary for every chunk
    words = encoded.chunk(0).dictionary if encoded.num_chunks else pa.array([], pa.string())
    mapped = [rule(value) for value in words.to_pylist()]
    _require(all(value is not None for value in mapped))
    dictionary = pa.array(mapped, pa.string())
    return pa.chunked_array([pa.DictionaryArray.from_arrays(chunk.indices, dictionary)
                             for chunk in encoded.chunks])


def _country_codes(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return _vocabulary(column, lambda v: v.upper() if is_country_code(v.upper()) else None)


def _vocabulary_words(column: pa.ChunkedArray, known: dict[str, str],
                      *, optional: bool) -> pa.ChunkedArray:
    return _vocabulary(column, lambda v: v.lower() if v.lower() in known or (optional and v == "")
                       else None)


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
        elif field.type in VOCABULARIES:
            column = _vocabulary_words(column, VOCABULARIES[field.type],
                                       optional=not field.value_required)
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


def _checked_source_files(tables: Sequence[TextTable]) -> list[list[pa.ChunkedArray]]:
    """The five columns of each sources CSV, every row checked (validation.check_sources)."""
    parts: list[list[pa.ChunkedArray]] = []
    for table in tables:
        columns, rows = table.columns, table.rows
        _require(all(f.name in columns for f in SOURCE_FIELDS if f.column_required))
        cells = [_text(columns, f.name, rows) for f in SOURCE_FIELDS]
        _require(_all(pc.not_equal(cells[0], "")))
        _check_source_cells(*cells[1:])
        parts.append(cells)
    return parts


def _sources_from_files(parts: list[list[pa.ChunkedArray]]) -> dict[str, list[Source]]:
    """Each trip's sources from checked sources CSVs, in file order (duplicates kept, as the
    row path keeps them); grouped by sorting on trip codes rather than row by row."""
    if not parts or not sum(len(cells[0]) for cells in parts):
        return {}
    trip, outlet, title, url, published = (
        pa.chunked_array([c for cells in parts for c in cells[i].chunks], pa.string())
        for i in range(len(SOURCE_FIELDS)))
    encoded = trip.combine_chunks().dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    by_trip = np.argsort(codes, kind="stable")
    if (np.diff(codes) < 0).any():  # not already grouped (codes follow first appearance)
        outlet, title, url, published = (pc.take(c, pa.array(by_trip))
                                         for c in (outlet, title, url, published))
        codes = codes[by_trip]
    made = _made(outlet, title, url, published)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(codes)) + 1))
    ends = np.append(starts[1:], len(codes))
    names = encoded.dictionary.to_pylist()
    return {names[c]: made[a:b] for c, a, b in zip(codes[starts].tolist(), starts.tolist(),
                                                    ends.tolist(), strict=True)}


def _made(outlet: pa.ChunkedArray, title: pa.ChunkedArray, url: pa.ChunkedArray,
          published: pa.ChunkedArray) -> list[Source]:
    return list(map(Source, _shared_strings(outlet), title.to_pylist(), url.to_pylist(),
                    _shared_strings(published, empty=None)))


def _shared_strings(column: pa.ChunkedArray, *, empty: str | None = "") -> list[str | None]:
    """The cells as Python strings, one object per distinct value: a million sources name a
    few dozen outlets and some thousand dates, not a million."""
    encoded = column.combine_chunks().dictionary_encode()
    distinct = [empty if value == "" else value for value in encoded.dictionary.to_pylist()]
    shared = np.array(distinct, dtype=object)
    return list(shared[encoded.indices.to_numpy(zero_copy_only=False)])


def _sources(trip: pa.ChunkedArray, outlet: pa.ChunkedArray, title: pa.ChunkedArray,
             url: pa.ChunkedArray, published: pa.ChunkedArray) -> list[tuple[str, Source]]:
    return list(zip(trip.to_pylist(), _made(outlet, title, url, published), strict=True))


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


def frame_of(tables: list[TextTable], read_sources: Callable[[], list[TextTable]], *,
             source_files: bool) -> pd.DataFrame:
    """The row path's frame for valid tables; NotSure when anything might be a problem.

    Empties `tables` as it goes (the caller hands them over): each table's text is let go once
    it is in the frame, and the sources files (`source_files`: whether there are any) are read
    only then, so the peak holds the trips' text or the sources' text, not both. Sources stay
    Arrow columns (`source_columns`), one view per trip in the frame.
    """
    stops = []
    written_sources: list[tuple[str, Source]] = []  # inline or listed, after the files' own
    table = checked = None
    for table in tables:
        checked = _check_stops(table)
        stops.append(checked)
        inline = all(c in table.columns for c in INLINE_SOURCE_COLUMNS[:3])
        listed = not inline and not source_files and SOURCES_COLUMN in table.columns
        if inline or listed:
            written_sources += _inline_sources(table) if inline else _listed_sources(table)
    tables.clear()
    del table, checked  # the loop's names would keep the last table's text alive
    # no stops: the row path's empty frame has its own dtypes, and costs nothing to build
    _require(sum(s.rows for s in stops))
    trip = pa.chunked_array([c for s in stops for c in s.text.pop("trip_id").chunks],
                            pa.string())
    encoded = trip.combine_chunks().dictionary_encode()
    del trip  # pyarrow's CSV columns may share a block's buffer: keep none of them past use
    trip_codes = encoded.indices.to_numpy(zero_copy_only=False)
    order = np.concatenate([s.stop_order for s in stops])
    start = np.concatenate([s.start for s in stops])
    _check_order(trip_codes, order, start)
    # the row path's sort_values(["start_date", "trip_id", "stop_order"], kind="stable"),
    # found on numbers (trip ids by their rank in text order) and applied while assembling
    rank = np.empty(len(encoded.dictionary), dtype=np.int64)
    rank[pc.array_sort_indices(encoded.dictionary).to_numpy()] = np.arange(len(rank))
    sorted_rows = _sort_rows(start, rank[trip_codes], order)
    del order, start
    _release()  # what the checks made
    frame = _assemble(stops, encoded, sorted_rows)
    del stops
    _release()  # the trips' text, before the sources are read
    source_tables = read_sources()
    source_parts = _checked_source_files(source_tables)
    source_tables.clear()
    if written_sources:  # few (typed on the stop rows): as Source objects, as the row path
        file_trips = pa.chunked_array([c for cells in source_parts for c in cells[0].chunks],
                                      pa.string()).unique()
        sourced = pa.chunked_array([file_trips, pa.array(list({t for t, _ in written_sources}),
                                                         pa.string())])
        _require(_all(pc.is_in(encoded.dictionary, value_set=sourced.combine_chunks())))
        _require(_all(pc.is_in(file_trips, value_set=encoded.dictionary)))  # no orphans
        attached = _source_tuples(source_parts, written_sources, encoded.dictionary)
    else:
        attached = _source_views(source_parts, encoded.dictionary)
    frame[SOURCES_COLUMN] = attached[trip_codes[sorted_rows]]
    return frame


def _release() -> None:
    """Hand freed memory back to the system: Arrow's allocator (mimalloc) and glibc's malloc
    (numpy) keep freed pages for reuse, and between two steps of one load that only raises the
    peak the system sees (at 1M stops by ~200 MB, measured)."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, where there is one (Linux); elsewhere nothing to call."""
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def _source_tuples(source_parts: list[list[pa.ChunkedArray]],
                   written_sources: list[tuple[str, Source]], trips: pa.Array) -> np.ndarray:
    """Each trip's sources as a tuple of Source (file sources, then the written ones new to
    it), trip by trip in the order of `trips`."""
    sources_by_trip = _sources_from_files(source_parts)
    source_parts.clear()
    for trip_id, source in written_sources:
        known = sources_by_trip.setdefault(trip_id, [])
        if source not in known:
            known.append(source)
    attached = np.empty(len(trips), dtype=object)
    attached[:] = list(map(tuple, map(sources_by_trip.__getitem__, trips.to_pylist())))
    return attached


def _source_views(source_parts: list[list[pa.ChunkedArray]], trips: pa.Array) -> np.ndarray:
    """Each trip's sources as a view on the sources' columns (file order within a trip, as
    the row path keeps them), trip by trip in the order of `trips`. NotSure when a source names
    a trip without stops or a trip has no source. The source rows are numbered by trip with one
    look-up in the stops' own trip ids (no second hash of the sources' ids)."""
    trip, outlet, title, url, published = (
        pa.chunked_array([c for cells in source_parts for c in cells[i].chunks], pa.string())
        for i in range(len(SOURCE_FIELDS)))
    source_parts.clear()
    counts = _runs_in_order(trip, trips)
    if counts is None:
        found = pc.index_in(trip, value_set=trips)
        _require(found.null_count == 0)  # no orphan sources
        codes = found.to_numpy() if isinstance(found, pa.Array) else np.concatenate(
            [c.to_numpy() for c in found.chunks] or [np.zeros(0, np.int32)])
        del found
        counts = np.bincount(codes, minlength=len(trips))
        _require(len(counts) == len(trips) and bool((counts > 0).all()))  # every trip has some
        if (np.diff(codes) < 0).any():  # not grouped in the stops' trip order
            by_trip = pa.array(np.argsort(codes, kind="stable"))
            outlet, title, url, published = (pc.take(c, by_trip)
                                             for c in (outlet, title, url, published))
        del codes
    del trip
    ends = np.cumsum(counts)
    starts = ends - counts
    _release()  # the sources' raw bytes, checks and hash table, before the views are made
    return trip_views(SourceColumns(outlet, title, url, published, starts=starts, ends=ends))


def _runs_in_order(trip: pa.ChunkedArray, trips: pa.Array) -> np.ndarray | None:
    """How many sources each trip has, when the sources list the trips in runs in exactly the
    order of `trips` (each trip once, none missing, none extra: a file written trip by trip);
    else None, and the caller looks each source's trip up. Comparing neighbours costs a third
    of the hash look-up at 1M sources (measured)."""
    if len(trip) == 0 or len(trip) < len(trips):
        return None
    changed = pc.not_equal(trip.slice(1), trip.slice(0, len(trip) - 1))
    firsts = np.concatenate(([0], np.flatnonzero(changed.to_numpy(zero_copy_only=False)) + 1))
    if len(firsts) != len(trips) or not pc.take(trip, pa.array(firsts)).equals(
            pa.chunked_array([trips])):
        return None
    return np.diff(np.append(firsts, len(trip)))


def _sort_rows(start: np.ndarray, trip_rank: np.ndarray, order: np.ndarray) -> np.ndarray:
    """np.lexsort((order, trip_rank, start)), as one sort of a combined integer key when it
    fits in 62 bits; the same order either way. No two rows share a key (_check_order ran:
    a trip's stop numbers differ), so the sort need not be stable, and numpy's unstable one
    is 5x faster than its stable one at 1M rows (measured)."""
    if not len(start):
        return np.zeros(0, dtype=np.int64)
    days = start.astype("datetime64[D]").astype(np.int64)
    days = days - days.min()
    trips, orders = int(trip_rank.max()) + 1, MAX_STOP_ORDER + 1
    if (int(days.max()) + 1) * trips * orders >= 1 << 62:
        return np.lexsort((order, trip_rank, start))
    key = (days * trips + trip_rank) * orders + order
    return np.argsort(key)


def _check_order(trips: np.ndarray, order: np.ndarray, start: np.ndarray) -> None:
    """validation.check_unique_stops and check_stop_order_dates, vectorised: no two stops of a
    trip share a number, and no stop starts before the one numbered before it. Rows are put
    in (trip, stop number) order by one unstable sort of a combined key: where two rows tie,
    they share a number and the check fails whichever comes first."""
    if not len(trips):
        return
    by_trip = np.argsort(trips.astype(np.int64) * (MAX_STOP_ORDER + 1) + order)
    trips, order, start = trips[by_trip], order[by_trip], start[by_trip]
    same_trip = trips[1:] == trips[:-1]
    _require(not (same_trip & (order[1:] == order[:-1])).any())
    _require(not (same_trip & (start[1:] < start[:-1])).any())


def _categorical(column: pa.ChunkedArray, rows: np.ndarray, *,
                 empty_is_missing: bool = False) -> pd.Categorical:
    """astype("category") of the text (plain or dictionary-encoded chunks), in `rows` order:
    categories sorted, as pandas sorts; with `empty_is_missing`, empty cells are missing (an
    optional column, as the row path). The words are read once for the whole column: its
    chunks are brought to one dictionary (a vocabulary column's share one already)."""
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()  # one dictionary for every chunk
    chunks = column.chunks
    if any(not c.dictionary.equals(chunks[0].dictionary) for c in chunks[1:]):
        chunks = column.unify_dictionaries().chunks
    dictionary = chunks[0].dictionary.to_pylist() if chunks else []
    words = sorted(set(dictionary) - ({""} if empty_is_missing else set()))
    index = {word: i for i, word in enumerate(words)}
    codes = np.array([index.get(w, -1) for w in dictionary], dtype=np.int64)
    indices = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks]
                             or [np.zeros(0, np.int64)])
    return pd.Categorical.from_codes(codes[indices[rows]] if len(codes) else
                                     np.full(len(rows), -1, np.int64),
                                     categories=pd.Index(words, dtype="str"))


def _text_array(column: pa.Array | pa.ChunkedArray, *,
                empty_is_missing: bool) -> pd.arrays.ArrowStringArray:
    """pandas' "string" column of Arrow text; empty cells become <NA> as in the row path."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if empty_is_missing:
        filled = pc.not_equal(column, "")
        if column.offset == 0 and filled.offset == 0 and not pc.all(filled).as_py():
            column = pa.Array.from_buffers(pa.string(), len(column),
                                           [filled.buffers()[1], *column.buffers()[1:]])
        elif not pc.all(filled).as_py():
            column = pc.if_else(filled, column, pa.scalar(None, pa.string()))
    return pd.arrays.ArrowStringArray(pa.chunked_array([pc.cast(column, pa.large_string())]))


def _assemble(stops: list[_Stops], trip: pa.DictionaryArray,
              rows: np.ndarray) -> pd.DataFrame:
    """The columns `loading._to_frame` builds, in its dtypes, rows in the order `rows` gives
    (positions in file-then-row order)."""
    def joined(name: str) -> pa.ChunkedArray:  # and let go of the tables' copy
        chunks = [c for s in stops for c in s.text.pop(name).chunks]
        return pa.chunked_array(chunks, chunks[0].type if chunks else pa.string())

    def numbers(values: list[np.ndarray]) -> np.ndarray:
        return (values[0] if len(values) == 1 else np.concatenate(values))[rows]

    taken = pa.array(rows)
    data: dict[str, object] = {}

    def text(name: str, empty_is_missing: bool) -> pd.arrays.ArrowStringArray:
        return _text_array(pc.take(joined(name), taken), empty_is_missing=empty_is_missing)

    # the text columns' takes (random reads, Arrow without the GIL) on every core, while the
    # rest is built here: 1.6x faster on 2 cores at 1M rows, measured
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        texts = {field.name: pool.submit(text, field.name, not field.value_required)
                 for field in STOP_FIELDS if field.type not in ("integer", "number", "date")
                 and field.name not in CATEGORICAL_COLUMNS and field.name != "trip_id"}
        texts["trip_id"] = pool.submit(lambda: _text_array(
            pc.take(trip.dictionary, pc.take(trip.indices, taken)), empty_is_missing=False))
        for field in STOP_FIELDS:
            name = field.name
            if field.type == "integer":
                data[name] = pd.array(numbers([s.stop_order for s in stops]), dtype="Int64")
            elif field.type == "number":
                data[name] = pd.arrays.FloatingArray(numbers([getattr(s, name) for s in stops]),
                                                     numbers([s.no_coordinates for s in stops]))
            elif field.type == "date":
                days = numbers([s.start if name == "start_date" else s.end for s in stops])
                data[name] = days.astype("datetime64[ns]")
            elif name in CATEGORICAL_COLUMNS:
                data[name] = _categorical(joined(name), rows,
                                          empty_is_missing=not field.value_required)
        for name, made in texts.items():
            data[name] = made.result()
    _release()  # the text columns, gone from the tables: their pages are not reused
    files = pa.array([s.file for s in stops], pa.large_string())
    which = numbers([np.full(s.rows, i, dtype=np.int64) for i, s in enumerate(stops)])
    data[FILE_COLUMN] = pd.arrays.ArrowStringArray(
        pa.chunked_array([pc.take(files, pa.array(which))]),
        dtype=pd.StringDtype("pyarrow", na_value=np.nan))
    data[ROW_COLUMN] = (rows + 2 if len(stops) == 1 else
                        numbers([np.arange(2, s.rows + 2, dtype="int64") for s in stops]))
    # copy=False: the arrays are this frame's alone; pandas would otherwise copy the dates and
    # row numbers into 2-D blocks (0.1 s at 1M rows, measured in a load)
    return pd.DataFrame(data, columns=[*STOP_COLUMNS, FILE_COLUMN, ROW_COLUMN], copy=False)


def has_hidden_characters(columns: Columns) -> bool:
    """Whether any cell holds a character validation.HIDDEN_CHARACTERS refuses."""
    return any(_any(_matches(column, _HIDDEN)) for column in columns.values() if len(column))


def stripped(table: TextTable) -> TextTable:
    """The table with every cell stripped as the row path strips it."""
    return TextTable(table.file, {n: strip(c) for n, c in table.columns.items()}, table.rows)


Input = tuple[str, Callable[[], bytes]]  # a file's name, and how to read its bytes


def try_frame(trips: Sequence[Input], sources: Sequence[Input], *, max_field_chars: int,
              max_columns: int) -> pd.DataFrame | None:
    """The validated frame of these CSV or Parquet inputs, or None: then the row path decides.

    Each input is read when its turn comes and its bytes are dropped once parsed, so at most
    one file's bytes are held beside the parsed columns. Any exception inside is treated as
    "not sure", so whatever an odd input does here, the user sees exactly what the row path
    says about it.
    """
    def parsed(name: str, read: Callable[[], bytes]) -> TextTable:
        if is_parquet(name):
            return stripped(parquet_text_table(read(), name, max_columns=max_columns))
        return stripped(csv_text_table(read(), name, max_field_chars=max_field_chars,
                                       max_columns=max_columns))

    _release()  # what earlier work freed (a previous load's frame) before this one's peak
    collecting = gc.isenabled()
    gc.disable()  # a source object per sources row: the cyclic collector would rescan them all
    try:
        tables = [parsed(name, read) for name, read in trips]
        return frame_of(tables, lambda: [parsed(name, read) for name, read in sources],
                        source_files=bool(sources))
    except Exception:  # noqa: BLE001 - NotSure, or anything pyarrow raises: the row path decides
        return None
    finally:
        if collecting:
            gc.enable()
