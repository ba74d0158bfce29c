"""CSV -> validated, typed DataFrame, or one error listing every problem with file, row and column.

Valid files take the columnar fast path (`columnar.py`: pyarrow and Arrow compute) when it can
vouch for them; everything else, and every file with a problem, goes through the row path here.
It reads with the csv module rather than pandas so that each record keeps the row number a
spreadsheet shows (header = row 1), blank lines and multi-line cells included; the checks
themselves live in `validation.py`. It is the definition of the rules and of every message: the
fast path only ever returns the frame this path would build. Parquet files (by name) are read as
the text a CSV would hold (`parquet_input.py`) and checked the same way.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from travelmap.errors import Problem, ValidationError
from travelmap.model import (
    CATEGORICAL_COLUMNS,
    FILE_COLUMN,
    ROW_COLUMN,
    SOURCE_FIELDS,
    SOURCES_COLUMN,
    SOURCES_FILENAME,
    STOP_COLUMNS,
    STOP_FIELDS,
    Source,
    bundled_trips_path,
)
from travelmap.parquet_input import is_parquet, text_columns
from travelmap.validation import (
    INLINE_SOURCE_COLUMNS,
    RowCheck,
    check_sources,
    check_stop_order_dates,
    check_trip_sources,
    check_unique_stops,
)

_SEPARATORS = re.compile(r"[\s\-]+")
# Csv fields longer than this are garbage, not data; the csv module's default is 128 KiB.
MAX_FIELD_CHARS = 100_000
# The schema has 14 columns (plus four inline source columns): a header this wide is not a trips
# file, and refusing it at once keeps every later step small.
MAX_COLUMNS = 1_000
# Files are read whole (each record keeps its spreadsheet row); past this the loader refuses
# rather than exhaust memory. TRAVELMAP_MAX_FILE_MB raises it for a machine that has the memory.
DEFAULT_MAX_FILE_MB = 512
MAX_FILE_ENV = "TRAVELMAP_MAX_FILE_MB"


def max_file_bytes() -> int:
    """The largest CSV the loader reads: DEFAULT_MAX_FILE_MB, or $TRAVELMAP_MAX_FILE_MB."""
    try:
        megabytes = float(os.environ.get(MAX_FILE_ENV, DEFAULT_MAX_FILE_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(max(megabytes, 0) * 1024 * 1024)


@dataclass
class Table:
    """The records of one CSV file, with the spreadsheet row number of each."""

    file: str
    columns: list[str]  # normalised header: see column_key
    rows: list[tuple[int, dict[str, str]]]
    problems: list[Problem]  # rows that could not be read; the other rows are still checked


def decode_utf8(raw: bytes, file: str) -> str:
    """UTF-8 with or without BOM; anything else is refused with where the first bad byte is."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValidationError([Problem(file, None, None,
                                       "file is UTF-16; save it as UTF-8 (CSV UTF-8 in Excel)")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ValidationError([Problem(
            file, line, None,
            f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded "
            "(the file may be Windows-1252 or Latin-1); save it as UTF-8")]) from None


def column_key(name: str) -> str:
    """A header cell as the schema names it: 'Start date', ' START-DATE ' -> 'start_date'."""
    return _SEPARATORS.sub("_", name.strip().lower())


def delimiter_of(text: str) -> str:
    """',' unless the header row is plainly split by ';' or a tab: a spreadsheet saved in a
    locale whose decimal mark is the comma writes 'CSV' with semicolons."""
    first = next((line for line in io.StringIO(text) if line.strip()), "")  # lazily: 1M rows
    counts = {mark: first.count(mark) for mark in (",", ";", "\t")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] > counts[","] else ","


