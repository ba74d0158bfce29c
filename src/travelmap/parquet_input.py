"""Parquet trips files as the loader's text cells, so they go through the very checks a CSV does.

Data kept in DuckDB, Polars or Arrow is saved as Parquet with real types; each cell is turned
into the text a CSV would hold (integers and floats as digits, dates as YYYY-MM-DD, nulls as
empty cells), one conversion for both the row path and the columnar fast path, so both see the
same cells. A GeoParquet-style point column (`geometry`, WKB) fills lat/lon when the file has no
such columns. Data row i is spreadsheet row i + 2, as if the file had a header row.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from travelmap.errors import Problem, ValidationError

PARQUET_SUFFIX = ".parquet"
GEOMETRY_COLUMN = "geometry"
_WKB_POINT_BYTES = 21  # byte order, type 1 (point), x (lon), y (lat)


def is_parquet(name: str) -> bool:
    return name.lower().endswith(PARQUET_SUFFIX)


def text_columns(raw: bytes, file: str) -> tuple[list[str], list[pa.ChunkedArray]]:
    """(header names as written, one column of text per name); ValidationError if the bytes
    are not a Parquet file or a column cannot be written as text."""
    try:
        table = pq.read_table(pa.BufferReader(raw))
    except (pa.ArrowException, OSError) as error:
        raise ValidationError([Problem(file, None, None, f"cannot be read as Parquet ({error})"
                                       )]) from None
    names: list[str] = []
    columns: list[pa.ChunkedArray] = []
    points: tuple[str, pa.ChunkedArray] | None = None
    for name, column in zip(table.column_names, table.columns, strict=True):
        if name.strip().lower() == GEOMETRY_COLUMN and pa.types.is_binary(column.type):
            points = (name, column)  # coordinates, not text
            continue
        try:
            columns.append(_as_text(column))
        except (pa.ArrowException, ValueError) as error:
            raise ValidationError([Problem(
                file, 1, name, f"has type {column.type}, which cannot be read as text "
                f"({str(error)[:80]})")]) from None
        names.append(name)
    lowered = [n.strip().lower() for n in names]
    if points is not None and "lat" not in lowered and "lon" not in lowered:
        lon, lat = _points(points[1], file, points[0])
        names += ["lat", "lon"]
        columns += [pa.chunked_array([lat]), pa.chunked_array([lon])]
    return names, columns


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """The cells as a CSV would hold them; nulls are empty cells."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = kind.value_type
    if pa.types.is_timestamp(kind):  # a date at midnight, as the data means it; else in full
        days = pc.cast(pc.floor_temporal(column, unit="day"), pa.date32())
        at_midnight = pc.equal(pc.cast(days, kind), column)
        column = pc.if_else(at_midnight, pc.cast(days, pa.string()), pc.cast(column, pa.string()))
        kind = pa.string()
    if pa.types.is_boolean(kind):
        column = pc.if_else(column, "true", "false")
    text = column if kind in (pa.string(), pa.large_string()) else pc.cast(column, pa.string())
    return pc.fill_null(pc.cast(text, pa.string()), "")


def _points(column: pa.ChunkedArray, file: str, name: str) -> tuple[pa.Array, pa.Array]:
    """lon and lat of WKB points (GeoParquet's default encoding) as text; empty for nulls."""
    array = column.combine_chunks()
    xy = _little_endian_points(array)
    if xy is None:
        xy = np.full((len(array), 2), np.nan)
        for row, value in enumerate(array.to_pylist()):
            if value is None:
                continue
            order = "<" if value[:1] == b"\x01" else ">"
            if (len(value) != _WKB_POINT_BYTES or value[0] not in (0, 1)
                    or int(np.frombuffer(value[1:5], f"{order}u4")[0]) != 1):
                raise ValidationError([Problem(file, row + 2, name, "is not a WKB point")])
            xy[row] = np.frombuffer(value[5:], f"{order}f8")
    missing = np.asarray(array.is_null())
    lon, lat = (pc.fill_null(pc.cast(pa.array(xy[:, i], mask=missing), pa.string()), "")
                for i in (0, 1))
    return lon, lat


def _little_endian_points(array: pa.BinaryArray) -> np.ndarray | None:
    """(x, y) per row when every cell is a little-endian WKB point, read without a loop."""
    if array.null_count or not len(array):
        return None
    _, offsets, data = array.buffers()
    bounds = np.frombuffer(offsets, np.int32)[array.offset: array.offset + len(array) + 1]
    if not (np.diff(bounds) == _WKB_POINT_BYTES).all():
        return None
    blob = np.frombuffer(data, np.uint8)[bounds[0]: bounds[-1]].reshape(-1, _WKB_POINT_BYTES)
    if not ((blob[:, 0] == 1).all() and (blob[:, 1:5].copy().view("<u4") == 1).all()):
        return None
    return blob[:, 5:].copy().view("<f8").reshape(-1, 2)
