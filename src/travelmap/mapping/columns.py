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


PREFIX_CAP = 32  # characters compared for a shared start (a URL's scheme, host and path)
_CHUNK = 32_768  # texts compared at a time (bounds memory: chunk x PREFIX_CAP x 4 bytes)


class StringTable:
    """One list of texts; columns refer to it by index (-1 for a blank or missing cell).

    Each column adds its distinct texts as one run, in order of first appearance (a text used by
    two columns is listed in each run: matching across columns would cost more than it saves).
    `text_column` hands back a column that `finish` fills in once every run is known: the
    shortest runs (visit outcomes, outlets) then come first, so their indices fit in one byte.
    The texts travel front-coded: each one as the length of the start it shares with the text
    before it and the rest ("https://example.org/a/1" after "https://example.org/a/" costs 1).
    """

    def __init__(self) -> None:
        self._runs: list[tuple[list[str], np.ndarray, dict[str, Any]]] = []
        self._strings: list[str] | None = None

    def text_column(self, values: pd.Series | Sequence[object]) -> dict[str, Any]:
        """The column of `values`' indices, filled in by `finish` (an empty dict until then).

        Factorised column-wise: each distinct text is turned into a Python string once, however
        many rows repeat it (Arrow strings never walked row by row); blanks become -1.
        """
        if self._strings is not None:
            raise RuntimeError("the string table is finished")
        series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        if isinstance(uniques, np.ndarray):  # Python objects: turned into text one by one
            texts = [value if type(value) is str else str(value) for value in uniques.tolist()]
            blank = np.fromiter((not text.strip() for text in texts), dtype=bool,
                                count=len(texts))
        else:  # Arrow strings or categories: checked column-wise
            values = pd.Series(uniques).astype("string")
            blank = values.str.strip().eq("").to_numpy(dtype=bool, na_value=True)
            texts = values.tolist()
        kept = [text for text, empty in zip(texts, blank.tolist(), strict=True) if not empty]
        local = np.full(len(texts) + 1, -1, dtype=np.int64)  # the last: missing (code -1)
        local[:-1][~blank] = np.arange(len(kept))
        column: dict[str, Any] = {}
        self._runs.append((kept, local[codes], column))
        return column

    def finish(self) -> dict[str, Any]:
        """Lays the runs out (shortest first), fills every text column, and returns the table
        as {"prefix": column of shared-start lengths (UTF-16 units), "suffix": [texts]}."""
        order = sorted(range(len(self._runs)), key=lambda k: len(self._runs[k][0]))
        offset, strings, prefixes = 0, [], []
        for k in order:
            run, codes, column = self._runs[k]
            run, codes, prefix = _cheaper_order(run, codes, offset)
            column.update(int_column(np.where(codes < 0, -1, codes + offset)), text=True)
            strings.extend(run)
            prefixes.append(prefix)
            offset += len(run)
        self._strings = strings
        prefix = np.concatenate(prefixes) if prefixes else np.zeros(0, dtype=np.int64)
        return {"prefix": int_column(prefix),
                "suffix": [text if not k else text[k:] if text.isascii()
                           else text[utf16_chars(text, k):]
                           for text, k in zip(strings, prefix.tolist(), strict=True)]}

    @property
    def strings(self) -> list[str]:
        """Every text in table order (after `finish`)."""
        if self._strings is None:
            raise RuntimeError("finish the string table first")
        return self._strings


SORT_FROM = 1_000  # distinct texts in a run before sorting it is worth a try...
SORT_REST = 8.0  # ...and characters left to send per text, on average, in order of appearance


def _cheaper_order(run: list[str], codes: np.ndarray,
                   offset: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The run in order of first appearance, or sorted when that costs fewer bytes in all:
    sorted texts share longer starts (titles of one leader's trips), but the column then
    refers to them in no order, in wider indices. Returns (texts, codes into them, prefixes)."""
    prefix = shared_starts(run)
    if len(run) < SORT_FROM or sum(map(len, run)) - prefix.sum() < SORT_REST * len(run):
        return run, codes, prefix
    import pyarrow as pa
    import pyarrow.compute as pc

    order = pc.sort_indices(pa.array(run, type=pa.string())).to_numpy()
    ranked = np.array(run, dtype=object)[order].tolist()
    ranked_prefix = shared_starts(ranked)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    ranked_codes = np.where(codes < 0, -1, rank[np.maximum(codes, 0)])

    def cost(prefix: np.ndarray, codes: np.ndarray) -> int:
        column = int_column(np.where(codes < 0, -1, codes + offset))
        return len(column.get("data", "")) - int(prefix.sum())

    if cost(ranked_prefix, ranked_codes) < cost(prefix, codes):
        return ranked, ranked_codes, ranked_prefix
    return run, codes, prefix


def shared_starts(texts: list[str]) -> np.ndarray:
    """Per text, how many UTF-16 units (what JS's `slice` counts) of its start it shares with
    the text before it, up to PREFIX_CAP characters; compared in blocks as fixed-width numpy
    arrays, not character by character in Python."""
    n = len(texts)
    out = np.zeros(n, dtype=np.int64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    for first in range(1, n, _CHUNK):
        block = texts[first - 1:first + _CHUNK]
        chars = np.array(block, dtype=f"<U{PREFIX_CAP}").view(np.uint32).reshape(
            len(block), PREFIX_CAP)
        same = chars[1:] == chars[:-1]
        shared = np.where(same.all(axis=1), PREFIX_CAP, same.argmin(axis=1))
        ends = lengths[first - 1:first + _CHUNK]
        shared = np.minimum(shared, np.minimum(ends[1:], ends[:-1]))
        astral = chars[1:] > 0xFFFF  # one character, two UTF-16 units
        if astral.any():
            within = np.arange(PREFIX_CAP) < shared[:, None]
            shared = shared + (astral & within).sum(axis=1)
        out[first:first + len(shared)] = shared
    return out


def utf16_chars(text: str, units: int) -> int:
    """How many characters of `text` make its first `units` UTF-16 units."""
    if text.isascii():
        return units
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def decode_strings(table: dict[str, Any]) -> list[str]:
    """The texts of a front-coded table (tests, notebooks; the page has its own decoder)."""
    prefix = decode_int_column(table["prefix"], len(table["suffix"])).tolist()
    out: list[str] = []
    for k, suffix in zip(prefix, table["suffix"], strict=True):
        start = out[-1][:utf16_chars(out[-1], k)] if k else ""
        out.append(start + suffix)
    return out