def read_table(raw: bytes, file: str) -> Table:
    """Parse CSV (or, by its name, Parquet) bytes into records keyed by normalised column
    names."""
    if is_parquet(file):
        return _parquet_table(raw, file)
    text = decode_utf8(raw, file)
    if "\x00" in text:
        raise ValidationError([Problem(file, None, None,
                                       "file contains NUL bytes: it is not a text CSV")])
    csv.field_size_limit(MAX_FIELD_CHARS)
    delimiter = delimiter_of(text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    problems: list[Problem] = []
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    row_number = 0
    lines_before = 0  # physical lines read before the record being parsed
    try:
        for record in reader:
            row_number += 1
            lines_before = reader.line_num
            if header is None:
                if not any(cell.strip() for cell in record):
                    continue  # leading blank lines before the header
                if len(record) > MAX_COLUMNS:
                    raise _too_wide(file, row_number, len(record))
                header = [column_key(cell) for cell in record]
                header_row = row_number
                continue
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
                extra = next(i for i in range(len(header), len(record)) if record[i].strip())
                problems.append(Problem(file, row_number, column_label(header, extra),
                                        f"has {len(record)} cells but the header has "
                                        f"{len(header)} columns (an unquoted comma?)"))
                continue
            cells = record + [""] * (len(header) - len(record))
            rows.append((row_number, {name: cells[i].strip() for i, name in enumerate(header)
                                      if name}))
    except csv.Error as error:
        at = locate_csv_error(_text_from_line(text, lines_before), delimiter)
        problems.append(Problem(file, row_number + 1,
                                None if at is None else column_label(header, at),
                                _explain_csv_error(error)))
    if header is None:
        problems.append(Problem(file, 1, None, "file is empty: expected a header row"))
        raise ValidationError(problems)
    _refuse_duplicate_columns(file, header, header_row, problems)
    return Table(file, header, rows, problems)


def _too_wide(file: str, row: int, columns: int) -> ValidationError:
    return ValidationError([Problem(
        file, row, None, f"the header has {columns:,} columns; a trips or sources CSV has "
        f"at most {MAX_COLUMNS:,} (is this the right file?)")])


def _refuse_duplicate_columns(file: str, header: list[str], row: int,
                              problems: list[Problem]) -> None:
    counts = Counter(header)
    duplicates = sorted(c for c, n in counts.items() if c and n > 1)
    for name in duplicates:
        problems.append(Problem(file, row, name, "column appears more than once"))
    if duplicates:
        raise ValidationError(problems)


def _parquet_table(raw: bytes, file: str) -> Table:
    """A Parquet file's cells as the text a CSV would hold (parquet_input), data row i as
    spreadsheet row i + 2, blank rows skipped as in a CSV."""
    names, columns = text_columns(raw, file)
    if len(names) > MAX_COLUMNS:
        raise _too_wide(file, 1, len(names))
    header = [column_key(name) for name in names]
    _refuse_duplicate_columns(file, header, 1, [])
    rows: list[tuple[int, dict[str, str]]] = []
    for index, record in enumerate(zip(*(c.to_pylist() for c in columns), strict=True)):
        if any(cell.strip() for cell in record):
            rows.append((index + 2, {name: record[i].strip() for i, name in enumerate(header)
                                     if name}))
    return Table(file, header, rows, [])


def column_label(header: list[str] | None, index: int) -> str:
    """How a message names the cell at `index`: its header's name, else its position ('#19')
    when it is past the header, has a blank header cell, or the header itself is at fault."""
    if header is not None and index < len(header) and header[index]:
        return header[index]
    return f"#{index + 1}"


def _text_from_line(text: str, line: int) -> str:
    """`text` from physical line `line` (0-based) on, lines split as the csv reader saw them."""
    offset = 0
    for number, content in enumerate(io.StringIO(text, newline="")):
        if number == line:
            break
        offset += len(content)
    return text[offset:]


def locate_csv_error(record: str, delimiter: str) -> int | None:
    """The 0-based cell where the csv module (strict, doubled quotes, MAX_FIELD_CHARS) fails on
    the record that starts `record`: text after a closing quote, a quoted cell never closed (the
    cell where it opens), a cell over the limit. csv.Error does not say; this walks the record
    with csv's own states. None when no such fault is found (another csv error)."""
    cell = length = 0
    state = "start"  # start of a cell, in a plain cell, in quotes, just after a quote in quotes
    for char in record:
        if state == "after_quote":
            if char == '"':
                state, length = "quoted", length + 1
                continue
            if char not in (delimiter, "\n", "\r"):
                return cell  # text after the closing quote
            state = "start"
        if state == "quoted":
            if char == '"':
                state = "after_quote"
            else:
                length += 1
        elif char in ("\n", "\r"):
            return None  # the record ended without a fault
        elif char == delimiter:
            cell, length, state = cell + 1, 0, "start"
        elif char == '"' and state == "start":
            state = "quoted"
        else:
            state, length = "plain", length + 1
        if length > MAX_FIELD_CHARS:
            return cell
    return cell if state == "quoted" else None


def _explain_csv_error(error: csv.Error) -> str:
    """csv's terse messages, said in spreadsheet terms; reading stops at this row."""
    text = str(error)
    if "unexpected end of data" in text:
        return ('a quoted cell starts here and is never closed (a missing \'"\'); '
                "nothing after it could be read")
    if "expected after" in text:
        return ("a quoted cell has text after its closing quote; write quotes inside a cell "
                "as two quotes (\"\"); nothing after it could be read")
    if "field larger than field limit" in text:
        return f"a cell is longer than {MAX_FIELD_CHARS:,} characters; nothing after it was read"
    return f"CSV cannot be parsed ({text}); nothing after it could be read"


def _sources_path_for(trips_path: Path) -> Path:
    return trips_path.with_name(SOURCES_FILENAME)


def load_trips(*paths: str | Path, sources: str | Path | None = None) -> pd.DataFrame:
    """Load and validate one or more trips CSVs (the bundled data when none is named).

    Sources come from `sources.csv` next to each trips file (or the `sources` path given), or
    from `source_outlet`/`source_title`/`source_url`/`source_published` columns in the trips CSV
    itself. Raises `ValidationError` listing every problem in every file.

    >>> stops = load_trips()                      # doctest: +SKIP
    >>> stops.groupby("traveller").size()         # doctest: +SKIP
    """
    trip_paths = [Path(p) for p in paths] or [bundled_trips_path()]
    fast = _fast_frame(trip_paths, sources)
    if fast is not None:
        return fast
    problems: list[Problem] = []
    tables: list[Table] = []
    source_tables: list[Table] = []
    for path in trip_paths:
        try:
            tables.append(read_table(_read_bytes(path), str(path)))
        except ValidationError as error:
            problems.extend(error.problems)
            continue
        source_path = Path(sources) if sources else _sources_path_for(path)
        if source_path.exists() and all(t.file != str(source_path) for t in source_tables):
            try:
                source_tables.append(read_table(_read_bytes(source_path), str(source_path)))
            except ValidationError as error:
                problems.extend(error.problems)
        elif sources and not source_path.exists():
            problems.append(Problem(str(source_path), None, None, "sources file not found"))
    return build_stops(tables, source_tables, problems)


def load_trips_from_bytes(trips: bytes, *, name: str = "uploaded.csv",
                          sources: bytes | None = None,
                          sources_name: str = SOURCES_FILENAME) -> pd.DataFrame:
    """Validate CSV bytes (an upload) exactly as files on disk are validated."""
    fast = _try_columnar([(name, lambda: trips)],
                         [] if sources is None else [(sources_name, lambda: sources)])
    if fast is not None:
        return fast
    problems: list[Problem] = []
    tables: list[Table] = []
    source_tables: list[Table] = []
    for raw, label, into in ((trips, name, tables), (sources, sources_name, source_tables)):
        if raw is None:
            continue
        try:
            into.append(read_table(raw, label))
        except ValidationError as error:
            problems.extend(error.problems)
    return build_stops(tables, source_tables, problems)


def _try_columnar(trips: list[tuple[str, Callable[[], bytes]]],
                  sources: list[tuple[str, Callable[[], bytes]]]) -> pd.DataFrame | None:
    """The columnar fast path's frame for valid input, or None: then the row path below decides
    (and reports any problem at its own speed, with its own messages)."""
    from travelmap import columnar  # imports this module's helpers: imported late

    return columnar.try_frame(trips, sources, max_field_chars=MAX_FIELD_CHARS,
                              max_columns=MAX_COLUMNS)


def _fast_frame(trip_paths: list[Path], sources: str | Path | None) -> pd.DataFrame | None:
    """The fast path over the files `load_trips` would read (each read when its turn comes),
    or None; when a file cannot be read, the row path reads it again and says why."""
    trips: list[tuple[str, Callable[[], bytes]]] = []
    source_inputs: list[tuple[str, Callable[[], bytes]]] = []
    for path in trip_paths:
        trips.append((str(path), partial(_read_bytes, path)))
        source_path = Path(sources) if sources else _sources_path_for(path)
        if source_path.exists():
            if all(name != str(source_path) for name, _ in source_inputs):
                source_inputs.append((str(source_path), partial(_read_bytes, source_path)))
        elif sources:
            return None
    return _try_columnar(trips, source_inputs)


def read_file_table(path: str | Path) -> Table:
    """One CSV file read as the trips are (bounded, located errors): for other inputs, such as
    a story file."""
    return read_table(_read_bytes(Path(path)), str(path))


def read_side_table(path: str | Path, *, required: str, max_rows: int,
                    too_many: str) -> tuple[Table, list[Problem]]:
    """A small CSV a user edits beside the trips (story steps, annotations), read as the trips
    are: refused at once without its `required` column; past `max_rows` rows, `too_many` is a
    problem (the rows are still checked, so every fault is listed)."""
    table = read_file_table(path)
    problems = list(table.problems)
    if required not in table.columns:
        problems.append(Problem(table.file, 1, required, "required column is missing"))
        raise ValidationError(problems)
    if len(table.rows) > max_rows:
        problems.append(Problem(table.file, None, None, too_many))
    return table, problems


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes, up to `max_file_bytes()`: pipes, devices and sockets are refused
    before they are opened (a FIFO would block, /dev/zero would fill memory)."""
    def problem(message: str) -> ValidationError:
        return ValidationError([Problem(str(path), None, None, message)])

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise problem("file not found") from None
    except OSError as error:
        raise problem(f"cannot be read: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise problem("is a directory, not a CSV")
    if not stat.S_ISREG(mode):
        raise problem("is not a regular file (a pipe, device or socket): name a CSV file")
    limit = max_file_bytes()
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise problem(f"cannot be read: {error.strerror}") from None
    if len(data) > limit:
        raise problem(f"is larger than {limit / 1024 / 1024:,.0f} MB, the most travelmap "
                      f"reads; set {MAX_FILE_ENV} to raise the limit")
    return data


def build_stops(tables: list[Table], source_tables: list[Table],
                problems: list[Problem]) -> pd.DataFrame:
    """Check every row of every table, then assemble the typed DataFrame or raise."""
    records: list[dict[str, object]] = []
    sources_by_trip: dict[str, list[Source]] = {}
    source_rows: dict[str, tuple[str, int]] = {}
    for table in [*tables, *source_tables]:
        problems.extend(table.problems)
    for table in source_tables:
        problems.extend(check_sources(table.file, table.columns, table.rows, sources_by_trip,
                                      source_rows))
    for table in tables:
        missing = [f.name for f in STOP_FIELDS if f.column_required and f.name not in table.columns]
        for name in missing:
            header = ", ".join(c for c in table.columns if c)
            if len(header) > 300:
                header = header[:300] + "…"
            problems.append(Problem(table.file, 1, name,
                                    f"required column is missing (header has: {header})"))
        if missing:
            continue
        check = RowCheck(table.file)
        inline = all(c in table.columns for c in INLINE_SOURCE_COLUMNS[:3])
        listed = not inline and not source_tables and SOURCES_COLUMN in table.columns
        for row_number, cells in table.rows:
            record = check.stop(row_number, cells)
            if inline:
                check.inline_source(row_number, cells, sources_by_trip, source_rows)
            elif listed:
                check.listed_sources(row_number, cells, sources_by_trip, source_rows)
            if record is not None:
                records.append(record)
        problems.extend(check.problems)
    problems.extend(check_unique_stops(records))
    problems.extend(check_stop_order_dates(records))
    trip_ids_in_rows = {cells.get("trip_id", "") for table in tables for _, cells in table.rows}
    problems.extend(check_trip_sources(records, sources_by_trip, source_rows,
                                       has_source_file=bool(source_tables),
                                       trip_ids_in_rows=trip_ids_in_rows,
                                       has_source_columns=any(
                                           "source_url" in table.columns for table in tables)))
    if problems:
        raise ValidationError(problems)
    return _to_frame(records, sources_by_trip)


def _to_frame(records: list[dict[str, object]],
              sources_by_trip: dict[str, list[Source]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=[*STOP_COLUMNS, FILE_COLUMN, ROW_COLUMN])
    for field in STOP_FIELDS:
        column = field.name
        if field.type == "integer":
            frame[column] = frame[column].astype("Int64")
        elif field.type == "number":
            frame[column] = pd.array(frame[column].tolist(), dtype="Float64")
        elif field.type == "date":
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
        elif column in CATEGORICAL_COLUMNS:
            words = frame[column].dropna().astype("str")
            frame[column] = pd.Categorical(  # categories typed as text even when none is given
                frame[column], categories=pd.Index(sorted(set(words)), dtype="str"))
        else:
            frame[column] = frame[column].astype("string")
    frame[SOURCES_COLUMN] = [tuple(sources_by_trip.get(str(t), ())) for t in frame["trip_id"]]
    frame[ROW_COLUMN] = frame[ROW_COLUMN].astype("int64")
    frame = frame.sort_values(["start_date", "trip_id", "stop_order"], kind="stable")
    return frame.reset_index(drop=True)


__all__ = ["load_trips", "load_trips_from_bytes", "read_table", "SOURCE_FIELDS"]
