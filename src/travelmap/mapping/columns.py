"""Columns for the page as typed arrays and one string table, so a million stops stay small and
quick to write and to read.

A number column is base64 of little-endian integers of the narrowest width that holds them (or of
their differences from one row to the next, when those are narrower: dates sorted by day), which
the page decodes with one `atob` into a typed array (`static/js/columns.js`). Every text is one
JSON string in the payload's string table, referenced by index (-1: none), so a text repeated on
many rows is written once and stays JSON data (shown with `textContent`, never parsed as HTML).
The same values always give the same bytes.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

# (name the page knows, little-endian numpy type), narrowest first
_WIDTHS: tuple[tuple[str, str], ...] = (
    ("u1", "u1"), ("i1", "i1"), ("u2", "<u2"), ("i2", "<i2"), ("i4", "<i4"))


def _narrowest(low: int, high: int) -> tuple[str, str] | None:
    for name, dtype in _WIDTHS:
        info = np.iinfo(np.dtype(dtype))
        if info.min <= low and high <= info.max:
            return name, dtype
    return None


def int_column(values: Sequence[int] | np.ndarray, *, scale: int | None = None) -> dict[str, Any]:
    """`values` (integers) as {"type", "data"[, "delta"]}, or {"fill": v} when all are equal.

    With "delta" (the first value), "data" holds the steps from each value to the next: sorted
    days, or codes in order of first appearance, then take one byte a value instead of two or four.

    `scale` marks fixed-point numbers (the page divides by it: 4 decimals of a degree as
    integers give back exactly the double that "12.3456" parses to, in 4 bytes instead of 8).
    """
    array = np.asarray(values, dtype=np.int64)
    extra: dict[str, Any] = {} if scale is None else {"scale": scale}
    if not len(array) or int(array.min()) == int(array.max()):
        return {"fill": int(array[0]) if len(array) else 0, **extra}
    low, high = int(array.min()), int(array.max())
    width = _narrowest(low, high)
    if width is None:
        raise ValueError(f"a column's values run from {low} to {high}: beyond 32-bit integers")
    name, dtype = width
    steps = np.diff(array, prepend=array[0])  # the first step is 0: "delta" is the first value
    step = _narrowest(int(steps.min()), int(steps.max()))
    if step is not None and np.dtype(step[1]).itemsize < np.dtype(dtype).itemsize:
        return {"type": step[0], "delta": int(array[0]), "data": _b64(steps, step[1]), **extra}
    return {"type": name, "data": _b64(array, dtype), **extra}


def _b64(array: np.ndarray, dtype: str) -> str:
    return base64.b64encode(array.astype(dtype).tobytes()).decode("ascii")


def decode_int_column(column: dict[str, Any], count: int) -> np.ndarray:
    """The values `int_column` encoded (float64 when scaled): for tests and notebooks."""
    if "fill" in column:
        values = np.full(count, column["fill"], dtype=np.int64)
    else:
        dtype = dict(_WIDTHS)[column["type"]]
        values = np.frombuffer(base64.b64decode(column["data"]), dtype=dtype).astype(np.int64)
        if "delta" in column:
            values = column["delta"] + np.cumsum(values)
    return values / column["scale"] if column.get("scale") else values


class StringTable:
    """One list of texts; columns refer to it by index (-1 for a blank or missing cell).

    Each column adds its distinct texts as one run (a text used by two columns, such as a place
    that is also a counterpart, is listed in each run: matching across columns would cost more
    than it saves)."""

    def __init__(self) -> None:
        self._runs: list[list[str]] = []
        self._size = 0

    def codes(self, values: pd.Series | Sequence[object]) -> np.ndarray:
        """Indices of `values` in the table, its distinct texts added in order of first
        appearance. Factorised column-wise: each distinct text is turned into a Python string
        once, however many rows repeat it (Arrow strings never walked row by row)."""
        series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        texts = pd.Series(uniques)
        if not pd.api.types.is_string_dtype(texts.dtype) or texts.dtype == object:
            texts = texts.map(str).astype("string")
        blank = texts.str.strip().eq("").to_numpy(dtype=bool, na_value=True)
        kept = texts[~blank].tolist()
        found = np.full(len(texts), -1, dtype=np.int64)
        found[~blank] = self._size + np.arange(len(kept))
        self._runs.append(kept)
        self._size += len(kept)
        return np.append(found, -1)[codes]  # code -1 (missing) -> -1

    @property
    def strings(self) -> list[str]:
        return [text for run in self._runs for text in run]
