"""The CSV export: the filtered trips in the same columns as data/trips.csv, plus their sources.

The file loads back into travelmap (and the dashboard): its `sources` column of URLs stands for
each trip's sources there (outlets and titles are in the original sources.csv).

Opened in a spreadsheet, a cell such as `=HYPERLINK("http://evil", "click")` would run as a
formula (CSV injection, OWASP); text cells that start like a formula get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Iterable

import pandas as pd

from travelmap.model import (
    SOURCE_LIST_SEPARATOR,
    SOURCES_COLUMN,
    STOP_COLUMNS,
    STOP_FIELDS,
    Source,
)

SOURCES_HEADER = "sources"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_COLUMNS = frozenset(f.name for f in STOP_FIELDS if f.type in {"number", "integer"})
DATE_COLUMNS = frozenset(f.name for f in STOP_FIELDS if f.type == "date")


def _as_a_spreadsheet_reads_it(text: str) -> str:
    """The cell's start as a spreadsheet may read it: leading invisible format characters
    (zero-width space, BOM, direction marks) dropped and look-alikes folded by NFKC, so a
    full-width '＝1+1' or '\u200b=1+1' counts as the formula it would become."""
    start = text[:16]
    index = 0
    while index < len(start) and unicodedata.category(start[index]) == "Cf":
        index += 1
    return unicodedata.normalize("NFKC", start[index:])


def neutralise(text: str) -> str:
    """Text a spreadsheet would treat as a formula, made literal with a leading apostrophe."""
    return "'" + text if _as_a_spreadsheet_reads_it(text).startswith(FORMULA_STARTS) else text


def _cell(column: str, value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if column in DATE_COLUMNS:
        return pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]
    if column in NUMERIC_COLUMNS:
        number = float(value)  # type: ignore[arg-type]
        return str(int(number)) if number.is_integer() and column == "stop_order" else repr(number)
    return neutralise(str(value))


def sources_cell(sources: Iterable[Source] | None) -> str:
    """The URLs of a stop's sources in one cell, in their order, without repeats."""
    urls: list[str] = []
    for source in sources or ():
        if source.url and source.url not in urls:
            urls.append(source.url)
    return neutralise(SOURCE_LIST_SEPARATOR.join(urls))


def stops_csv(stops: pd.DataFrame) -> str:
    """The stops as CSV text: the trips.csv header plus `sources`; reused by the dashboard.

    >>> stops_csv(load_trips()).splitlines()[0]   # doctest: +SKIP
    'trip_id,stop_order,traveller,...,note,sources'
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*STOP_COLUMNS, SOURCES_HEADER])
    has_sources = SOURCES_COLUMN in stops.columns
    for record in stops.to_dict(orient="records"):
        cells = [_cell(column, record.get(column)) for column in STOP_COLUMNS]
        cells.append(sources_cell(record.get(SOURCES_COLUMN)) if has_sources else "")
        writer.writerow(cells)
    return buffer.getvalue()


def render_csv(stops: pd.DataFrame, **_: object) -> str:
    """Writer used by `travelmap.export.export`: with a BOM, so Excel reads Пхеньян as UTF-8."""
    return "\ufeff" + stops_csv(stops)
