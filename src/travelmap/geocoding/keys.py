"""Each stop's (place, host country) key, computed per distinct value rather than per row.

A million stops name a few thousand places: the resolvers answer each distinct key once and the
answers go back to the rows by code (a numpy take), so placing costs per row what a join does.
The key of a row is exactly `(place_text(place), host_code(host))`; these are applied to each
distinct cell value only (pandas' factorize finds them), and per row only where that could differ
(missing cells, or cells that are not text: 1 and 1.0 are one value to a hash table, not to
`str`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

Key = tuple[str, str | None]  # (place as written, stripped; host country alpha-3, or None)


def place_text(place: Any) -> str:
    """A place cell as a key: its text, stripped (" Harbin" and "Harbin" are one place)."""
    return str(place).strip()


def host_code(country: Any) -> str | None:
    """A host country cell as a key: stripped and upper-cased, None when missing or blank."""
    if country is None or pd.isna(country):
        return None
    return str(country).strip().upper() or None


@dataclass(frozen=True)
class StopKeys:
    """The distinct keys of a frame, in order of first appearance, and each row's index into
    them (`keys[codes[row]]` is the key of that row)."""

    keys: list[Key]
    codes: np.ndarray  # int64, one per row


def stop_keys(frame: pd.DataFrame, *,
              host: Callable[[Any], str | None] = host_code) -> StopKeys:
    """The keys of `frame`'s "place" and "host_country" columns (`host` reads a host cell)."""
    place_codes, places = column_codes(frame["place"], place_text)
    host_codes, hosts = column_codes(frame["host_country"], host)
    combined = place_codes * max(len(hosts), 1) + host_codes
    codes, uniques = pd.factorize(combined, sort=False)
    width = max(len(hosts), 1)
    keys = [(places[int(u) // width], hosts[int(u) % width]) for u in uniques]
    return StopKeys(keys, codes.astype(np.int64, copy=False))


def column_codes(column: pd.Series, convert: Callable[[Any], Any]) -> tuple[np.ndarray, list]:
    """(codes, values): `values[codes[row]] == convert(cell of row)`, values distinct."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    distinct = list(uniques)
    if not all(type(value) is str for value in distinct):
        converted = [convert(value) for value in column]  # not all text: row by row, exactly
        return _dedup(converted, np.arange(len(converted)))
    converted = [convert(value) for value in distinct]
    missing = np.flatnonzero(codes < 0)
    if len(missing):  # NA cells: None, nan and <NA> read differently, so each is converted
        codes = codes.copy()
        codes[missing] = len(converted) + np.arange(len(missing))
        converted += [convert(value) for value in column.iloc[missing]]
    return _dedup(converted, codes)


def row_groups(codes: np.ndarray) -> list[np.ndarray]:
    """The rows of each code (0, 1, ...), each in row order: one stable sort, not a dict of lists
    grown row by row."""
    order = np.argsort(codes, kind="stable")
    cuts = np.flatnonzero(np.diff(codes[order])) + 1
    return np.split(order, cuts) if len(order) else []


def _dedup(converted: list, codes: np.ndarray) -> tuple[np.ndarray, list]:
    """Merge values that converted alike (" Harbin" and "Harbin"); re-point the codes."""
    index: dict[Any, int] = {}
    remap = np.fromiter((index.setdefault(value, len(index)) for value in converted),
                        dtype=np.int64, count=len(converted))
    return remap[codes], list(index)
