"""What the dashboard shows: the bundled trips or an upload, validated and placed on the map.

Streamlit-free so tests can call it directly; `caching.py` wraps these in Streamlit's caches so a
slider move never reloads or re-geocodes anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from travelmap.errors import Problem, ValidationError
from travelmap.loading import load_trips, load_trips_from_bytes
from travelmap.model import bundled_trips_path

# Uploads above this are refused before parsing (also `server.maxUploadSize` in config.toml).
MAX_UPLOAD_MB = 5
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
BUNDLED_KEY_PREFIX = "bundled:"  # keys of the bundled data: only its views can be linked to


@dataclass(frozen=True)
class Dataset:
    """Stops ready to show (RangeIndex: a stop's id is its position) and notes for the reader."""

    key: str  # changes whenever the data does
    label: str  # "the bundled data", "trips.csv (uploaded)"
    stops: pd.DataFrame
    notes: tuple[str, ...] = field(default=())

    @property
    def unlocated(self) -> pd.DataFrame:
        """Stops that have no coordinates and so cannot be drawn."""
        return self.stops[self.stops["lat"].isna() | self.stops["lon"].isna()]


def check_upload_size(*, name: str, size: int) -> None:
    """Refuse a file over the limit with a message that says the limit."""
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError([Problem(name, None, None,
                                       f"file is {size / 1024 / 1024:.1f} MB; the limit is "
                                       f"{MAX_UPLOAD_MB} MB")])


def locate(stops: pd.DataFrame, *, online: bool = False) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Fill lat/lon from explicit values, the place cache and the gazetteer (online only if asked).

    The dashboard's one geocoding step: the map and downloads draw what it placed. Never writes
    the place cache: an upload in the dashboard must not change `data/places.csv`. Places that
    stay unknown keep <NA> coordinates and are reported in the notes.
    """
    from travelmap.geocoding import locate_stops

    located, unresolved = locate_stops(stops, online=online)
    notes = (unresolved.report(),) if unresolved else ()
    return located.reset_index(drop=True), notes


def bundled_dataset(*, online: bool = False) -> Dataset:
    """The trips that ship with travelmap (`data/trips.csv` and its `sources.csv`)."""
    path = bundled_trips_path()
    stops = load_trips(path)
    located, notes = locate(stops.reset_index(drop=True), online=online)
    stat = path.stat()
    return Dataset(key=f"{BUNDLED_KEY_PREFIX}{stat.st_mtime_ns}:{stat.st_size}:{online}",
                   label="the bundled data", stops=located, notes=notes)


def uploaded_dataset(*, trips: bytes, name: str, sources: bytes | None = None,
                     sources_name: str | None = None, online: bool = False) -> Dataset:
    """An uploaded trips CSV (and optional sources CSV), validated like files on disk.

    Raises `ValidationError` listing every problem with file, row and column.
    """
    check_upload_size(name=name, size=len(trips))
    if sources is not None:
        check_upload_size(name=sources_name or "sources.csv", size=len(sources))
    stops = load_trips_from_bytes(trips, name=name, sources=sources,
                                  sources_name=sources_name or "sources.csv")
    located, notes = locate(stops.reset_index(drop=True), online=online)
    digest = hashlib.sha256(trips + b"\0" + (sources or b"")).hexdigest()[:16]
    return Dataset(key=f"upload:{digest}:{online}", label=f"{name} (uploaded)", stops=located,
                   notes=notes)


def problems_table(error: ValidationError) -> pd.DataFrame:
    """The problems of a failed load, one row each, the way a spreadsheet user looks for them."""
    return pd.DataFrame(
        {
            "file": [p.file for p in error.problems],
            "row": pd.array([p.row for p in error.problems], dtype="Int64"),
            "column": [p.column or "" for p in error.problems],
            "problem": [p.message for p in error.problems],
        }
    )
