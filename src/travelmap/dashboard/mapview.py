"""What the dashboard's map frame draws: `build_map`'s own payload, and when to refit the view.

Streamlit-free so tests call it directly. The dashboard's filters and time slider live in
Streamlit, so the map is built once per dataset without its own timeline; a rerun then only tells
the frame which rows are shown (`component.trip_map`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd

from travelmap.mapping import assign_colours, build_map, payload_json


def map_payload(stops: pd.DataFrame, *, travellers: Iterable[str]) -> tuple[str, bytes]:
    """(content hash, JSON bytes) of the map of every stop of the dataset, each stop numbered by
    its row; `travellers` are the dataset's, so colours never change with a filter."""
    m = build_map(stops, timeline=False, fit_bounds=False, row_ids=True,
                  colours=assign_colours(travellers))
    data = payload_json(m).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16], data


def fit_key(dataset_key: str, *filters: Iterable[str]) -> str:
    """Changes when the dataset or a filter does (not with the time window, so Play and the
    slider keep the reader's pan and zoom): the frame fits the map to what is shown then."""
    parts = [dataset_key, *("|".join(sorted(str(v) for v in values)) for values in filters)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]
