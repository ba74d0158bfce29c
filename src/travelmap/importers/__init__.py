"""Importers: public leader-travel datasets into trips.csv and sources.csv in our schema.

`import_dataset(format, source, **options) -> ImportResult` (`.write(trips_path)`); each format
has its own module. Every tour keeps its dataset records as sources; records that cannot be read
are listed in `ImportResult.skipped` with their record id, never dropped silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from travelmap.importers.common import DatasetError, ImportResult, Skipped
from travelmap.importers.historic import DISSOLVED

FORMATS = ("historian-travels", "historian-visits", "archives-fr", "table", "wikipedia")


def import_dataset(format: str, source: str | Path, **options: Any) -> ImportResult:
    """Read `source` in `format` (one of `FORMATS`)."""
    path = Path(source)
    if format == "historian-travels":
        from travelmap.importers.historian import import_historian

        return import_historian(path)
    if format == "historian-visits":
        from travelmap.importers.historian_visits import import_historian_visits

        return import_historian_visits(path)
    if format == "archives-fr":
        from travelmap.importers.archives_fr import import_archives_fr

        return import_archives_fr(path, **options)
    if format == "wikipedia":
        from travelmap.importers.wikipedia import import_wikipedia

        return import_wikipedia(path, **options)
    if format == "table":
        from travelmap.importers.table import import_table

        return import_table(path, **options)
    raise DatasetError(f"unknown import format {format!r}: expected {', '.join(FORMATS)}")


__all__ = ["DISSOLVED", "FORMATS", "DatasetError", "ImportResult", "Skipped", "import_dataset"]
