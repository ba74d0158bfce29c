"""Caches around the slow steps: loading, geocoding, and preparing what the map needs.

`st.cache_resource` (not `cache_data`) on purpose: the prepared stops are read-only, and returning
the same object skips unpickling (or hashing) 100,000 rows on every rerun; the arguments that key
the caches are short strings (a file's stamp, an upload's id), never the data itself. Uploads are
checked in a budgeted child process (`budget.py`) whose wait shows progress, which Streamlit's
cached functions must not do; so their results live in a small lock-guarded LRU of our own, keyed
the same way and shared by every session like `cache_resource`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from travelmap.dashboard import budget, component
from travelmap.dashboard.checks import Checked, check_upload, with_payload
from travelmap.dashboard.datasets import Dataset, bundled_dataset, disk_dataset
from travelmap.dashboard.settings import check_budget
from travelmap.dashboard.storysteps import StepView, bundled_story
from travelmap.dashboard.tables import stops_table
from travelmap.dashboard.timeline import slider_span
from travelmap.filtering import describe_selection
from travelmap.model import bundled_data_dir, bundled_trips_path

UPLOADS_KEPT = 8


@dataclass(frozen=True)
class Prepared:
    """A dataset plus everything derived from it once: map payload URL, table, filter options."""

    dataset: Dataset
    payload_url: str
    table: pa.Table  # Arrow, made once: a rerun takes the visible rows, Streamlit sends them as is
    travellers: list[str]
    colours: dict[str, str]  # traveller -> colour, the dataset's (`palette.assign_colours`)
    countries: list[str]
    visit_types: list[str]
    span: tuple[date, date]
    described: str  # "100000 stops on 39943 trips": counted once


def prepare(checked: Checked) -> Prepared:
    """Derive the table and filter options of a dataset and publish its map payload next to the
    map frame (streamlit-free apart from that file)."""
    stops = checked.dataset.stops
    return Prepared(
        dataset=checked.dataset,
        payload_url=component.publish(checked.payload_name, checked.payload),
        table=pa.Table.from_pandas(stops_table(stops), preserve_index=False),
        travellers=checked.travellers,
        colours=checked.colours,
        countries=sorted(stops["host_country"].dropna().astype(str).unique()),
        visit_types=sorted(stops["visit_type"].dropna().astype(str).unique()),
        span=slider_span(stops),
        described=describe_selection(stops),
    )


def bundled_stamp() -> str:
    """Changes when data/trips.csv or its sources.csv change, so the cache reloads them."""
    return file_stamp(bundled_trips_path(), bundled_data_dir() / "sources.csv")


def file_stamp(*paths: Path | None) -> str:
    """Modification time and size of each file that exists: part of a cache key."""
    parts = []
    for path in paths:
        if path is not None and path.exists():
            stat = path.stat()
            parts.append(f"{stat.st_mtime_ns}:{stat.st_size}")
    return "|".join(parts)


@st.cache_resource(show_spinner="Loading the bundled trips…", max_entries=4)
def bundled(stamp: str, online: bool = False) -> Prepared:
    """The bundled trips, prepared; `stamp` is `bundled_stamp()` (part of the cache key)."""
    return prepare(with_payload(bundled_dataset(online=online)))


@st.cache_resource(max_entries=4)
def story_steps(dataset_key: str, _stops: pd.DataFrame, span: tuple[date, date]
                ) -> list[StepView]:
    """The bundled story's steps for the bundled dataset (keyed by the dataset's key)."""
    return bundled_story(_stops, span)


@st.cache_resource(show_spinner="Loading the trips file…", max_entries=4)
def from_disk(trips: str, sources: str, stamp: str, online: bool = False) -> Prepared:
    """The file named on the command line, prepared (no upload limit or budget: the person who
    started the server chose it); `stamp` is `file_stamp()` of both files."""
    return prepare(with_payload(disk_dataset(Path(trips), Path(sources) if sources else None,
                                             online=online)))


_uploads: OrderedDict[str, Prepared] = OrderedDict()
_uploads_lock = threading.Lock()


def uploaded(key: str, name: str, read: Callable[[], tuple[bytes, bytes | None]],
             sources_name: str | None, online: bool, *, limit_mib: int,
             progress: Callable[[float], None] | None = None) -> Prepared:
    """An upload, prepared; `key` identifies the uploaded files (their bytes are not hashed, and
    `read()` gives the trips' and sources' bytes only when they are not cached yet). Checked
    within the dashboard's budget; `progress(elapsed_s)` runs while it is."""
    with _uploads_lock:
        if key in _uploads:
            _uploads.move_to_end(key)
            return _uploads[key]
    trips, sources = read()
    checked = budget.run(check_upload, (trips, name, sources, sources_name, online, limit_mib),
                         name=name, budget=check_budget(), progress=progress)
    prepared = prepare(checked)
    with _uploads_lock:
        _uploads[key] = prepared
        while len(_uploads) > UPLOADS_KEPT:
            _uploads.popitem(last=False)
    return prepared
