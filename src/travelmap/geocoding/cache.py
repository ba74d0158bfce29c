"""The place cache: every place is looked up at most once, ever.

Two layers by default: the bundled `places.csv` (shipped with the package, read-only: it answers
every bundled place) under the user's own `places.csv` in the per-user cache folder
(`$TRAVELMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/travelmap`, else `~/.cache/travelmap`), which takes
every new answer and wins where both have a line. A path given explicitly (`--cache FILE`,
`cache_path=`) is the whole cache instead: read and written alone, e.g. `data/places.csv` when a
maintainer updates the bundled one in a checkout.

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
from travelmap.errors import GeocodingError, Problem, ValidationError
from travelmap.geocoding.index_store import cache_root
from travelmap.geocoding.names import normalise
from travelmap.model import bundled_data_dir

CACHE_COLUMNS: tuple[str, ...] = (
    "name", "country", "lat", "lon", "resolver", "resolved_at", "confidence",
)


PLACES_FILENAME = "places.csv"
# A place cache file to use alone when no path is given: how `travelmap dashboard --cache FILE`
# reaches the Streamlit process it starts.
PLACE_CACHE_ENV = "TRAVELMAP_PLACE_CACHE"


def bundled_cache_path() -> Path:
    """The place cache shipped with travelmap (read-only base: never written unless named)."""
    return bundled_data_dir() / PLACES_FILENAME


def user_cache_path() -> Path:
    """Where new answers go by default: `places.csv` in the per-user cache folder."""
    return cache_root() / PLACES_FILENAME


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
    """The cache in memory; `save()` persists it atomically, merged with what is on disk.

    `base` entries (the bundled cache, under the user's) are read, never written.
    """

    def __init__(self, path: Path, entries: dict[tuple[str, str], CacheEntry] | None = None, *,
                 base: dict[tuple[str, str], CacheEntry] | None = None):
        self.path = path
        self.layered = base is not None  # the default cache: the user's file over the bundled one
        self._base: dict[tuple[str, str], CacheEntry] = dict(base or {})
        self._entries: dict[tuple[str, str], CacheEntry] = {**self._base, **(entries or {})}
        self._new: dict[tuple[str, str], CacheEntry] = {}

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> PlaceCache:
        """The cache file `path` alone; with None, `$TRAVELMAP_PLACE_CACHE` alone when set, else
        the user's cache over the bundled one."""
        if path is None:
            path = os.environ.get(PLACE_CACHE_ENV) or None  # `travelmap dashboard --cache FILE`
        if path is not None:
            return cls(Path(path), _read(Path(path)))
        user = user_cache_path()
        return cls(user, _read(user), base=_read(bundled_cache_path()))

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
        """Write this file's entries (ours over what another run may have added meanwhile)
        atomically; the bundled base is never copied into the user's file."""
        if not self._new and (self.path.exists() or self.layered):
            return
        try:
            if self.layered:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            merged = _read(self.path)
            merged.update(self._new)
            write_atomic(self.path, render(merged.values()))
        except OSError as error:
            hint = "; set TRAVELMAP_CACHE_DIR or pass --cache FILE" if self.layered else ""
            raise GeocodingError(f"cannot write the place cache {self.path}: "
                                 f"{error.strerror or error}{hint}") from error
        self._entries = {**self._base, **merged}
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
    except (FileNotFoundError, NotADirectoryError):  # no cache yet: saving says what is wrong
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
