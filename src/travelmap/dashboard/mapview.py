"""What the dashboard's map frame draws: `build_map`'s own payload, and when to refit the view.

Streamlit-free so tests call it directly. The dashboard's filters and time slider live in
Streamlit, so the map is built once per dataset without its own timeline; a rerun then only tells
the frame which rows are shown (`component.trip_map`).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from travelmap.mapping import build_map, payload_json


def map_payload(stops: pd.DataFrame, *, colours: Mapping[str, str]) -> tuple[str, bytes]:
    """(content hash, JSON bytes) of the map of every stop of the dataset, each stop numbered by
    its row; `colours` are the dataset's, so they never change with a filter."""
    m = build_map(stops, timeline=False, fit_bounds=False, row_ids=True, colours=dict(colours))
    data = payload_json(m).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16], data


def fit_key(dataset_key: str, *filters: Iterable[str]) -> str:
    """Changes when the dataset or a filter does (not with the time window, so Play and the
    slider keep the reader's pan and zoom): the frame fits the map to what is shown then."""
    parts = [dataset_key, *("|".join(sorted(str(v) for v in values)) for values in filters)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def encode_rows(rows: np.ndarray, count: int) -> str:
    """The shown rows of a dataset of `count` stops as a bitmap (bit i of byte i // 8, least
    significant first), base64: 17 kB for 100,000 stops where a JSON list of their numbers took
    600 kB and a sixth of a slider move's rerun to write. `bridge.js` reads it back."""
    mask = np.zeros(count, dtype=bool)
    mask[np.asarray(rows, dtype=np.int64)] = True
    return base64.b64encode(np.packbits(mask, bitorder="little").tobytes()).decode("ascii")


def decode_rows(bits: str) -> list[int]:
    """The rows `encode_rows` encoded, in order (what the map frame does, for tests)."""
    packed = np.frombuffer(base64.b64decode(bits), dtype=np.uint8)
    return [int(i) for i in np.flatnonzero(np.unpackbits(packed, bitorder="little"))]
