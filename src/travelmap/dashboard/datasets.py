"""What the dashboard shows: the bundled trips or an upload, validated and placed on the map.

Streamlit-free so tests can call it directly; `caching.py` wraps these in Streamlit's caches so a
slider move never reloads or re-geocodes anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from travelmap.dashboard.settings import DEFAULT_MAX_UPLOAD_MIB, MIB, describe_mib
from travelmap.errors import Problem, ValidationError
from travelmap.loading import load_trips, load_trips_from_bytes
from travelmap.model import bundled_trips_path

# The default upload limit in MiB; the page passes the running server's `server.maxUploadSize`.
MAX_UPLOAD_MB = DEFAULT_MAX_UPLOAD_MIB
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * MIB
RAISE_LIMIT_HINT = ("start the dashboard with `travelmap dashboard --max-upload-mb N` to raise "
                    "it, or open the file from disk with `travelmap dashboard FILE`")
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


def check_upload_size(*, name: str, size: int, limit_mib: int = MAX_UPLOAD_MB) -> None:
    """Refuse a file over the limit with a message that says the limit (in MiB, the unit the
    server enforces it in) and how to raise it."""
    if size > limit_mib * MIB:
        raise ValidationError([Problem(name, None, None,
                                       f"file is {describe_mib(size)}; the upload limit is "
                                       f"{limit_mib} MiB: {RAISE_LIMIT_HINT}")])


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


def disk_dataset(trips: Path, sources: Path | None = None, *, online: bool = False) -> Dataset:
    """A trips file named on the command line (`travelmap dashboard FILE`), read from disk
    within the loader's own limits whatever its size: the upload limit is for uploads."""
    stops = load_trips(trips, sources=sources)
    located, notes = locate(stops.reset_index(drop=True), online=online)
    stamp = ":".join(f"{p.resolve()}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
                     for p in (trips, sources) if p is not None)
    digest = hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:16]
    return Dataset(key=f"disk:{digest}:{online}", label=f"{trips.name} (from disk)",
                   stops=located, notes=notes)


def uploaded_dataset(*, trips: bytes, name: str, sources: bytes | None = None,
                     sources_name: str | None = None, online: bool = False,
                     limit_mib: int = MAX_UPLOAD_MB) -> Dataset:
    """An uploaded trips CSV (and optional sources CSV), validated like files on disk.

    Raises `ValidationError` listing every problem with file, row and column.
    """
    check_upload_size(name=name, size=len(trips), limit_mib=limit_mib)
    if sources is not None:
        check_upload_size(name=sources_name or "sources.csv", size=len(sources),
                          limit_mib=limit_mib)
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
