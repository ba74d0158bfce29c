"""Streamlit caches around the slow steps: loading, geocoding, and preparing what the map needs.

`st.cache_resource` (not `cache_data`) on purpose: the prepared stops are read-only, and returning
the same object skips unpickling 10,000 rows on every rerun.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from travelmap.dashboard import component
from travelmap.dashboard.datasets import Dataset, bundled_dataset, uploaded_dataset
from travelmap.dashboard.mapview import map_payload
from travelmap.dashboard.tables import stops_table
from travelmap.dashboard.timeline import slider_span
from travelmap.model import bundled_data_dir, bundled_trips_path


@dataclass(frozen=True)
class Prepared:
    """A dataset plus everything derived from it once: map payload URL, table, filter options."""

    dataset: Dataset
    payload_url: str
    table: pd.DataFrame
    travellers: list[str]
    countries: list[str]
    visit_types: list[str]
    span: tuple[date, date]


def prepare(dataset: Dataset) -> Prepared:
    """Derive the map payload, table and filter options of a dataset (streamlit-free apart from
    writing the payload file next to the map frame)."""
    stops = dataset.stops
    travellers = sorted(stops["traveller"].dropna().astype(str).unique())
    name, data = map_payload(stops, travellers=travellers)
    return Prepared(
        dataset=dataset,
        payload_url=component.publish(name, data),
        table=stops_table(stops),
        travellers=travellers,
        countries=sorted(stops["host_country"].dropna().astype(str).unique()),
        visit_types=sorted(stops["visit_type"].dropna().astype(str).unique()),
        span=slider_span(stops),
    )


def bundled_stamp() -> str:
    """Changes when data/trips.csv or its sources.csv change, so the cache reloads them."""
    parts = []
    for path in (bundled_trips_path(), bundled_data_dir() / "sources.csv"):
        if path.exists():
            stat = path.stat()
            parts.append(f"{stat.st_mtime_ns}:{stat.st_size}")
    return "|".join(parts)


@st.cache_resource(show_spinner="Loading the bundled trips…", max_entries=4)
def bundled(stamp: str, online: bool = False) -> Prepared:
    """The bundled trips, prepared; `stamp` is `bundled_stamp()` (part of the cache key)."""
    return prepare(bundled_dataset(online=online))


@st.cache_resource(show_spinner="Checking and placing the uploaded trips…", max_entries=8)
def uploaded(key: str, name: str, _trips: bytes, _sources: bytes | None,
             sources_name: str | None, online: bool) -> Prepared:
    """An upload, prepared; `key` identifies the uploaded files (their bytes are not hashed)."""
    return prepare(uploaded_dataset(trips=_trips, name=name, sources=_sources,
                                    sources_name=sources_name, online=online))
