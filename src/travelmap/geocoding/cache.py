"""The place cache (`data/places.csv`): every place is looked up at most once, ever.

One line per (name, host country): `name,country,lat,lon,resolver,resolved_at,confidence`.
Rows are sorted so diffs are reviewable; a human corrects an entry by editing its line (any
`resolver` text is accepted, e.g. "manual"). Saving re-reads the file and adds only this run's new
answers, so an edit made meanwhile (or another run's answers) survives; it goes through
`write_atomic`, so a crash leaves the old file or the new one.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from travelmap.atomic import write_atomic
from travelmap.errors import Problem, ValidationError
from travelmap.geocoding.names import normalise
from travelmap.model import bundled_data_dir

CACHE_COLUMNS: tuple[str, ...] = (
    "name", "country", "lat", "lon", "resolver", "resolved_at", "confidence",
)


def default_cache_path() -> Path:
    return bundled_data_dir() / "places.csv"


@dataclass(frozen=True)
class CacheEntry:
    """One resolved place, as one line of the cache."""

    name: str
    country: str  # alpha-3, "" when the place was resolved without a host country
    lat: float
    lon: float
    resolver: str  # "gazetteer", "online:nominatim", "manual", ...
    resolved_at: str  # ISO 8601 UTC
    confidence: float

    @property
    def key(self) -> tuple[str, str]:
        return cache_key(self.name, self.country)

    def row(self) -> list[str]:
        return [self.name, self.country, _coord(self.lat), _coord(self.lon), self.resolver,
                self.resolved_at, f"{self.confidence:.2f}"]


def cache_key(name: str, country: str | None) -> tuple[str, str]:
    """Spelling variants of one name in one country share a line: "Kazan'" finds "Kazan"."""
    return normalise(name), (country or "").upper()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PlaceCache:
    """The cache in memory; `save()` persists it atomically, merged with what is on disk."""

    def __init__(self, path: Path, entries: dict[tuple[str, str], CacheEntry] | None = None):
        self.path = path
        self._entries: dict[tuple[str, str], CacheEntry] = dict(entries or {})
        self._new: dict[tuple[str, str], CacheEntry] = {}

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> PlaceCache:
        path = Path(path) if path is not None else default_cache_path()
        return cls(path, _read(path))

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[CacheEntry]:
        return iter(self._entries.values())

    def get(self, name: str, country: str | None) -> CacheEntry | None:
        return self._entries.get(cache_key(name, country))

    def put(self, entry: CacheEntry) -> None:
        self._entries[entry.key] = entry
        self._new[entry.key] = entry

    @property
    def unsaved(self) -> int:
        return len(self._new)

    def save(self) -> None:
        """Write every entry (ours over what another run may have added meanwhile) atomically."""
        if not self._new and self.path.exists():
            return
        merged = _read(self.path)
        merged.update(self._new)
        write_atomic(self.path, render(merged.values()))
        self._entries = merged
        self._new.clear()


def render(entries: Iterable[CacheEntry]) -> str:
    """The cache file's text: header plus rows sorted by name then country."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CACHE_COLUMNS)
    rows = sorted(entries, key=lambda e: (e.name.casefold(), e.name, e.country))
    writer.writerows(e.row() for e in rows)
    return out.getvalue()


def _read(path: Path) -> dict[tuple[str, str], CacheEntry]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CACHE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError([Problem(str(path), 1, None,
                                       f"place cache lacks column(s): {', '.join(missing)}")])
    entries: dict[tuple[str, str], CacheEntry] = {}
    problems: list[Problem] = []
    for number, record in enumerate(reader, start=2):
        try:
            entry = _entry(record)
        except ValueError as error:
            problems.append(Problem(str(path), number, None, str(error)))
            continue
        entries[entry.key] = entry
    if problems:
        raise ValidationError(problems)
    return entries


def _entry(record: dict[str, str | None]) -> CacheEntry:
    def text(column: str) -> str:
        return (record.get(column) or "").strip()

    name = text("name")
    if not name:
        raise ValueError("empty name")
    lat, lon = _number(text("lat"), "lat", 90.0), _number(text("lon"), "lon", 180.0)
    confidence = _number(text("confidence") or "1", "confidence", 1.0)
    return CacheEntry(name, text("country").upper(), lat, lon, text("resolver") or "manual",
                      text("resolved_at"), confidence)


def _number(raw: str, column: str, limit: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{column} {raw!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"{column} {raw!r} is outside ±{limit:g}")
    return value


def _coord(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")
